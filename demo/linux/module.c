// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpvisor_fsdemo.ko: the file-system demo inside the Linux kernel.
 * Loading boots the rump kernel on a rumpvisor thread, runs the demo (its
 * lines appear in dmesg as "fsdemo: ..."), halts the guest with
 * rump_sys_reboot and checks that it gave all its memory back; the load
 * fails when any of that did not work.  Unloading has nothing left to do.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <rumpvisor/linux.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>

#include "../fsdemo.h"

static void demo_print(const char *fmt, ...)
{
	struct va_format vaf;
	va_list ap;

	va_start(ap, fmt);
	vaf.fmt = fmt;
	vaf.va = &ap;
	pr_info("fsdemo: %pV\n", &vaf);
	va_end(ap);
}

static int demo_error(void)
{
	return rumpvisor_errno();
}

static const struct fsdemo_host host = {
	.print = demo_print,
	.error = demo_error,
};

static int demo_main(void *arg)
{
	return fsdemo_run(&host);
}

static int demo_halt(void *arg)
{
	if (rump_sys_reboot(RUMP_RB_HALT, NULL) < 0)
		return rumpvisor_errno();
	return 0;
}

/*
 * Halt the guest and let go of the hypervisor.  A halt that ends the
 * guest through rumpuser_exit(0) shows as -ESHUTDOWN with result 0.
 */
static int demo_stop(void)
{
	int rv, result = 0;
	long left;

	demo_print("halting the rump kernel (rump_sys_reboot)");
	rv = rumpvisor_run(THIS_MODULE, "fsdemo-halt", demo_halt, NULL,
			   &result);
	left = rumpvisor_release(THIS_MODULE);
	if ((rv && rv != -ESHUTDOWN) || result || left) {
		pr_err("fsdemo: halt: run %d, result %d, %ld bytes left\n",
		       rv, result, left);
		return -EIO;
	}
	demo_print("halted; the guest returned all its memory");
	return 0;
}

/*
 * Everything happens at load: the guest's threads pin this module while
 * they live, so the guest is halted right after the demo, not at unload.
 */
static int __init fsdemo_init(void)
{
	int rv, result = 0, error;

	demo_print("running the file-system demo inside the Linux kernel");
	rv = rumpvisor_run(THIS_MODULE, "fsdemo", demo_main, NULL, &result);
	if (rv == 0 && result >= 0) {
		error = demo_stop();
	} else {
		/* The guest did not boot (or died): nothing to halt. */
		error = -EIO;
		if (rumpvisor_release(THIS_MODULE))
			pr_err("fsdemo: the guest left memory behind\n");
	}
	if (rv || result) {
		pr_err("fsdemo: demo failed: run %d, result %d\n", rv, result);
		error = rv ? rv : -EIO;
	}
	return error;
}

static void __exit fsdemo_exit(void)
{
}

module_init(fsdemo_init);
module_exit(fsdemo_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("rumpvisor file-system demo: a rump kernel with tmpfs "
		   "and kernfs inside Linux");
