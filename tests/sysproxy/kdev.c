// SPDX-License-Identifier: BSD-2-Clause
/*
 * sp-kdev: the device path of an in-kernel guest (/dev/rumpvisor/NAME,
 * <rumpvisor/dev.h>), from a Linux process, in the VM.  TAP on stdout.
 *
 *   sp-kdev test NAME        the device's semantics: its ioctl ABI, one
 *                            guest process per open (shared by dup and
 *                            fork), bad pointers (EFAULT, never an oops;
 *                            a socket read keeps its bytes),
 *                            big copies, concurrent threads, signals
 *                            (EINTR to a handler; Ctrl-C and kill -9 end
 *                            a process blocked in the guest promptly)
 *   sp-kdev block URL FILE   connect (RUMP_SERVER-style URL), write
 *                            "ready" to FILE, block in poll(2) in the
 *                            guest; then write the poll's result and a
 *                            getpid's to FILE ("poll -1 4 getpid -1 57")
 *   sp-kdev hold URL FILE    connect, write "ready", wait for SIGUSR1
 *                            (outside the guest), then as block's getpid
 *   sp-kdev open PATH        open PATH read-write: exit 0, or the errno
 *   sp-kdev connect PATH     connect to a unix socket: exit 0, or errno
 *   sp-kdev as UID GID[,GID...] PROGRAM [ARGS...]
 *                            run PROGRAM as that user, with the first
 *                            group and the others as supplementary ones
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>

#include <rump/rumpclient.h>
#include <rump/rump_syscalls.h>
#include <rumpvisor/dev.h>

#include "tap.h"

/* NetBSD numbers. */
#define SYS_read	3
#define SYS_write	4
#define SYS_open	5
#define SYS_close	6
#define SYS_getpid	20
#define SYS_poll	209
#define SYS_recvfrom	29
#define SYS_accept	30
#define SYS_getsockname	32
#define SYS_connect	98
#define SYS_bind	104
#define SYS_listen	106
#define SYS_socket	394		/* __socket30 */
#define NB_EFAULT	14
#define NB_EBADF	9
#define NB_EINTR	4
#define NB_ENAMETOOLONG	63

static char devpath[256];
static char name[64];

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static int dev_open(void)
{
	return open(devpath, O_RDWR | O_CLOEXEC);
}

/* One guest call through fd: the guest's errno (0), or -1 (ioctl). */
static int call(int fd, int num, long *rv, int nargs, ...)
{
	struct rumpvisor_syscall sc;
	va_list ap;
	int i;

	memset(&sc, 0, sizeof(sc));
	sc.num = (unsigned)num;
	sc.argsize = (unsigned)nargs * 8;
	va_start(ap, nargs);
	for (i = 0; i < nargs; i++)
		sc.args[i] = (__u64)va_arg(ap, long);
	va_end(ap);
	if (ioctl(fd, RUMPVISOR_IOC_SYSCALL, &sc) != 0)
		return -1;
	if (rv) {
		rv[0] = sc.retval[0];
		rv[1] = sc.retval[1];
	}
	return sc.error;
}

static long getpid_of(int fd)
{
	long rv[2] = { -1, -1 };

	return call(fd, SYS_getpid, rv, 0) == 0 ? rv[0] : -1;
}

/* ---- the ioctl ABI ---- */

static void t_abi(void)
{
	struct rumpvisor_devinfo info;
	struct rumpvisor_syscall sc;
	int fd = dev_open(), rc;
	long pid;
	char *ro;

	ok(fd >= 0, "open %s (%s)", devpath, fd < 0 ? strerror(errno) : "ok");
	memset(&info, 0, sizeof(info));
	rc = ioctl(fd, RUMPVISOR_IOC_INFO, &info);
	ok(rc == 0 && info.version == RUMPVISOR_DEV_VERSION && info.pid > 1 &&
	   !strcmp(info.instance, name),
	   "INFO: version %u, guest pid %d, instance %s", info.version,
	   info.pid, info.instance);
	pid = getpid_of(fd);
	ok(pid == info.pid, "getpid through the device is that process "
	   "(%ld)", pid);
	errno = 0;
	rc = ioctl(fd, RUMPVISOR_IOC_SYSCALL, NULL);
	ok(rc == -1 && errno == EFAULT, "SYSCALL with a NULL argument: "
	   "EFAULT (%s)", strerror(errno));
	memset(&sc, 0, sizeof(sc));
	sc.num = SYS_getpid;
	sc.argsize = sizeof(sc.args) + 8;
	errno = 0;
	ok(ioctl(fd, RUMPVISOR_IOC_SYSCALL, &sc) == -1 && errno == EINVAL,
	   "SYSCALL with argsize past the slots: EINVAL");
	sc.argsize = 0;
	sc.reserved = 1;
	errno = 0;
	ok(ioctl(fd, RUMPVISOR_IOC_SYSCALL, &sc) == -1 && errno == EINVAL,
	   "SYSCALL with reserved set: EINVAL");
	errno = 0;
	ok(ioctl(fd, _IO('R', 99)) == -1 && errno == ENOTTY,
	   "an unknown ioctl: ENOTTY");
	/* The structure readable but not writable: the result cannot go. */
	ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(&sc, 0, sizeof(sc));
	sc.num = SYS_getpid;
	memcpy(ro, &sc, sizeof(sc));
	mprotect(ro, 4096, PROT_READ);
	errno = 0;
	ok(ioctl(fd, RUMPVISOR_IOC_SYSCALL, ro) == -1 && errno == EFAULT,
	   "SYSCALL with a read-only structure: EFAULT");
	munmap(ro, 4096);
	sc.num = 100000;
	sc.reserved = 0;
	rc = ioctl(fd, RUMPVISOR_IOC_SYSCALL, &sc);
	ok(rc == 0 && sc.error == 78,
	   "an unknown system call number: the guest's ENOSYS (%d)",
	   sc.error);
	close(fd);
}

/* ---- processes ---- */

static void t_processes(void)
{
	int a = dev_open(), b = dev_open(), d, st = -1;
	long rv[2], pa = getpid_of(a), pb = getpid_of(b);
	pid_t child;
	int kfd;

	ok(pa > 1 && pb > 1 && pa != pb, "two opens, two guest processes "
	   "(%ld, %ld)", pa, pb);
	kfd = call(a, SYS_open, rv, 3, (long)"/kern/version", 0L, 0L) == 0 ?
	      (int)rv[0] : -1;
	ok(kfd >= 0 && call(b, SYS_close, rv, 1, (long)kfd) == NB_EBADF,
	   "a descriptor of one process is EBADF in the other");
	d = dup(a);
	ok(getpid_of(d) == pa, "dup shares the process");
	close(d);
	child = fork();
	if (child == 0) {
		char buf[16];

		/* The inherited file: the same process and descriptors. */
		_exit(getpid_of(a) == pa &&
		      call(a, SYS_read, rv, 3, (long)kfd, (long)buf, 9L) == 0 &&
		      rv[0] == 9 && !memcmp(buf, "rumpvisor", 9) ? 0 : 1);
	}
	waitpid(child, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a forked child shares "
	   "the open file's process and descriptors");
	close(a);
	close(b);
}

/* ---- bad pointers, big copies ---- */

/* A connected TCP pair on the guest's loopback: 0, *c and *a set. */
static int tcp_pair(int fd, int *c, int *a)
{
	struct rump_sockaddr_in sin = { sizeof(sin), RUMP_AF_INET, 0,
					{ htonl(0x7f000001) }, { 0 } };
	unsigned int len = sizeof(sin);
	long rv[2];
	int l;

	if (call(fd, SYS_socket, rv, 3, (long)RUMP_AF_INET,
		 (long)RUMP_SOCK_STREAM, 0L))
		return -1;
	l = (int)rv[0];
	if (call(fd, SYS_bind, rv, 3, (long)l, (long)&sin, (long)len) ||
	    call(fd, SYS_listen, rv, 2, (long)l, 2L) ||
	    call(fd, SYS_getsockname, rv, 3, (long)l, (long)&sin, (long)&len) ||
	    call(fd, SYS_socket, rv, 3, (long)RUMP_AF_INET,
		 (long)RUMP_SOCK_STREAM, 0L))
		return -1;
	*c = (int)rv[0];
	if (call(fd, SYS_connect, rv, 3, (long)*c, (long)&sin, (long)len) ||
	    call(fd, SYS_accept, rv, 3, (long)l, 0L, 0L))
		return -1;
	*a = (int)rv[0];
	call(fd, SYS_close, rv, 1, (long)l);
	return 0;
}

/* A socket read whose copy faults returns EFAULT and loses nothing (the
 * guest took the bytes out of the socket to copy them without its
 * network lock, and puts them back). */
static void t_socket_pointers(void)
{
	int fd = dev_open(), c = -1, a = -1;
	char buf[64] = { 0 };
	long rv[2] = { 0, 0 }, got;

	if (tcp_pair(fd, &c, &a) != 0) {
		ok(1, "# SKIP no TCP over the guest's loopback");
		close(fd);
		return;
	}
	ok(call(fd, SYS_write, rv, 3, (long)c, (long)"0123456789", 10L) == 0 &&
	   rv[0] == 10, "socket write of 10 bytes");
	ok(call(fd, SYS_read, rv, 3, (long)a, 0x100000000000L, 10L) ==
	   NB_EFAULT, "socket read into an unmapped address: EFAULT");
	/* Not waiting: bytes lost would leave nothing to wait for. */
	got = call(fd, SYS_recvfrom, rv, 6, (long)a, (long)buf, 64L,
		   (long)RUMP_MSG_DONTWAIT, 0L, 0L) == 0 ? rv[0] : -1;
	ok(got == 10 && !memcmp(buf, "0123456789", 10),
	   "... and the 10 bytes are still there for the next read (%ld)",
	   got);
	call(fd, SYS_close, rv, 1, (long)c);
	call(fd, SYS_close, rv, 1, (long)a);
	close(fd);
}

static void t_pointers(void)
{
	int fd = dev_open(), kfd, wfd, i, same = 1;
	long rv[2];
	char *page, *big;
	size_t bigsz = 1 << 20;

	kfd = call(fd, SYS_open, rv, 3, (long)"/kern/version", 0L, 0L) == 0 ?
	      (int)rv[0] : -1;
	ok(call(fd, SYS_read, rv, 3, (long)kfd, 0x100000000000L, 16L) ==
	   NB_EFAULT, "read into an unmapped address: EFAULT");
	ok(call(fd, SYS_read, rv, 3, (long)kfd, (long)0xffffffff81000000UL,
		16L) == NB_EFAULT, "read into a kernel address: EFAULT");
	ok(call(fd, SYS_open, rv, 3, 0x100000000000L, 0L, 0L) == NB_EFAULT,
	   "open of an unmapped path: EFAULT");
	/* A path that runs into an inaccessible page without its NUL. */
	page = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(page + 4096, 4096, PROT_NONE);
	memset(page, 'a', 4096);
	ok(call(fd, SYS_open, rv, 3, (long)(page + 4096 - 8), 0L, 0L) ==
	   NB_EFAULT, "a path running into a PROT_NONE page: EFAULT");
	page[1500] = '\0';
	ok(call(fd, SYS_open, rv, 3, (long)page, 0L, 0L) == NB_ENAMETOOLONG,
	   "a 1500-byte path: ENAMETOOLONG");
	munmap(page, 8192);
	/* 1 MiB out of and back into memory never touched before. */
	big = mmap(NULL, 2 * bigsz, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (i = 0; i < (int)bigsz; i++)
		big[i] = (char)(i * 7 + (i >> 12));
	wfd = call(fd, SYS_open, rv, 3, (long)"/kdev.big", 0x602L, 0644L) == 0
	      ? (int)rv[0] : -1;
	ok(wfd >= 0 && call(fd, SYS_write, rv, 3, (long)wfd, (long)big,
			    (long)bigsz) == 0 && rv[0] == (long)bigsz,
	   "write of 1 MiB from the caller's memory");
	call(fd, SYS_close, rv, 1, (long)wfd);
	wfd = call(fd, SYS_open, rv, 3, (long)"/kdev.big", 0L, 0L) == 0 ?
	      (int)rv[0] : -1;
	ok(wfd >= 0 && call(fd, SYS_read, rv, 3, (long)wfd, (long)(big + bigsz),
			    (long)bigsz) == 0 && rv[0] == (long)bigsz,
	   "read of 1 MiB into untouched memory (pages faulted in)");
	for (i = 0; i < (int)bigsz; i++)
		same &= big[i] == big[bigsz + i];
	ok(same, "the data came back intact");
	call(fd, SYS_close, rv, 1, (long)wfd);
	munmap(big, 2 * bigsz);
	close(fd);
}

/* ---- threads ---- */

struct blocker {
	int fd;
	int error;
	long ms;
};

static void on_signal(int sig)
{
	(void)sig;
}

static void *block_main(void *arg)
{
	struct blocker *b = arg;
	long t0 = now_ms();

	b->error = call(b->fd, SYS_poll, NULL, 3, 0L, 0L, -1L);
	b->ms = now_ms() - t0;
	return NULL;
}

static void *getpid_main(void *arg)
{
	int *fd = arg, i, good = 0;

	for (i = 0; i < 200; i++)
		good += getpid_of(*fd) > 1;
	return (void *)(long)good;
}

static void t_threads(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct blocker b = { .error = -2 };
	pthread_t blk, t[16];
	long good = 0, t0;
	void *r;
	int i;

	sigaction(SIGUSR1, &sa, NULL);
	b.fd = dev_open();
	pthread_create(&blk, NULL, block_main, &b);
	usleep(200000);
	for (i = 0; i < 16; i++)
		pthread_create(&t[i], NULL, getpid_main, &b.fd);
	for (i = 0; i < 16; i++) {
		pthread_join(t[i], &r);
		good += (long)r;
	}
	ok(good == 16 * 200 && b.error == -2, "16 threads, 3200 calls on the "
	   "file while another thread blocks in poll (%ld good)", good);
	t0 = now_ms();
	pthread_kill(blk, SIGUSR1);
	pthread_join(blk, NULL);
	ok(b.error == NB_EINTR && now_ms() - t0 < 2000, "a signal to the "
	   "blocked thread (handled): its poll returns EINTR (%d, %ld ms)",
	   b.error, now_ms() - t0);
	ok(getpid_of(b.fd) > 1, "the file goes on working");
	close(b.fd);
}

/* ---- signals ---- */

static void t_alarm(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	int fd = dev_open(), error;
	long t0;

	sigaction(SIGALRM, &sa, NULL);
	t0 = now_ms();
	error = call(fd, SYS_poll, NULL, 3, 0L, 0L, 300L);
	ok(error == 0 && now_ms() - t0 >= 290, "poll with a 300 ms timeout "
	   "sleeps it out (%ld ms)", now_ms() - t0);
	alarm(1);
	t0 = now_ms();
	error = call(fd, SYS_poll, NULL, 3, 0L, 0L, -1L);
	ok(error == NB_EINTR && now_ms() - t0 < 3000, "alarm(1) interrupts a "
	   "blocking poll: EINTR after %ld ms", now_ms() - t0);
	close(fd);
}

/* A child blocked in the guest gets sig: does it end promptly? */
static void t_fatal(int sig, const char *what)
{
	int st = 0, ready[2];
	long t0, waited = -1;
	pid_t child;
	char c;

	if (pipe(ready) != 0)
		return;
	child = fork();
	if (child == 0) {
		int fd = dev_open();

		signal(sig, SIG_DFL);
		(void)!write(ready[1], "r", 1);
		call(fd, SYS_poll, NULL, 3, 0L, 0L, -1L);
		_exit(3);
	}
	(void)!read(ready[0], &c, 1);
	usleep(300000);
	t0 = now_ms();
	kill(child, sig);
	while (now_ms() - t0 < 5000) {
		if (waitpid(child, &st, WNOHANG) == child) {
			waited = now_ms() - t0;
			break;
		}
		usleep(10000);
	}
	if (waited < 0) {
		kill(child, SIGKILL);
		waitpid(child, &st, 0);
	}
	ok(waited >= 0 && waited < 2000 && WIFSIGNALED(st) &&
	   WTERMSIG(st) == sig, "%s ends a process blocked in the guest "
	   "(%ld ms)", what, waited);
	close(ready[0]);
	close(ready[1]);
}

static int nprocs(void)
{
	char buf[8192];
	int fd = rump_sys_open("/kern/proc", RUMP_O_RDONLY), n = -1;
	long got;
	char *p;

	if (fd < 0)
		return -1;
	got = rump_sys_read(fd, buf, sizeof(buf) - 1);
	rump_sys_close(fd);
	if (got < 0)
		return -1;
	buf[got] = '\0';
	for (p = buf; (p = strchr(p, '\n')) != NULL; p++)
		n++;
	return n;
}

static int test_main(void)
{
	int base, after, i;

	if (rumpclient_init() != 0) {
		printf("Bail out! RUMP_SERVER=dev://%s: %s\n", name,
		       strerror(errno));
		return 1;
	}
	base = nprocs();
	ok(base >= 2, "librumpclient over the device; %d processes in the "
	   "guest", base);
	t_abi();
	t_processes();
	t_pointers();
	t_socket_pointers();
	t_threads();
	t_alarm();
	t_fatal(SIGINT, "Ctrl-C (SIGINT)");
	t_fatal(SIGKILL, "kill -9");
	t_fatal(SIGTERM, "SIGTERM");
	for (i = 0; i < 50 && (after = nprocs()) != base; i++)
		usleep(100000);
	ok(after == base, "every process the tests made is gone (%d, %d "
	   "before)", after, base);
	return tap_done("sp-kdev");
}

/* ---- helpers for the lifecycle tests ---- */

static void put(const char *file, const char *text)
{
	FILE *f = fopen(file, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static volatile sig_atomic_t go;

static void on_go(int sig)
{
	(void)sig;
	go = 1;
}

static int wait_main(const char *url, const char *file, int block)
{
	struct sigaction sa = { .sa_handler = on_go };
	char out[128];
	int prc, perr, grc, gerr;

	setenv("RUMP_SERVER", url, 1);
	sigaction(SIGUSR1, &sa, NULL);
	if (rumpclient_init() != 0) {
		snprintf(out, sizeof(out), "init-failed %d\n", errno);
		put(file, out);
		return 1;
	}
	put(file, "ready\n");
	prc = perr = 0;
	if (block) {
		prc = rump_sys_poll(NULL, 0, -1);
		perr = errno;
	} else {
		while (!go)
			pause();
	}
	grc = rump_sys_getpid();
	gerr = errno;
	snprintf(out, sizeof(out), "poll %d %d getpid %d %d\n", prc,
		 prc < 0 ? perr : 0, grc, grc < 0 ? gerr : 0);
	put(file, out);
	return 0;
}

static int connect_main(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0)
		return errno;
	return 0;
}

/* Drop to uid with groups "g0,g1,...", then run argv. */
static int as_main(const char *uid, const char *groups, char **argv)
{
	gid_t g[16];
	char *end;
	const char *p = groups;
	int n = 0;

	while (*p && n < 16) {
		g[n++] = (gid_t)strtoul(p, &end, 10);
		p = *end == ',' ? end + 1 : end;
		if (end == p && *p)
			break;
	}
	if (n == 0 || setgroups((size_t)n - 1, g + 1) != 0 ||
	    setgid(g[0]) != 0 || setuid((uid_t)atoi(uid)) != 0) {
		perror("sp-kdev as");
		return 126;
	}
	execv(argv[0], argv);
	perror(argv[0]);
	return 127;
}

int main(int argc, char **argv)
{
	int fd;

	if (argc >= 5 && !strcmp(argv[1], "as"))
		return as_main(argv[2], argv[3], argv + 4);

	if (argc == 3 && !strcmp(argv[1], "test")) {
		char url[128];

		snprintf(name, sizeof(name), "%s", argv[2]);
		snprintf(devpath, sizeof(devpath), "%s/%s", RUMPVISOR_DEV_DIR,
			 name);
		snprintf(url, sizeof(url), "dev://%s", name);
		setenv("RUMP_SERVER", url, 1);
		return test_main();
	}
	if (argc == 4 && (!strcmp(argv[1], "block") ||
			  !strcmp(argv[1], "hold")))
		return wait_main(argv[2], argv[3], !strcmp(argv[1], "block"));
	if (argc == 3 && !strcmp(argv[1], "open")) {
		fd = open(argv[2], O_RDWR);
		return fd < 0 ? errno : 0;
	}
	if (argc == 3 && !strcmp(argv[1], "connect"))
		return connect_main(argv[2]);
	fprintf(argc == 2 && !strcmp(argv[1], "--help") ? stdout : stderr,
		"usage: sp-kdev test NAME | block URL FILE | hold URL FILE |\n"
		"       open PATH | connect PATH | as UID GID[,GID...] PROGRAM "
		"[ARGS...]\n"
		"The device path of an in-kernel guest (TAP), and helpers "
		"for the VM's\nlifecycle and permission tests.\n");
	return argc == 2 && !strcmp(argv[1], "--help") ? 0 : 2;
}
