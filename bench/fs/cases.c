// SPDX-License-Identifier: BSD-2-Clause
/*
 * File-system benchmarks on the reference guest through the rump client
 * API only; the host glue supplies a clock, an I/O buffer and output.
 * Every case measures the guest's system-call path as a client sees it,
 * the way bench/fs/linux-tmpfs.c measures Linux's.
 */
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>

#include "fsbench.h"

#define DIR "/fsbench"

static const struct fsbench_host *H;

/*
 * One result: the time per operation, and when the case ran on the
 * monotonic clock (SPAN), so that guests running at once can be added up
 * over the time they really took together.
 */
static void report(const char *name, long iters, long long t0)
{
	long long t1 = H->now_ns(), ns = t1 - t0;

	H->print("BENCH host=%s case=%s iters=%ld ps=%lld", H->name, name,
		 iters, ns * 1000 / (iters ? iters : 1));
	H->print("SPAN host=%s case=%s iters=%ld t0=%lld t1=%lld", H->name,
		 name, iters, t0, t1);
}

static int failed(const char *what)
{
	H->print("fsbench: %s failed", what);
	return 1;
}

/* DIR "/f" followed by the five-digit decimal i. */
static void file_name(char *p, long i)
{
	static const char pre[] = DIR "/f";
	int k;

	for (k = 0; pre[k]; k++)
		p[k] = pre[k];
	for (int d = 4; d >= 0; d--, i /= 10)
		p[k + d] = (char)('0' + i % 10);
	p[k + 5] = '\0';
}

static int bench_getpid(void)
{
	long long t0, dt;
	long n;

	for (n = 1024;; n *= 2) {
		t0 = H->now_ns();
		for (long i = 0; i < n; i++)
			rump_sys_getpid();
		dt = H->now_ns() - t0;
		if (dt >= FSBENCH_MIN_NS)
			break;
	}
	report("getpid", n, t0);
	return 0;
}

static int bench_small(void)
{
	char name[32];
	long long t0;
	int fd;

	for (int i = 0; i < FSBENCH_SMALL; i++)
		H->buf[i] = (char)i;
	t0 = H->now_ns();
	for (long i = 0; i < H->files; i++) {
		file_name(name, i);
		fd = rump_sys_open(name, RUMP_O_WRONLY | RUMP_O_CREAT |
				   RUMP_O_EXCL, 0644);
		if (fd < 0)
			return failed("small file create");
		if (rump_sys_write(fd, H->buf, FSBENCH_SMALL) != FSBENCH_SMALL)
			return failed("small file write");
		if (rump_sys_close(fd) < 0)
			return failed("small file close");
	}
	report("smallfile_create", H->files, t0);
	t0 = H->now_ns();
	for (long i = 0; i < H->files; i++) {
		file_name(name, i);
		if (rump_sys_unlink(name) < 0)
			return failed("small file unlink");
	}
	report("smallfile_unlink", H->files, t0);
	return 0;
}

static int bench_seq(void)
{
	const long per_mib = (1L << 20) / FSBENCH_IOSIZE;
	const long reqs = H->mib * per_mib;
	long long t0;
	int fd;

	if (H->buflen < FSBENCH_IOSIZE)
		return failed("buffer too small:");
	for (long i = 0; i < FSBENCH_IOSIZE; i++)
		H->buf[i] = (char)(i * 7);
	fd = rump_sys_open(DIR "/seq", RUMP_O_WRONLY | RUMP_O_CREAT |
			   RUMP_O_TRUNC, 0644);
	if (fd < 0)
		return failed("seq create");
	t0 = H->now_ns();
	for (long i = 0; i < reqs; i++) {
		if (rump_sys_write(fd, H->buf, FSBENCH_IOSIZE) !=
		    FSBENCH_IOSIZE) {
			rump_sys_close(fd);
			return failed("seq write");
		}
	}
	if (rump_sys_fsync(fd) < 0 || rump_sys_close(fd) < 0)
		return failed("seq fsync/close");
	report("seq_write_mib", H->mib, t0);

	fd = rump_sys_open(DIR "/seq", RUMP_O_RDONLY);
	if (fd < 0)
		return failed("seq open");
	t0 = H->now_ns();
	for (long i = 0; i < reqs; i++) {
		if (rump_sys_read(fd, H->buf, FSBENCH_IOSIZE) !=
		    FSBENCH_IOSIZE) {
			rump_sys_close(fd);
			return failed("seq read");
		}
	}
	report("seq_read_mib", H->mib, t0);
	/* The last request must have read what the first wrote. */
	if (H->buf[1] != 7 || H->buf[FSBENCH_IOSIZE - 1] !=
	    (char)((FSBENCH_IOSIZE - 1) * 7)) {
		rump_sys_close(fd);
		return failed("seq read-back check");
	}
	rump_sys_close(fd);
	if (rump_sys_unlink(DIR "/seq") < 0)
		return failed("seq unlink");
	return 0;
}

int fsbench_run(const struct fsbench_host *host)
{
	long long t0;
	int error, bad = 0;

	H = host;
	t0 = H->now_ns();
	error = rump_init();
	if (error) {
		H->print("fsbench: rump_init failed: %d", error);
		return -1;
	}
	report("rump_init", 1, t0);
	/*
	 * Run as a client process of our own, as a NetBSD client does: the
	 * calling thread keeps one lwp instead of borrowing one per call.
	 */
	error = rump_lwproc_rfork(RUMP_RFCFDG);
	if (error) {
		H->print("fsbench: rump_lwproc_rfork failed: %d", error);
		return -1;
	}
	bad += bench_getpid();
	if (rump_sys_mkdir(DIR, 0755) < 0)
		return bad + failed("mkdir " DIR);
	/* Two guests started together (async=1, go=1) start here: nothing
	 * that takes a variable time runs between their start and the
	 * small-file case the report adds up over their common span. */
	if (H->ready)
		H->ready();
	bad += bench_small();
	if (H->mib > 0)
		bad += bench_seq();
	if (rump_sys_rmdir(DIR) < 0)
		bad += failed("rmdir " DIR);
	rump_lwproc_releaselwp();
	return bad;
}
