// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpvisor_fsdemo.ko: the file-system demo inside the Linux kernel, as a
 * resident guest.  Loading boots the rump kernel and runs the demo (its
 * lines appear in dmesg as "fsdemo: ..."); the guest then stays up, with
 * its kernfs and tmpfs mounted, visible in /sys/kernel/rumpvisor/fsdemo
 * and to rumpctl.  rmmod halts it (rump_sys_reboot(0): a clean halt) and
 * reports how it ended and what it left.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <rumpvisor/carrier.h>
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

/* Boot and run the demo: 0 leaves the guest running. */
static int demo_boot(void *arg)
{
	int failed = fsdemo_run(&host);

	if (failed)
		demo_print("the demo failed (%d)", failed);
	return failed ? 5 /* NetBSD EIO */ : 0;
}

static int demo_halt(void *arg)
{
	demo_print("halting the rump kernel (rump_sys_reboot(0))");
	return rump_sys_reboot(0, NULL) < 0 ? rumpvisor_errno() : 0;
}

static struct rumpvisor_carrier carrier = {
	RUMPVISOR_CARRIER_INIT("fsdemo"),
	.boot = demo_boot,
	.halt = demo_halt,
};
RUMPVISOR_CARRIER_PARAMS(carrier);

static int __init fsdemo_init(void)
{
	demo_print("running the file-system demo inside the Linux kernel");
	return rumpvisor_carrier_start(&carrier, THIS_MODULE);
}

static void __exit fsdemo_exit(void)
{
	struct rumpvisor_status st;

	rumpvisor_carrier_stop(&carrier, &st);
	if (st.how == RUMPVISOR_EXITED && !st.value && !st.bytes_left)
		demo_print("halted; the guest returned all its memory");
	else
		demo_print("the guest ended otherwise: %lu bytes reclaimed by rumpvisor",
			   st.bytes_left);
}

module_init(fsdemo_init);
module_exit(fsdemo_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("rumpvisor file-system demo: a resident rump kernel with "
		   "tmpfs and kernfs inside Linux");
