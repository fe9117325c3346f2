// SPDX-License-Identifier: BSD-2-Clause
/*
 * sp-proto: protocol robustness of a syscall proxy server.  Raw
 * connections send what a broken or hostile client would (short frames,
 * zero and huge lengths, unknown classes and types, calls before the
 * handshake, false fork auth, vanishing or silent clients in the middle
 * of a copy request, also in a socket's read or write while another
 * client uses the network), and many clients come and go; after each, an
 * observer connection (librumpclient) checks that the server still
 * serves, that the clients' processes are gone (/kern/proc) and that
 * guest and server memory stay bounded.  TAP on stdout.
 *
 *   RUMP_SERVER=URL sp-proto --pid SERVER_PID --copy-timeout-ms N
 *   RUMP_SERVER=URL sp-proto --instance NAME --copy-timeout-ms N
 * The server must run with RUMP_SP_COPYTIMEOUT_MS=N (rumpvisor.ko:
 * sp_copy_timeout_ms=N) and kernfs on /kern.  --instance: the server is
 * the in-kernel guest NAME, whose memory and threads are read from
 * /sys/kernel/rumpvisor/NAME instead of /proc/PID/status.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <sys/socket.h>

#include <rump/rumpclient.h>
#include <rump/rump_syscalls.h>

#include "raw.h"
#include "tap.h"

static int server_pid, copy_timeout_ms;
static const char *instance;


static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

/* ---- what the observer sees ---- */

static long read_kern(const char *path, char *buf, size_t len)
{
	int fd = rump_sys_open(path, RUMP_O_RDONLY);
	long n;

	if (fd < 0)
		return -1;
	n = rump_sys_read(fd, buf, len - 1);
	rump_sys_close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

/* Processes in the guest (lines of /kern/proc after its header). */
static int nprocs(void)
{
	static char buf[16384];
	int n = -1;
	char *p;

	if (read_kern("/kern/proc", buf, sizeof(buf)) < 0)
		return -1;
	for (p = buf; (p = strchr(p, '\n')) != NULL; p++)
		n++;
	return n;
}

static int has_proc(const char *comm)
{
	static char buf[16384];
	char *p;

	if (read_kern("/kern/proc", buf, sizeof(buf)) < 0)
		return 0;
	for (p = buf; (p = strstr(p, comm)) != NULL; p++)
		if (p[strlen(comm)] == '\n' && p[-1] == ' ')
			return 1;
	return 0;
}

static long guest_inuse(void)
{
	char buf[512];
	long v = -1;

	if (read_kern("/kern/meminfo", buf, sizeof(buf)) > 0)
		sscanf(buf, "inuse %ld", &v);
	return v;
}

/* An in-kernel server's numbers: "VmRSS:" its host pages (kB). */
static long instance_status(const char *field)
{
	char path[256];
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/rumpvisor/%s/%s", instance,
		 !strcmp(field, "VmRSS:") ? "pages" : "threads");
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return !strcmp(field, "VmRSS:") && v >= 0 ? v * 4 : v;
}

/* A field of /proc/<server>/status, e.g. "VmRSS:" (kB) or "Threads:". */
static long server_status(const char *field)
{
	char path[64], line[256];
	long v = -1;
	FILE *f;

	if (instance)
		return instance_status(field);
	snprintf(path, sizeof(path), "/proc/%d/status", server_pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, strlen(field)))
			v = strtol(line + strlen(field), NULL, 10);
	fclose(f);
	return v;
}

/* Wait (up to 5 s) until the guest has want processes again. */
static int procs_back(int want)
{
	long until = now_ms() + 5000;
	int n;

	while ((n = nprocs()) != want && now_ms() < until)
		usleep(20000);
	return n;
}

static int baseline;

static void still_serving(const char *after)
{
	int n = procs_back(baseline);

	ok(rump_sys_getpid() > 1 && n == baseline,
	   "after %s: the server serves others, %d processes (%d before)",
	   after, n, baseline);
}

/* ---- malformed frames ---- */

/* A frame the server must answer with ERROR code and then hang up. */
static void expect_error_close(const char *what, const void *bytes,
			       size_t len, int handshake, uint32_t code)
{
	struct sp_hdr h = { 0 };
	int fd = raw_connect(), got;

	if (handshake && raw_guest(fd, "sp-proto") != 0)
		fd = -1;
	if (fd < 0 || raw_write(fd, bytes, len) != 0) {
		ok(0, "%s: could not send", what);
		return;
	}
	got = raw_recv(fd, &h, NULL, 0, 5000) == 0;
	ok(got && h.class == SP_ERROR && h.word == code &&
	   raw_wait_closed(fd, 5000) == 0,
	   "%s: ERROR %u (got class %u code %u) and the connection ends",
	   what, code, h.class, h.word);
	close(fd);
}

/* A frame the server refuses with ERROR code, keeping the connection. */
static void expect_error_stay(const char *what, const struct sp_hdr *bad,
			      size_t bodylen, uint32_t code)
{
	struct sp_hdr h = { 0 };
	char *body = calloc(1, bodylen + 1);
	long rv[2];
	int fd = raw_connect(), error = -1;

	if (fd < 0 || raw_guest(fd, "sp-proto") != 0 ||
	    raw_write(fd, bad, SP_HDRSZ) != 0 ||
	    (bodylen && raw_write(fd, body, bodylen) != 0)) {
		ok(0, "%s: could not send", what);
	} else {
		int got = raw_recv(fd, &h, NULL, 0, 5000) == 0;

		ok(got && h.class == SP_ERROR && h.word == code &&
		   h.reqno == bad->reqno &&
		   raw_syscall(fd, NB_SYS_getpid, NULL, 0, &error, rv) == 0 &&
		   error == 0 && rv[0] > 1,
		   "%s: ERROR %u for request %llu, then getpid works on the "
		   "same connection", what, code,
		   (unsigned long long)bad->reqno);
	}
	free(body);
	if (fd >= 0)
		close(fd);
}

static void t_short_frames(void)
{
	struct sp_hdr h = { .len = SP_HDRSZ, .class = SP_REQ,
			    .type = SP_SYSCALL, .word = NB_SYS_getpid };
	int fd = raw_connect();

	/* Half a header, then gone. */
	ok(fd >= 0 && raw_write(fd, &h, 10) == 0, "10 bytes of a header sent");
	close(fd);
	/* Half a header, then silence: the server waits, harmlessly. */
	fd = raw_connect();
	raw_write(fd, &h, 23);
	still_serving("a header cut short (connection left open)");
	close(fd);
	/* A length below the header's own. */
	h.len = 0;
	expect_error_close("length 0", &h, SP_HDRSZ, 1,
			   SP_ERR_MALFORMED_REQUEST);
	h.len = SP_HDRSZ - 1;
	expect_error_close("length 23", &h, SP_HDRSZ, 1,
			   SP_ERR_MALFORMED_REQUEST);
	/* A body the server will not wait for. */
	h.len = 1ULL << 62;
	expect_error_close("length 2^62", &h, SP_HDRSZ, 1,
			   SP_ERR_MALFORMED_REQUEST);
	h.len = ~0ULL;
	expect_error_close("length 2^64-1 before the handshake", &h, SP_HDRSZ,
			   0, SP_ERR_AUTH);
	still_serving("short and huge frames");
}

static void t_unknown(void)
{
	struct sp_hdr h = { .len = SP_HDRSZ, .reqno = 77, .class = 9,
			    .type = SP_SYSCALL };

	expect_error_stay("unknown class 9", &h, 0, SP_ERR_MALFORMED_REQUEST);
	h.class = SP_REQ;
	h.type = 99;
	h.len = SP_HDRSZ + 100;
	expect_error_stay("unknown type 99 with a body", &h, 100,
			  SP_ERR_MALFORMED_REQUEST);
	h.type = SP_COPYIN;
	h.len = SP_HDRSZ + 16;
	expect_error_stay("a client sending a COPYIN request", &h, 16,
			  SP_ERR_MALFORMED_REQUEST);
	h.type = SP_SYSCALL;
	h.len = SP_HDRSZ + SP_MAX_ARGS + 8;
	expect_error_stay("syscall arguments over the limit", &h,
			  SP_MAX_ARGS + 8, SP_ERR_MALFORMED_REQUEST);
	h.class = SP_RESP;
	h.type = SP_COPYIN;
	h.len = SP_HDRSZ + 64;
	/* An answer to nothing is dropped: the next call works. */
	{
		int fd = raw_connect(), error = -1;
		long rv[2];
		char body[64] = { 0 };

		ok(fd >= 0 && raw_guest(fd, "sp-proto") == 0 &&
		   raw_write(fd, &h, SP_HDRSZ) == 0 &&
		   raw_write(fd, body, sizeof(body)) == 0 &&
		   raw_syscall(fd, NB_SYS_getpid, NULL, 0, &error, rv) == 0 &&
		   error == 0, "an answer to no request is dropped");
		close(fd);
	}
	still_serving("unknown classes and types");
}

static void t_before_handshake(void)
{
	struct sp_hdr h = { .len = SP_HDRSZ, .reqno = 5, .class = SP_REQ,
			    .type = SP_SYSCALL, .word = NB_SYS_getpid };
	struct {
		struct sp_hdr h;
		char comm[8];
	} ex = { { SP_HDRSZ + 8, 6, SP_REQ, SP_HANDSHAKE, SP_HS_EXEC }, "x" };

	expect_error_close("getpid before the handshake", &h, SP_HDRSZ, 0,
			   SP_ERR_AUTH);
	h.type = SP_PREFORK;
	expect_error_close("PREFORK before the handshake", &h, SP_HDRSZ, 0,
			   SP_ERR_AUTH);
	expect_error_close("EXEC before the handshake", &ex, sizeof(ex), 0,
			   SP_ERR_AUTH);
	h.type = SP_HANDSHAKE;
	h.word = SP_HS_AUTH;
	expect_error_close("handshake kind AUTH", &h, SP_HDRSZ, 0,
			   SP_ERR_AUTH);
	h.word = 1000;
	expect_error_close("handshake kind 1000", &h, SP_HDRSZ, 0,
			   SP_ERR_AUTH);
	still_serving("requests before the handshake");
}

/* The frame without the struct's tail padding. */
#define FKLEN	(SP_HDRSZ + sizeof(struct sp_hsfork))

static void t_fork_auth(void)
{
	struct {
		struct sp_hdr h;
		struct sp_hsfork f;
	} fk = { { SP_HDRSZ + sizeof(struct sp_hsfork), 3, SP_REQ,
		   SP_HANDSHAKE, SP_HS_FORK },
		 { { 0x12345678, 0x9abcdef0, 42, 7 }, 0 } };
	struct sp_hdr h;
	long rv[2];
	int a, b, error, pid_a = -1, pid_b = -1;

	expect_error_close("FORK with made-up auth", &fk, FKLEN, 0,
			   SP_ERR_INVALID_PREFORK);
	fk.h.len = SP_HDRSZ + 8;
	expect_error_close("FORK with a short body", &fk, SP_HDRSZ + 8, 0,
			   SP_ERR_MALFORMED_REQUEST);
	fk.h.len = SP_HDRSZ + sizeof(struct sp_hsfork);

	/* The real thing: PREFORK on a, FORK on b with the words. */
	a = raw_connect();
	if (raw_guest(a, "forkparent") == 0 &&
	    raw_syscall(a, NB_SYS_getpid, NULL, 0, &error, rv) == 0)
		pid_a = (int)rv[0];
	ok(raw_send(a, 9, SP_REQ, SP_PREFORK, 0, NULL, 0) == 0 &&
	   raw_recv(a, &h, fk.f.auth, sizeof(fk.f.auth), 5000) == 0 &&
	   h.class == SP_RESP && h.type == SP_PREFORK && h.reqno == 9 &&
	   h.len == SP_HDRSZ + 16, "PREFORK answers 16 bytes of auth");
	b = raw_connect();
	if (raw_write(b, &fk, FKLEN) == 0 &&
	    raw_recv(b, &h, &error, sizeof(error), 5000) == 0 &&
	    h.class == SP_RESP && error == 0 &&
	    raw_syscall(b, NB_SYS_getpid, NULL, 0, &error, rv) == 0)
		pid_b = (int)rv[0];
	ok(pid_b > 1 && pid_b != pid_a,
	   "FORK with the auth words: a process of its own (%d, parent %d)",
	   pid_b, pid_a);
	ok(has_proc("forkparent") && procs_back(baseline + 2) == baseline + 2,
	   "the child keeps the parent's name; two client processes");
	expect_error_close("the same auth words again", &fk, FKLEN, 0,
			   SP_ERR_INVALID_PREFORK);
	/* PREFORK and cancel: the copy goes away, no answer. */
	raw_send(a, 10, SP_REQ, SP_PREFORK, 0, NULL, 0);
	raw_recv(a, &h, fk.f.auth, sizeof(fk.f.auth), 5000);
	fk.f.cancel = 1;
	b = (close(b), raw_connect());
	ok(raw_write(b, &fk, FKLEN) == 0 && raw_wait_closed(b, 5000) == 0,
	   "FORK with cancel: the server hangs up without an answer");
	close(b);
	close(a);
	still_serving("fork handshakes");
}

static void t_exec(void)
{
	struct sp_hdr h;
	long rv[2];
	int fd = raw_connect(), error, pid = -1, answer = -1;

	if (raw_guest(fd, "before-exec") == 0 &&
	    raw_syscall(fd, NB_SYS_getpid, NULL, 0, &error, rv) == 0)
		pid = (int)rv[0];
	ok(raw_send(fd, 4, SP_REQ, SP_HANDSHAKE, SP_HS_EXEC, "after-exec",
		    11) == 0 &&
	   raw_recv(fd, &h, &answer, sizeof(answer), 5000) == 0 &&
	   h.class == SP_RESP && answer == 0,
	   "EXEC handshake on a running connection is accepted");
	ok(raw_syscall(fd, NB_SYS_getpid, NULL, 0, &error, rv) == 0 &&
	   rv[0] == pid && has_proc("after-exec") && !has_proc("before-exec"),
	   "after EXEC: the same process (%d), renamed", pid);
	close(fd);
	still_serving("exec");
}

/* ---- clients that stop in the middle ---- */

/* Start open(path) and return when the server asks for the path. */
static int open_until_copy(int fd, const char *path)
{
	long args[3] = { (long)(uintptr_t)path, NB_O_RDONLY, 0 };
	struct sp_hdr h;
	char body[64];

	if (raw_guest(fd, "sp-copy") != 0 ||
	    raw_send(fd, 1234, SP_REQ, SP_SYSCALL, NB_SYS_open, args,
		     sizeof(args)) != 0 ||
	    raw_recv(fd, &h, body, sizeof(body), 5000) != 0)
		return -1;
	return h.class == SP_REQ && h.type == SP_COPYINSTR ? 0 : -1;
}

static void t_vanish(void)
{
	int fd = raw_connect();

	ok(open_until_copy(fd, "/kern/version") == 0,
	   "open(): the server asks for the path (COPYINSTR)");
	close(fd);
	still_serving("a client vanishing in the middle of a copyin");
}

static void t_silent(void)
{
	int fd = raw_connect();
	long t0 = now_ms(), waited;
	int served;

	ok(open_until_copy(fd, "/kern/version") == 0,
	   "open(): COPYINSTR request received, not answered");
	waited = now_ms();
	served = rump_sys_getpid() > 1;
	waited = now_ms() - waited;
	ok(served && waited < copy_timeout_ms / 2,
	   "meanwhile other clients are served (%ld ms)", waited);
	ok(raw_wait_closed(fd, copy_timeout_ms * 10) == 0,
	   "the server hangs up on a client that does not answer");
	waited = now_ms() - t0;
	ok(waited >= copy_timeout_ms * 9 / 10 && waited < copy_timeout_ms * 5,
	   "... after about the copy timeout (%ld ms, timeout %d ms)", waited,
	   copy_timeout_ms);
	close(fd);
	still_serving("a client that never answers a copy request");
}

/* ---- a silent client's socket call and everyone else's network ---- */

#define NB_SYS_write	4
#define NB_SYS_connect	98
#define NB_SYS_socket	394		/* __socket30 */

/* A TCP listener of the observer's on 127.0.0.1; its address in *sin. */
static int listener(struct rump_sockaddr_in *sin)
{
	rump_socklen_t len = sizeof(*sin);
	int l = rump___sysimpl_socket30(RUMP_AF_INET, RUMP_SOCK_STREAM, 0);

	memset(sin, 0, sizeof(*sin));
	sin->sin_len = sizeof(*sin);
	sin->sin_family = RUMP_AF_INET;
	sin->sin_addr.s_addr = htonl(0x7f000001);
	if (l < 0 || rump_sys_bind(l, (struct sockaddr *)sin, sizeof(*sin)) ||
	    rump_sys_listen(l, 4) ||
	    rump_sys_getsockname(l, (struct sockaddr *)sin, &len))
		return -1;
	return l;
}

/* The raw client's TCP socket, connected to sin: its number, or -1. */
static int raw_tcp(int fd, struct rump_sockaddr_in *sin)
{
	long args[3] = { RUMP_AF_INET, RUMP_SOCK_STREAM, 0 }, rv[2];
	int error, s;

	if (raw_guest(fd, "sp-sock") != 0 ||
	    raw_syscall(fd, NB_SYS_socket, args, 3, &error, rv) || error)
		return -1;
	s = (int)rv[0];
	args[0] = s;
	args[1] = (long)(uintptr_t)sin;
	args[2] = sizeof(*sin);
	if (raw_syscall(fd, NB_SYS_connect, args, 3, &error, rv) || error)
		return -1;
	return s;
}

#define SILENT_READ	(200 * 1024)	/* more than a unix socket holds */

/* The raw client calls num (read or write) on s and does not answer the
 * copy: a write's COPYIN is never answered (returns once it is asked
 * for); a read's COPYOUT of SILENT_READ bytes is never read, so the
 * server's send of it stalls. */
static int call_silent(int fd, int s, int num)
{
	static char data[SILENT_READ];
	long args[3] = { s, (long)(uintptr_t)data, sizeof(data) };
	struct sp_hdr h;
	char body[64];

	if (raw_send(fd, 4321, SP_REQ, SP_SYSCALL, num, args,
		     sizeof(args)) != 0)
		return -1;
	if (num == NB_SYS_read) {
		usleep(200 * 1000);	/* the server is in its send */
		return 0;
	}
	if (raw_recv(fd, &h, body, sizeof(body), 5000) != 0)
		return -1;
	return h.class == SP_REQ && h.type == SP_COPYIN ? 0 : -1;
}

/* Hang up on the server after ms unless told not to (bounds a stall). */
struct watchdog {
	int fd, ms;
	volatile int done;
};

static void *watchdog_main(void *arg)
{
	struct watchdog *w = arg;
	long end = now_ms() + w->ms;

	while (!w->done && now_ms() < end)
		usleep(10 * 1000);
	if (!w->done)
		shutdown(w->fd, SHUT_RDWR);
	return NULL;
}

/* The observer's own TCP round trip over loopback: 0 when it worked. */
static int loopback_round(int l, const struct rump_sockaddr_in *sin)
{
	int c = rump___sysimpl_socket30(RUMP_AF_INET, RUMP_SOCK_STREAM, 0);
	int a = -1, good;
	char b = 0;

	good = c >= 0 &&
	       !rump_sys_connect(c, (const struct sockaddr *)sin,
				 sizeof(*sin)) &&
	       (a = rump_sys_accept(l, NULL, NULL)) >= 0 &&
	       rump_sys_write(c, "x", 1) == 1 && rump_sys_read(a, &b, 1) == 1 &&
	       b == 'x';
	rump_sys_close(a);
	rump_sys_close(c);
	return good ? 0 : -1;
}

/*
 * A read or write on a socket whose copy the client never takes holds
 * up nobody else's network: the guest copies client data without its
 * network lock.  A watchdog hangs up the silent client after twice the
 * copy timeout, so that a stall ends and is measured.
 */
static void t_silent_socket(bool write)
{
	const char *call = write ? "write" : "read";
	static char fill[SILENT_READ];
	struct rump_sockaddr_in sin;
	struct watchdog w = { -1, copy_timeout_ms * 2, 0 };
	pthread_t wt;
	int l = listener(&sin), a = -1, s, round;
	long t0;

	if (l < 0) {
		ok(1, "# SKIP the guest has no TCP/IP stack (errno %d)", errno);
		return;
	}
	w.fd = raw_connect();
	s = raw_tcp(w.fd, &sin);
	if (s >= 0)
		a = rump_sys_accept(l, NULL, NULL);
	if (a >= 0 && !write)
		rump_sys_write(a, fill, sizeof(fill));
	ok(a >= 0 && call_silent(w.fd, s, write ? NB_SYS_write :
				 NB_SYS_read) == 0,
	   "a client's %s() on a TCP socket, its copy never taken", call);
	pthread_create(&wt, NULL, watchdog_main, &w);
	t0 = now_ms();
	round = loopback_round(l, &sin);
	t0 = now_ms() - t0;
	ok(round == 0 && t0 < copy_timeout_ms / 2,
	   "meanwhile another client's TCP round trip works (%ld ms, copy "
	   "timeout %d ms)", t0, copy_timeout_ms);
	w.done = 1;
	pthread_join(wt, NULL);
	close(w.fd);
	rump_sys_close(a);
	rump_sys_close(l);
	still_serving(write ? "a client silent in a socket write" :
		      "a client silent in a socket read");
}

/*
 * One client, 65 calls at once, none of whose copy requests it answers:
 * 64 run (each waits for its copy), the 65th is refused with TRYAGAIN.
 */
static void t_inflight(void)
{
	long args[3] = { (long)(uintptr_t)"/kern/version", NB_O_RDONLY, 0 };
	struct sp_hdr h;
	char body[64];
	int fd = raw_connect(), i, copies = 0, again = 0;

	if (raw_guest(fd, "sp-flood") != 0)
		fd = -1;
	for (i = 0; fd >= 0 && i < 65; i++)
		raw_send(fd, 5000 + (uint64_t)i, SP_REQ, SP_SYSCALL, NB_SYS_open,
			 args, sizeof(args));
	while (fd >= 0 && copies + again < 65 &&
	       raw_recv(fd, &h, body, sizeof(body), copy_timeout_ms / 2) == 0) {
		if (h.class == SP_REQ && h.type == SP_COPYINSTR)
			copies++;
		else if (h.class == SP_ERROR && h.word == SP_ERR_TRYAGAIN)
			again++;
	}
	ok(copies == 64 && again == 1, "65 calls of one client at once: 64 "
	   "run (%d copy requests), 1 refused with TRYAGAIN (%d)", copies,
	   again);
	ok(fd >= 0 && raw_wait_closed(fd, copy_timeout_ms * 10) == 0,
	   "... and the client that answers none is disconnected");
	if (fd >= 0)
		close(fd);
	still_serving("a client with 64 calls waiting for it");
}

static void t_bad_answer(void)
{
	long args[3] = { (long)(uintptr_t)"/kern/version", NB_O_RDONLY, 0 };
	struct sp_hdr h;
	char body[64], big[200];
	int fd = raw_connect(), got = 0;
	struct sp_sysresp r = { 0 };

	memset(big, 'a', sizeof(big));
	if (raw_guest(fd, "sp-bad") == 0 &&
	    raw_send(fd, 55, SP_REQ, SP_SYSCALL, NB_SYS_open, args,
		     sizeof(args)) == 0 &&
	    raw_recv(fd, &h, body, sizeof(body), 5000) == 0 &&
	    h.type == SP_COPYINSTR) {
		const struct sp_copydata *cd = (void *)body;

		/* More bytes than asked for. */
		raw_send(fd, h.reqno, SP_RESP, SP_COPYIN, 0, big,
			 cd->len < sizeof(big) ? cd->len + 1 : sizeof(big));
		got = raw_recv(fd, &h, &r, sizeof(r), 5000) == 0;
	}
	ok(got && h.class == SP_RESP && h.reqno == 55 && r.error == NB_EFAULT,
	   "an answer longer than the request: the call gets EFAULT (%d)",
	   r.error);
	close(fd);
	still_serving("a wrong copy answer");
}

/* ---- many clients ---- */

/* One client's open/read/close of /kern/version; a failure says where. */
static int one_client(const char *comm)
{
	char buf[128];
	long args[3], rv[2];
	int fd = raw_connect(), error = -1, rfd;
	const char *step = "connect";
	int err;

	if (fd < 0 || (step = "handshake", raw_guest(fd, comm) != 0))
		goto out;
	args[0] = (long)(uintptr_t)"/kern/version";
	args[1] = NB_O_RDONLY;
	args[2] = 0;
	step = "open";
	if (raw_syscall(fd, NB_SYS_open, args, 3, &error, rv) || error)
		goto out;
	rfd = (int)rv[0];
	args[0] = rfd;
	args[1] = (long)(uintptr_t)buf;
	args[2] = sizeof(buf);
	memset(buf, 0, sizeof(buf));
	step = "read";
	if (raw_syscall(fd, NB_SYS_read, args, 3, &error, rv) || error ||
	    rv[0] <= 0 || strncmp(buf, "rumpvisor", 9) != 0)
		goto out;
	args[0] = rfd;
	step = "close";
	if (raw_syscall(fd, NB_SYS_close, args, 1, &error, rv) || error)
		goto out;
	close(fd);
	return 1;
out:
	err = errno;
	printf("# %s client: %s failed (guest error %d, errno %d)\n", comm,
	       step, error, err);
	if (fd >= 0)
		close(fd);
	return 0;
}

static void t_sequential(int n)
{
	long rss0, rss1, thr0, thr1, mem0, mem1;
	int i, good = 0;

	for (i = 0; i < 100; i++)	/* warm up the allocators */
		one_client("warmup");
	procs_back(baseline);
	rss0 = server_status("VmRSS:");
	thr0 = server_status("Threads:");
	mem0 = guest_inuse();
	for (i = 0; i < n; i++)
		good += one_client("seq");
	ok(good == n, "%d sequential clients: open/read/close of "
	   "/kern/version each (%d good)", n, good);
	procs_back(baseline);
	rss1 = server_status("VmRSS:");
	thr1 = server_status("Threads:");
	mem1 = guest_inuse();
	ok(rss1 - rss0 < 4096, "server RSS after %d clients: %ld kB -> %ld kB "
	   "(bound: +4 MiB)", n, rss0, rss1);
	ok(thr1 <= thr0 + 2, "server threads: %ld -> %ld", thr0, thr1);
	ok(mem1 - mem0 < 64 * 1024, "guest memory in use: %ld -> %ld bytes "
	   "(each client's process freed)", mem0, mem1);
	still_serving("sequential clients");
}

static void *conc_main(void *arg)
{
	int *good = arg, i;

	for (i = 0; i < 4; i++)
		*good += one_client("conc");
	return NULL;
}

static void t_concurrent(int n)
{
	pthread_t t[64];
	int good[64] = { 0 }, i, total = 0;
	long rss0 = server_status("VmRSS:"), rss1;

	for (i = 0; i < n; i++)
		pthread_create(&t[i], NULL, conc_main, &good[i]);
	for (i = 0; i < n; i++) {
		pthread_join(t[i], NULL);
		total += good[i];
	}
	ok(total == n * 4, "%d concurrent clients, 4 connections each: %d of "
	   "%d good", n, total, n * 4);
	rss1 = server_status("VmRSS:");
	ok(rss1 - rss0 < 16384, "server RSS with %d concurrent clients: "
	   "%ld kB -> %ld kB (bound: +16 MiB)", n, rss0, rss1);
	still_serving("concurrent clients");
}

int main(int argc, char **argv)
{
	int i;

	if (argc == 2 && !strcmp(argv[1], "--help"))
		server_pid = -1;
	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--pid"))
			server_pid = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--instance"))
			instance = argv[i + 1];
		else if (!strcmp(argv[i], "--copy-timeout-ms"))
			copy_timeout_ms = atoi(argv[i + 1]);
	}
	if (i != argc || (server_pid <= 0 && !instance) ||
	    copy_timeout_ms <= 0) {
		fprintf(server_pid < 0 ? stdout : stderr,
			"usage: RUMP_SERVER=URL sp-proto {--pid SERVER_PID | "
			"--instance NAME} --copy-timeout-ms N\n"
			"Protocol robustness tests against a running server "
			"(TAP on stdout).\n");
		return server_pid < 0 ? 0 : 2;
	}
	if (rumpclient_init() != 0) {
		printf("Bail out! cannot connect: %s\n", strerror(errno));
		return 1;
	}
	baseline = nprocs();
	ok(baseline >= 3, "observer connected; %d processes in the guest",
	   baseline);
	t_short_frames();
	t_unknown();
	t_before_handshake();
	t_fork_auth();
	t_exec();
	t_vanish();
	t_silent();
	t_silent_socket(true);
	t_silent_socket(false);
	t_inflight();
	t_bad_answer();
	t_sequential(1000);
	t_concurrent(64);
	return tap_done("sp-proto");
}
