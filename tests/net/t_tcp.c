// SPDX-License-Identifier: BSD-2-Clause
/*
 * TCP between two guests: bulk transfers both ways with the data
 * checked byte by byte and checksums compared, 100 concurrent
 * connections multiplexed with poll, refused, reset, connection
 * timeout, half-close, simultaneous close, non-blocking use, a closed
 * receive window, keepalive, socket options and sequence numbers
 * that wrap.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"

#define PORT	6000

static int tcp_listen(struct nt_ctx *c, int port, int backlog)
{
	struct rump_sockaddr_in sin;
	int l = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_STREAM, 0), one = 1;

	rump_sys_setsockopt(l, RUMP_SOL_SOCKET, RUMP_SO_REUSEADDR, &one,
			    sizeof(one));
	nt_sin(&sin, "0.0.0.0", port);
	if (l < 0 || rump_sys_bind(l, NT_SA(&sin), sizeof(sin)) ||
	    rump_sys_listen(l, backlog)) {
		nt_fail(c, "listen on %d: errno %d", port, errno);
		return -1;
	}
	return l;
}

static int tcp_connect(struct nt_ctx *c, const char *addr, int port)
{
	struct rump_sockaddr_in sin;
	int s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_STREAM, 0);

	nt_sin(&sin, addr, port);
	if (s < 0 || rump_sys_connect(s, NT_SA(&sin), sizeof(sin))) {
		nt_fail(c, "connect to %s:%d: errno %d", addr, port, errno);
		if (s >= 0)
			rump_sys_close(s);
		return -1;
	}
	return s;
}

/* Receive len bytes of stream seed and compare with the sender's sum. */
static int expect_stream(struct nt_ctx *c, int s, uint64_t seed,
			 uint64_t len, const char *what)
{
	uint64_t sum, bad, theirs;
	double t0 = nt_now(), dt;
	long rv = nt_recv_stream(s, seed, len, &sum, &bad);

	dt = nt_now() - t0;
	theirs = nt_wait(c);
	if (rv)
		return nt_fail(c, "%s: receive failed (%ld)", what, rv);
	if (bad)
		return nt_fail(c, "%s: wrong data at offset %llu", what,
			       (unsigned long long)bad - 1);
	if (sum != theirs)
		return nt_fail(c, "%s: checksum %016llx, sender's %016llx",
			       what, (unsigned long long)sum,
			       (unsigned long long)theirs);
	nt_note("%s: %llu bytes in %.2f s (%.1f MB/s), checksums equal "
		"(%016llx)", what, (unsigned long long)len, dt,
		len / dt / 1e6, (unsigned long long)sum);
	return 0;
}

static int give_stream(struct nt_ctx *c, int s, uint64_t seed, uint64_t len,
		       const char *what)
{
	uint64_t sum;
	long rv = nt_send_stream(s, seed, len, &sum);

	nt_signal(c, rv ? 0 : sum);
	return rv ? nt_fail(c, "%s: send failed (%ld)", what, rv) : 0;
}

/* ---- bulk: B sends to A, then A to B, on one connection ---- */

static uint64_t bulk_len(struct nt_ctx *c)
{
	return c->quick ? 8ULL << 20 : 50ULL << 20;
}

static int bulk_a(struct nt_ctx *c)
{
	int l = tcp_listen(c, PORT, 1), s, rv;

	if (l < 0)
		return -1;
	nt_signal(c, 1);
	s = rump_sys_accept(l, NULL, NULL);
	if (s < 0)
		return nt_fail(c, "accept: errno %d", errno);
	rv = expect_stream(c, s, 11, bulk_len(c), "B->A");
	if (!rv)
		rv = give_stream(c, s, 12, bulk_len(c), "A->B");
	rump_sys_close(s);
	rump_sys_close(l);
	return rv;
}

static int bulk_b(struct nt_ctx *c)
{
	int s, rv;

	nt_wait(c);
	s = tcp_connect(c, NT_A_ADDR, PORT);
	if (s < 0)
		return -1;
	rv = give_stream(c, s, 11, bulk_len(c), "B->A");
	if (!rv)
		rv = expect_stream(c, s, 12, bulk_len(c), "A->B");
	rump_sys_close(s);
	return rv;
}

/* ---- 100 concurrent connections, all through poll ---- */

#define NCONN	100
#define CONNMSG	(16 * 1024)

struct conn {
	int fd;
	size_t in, out;
	unsigned char buf[CONNMSG];
};

static int many_a(struct nt_ctx *c)
{
	static struct conn conns[NCONN];
	struct rump_pollfd pfd[NCONN + 1];
	int l = tcp_listen(c, PORT, 128), n = 0, done = 0, i;
	ssize_t k;

	if (l < 0)
		return -1;
	nt_signal(c, 1);
	while (done < NCONN) {
		pfd[0].fd = n < NCONN ? l : -1;
		pfd[0].events = RUMP_POLLIN;
		for (i = 0; i < n; i++) {
			pfd[i + 1].fd = conns[i].fd;
			pfd[i + 1].events = conns[i].in < CONNMSG ?
				RUMP_POLLIN : RUMP_POLLOUT;
		}
		if (rump_sys_poll((void *)pfd, (unsigned)n + 1, 10000) <= 0)
			return nt_fail(c, "poll: nothing for 10 s (%d of %d "
				       "done)", done, NCONN);
		if (pfd[0].revents & RUMP_POLLIN) {
			conns[n].fd = rump_sys_accept(l, NULL, NULL);
			if (conns[n].fd < 0)
				return nt_fail(c, "accept: errno %d", errno);
			conns[n].in = conns[n].out = 0;
			n++;
		}
		for (i = 0; i < n; i++) {
			struct conn *cn = &conns[i];

			if (!pfd[i + 1].revents || cn->fd < 0)
				continue;
			if (cn->in < CONNMSG) {
				k = rump_sys_read(cn->fd, cn->buf + cn->in,
						  CONNMSG - cn->in);
				if (k <= 0)
					return nt_fail(c, "read on %d: %zd "
						       "errno %d", i, k, errno);
				cn->in += (size_t)k;
				continue;
			}
			k = rump_sys_write(cn->fd, cn->buf + cn->out,
					   CONNMSG - cn->out);
			if (k <= 0)
				return nt_fail(c, "write: errno %d", errno);
			cn->out += (size_t)k;
			if (cn->out == CONNMSG) {
				rump_sys_close(cn->fd);
				cn->fd = -1;
				done++;
			}
		}
	}
	rump_sys_close(l);
	nt_note("%d connections accepted and echoed through poll", done);
	return 0;
}

static int many_b(struct nt_ctx *c)
{
	static int fds[NCONN];
	static unsigned char buf[CONNMSG];
	struct rump_sockaddr_in sin;
	int i, nb = 1;
	uint64_t bad;
	size_t got;
	ssize_t k;

	nt_wait(c);
	nt_sin(&sin, NT_A_ADDR, PORT);
	/* Open all at once, without waiting (EINPROGRESS). */
	for (i = 0; i < NCONN; i++) {
		fds[i] = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_STREAM, 0);
		rump_sys_ioctl(fds[i], RUMP_FIONBIO, &nb);
		if (rump_sys_connect(fds[i], NT_SA(&sin), sizeof(sin)) == 0 ||
		    errno != NT_EINPROGRESS)
			return nt_fail(c, "non-blocking connect %d: errno %d",
				       i, errno);
	}
	for (i = 0; i < NCONN; i++) {
		struct rump_pollfd p = { fds[i], RUMP_POLLOUT, 0 };

		nb = 0;
		if (rump_sys_poll((void *)&p, 1, 10000) != 1 ||
		    !(p.revents & RUMP_POLLOUT))
			return nt_fail(c, "connection %d not writable", i);
		rump_sys_ioctl(fds[i], RUMP_FIONBIO, &nb);
		nt_fill(1000 + i, 0, buf, CONNMSG);
		if (rump_sys_write(fds[i], buf, CONNMSG) != CONNMSG)
			return nt_fail(c, "write %d: errno %d", i, errno);
	}
	for (i = 0; i < NCONN; i++) {
		for (got = 0; got < CONNMSG; got += (size_t)k) {
			k = rump_sys_read(fds[i], buf + got, CONNMSG - got);
			if (k <= 0)
				return nt_fail(c, "echo %d: %zd errno %d", i,
					       k, errno);
		}
		bad = nt_check(1000 + i, 0, buf, CONNMSG);
		if (bad)
			return nt_fail(c, "echo %d wrong at %llu", i,
				       (unsigned long long)bad - 1);
		if (rump_sys_read(fds[i], buf, 1) != 0)
			return nt_fail(c, "no EOF on connection %d", i);
		rump_sys_close(fds[i]);
	}
	nt_note("%d concurrent connections, %d bytes echoed on each", NCONN,
		CONNMSG);
	return 0;
}

/* ---- errors ---- */

static int refused_b(struct nt_ctx *c)
{
	struct rump_sockaddr_in sin;
	int s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_STREAM, 0);

	nt_sin(&sin, NT_A_ADDR, 6999);
	if (rump_sys_connect(s, NT_SA(&sin), sizeof(sin)) != -1 ||
	    errno != NT_ECONNREFUSED)
		return nt_fail(c, "connect to a closed port: errno %d, want "
			       "ECONNREFUSED", errno);
	rump_sys_close(s);
	return 0;
}

static int reset_a(struct nt_ctx *c)
{
	struct rump_linger lg = { 1, 0 };
	int l = tcp_listen(c, PORT, 1), s;
	char buf[8];

	nt_signal(c, 1);
	s = rump_sys_accept(l, NULL, NULL);
	if (s < 0 || rump_sys_read(s, buf, 5) != 5)
		return nt_fail(c, "accept/read: errno %d", errno);
	/* SO_LINGER with 0: close aborts with RST. */
	rump_sys_setsockopt(s, RUMP_SOL_SOCKET, RUMP_SO_LINGER, &lg,
			    sizeof(lg));
	rump_sys_close(s);
	rump_sys_close(l);
	nt_signal(c, 2);
	return 0;
}

static int reset_b(struct nt_ctx *c)
{
	char buf[8];
	int s;
	ssize_t n;

	nt_wait(c);
	s = tcp_connect(c, NT_A_ADDR, PORT);
	if (s < 0)
		return -1;
	rump_sys_write(s, "hello", 5);
	nt_wait(c);
	n = rump_sys_read(s, buf, sizeof(buf));
	if (n != -1 || errno != NT_ECONNRESET)
		return nt_fail(c, "read after RST: %zd errno %d, want "
			       "ECONNRESET", n, errno);
	n = rump_sys_write(s, "x", 1);
	if (n != -1)
		return nt_fail(c, "write after RST succeeded");
	rump_sys_close(s);
	return 0;
}

static int timeout_b(struct nt_ctx *c)
{
	struct rump_sockaddr_in sin;
	int s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_STREAM, 0), t = 2;
	double t0 = nt_now(), dt;

	/* Nobody has 10.0.0.3: ARP and SYNs go unanswered. */
	rump_sys_setsockopt(s, RUMP_IPPROTO_TCP, RUMP_TCP_KEEPINIT, &t,
			    sizeof(t));
	nt_sin(&sin, "10.0.0.3", PORT);
	if (rump_sys_connect(s, NT_SA(&sin), sizeof(sin)) != -1 ||
	    errno != NT_ETIMEDOUT)
		return nt_fail(c, "connect to nobody: errno %d, want "
			       "ETIMEDOUT", errno);
	dt = nt_now() - t0;
	rump_sys_close(s);
	if (dt < 1.9 || dt > 4)
		return nt_fail(c, "timed out after %.2f s, want 2 s", dt);
	nt_note("connect timed out after %.2f s (TCP_KEEPINIT 2)", dt);
	return 0;
}

static int halfclose_a(struct nt_ctx *c)
{
	int l = tcp_listen(c, PORT, 1), s;
	char buf[64];
	size_t got = 0;
	ssize_t n;

	nt_signal(c, 1);
	s = rump_sys_accept(l, NULL, NULL);
	while ((n = rump_sys_read(s, buf + got, sizeof(buf) - got)) > 0)
		got += (size_t)n;
	if (n != 0 || got != 7 || memcmp(buf, "request", 7))
		return nt_fail(c, "request until EOF: %zu bytes, n %zd", got, n);
	/* Our side is still open: answer after the peer's FIN. */
	if (rump_sys_write(s, "response", 8) != 8)
		return nt_fail(c, "write after peer's FIN: errno %d", errno);
	rump_sys_close(s);
	rump_sys_close(l);
	return 0;
}

static int halfclose_b(struct nt_ctx *c)
{
	char buf[64];
	size_t got = 0;
	ssize_t n;
	int s;

	nt_wait(c);
	s = tcp_connect(c, NT_A_ADDR, PORT);
	if (s < 0)
		return -1;
	rump_sys_write(s, "request", 7);
	if (rump_sys_shutdown(s, RUMP_SHUT_WR))
		return nt_fail(c, "shutdown: errno %d", errno);
	if (rump_sys_write(s, "x", 1) != -1 || errno != NT_EPIPE)
		return nt_fail(c, "write after SHUT_WR: errno %d", errno);
	while ((n = rump_sys_read(s, buf + got, sizeof(buf) - got)) > 0)
		got += (size_t)n;
	if (n != 0 || got != 8 || memcmp(buf, "response", 8))
		return nt_fail(c, "response: %zu bytes", got);
	rump_sys_close(s);
	return 0;
}

/* Both shut down at the same moment: FINs cross (CLOSING). */
static int simclose(struct nt_ctx *c, int s)
{
	char buf[8];
	ssize_t n;

	nt_signal(c, 3);
	nt_wait(c);
	if (rump_sys_shutdown(s, RUMP_SHUT_WR))
		return nt_fail(c, "shutdown: errno %d", errno);
	n = rump_sys_read(s, buf, sizeof(buf));
	if (n != 0)
		return nt_fail(c, "read after both FINs: %zd errno %d", n,
			       errno);
	return rump_sys_close(s) ? nt_fail(c, "close: errno %d", errno) : 0;
}

static int simclose_a(struct nt_ctx *c)
{
	int l = tcp_listen(c, PORT, 1), s;

	nt_signal(c, 1);
	s = rump_sys_accept(l, NULL, NULL);
	rump_sys_close(l);
	return s < 0 ? nt_fail(c, "accept") : simclose(c, s);
}

static int simclose_b(struct nt_ctx *c)
{
	int s;

	nt_wait(c);
	s = tcp_connect(c, NT_A_ADDR, PORT);
	return s < 0 ? -1 : simclose(c, s);
}

/* ---- non-blocking use, a full window, keepalive ---- */

static int nonblock_a(struct nt_ctx *c)
{
	int l = tcp_listen(c, PORT, 1), s, nb = 1;
	char buf[8];

	rump_sys_ioctl(l, RUMP_FIONBIO, &nb);
	if (rump_sys_accept(l, NULL, NULL) != -1 || errno != NT_EAGAIN)
		return nt_fail(c, "accept with nothing queued: errno %d, want "
			       "EAGAIN (35)", errno);
	nt_signal(c, 1);
	nt_wait(c);
	/* The listener polls readable once the connection is complete. */
	{
		struct rump_pollfd p = { l, RUMP_POLLIN, 0 };

		if (rump_sys_poll((void *)&p, 1, 5000) != 1)
			return nt_fail(c, "listener never readable");
	}
	s = rump_sys_accept(l, NULL, NULL);
	if (s < 0)
		return nt_fail(c, "accept after connect: errno %d", errno);
	if (rump_sys_fcntl(s, RUMP_F_SETFL, RUMP_O_NONBLOCK) ||
	    !(rump_sys_fcntl(s, RUMP_F_GETFL) & RUMP_O_NONBLOCK))
		return nt_fail(c, "F_SETFL O_NONBLOCK");
	if (rump_sys_read(s, buf, 1) != -1 || errno != NT_EAGAIN)
		return nt_fail(c, "read with no data: errno %d", errno);
	nt_signal(c, 2);
	rump_sys_close(s);
	rump_sys_close(l);
	return 0;
}

static int nonblock_b(struct nt_ctx *c)
{
	struct rump_sockaddr_in sin;
	struct rump_pollfd p;
	int s = rump_sys_socket(RUMP_AF_INET,
				RUMP_SOCK_STREAM | RUMP_SOCK_NONBLOCK, 0);
	int err = -1;
	rump_socklen_t len = sizeof(err);

	nt_wait(c);
	nt_sin(&sin, NT_A_ADDR, PORT);
	if (rump_sys_connect(s, NT_SA(&sin), sizeof(sin)) != -1 ||
	    errno != NT_EINPROGRESS)
		return nt_fail(c, "connect: errno %d, want EINPROGRESS", errno);
	p.fd = s;
	p.events = RUMP_POLLOUT;
	if (rump_sys_poll((void *)&p, 1, 5000) != 1 ||
	    rump_sys_getsockopt(s, RUMP_SOL_SOCKET, RUMP_SO_ERROR, &err,
				&len) || err != 0)
		return nt_fail(c, "connection not complete (SO_ERROR %d)", err);
	nt_signal(c, 1);
	nt_wait(c);
	rump_sys_close(s);
	return 0;
}

static int window_a(struct nt_ctx *c)
{
	int l = tcp_listen(c, PORT, 1), s, sz = 16384;
	uint64_t sum, bad, theirs;
	long rv;

	rump_sys_setsockopt(l, RUMP_SOL_SOCKET, RUMP_SO_RCVBUF, &sz,
			    sizeof(sz));
	nt_signal(c, 1);
	s = rump_sys_accept(l, NULL, NULL);
	/* Do not read until the sender is stuck on a closed window. */
	nt_wait(c);
	sleep(1);
	rv = nt_recv_stream(s, 21, 1 << 20, &sum, &bad);
	theirs = nt_wait(c);
	if (rv || bad || sum != theirs)
		return nt_fail(c, "after the window opened: rv %ld bad %llu",
			       rv, (unsigned long long)bad);
	rump_sys_close(s);
	rump_sys_close(l);
	nt_note("1 MiB through a 16 KiB receive window that closed");
	return 0;
}

static int window_b(struct nt_ctx *c)
{
	static unsigned char buf[1 << 20];
	int s, nb = 1, off = 0;
	ssize_t n;

	nt_wait(c);
	s = tcp_connect(c, NT_A_ADDR, PORT);
	if (s < 0)
		return -1;
	nt_fill(21, 0, buf, sizeof(buf));
	rump_sys_ioctl(s, RUMP_FIONBIO, &nb);
	while ((n = rump_sys_write(s, buf + off, sizeof(buf) - off)) > 0)
		off += (int)n;
	if (n != -1 || errno != NT_EAGAIN)
		return nt_fail(c, "filling the window: errno %d", errno);
	nt_note("window closed after %d bytes: EAGAIN", off);
	nt_signal(c, 1);
	nb = 0;
	rump_sys_ioctl(s, RUMP_FIONBIO, &nb);
	while (off < (int)sizeof(buf)) {
		n = rump_sys_write(s, buf + off, sizeof(buf) - off);
		if (n <= 0)
			return nt_fail(c, "write after window opened: errno "
				       "%d", errno);
		off += (int)n;
	}
	nt_signal(c, nt_fnv(NT_FNV_INIT, buf, sizeof(buf)));
	rump_sys_close(s);
	return 0;
}

static int keep_a(struct nt_ctx *c)
{
	int l = tcp_listen(c, PORT, 1), s;

	nt_signal(c, 1);
	s = rump_sys_accept(l, NULL, NULL);
	nt_wait(c);
	/* Go silent: the peer's probes get no answer. */
	rump_pub_netconfig_ifdown("virt0");
	nt_wait(c);
	rump_sys_close(s);
	rump_sys_close(l);
	return 0;
}

static int keep_b(struct nt_ctx *c)
{
	int s, on = 1, one = 1, cnt = 2;
	double t0;
	char buf[4];
	ssize_t n;

	nt_wait(c);
	s = tcp_connect(c, NT_A_ADDR, PORT);
	if (s < 0)
		return -1;
	rump_sys_setsockopt(s, RUMP_SOL_SOCKET, RUMP_SO_KEEPALIVE, &on,
			    sizeof(on));
	rump_sys_setsockopt(s, RUMP_IPPROTO_TCP, RUMP_TCP_KEEPINTVL, &one,
			    sizeof(one));
	rump_sys_setsockopt(s, RUMP_IPPROTO_TCP, RUMP_TCP_KEEPCNT, &cnt,
			    sizeof(cnt));
	rump_sys_setsockopt(s, RUMP_IPPROTO_TCP, RUMP_TCP_KEEPIDLE, &one,
			    sizeof(one));
	t0 = nt_now();
	nt_signal(c, 1);
	n = rump_sys_read(s, buf, sizeof(buf));
	nt_signal(c, 2);
	if (n != -1 || errno != NT_ETIMEDOUT)
		return nt_fail(c, "read on a dead peer: %zd errno %d, want "
			       "ETIMEDOUT", n, errno);
	nt_note("keepalive gave up after %.1f s", nt_now() - t0);
	rump_sys_close(s);
	return 0;
}

static int opts_a(struct nt_ctx *c)
{
	int s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_STREAM, 0), v = 1;
	struct rump_linger lg = { 1, 5 };
	rump_socklen_t len = sizeof(v);
	struct rump_sockaddr_in sin;

	v = 100000;
	if (rump_sys_setsockopt(s, RUMP_SOL_SOCKET, RUMP_SO_RCVBUF, &v, 4) ||
	    rump_sys_getsockopt(s, RUMP_SOL_SOCKET, RUMP_SO_RCVBUF, &v, &len) ||
	    v != 100000)
		return nt_fail(c, "SO_RCVBUF: %d", v);
	v = 1;
	if (rump_sys_setsockopt(s, RUMP_IPPROTO_TCP, RUMP_TCP_NODELAY, &v, 4) ||
	    rump_sys_getsockopt(s, RUMP_IPPROTO_TCP, RUMP_TCP_NODELAY, &v,
				&len) || v != 1)
		return nt_fail(c, "TCP_NODELAY");
	if (rump_sys_setsockopt(s, RUMP_SOL_SOCKET, RUMP_SO_LINGER, &lg,
				sizeof(lg)))
		return nt_fail(c, "SO_LINGER: errno %d", errno);
	len = sizeof(lg);
	memset(&lg, 0, sizeof(lg));
	if (rump_sys_getsockopt(s, RUMP_SOL_SOCKET, RUMP_SO_LINGER, &lg, &len)
	    || !lg.l_onoff || lg.l_linger != 5)
		return nt_fail(c, "SO_LINGER read back");
	len = sizeof(v);
	if (rump_sys_getsockopt(s, RUMP_SOL_SOCKET, RUMP_SO_TYPE, &v, &len) ||
	    v != RUMP_SOCK_STREAM)
		return nt_fail(c, "SO_TYPE");
	if (rump_sys_setsockopt(s, RUMP_SOL_SOCKET, 0x7777, &v, 4) != -1 ||
	    errno != 42)
		return nt_fail(c, "unknown option: errno %d, want "
			       "ENOPROTOOPT", errno);
	if (rump_sys_getpeername(s, NT_SA(&sin), &len) != -1 ||
	    errno != NT_ENOTCONN)
		return nt_fail(c, "getpeername unconnected: errno %d", errno);
	rump_sys_close(s);
	/* Two listeners on one port: only with SO_REUSEPORT. */
	s = tcp_listen(c, PORT, 1);
	v = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_STREAM, 0);
	nt_sin(&sin, "0.0.0.0", PORT);
	if (rump_sys_bind(v, NT_SA(&sin), sizeof(sin)) != -1 ||
	    errno != NT_EADDRINUSE)
		return nt_fail(c, "second bind: errno %d, want EADDRINUSE",
			       errno);
	rump_sys_close(v);
	rump_sys_close(s);
	return 0;
}

const struct nt_case nt_cases_tcp[] = {
	{ "tcp-bulk-both-ways", { bulk_a, bulk_b }, { 0 }, 0, 240, false, NULL },
	{ "tcp-100-connections", { many_a, many_b }, { 0 }, 0, 60, false, NULL },
	{ "tcp-refused", { NULL, refused_b }, { 0 }, 0, 30, false, NULL },
	{ "tcp-reset", { reset_a, reset_b }, { 0 }, 0, 30, false, NULL },
	{ "tcp-connect-timeout", { NULL, timeout_b }, { 0 }, 0, 30, false, NULL },
	{ "tcp-half-close", { halfclose_a, halfclose_b }, { 0 }, 0, 30, false, NULL },
	{ "tcp-simultaneous-close", { simclose_a, simclose_b }, { 0 }, 0, 30,
	  false, NULL },
	{ "tcp-nonblocking", { nonblock_a, nonblock_b }, { 0 }, 0, 30, false, NULL },
	{ "tcp-zero-window", { window_a, window_b }, { 0 }, 0, 60, false,
	  NULL },
	{ "tcp-keepalive", { keep_a, keep_b }, { 0 }, 0, 30, false,
	  "keep_probes" },
	{ "tcp-socket-options", { opts_a, NULL }, { 0 }, 0, 30, false, NULL },
	{ "tcp-sequence-wrap", { bulk_a, bulk_b }, { 0 }, "4294901760", 240,
	  false, NULL },
	{ NULL, { NULL, NULL }, { 0 }, 0, 0, false, NULL },
};
