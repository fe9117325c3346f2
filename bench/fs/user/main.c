// SPDX-License-Identifier: BSD-2-Clause
/*
 * fsbench-user: the file-system benchmarks with the reference guest in
 * this process, on the userspace hypervisor.  Halts the guest at the end.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>

#include "../fsbench.h"

static void out(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* The clock the userspace hypervisor's ABSMONO clock reads. */
static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int usage(const char *prog, int rc)
{
	fprintf(rc ? stderr : stdout,
		"usage: %s [--host NAME] [--files N] [--mib N]\n"
		"Boots the reference guest in this process and runs the "
		"file-system benchmarks;\nprints 'BENCH host= case= iters= "
		"ps=' lines (bench/fs/report.py makes tables).\n", prog);
	return rc;
}

int main(int argc, char **argv)
{
	struct fsbench_host h = {
		.name = "user", .print = out, .now_ns = now_ns,
		.buflen = FSBENCH_IOSIZE, .files = 10000, .mib = 256,
	};
	int bad;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--host") && i + 1 < argc)
			h.name = argv[++i];
		else if (!strcmp(argv[i], "--files") && i + 1 < argc)
			h.files = atol(argv[++i]);
		else if (!strcmp(argv[i], "--mib") && i + 1 < argc)
			h.mib = atol(argv[++i]);
		else
			return usage(argv[0], strcmp(argv[i], "--help") ? 2 : 0);
	}
	if (h.files < 1 || h.files > 99999 || h.mib < 1)
		return usage(argv[0], 2);
	h.buf = malloc(h.buflen);
	if (!h.buf) {
		fprintf(stderr, "fsbench-user: out of memory\n");
		return 1;
	}
	bad = fsbench_run(&h);
	/* The halt may end the process: say how it went first. */
	if (bad > 0)
		fprintf(stderr, "fsbench-user: %d case(s) failed\n", bad);
	if (bad >= 0)
		rump_sys_reboot(0, NULL);
	free(h.buf);
	return bad ? 1 : 0;
}
