// SPDX-License-Identifier: BSD-2-Clause
/*
 * spbench: the syscall proxy from a Linux process, and Linux itself for
 * reference (bench/sysproxy/vm-bench.sh runs it in the VM).  Prints
 * "BENCH host=H case=C iters=N ps=P" lines (P: picoseconds per
 * operation; bench/report.py's format):
 *
 *   spbench linux HOST                 Linux's getpid; 64 KiB reads of a
 *                                      tmpfs file (/tmp)
 *   spbench proxy HOST URL             getpid and 64 KiB reads through
 *                                      librumpclient (RUMP_SERVER=URL)
 *   spbench create HOST URL NPROC N    NPROC processes, each its own
 *                                      connection, create N small files
 *                                      each at once: case create-NPROC,
 *                                      ps per file of all of them; URL
 *                                      "linux": Linux's own /tmp tmpfs,
 *                                      the reference for scaling
 *   spbench info NAME                  the device's INFO ioctl (a round
 *                                      trip that does not enter the guest)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rump/rumpclient.h>
#include <rump/rump_syscalls.h>
#include <rumpvisor/dev.h>

#define CHUNK		65536
#define READ_MIB	32
#define GETPID_ITERS	20000
#define GETPID_MIN	200		/* through a slow path: at least */
#define GETPID_SECS	3.0		/* ... and then up to this long */

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void report(const char *host, const char *cas, long iters, double ns)
{
	printf("BENCH host=%s case=%s iters=%ld ps=%.0f\n", host, cas, iters,
	       ns * 1000.0 / (double)iters);
	fflush(stdout);
}

static char buf[CHUNK];

/* ---- Linux ---- */

static int linux_main(const char *host)
{
	long i, n = GETPID_ITERS * 5, chunks = READ_MIB * 16;
	double t0;
	int fd;

	t0 = now_ns();
	for (i = 0; i < n; i++)
		syscall(SYS_getpid);
	report(host, "getpid", n, now_ns() - t0);
	fd = open("/tmp/spbench.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return 1;
	memset(buf, 'x', sizeof(buf));
	for (i = 0; i < chunks; i++)
		if (write(fd, buf, CHUNK) != CHUNK)
			return 1;
	t0 = now_ns();
	for (i = 0; i < chunks; i++)
		if (pread(fd, buf, CHUNK, i * CHUNK) != CHUNK)
			return 1;
	/* One op per MiB: ps per MiB read. */
	report(host, "read64k_mib", READ_MIB, now_ns() - t0);
	close(fd);
	unlink("/tmp/spbench.dat");
	return 0;
}

/* ---- through the proxy ---- */

static int connect_to(const char *url)
{
	setenv("RUMP_SERVER", url, 1);
	if (rumpclient_init() != 0) {
		fprintf(stderr, "spbench: %s: %s\n", url, strerror(errno));
		return -1;
	}
	return 0;
}

static int proxy_main(const char *host, const char *url)
{
	long i, n = GETPID_ITERS, chunks = READ_MIB * 16;
	double t0;
	int fd;

	if (connect_to(url) != 0)
		return 1;
	for (i = 0; i < 100; i++)
		rump_sys_getpid();
	/* A slow path (a socket under emulation) stops after some seconds. */
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		rump_sys_getpid();
		if (i >= GETPID_MIN && (i & 63) == 0 &&
		    now_ns() - t0 > GETPID_SECS * 1e9)
			break;
	}
	report(host, "getpid", i < n ? i + 1 : n, now_ns() - t0);
	fd = rump_sys_open("/spbench.dat", RUMP_O_RDWR | RUMP_O_CREAT |
			   RUMP_O_TRUNC, 0644);
	if (fd < 0)
		return 1;
	memset(buf, 'x', sizeof(buf));
	for (i = 0; i < chunks; i++)
		if (rump_sys_write(fd, buf, CHUNK) != CHUNK)
			return 1;
	t0 = now_ns();
	for (i = 0; i < chunks; i++)
		if (rump_sys_pread(fd, buf, CHUNK, i * CHUNK) != CHUNK)
			return 1;
	report(host, "read64k_mib", READ_MIB, now_ns() - t0);
	rump_sys_close(fd);
	rump_sys_unlink("/spbench.dat");
	return 0;
}

/* ---- concurrent processes ---- */

/* n small files in dir: through the proxy, or Linux's own (rump == 0). */
static int create_files(int rump, const char *dir, long n)
{
	char path[96];
	long i;
	int fd;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/f%ld", dir, i);
		if (!rump) {
			fd = open(path, O_WRONLY | O_CREAT, 0644);
			if (fd < 0 || write(fd, buf, 128) != 128 || close(fd))
				return 2;
			continue;
		}
		fd = rump_sys_open(path, RUMP_O_WRONLY | RUMP_O_CREAT, 0644);
		if (fd < 0 || rump_sys_write(fd, buf, 128) != 128 ||
		    rump_sys_close(fd) != 0)
			return 2;
	}
	return 0;
}

/*
 * One process: its own connection and a directory of its own for this
 * run (HOST and NPROC in its name: every run creates its files afresh,
 * none finds those of an earlier run), n small files.
 */
static int creator(const char *host, const char *url, int nproc, int id,
		   long n, int go)
{
	int rump = strcmp(url, "linux") != 0;
	char dir[64], c;

	if (rump && connect_to(url) != 0)
		return 1;
	snprintf(dir, sizeof(dir), "%s/spb-%s-%d-%d", rump ? "" : "/tmp", host,
		 nproc, id);
	if (rump)
		rump_sys_mkdir(dir, 0755);
	else
		mkdir(dir, 0755);
	memset(buf, 'c', 128);
	if (read(go, &c, 1) != 1)
		return 1;
	return create_files(rump, dir, n);
}

static int create_main(const char *host, const char *url, int nproc, long n)
{
	pid_t pids[256];
	int go[2], i, st, bad = 0;
	char cas[32];
	double t0;

	if (nproc < 1 || nproc > 256 || n < 1 || pipe(go) != 0)
		return 2;
	for (i = 0; i < nproc; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			close(go[1]);
			_exit(creator(host, url, nproc, i, n, go[0]));
		}
	}
	close(go[0]);
	usleep(200000 + 20000 * nproc);	/* all connected */
	t0 = now_ns();
	for (i = 0; i < nproc; i++)
		(void)!write(go[1], "g", 1);
	for (i = 0; i < nproc; i++) {
		waitpid(pids[i], &st, 0);
		bad += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	}
	close(go[1]);
	if (bad) {
		fprintf(stderr, "spbench: %d of %d creators failed\n", bad, nproc);
		return 1;
	}
	snprintf(cas, sizeof(cas), "create-%d", nproc);
	report(host, cas, nproc * n, now_ns() - t0);
	return 0;
}

static int info_main(const char *name)
{
	struct rumpvisor_devinfo info;
	char path[128];
	long i, n = GETPID_ITERS * 5;
	double t0;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", RUMPVISOR_DEV_DIR, name);
	fd = open(path, O_RDWR);
	if (fd < 0)
		return 1;
	t0 = now_ns();
	for (i = 0; i < n; i++)
		ioctl(fd, RUMPVISOR_IOC_INFO, &info);
	report("dev", "ioctl_info", n, now_ns() - t0);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "linux"))
		return linux_main(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "proxy"))
		return proxy_main(argv[2], argv[3]);
	if (argc == 6 && !strcmp(argv[1], "create"))
		return create_main(argv[2], argv[3], atoi(argv[4]),
				   atol(argv[5]));
	if (argc == 3 && !strcmp(argv[1], "info"))
		return info_main(argv[2]);
	fprintf(argc == 2 && !strcmp(argv[1], "--help") ? stdout : stderr,
		"usage: spbench linux HOST | proxy HOST URL |\n"
		"       create HOST URL NPROC FILES | info NAME\n"
		"Benchmarks of the syscall proxy from a Linux process "
		"(BENCH lines).\n");
	return argc == 2 && !strcmp(argv[1], "--help") ? 0 : 2;
}
