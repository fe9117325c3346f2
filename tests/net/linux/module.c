// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpvisor_nettest.ko: a resident reference guest with its TCP/IP stack
 * for the network tests against Linux (tests/vm/check-net.sh).  Loading
 * boots it with virt0 (link=, default the native device nettest0) at
 * addr/prefix; each line written to the cmd parameter runs one guest
 * command (tests/net/gcmd.c) on a guest thread, and reading cmd tells
 * how it goes:
 *
 *   echo "recv 5001 52428800 7" > /sys/module/rumpvisor_nettest/parameters/cmd
 *   cat /sys/module/rumpvisor_nettest/parameters/cmd
 *     starting CMD | running CMD (set up: start Linux's side) |
 *     done RC TEXT (RC 0 or a NetBSD errno) | idle
 *
 * One command at a time (EBUSY otherwise).  rmmod halts the guest.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <rumpvisor/carrier.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/netconfig.h>

#include "../gcmd.h"

#define CMD_MAX		256

static char *link;
module_param(link, charp, 0444);
MODULE_PARM_DESC(link, "virt0's link string (default: the native device INSTANCE0)");
static char *addr = "10.0.2.17";
module_param(addr, charp, 0444);
MODULE_PARM_DESC(addr, "the guest's address");
static int prefix = 24;
module_param(prefix, int, 0444);
MODULE_PARM_DESC(prefix, "its prefix length");

static DEFINE_SPINLOCK(status_lock);
static char status[CMD_MAX + 32] = "idle";
static char line[CMD_MAX];
static bool busy;

static struct rumpvisor_carrier carrier;

static void set_status(const char *what, const char *text, bool done)
{
	spin_lock(&status_lock);
	snprintf(status, sizeof(status), "%s %s", what, text);
	if (done)
		busy = false;
	spin_unlock(&status_lock);
}

static void nt_print(const char *fmt, ...)
{
	struct va_format vaf;
	va_list ap;

	va_start(ap, fmt);
	vaf.fmt = fmt;
	vaf.va = &ap;
	pr_info("%s: %pV\n", carrier.instance, &vaf);
	va_end(ap);
}

static int nt_error(void)
{
	return rumpvisor_errno();
}

static void nt_ready(void)
{
	set_status("running", line, false);
}

static void nt_result(int rc, const char *fmt, ...)
{
	char text[CMD_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	pr_info("%s: %s -> %d %s\n", carrier.instance, line, rc, text);
	snprintf(line, sizeof(line), "%d %s", rc, text);
	set_status("done", line, true);
}

static const struct gcmd_host host = {
	.print = nt_print,
	.error = nt_error,
	.ready = nt_ready,
	.result = nt_result,
};

static int run_cmd(void *arg)
{
	char copy[CMD_MAX];

	strscpy(copy, line, sizeof(copy));
	gcmd_run(&host, copy);
	return 0;
}

static int cmd_set(const char *val, const struct kernel_param *kp)
{
	int err;

	spin_lock(&status_lock);
	if (busy || !carrier.rv) {
		spin_unlock(&status_lock);
		return carrier.rv ? -EBUSY : -ENODEV;
	}
	busy = true;
	strscpy(line, val, sizeof(line));
	strim(line);
	snprintf(status, sizeof(status), "starting %s", line);
	spin_unlock(&status_lock);
	err = rumpvisor_start(carrier.rv, "gcmd", run_cmd, NULL);
	if (err)
		set_status("done", "5 could not start a guest thread", true);
	return err;
}

static int cmd_get(char *buf, const struct kernel_param *kp)
{
	int n;

	spin_lock(&status_lock);
	n = sysfs_emit(buf, "%s\n", status);
	spin_unlock(&status_lock);
	return n;
}

static const struct kernel_param_ops cmd_ops = {
	.set = cmd_set,
	.get = cmd_get,
};
module_param_cb(cmd, &cmd_ops, NULL, 0600);
MODULE_PARM_DESC(cmd, "write: a guest command to run; read: starting, running or done RC TEXT");

static int nt_boot(void *arg)
{
	int err = rump_init();

	if (!err)
		err = rump_pub_netconfig_ifcreate("virt0");
	if (!err && link && *link)
		err = rump_pub_netconfig_ifsetlinkstr("virt0", link);
	if (!err)
		err = rump_pub_netconfig_ipv4_ifaddr_cidr("virt0", addr, prefix);
	if (err)
		nt_print("virt0 on %s: error %d", link ? link : "native", err);
	return err;
}

static int nt_halt(void *arg)
{
	return rump_sys_reboot(0, NULL) < 0 ? rumpvisor_errno() : 0;
}

static struct rumpvisor_carrier carrier = {
	RUMPVISOR_CARRIER_INIT("nettest"),
	.boot = nt_boot,
	.halt = nt_halt,
};
RUMPVISOR_CARRIER_PARAMS(carrier);

static int __init nettest_init(void)
{
	return rumpvisor_carrier_start(&carrier, THIS_MODULE);
}

static void __exit nettest_exit(void)
{
	rumpvisor_carrier_stop(&carrier, NULL);
}

module_init(nettest_init);
module_exit(nettest_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("rumpvisor network tests: a resident rump kernel driven "
		   "by guest commands against Linux's stack");
