/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * File-system benchmarks of the reference guest, portable: the same cases
 * (bench/fs/cases.c) run with the guest inside the kernel and in a
 * process; bench/fs/linux-tmpfs.c does the same operations on Linux's own
 * tmpfs.  Results are lines in bench/report.py's format:
 *   BENCH host=<host> case=<name> iters=<n> ps=<picoseconds per op>
 * Cases: rump_init (one boot), getpid (one call), smallfile_create (one
 * create+write+close), smallfile_unlink, seq_write_mib and seq_read_mib
 * (one MiB).
 */
#ifndef FSBENCH_H
#define FSBENCH_H

struct fsbench_host {
	const char *name;		/* host= of the result lines */
	/* Print one line (printf-style, no trailing newline). */
	void (*print)(const char *fmt, ...)
		__attribute__((__format__(__printf__, 1, 2)));
	long long (*now_ns)(void);	/* a monotonic clock */
	char *buf;			/* I/O buffer of buflen bytes */
	unsigned long buflen;
	long files;			/* small files to create (10000) */
	long mib;			/* size of the sequential file (256) */
	/*
	 * NULL, or called once the guest is up, right before the small-file
	 * case: two guests measured at once wait there for a common start.
	 */
	void (*ready)(void);
};

/* Boot the guest (timed) and run every case.  Returns 0, -1 when the
 * guest did not boot (nothing to halt), or the number of failed cases. */
int fsbench_run(const struct fsbench_host *host);

/* Size of every small file, and of one I/O request of the sequential
 * cases; the Linux reference uses the same. */
#define FSBENCH_SMALL	128
#define FSBENCH_IOSIZE	65536
/* Repeat a cheap case until it has run this long. */
#define FSBENCH_MIN_NS	(200LL * 1000 * 1000)

#endif /* FSBENCH_H */
