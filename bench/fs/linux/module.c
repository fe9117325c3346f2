// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpvisor_fsbench.ko: the file-system benchmarks with the reference
 * guest inside the kernel.  Loading boots the guest (timed), runs every
 * case, halts the guest and releases the hypervisor; results are
 * "fsbench: BENCH ..." lines in the kernel log.  Loading succeeds even
 * when a case fails: the log says what happened.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <rumpvisor/linux.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>

#include "../fsbench.h"

static long files = 10000;
module_param(files, long, 0444);
MODULE_PARM_DESC(files, "small files to create (1..99999)");
static long mib = 256;
module_param(mib, long, 0444);
MODULE_PARM_DESC(mib, "size of the sequential file in MiB");

static void out(const char *fmt, ...)
{
	struct va_format vaf;
	va_list ap;

	va_start(ap, fmt);
	vaf.fmt = fmt;
	vaf.va = &ap;
	pr_info("fsbench: %pV\n", &vaf);
	va_end(ap);
}

/* The clock rumpvisor's RUMPUSER_CLOCK_ABSMONO reads. */
static long long now_ns(void)
{
	return ktime_get_ns();
}

static int bench_main(void *arg)
{
	int bad = fsbench_run(arg);

	/* The halt may end this thread: say how it went first. */
	if (bad > 0)
		out("%d case(s) failed", bad);
	if (bad >= 0 && rump_sys_reboot(RUMP_RB_HALT, NULL) < 0)
		out("rump_sys_reboot failed: %d", rumpvisor_errno());
	return bad;
}

static int __init fsbench_init(void)
{
	struct fsbench_host h = {
		.name = "kernel", .print = out, .now_ns = now_ns,
		.buflen = FSBENCH_IOSIZE, .files = files, .mib = mib,
	};
	int rv, result = 0;
	long left;

	if (files < 1 || files > 99999 || mib < 1)
		return -EINVAL;
	h.buf = kvmalloc(h.buflen, GFP_KERNEL);
	if (!h.buf)
		return -ENOMEM;
	rv = rumpvisor_run(THIS_MODULE, "fsbench", bench_main, &h, &result);
	left = rumpvisor_release(THIS_MODULE);
	kvfree(h.buf);
	/* A halt through rumpuser_exit(0) ends the run with -ESHUTDOWN. */
	if ((rv && rv != -ESHUTDOWN) || result || left)
		pr_err("fsbench: run %d, result %d, %ld bytes left\n", rv,
		       result, left);
	return 0;
}

static void __exit fsbench_exit(void)
{
}

module_init(fsbench_init);
module_exit(fsbench_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("rumpvisor: file-system benchmarks of the reference "
		   "guest (kernel side)");
