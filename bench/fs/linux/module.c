// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpvisor_fsbench.ko: the file-system benchmarks with the reference
 * guest inside the kernel, as a guest of its own.  Loading boots the
 * guest (timed) and runs every case, synchronously or with async=1 in the
 * background (two such guests at once); results are "NAME: BENCH ..."
 * lines in the kernel log (NAME: the instance, fsbench by default).
 * Loading succeeds even when a case fails: the log says what happened.
 * rmmod halts the guest.  Built a second time as rumpvisor_fsbench2.ko.
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <rumpvisor/carrier.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>

#include "../fsbench.h"

static long nfiles = 10000;
module_param(nfiles, long, 0444);
MODULE_PARM_DESC(nfiles, "small files to create (1..99999)");
static long mib = 256;
module_param(mib, long, 0444);
MODULE_PARM_DESC(mib, "size of the sequential file in MiB (0: no sequential cases)");
static char *host = "kernel";
module_param(host, charp, 0444);
MODULE_PARM_DESC(host, "host= of the result lines (kernel)");
static int async;
module_param(async, int, 0444);
MODULE_PARM_DESC(async, "run in the background (insmod returns at once)");
static int go;
module_param(go, int, 0644);
MODULE_PARM_DESC(go, "with async=1 the small-file case waits until 1 is written here (two guests start it together), at most 60 s");

static int bench_halt(void *arg)
{
	return rump_sys_reboot(0, NULL) < 0 ? rumpvisor_errno() : 0;
}

static struct rumpvisor_carrier carrier = {
	RUMPVISOR_CARRIER_INIT("fsbench"),
	.halt = bench_halt,
};
RUMPVISOR_CARRIER_PARAMS(carrier);

static void out(const char *fmt, ...)
{
	struct va_format vaf;
	va_list ap;

	va_start(ap, fmt);
	vaf.fmt = fmt;
	vaf.va = &ap;
	pr_info("%s: %pV\n", carrier.instance, &vaf);
	va_end(ap);
}

/* The clock rumpvisor's RUMPUSER_CLOCK_ABSMONO reads. */
static long long now_ns(void)
{
	return ktime_get_ns();
}

/* Wait (outside the guest) for the start signal, bounded. */
static void wait_go(void)
{
	unsigned long end = jiffies + 60 * HZ;

	out("ready, waiting for go");
	while (!READ_ONCE(go) && time_before(jiffies, end))
		msleep(1);
}

static struct fsbench_host bhost = {
	.name = "kernel", .print = out, .now_ns = now_ns,
	.buflen = FSBENCH_IOSIZE,
};

static int bench_main(void *arg)
{
	int bad = fsbench_run(arg);

	if (bad > 0)
		out("%d case(s) failed", bad);
	out("done");
	return bad;
}

static int __init fsbench_init(void)
{
	int err, result = 0;

	if (nfiles < 1 || nfiles > 99999 || mib < 0)
		return -EINVAL;
	bhost.name = host;
	bhost.files = nfiles;
	bhost.mib = mib;
	bhost.ready = async ? wait_go : NULL;
	bhost.buf = kvmalloc(bhost.buflen, GFP_KERNEL);
	if (!bhost.buf)
		return -ENOMEM;
	err = rumpvisor_carrier_start(&carrier, THIS_MODULE);
	if (err)
		goto free_buf;
	if (async)
		err = rumpvisor_start(carrier.rv, "fsbench", bench_main, &bhost);
	else
		err = rumpvisor_carrier_call(&carrier, "fsbench", bench_main,
					     &bhost, &result);
	if (err || result)
		pr_err("%s: run %d, result %d\n", carrier.instance, err,
		       result);
	return 0;

free_buf:
	kvfree(bhost.buf);
	return err;
}

static void __exit fsbench_exit(void)
{
	rumpvisor_carrier_stop(&carrier, NULL);
	kvfree(bhost.buf);
}

module_init(fsbench_init);
module_exit(fsbench_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("rumpvisor: file-system benchmarks of the reference "
		   "guest (kernel side)");
