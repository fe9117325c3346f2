// SPDX-License-Identifier: BSD-2-Clause
/*
 * fsbench-linux: the reference rows of the file-system benchmarks.  The
 * same operations as bench/fs/cases.c, on Linux's own file system through
 * libc system calls (in the VM: the tmpfs on /tmp).  host=linux.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "fsbench.h"

#define TMPFS_MAGIC_NR 0x01021994

static const char *host = "linux";
static char dir[256];

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void report(const char *name, long iters, long long ns)
{
	printf("BENCH host=%s case=%s iters=%ld ps=%lld\n", host, name, iters,
	       ns * 1000 / iters);
	fflush(stdout);
}

static int failed(const char *what, const char *path)
{
	fprintf(stderr, "fsbench-linux: %s %s: %s\n", what, path,
		strerror(errno));
	return 1;
}

/* A real system call each time: glibc no longer caches getpid, but say
 * so explicitly. */
static void bench_getpid(void)
{
	long long t0, dt;
	long n;

	for (n = 1024;; n *= 2) {
		t0 = now_ns();
		for (long i = 0; i < n; i++)
			syscall(SYS_getpid);
		dt = now_ns() - t0;
		if (dt >= FSBENCH_MIN_NS)
			break;
	}
	report("getpid", n, dt);
}

static int bench_small(long files, char *buf)
{
	char name[320];
	long long t0;
	int fd;

	for (int i = 0; i < FSBENCH_SMALL; i++)
		buf[i] = (char)i;
	t0 = now_ns();
	for (long i = 0; i < files; i++) {
		snprintf(name, sizeof(name), "%s/f%05ld", dir, i);
		fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0)
			return failed("create", name);
		if (write(fd, buf, FSBENCH_SMALL) != FSBENCH_SMALL)
			return failed("write", name);
		if (close(fd) < 0)
			return failed("close", name);
	}
	report("smallfile_create", files, now_ns() - t0);
	t0 = now_ns();
	for (long i = 0; i < files; i++) {
		snprintf(name, sizeof(name), "%s/f%05ld", dir, i);
		if (unlink(name) < 0)
			return failed("unlink", name);
	}
	report("smallfile_unlink", files, now_ns() - t0);
	return 0;
}

static int bench_seq(long mib, char *buf)
{
	const long reqs = mib * ((1L << 20) / FSBENCH_IOSIZE);
	char name[320];
	long long t0;
	int fd;

	for (long i = 0; i < FSBENCH_IOSIZE; i++)
		buf[i] = (char)(i * 7);
	snprintf(name, sizeof(name), "%s/seq", dir);
	fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return failed("create", name);
	t0 = now_ns();
	for (long i = 0; i < reqs; i++)
		if (write(fd, buf, FSBENCH_IOSIZE) != FSBENCH_IOSIZE)
			return failed("write", name);
	if (fsync(fd) < 0 || close(fd) < 0)
		return failed("fsync/close", name);
	report("seq_write_mib", mib, now_ns() - t0);
	fd = open(name, O_RDONLY);
	if (fd < 0)
		return failed("open", name);
	t0 = now_ns();
	for (long i = 0; i < reqs; i++)
		if (read(fd, buf, FSBENCH_IOSIZE) != FSBENCH_IOSIZE)
			return failed("read", name);
	report("seq_read_mib", mib, now_ns() - t0);
	close(fd);
	if (unlink(name) < 0)
		return failed("unlink", name);
	return 0;
}

int main(int argc, char **argv)
{
	const char *base = "/tmp";
	long files = 10000, mib = 256;
	struct statfs sfs;
	char *buf;
	int bad = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--host") && i + 1 < argc)
			host = argv[++i];
		else if (!strcmp(argv[i], "--dir") && i + 1 < argc)
			base = argv[++i];
		else if (!strcmp(argv[i], "--files") && i + 1 < argc)
			files = atol(argv[++i]);
		else if (!strcmp(argv[i], "--mib") && i + 1 < argc)
			mib = atol(argv[++i]);
		else {
			fprintf(stderr, "usage: %s [--host NAME] [--dir DIR] "
				"[--files N] [--mib N]\n", argv[0]);
			return 2;
		}
	}
	if (files < 1 || files > 99999 || mib < 1)
		return 2;
	if (statfs(base, &sfs) == 0 && sfs.f_type != TMPFS_MAGIC_NR)
		fprintf(stderr, "fsbench-linux: note: %s is not a tmpfs\n",
			base);
	snprintf(dir, sizeof(dir), "%s/fsbench.%d", base, (int)getpid());
	if (mkdir(dir, 0755) < 0)
		return failed("mkdir", dir);
	buf = malloc(FSBENCH_IOSIZE);
	if (!buf)
		return 1;
	bench_getpid();
	bad += bench_small(files, buf);
	bad += bench_seq(mib, buf);
	if (rmdir(dir) < 0)
		bad += failed("rmdir", dir);
	free(buf);
	return bad ? 1 : 0;
}
