// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpvisor_rk.ko: the reference guest as a resident service.  Loading
 * boots it (tmpfs root, kernfs on /kern) and, with server= or device=,
 * serves its system calls to Linux processes: over a unix or TCP socket
 * (NetBSD's librumpclient and ours), and through /dev/rumpvisor/NAME
 * (ours, dev://NAME).  It then stays up, visible to rumpctl, until
 * rmmod halts it with rump_sys_reboot(0): the server ends its clients
 * first, then the guest frees everything.
 *
 *   insmod rumpvisor_rk.ko instance=rk server=unix:///run/rk.sock device=1
 *   RUMP_SERVER=dev://rk rumpctl ls /kern
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <rumpvisor/carrier.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>

/* Boot, mount kernfs, serve if asked: 0 or a NetBSD errno. */
static int rk_boot(void *arg)
{
	const char *url;
	int err = rump_init();

	if (err)
		return err;
	if (rump_sys_mkdir("/kern", 0755) < 0 ||
	    rump_sys_mount("kernfs", "/kern", 0, NULL, 0) < 0)
		return rumpvisor_errno();
	url = rumpvisor_server_url();
	if (url) {
		err = rump_init_server(url);
		if (err)
			pr_err("rumpvisor_rk: cannot serve %s (NetBSD error %d)\n",
			       url, err);
	}
	return err;
}

static int rk_halt(void *arg)
{
	return rump_sys_reboot(0, NULL) < 0 ? rumpvisor_errno() : 0;
}

static struct rumpvisor_carrier carrier = {
	RUMPVISOR_CARRIER_INIT("rk"),
	.boot = rk_boot,
	.halt = rk_halt,
};
RUMPVISOR_CARRIER_PARAMS(carrier);

static int __init rk_init(void)
{
	return rumpvisor_carrier_start(&carrier, THIS_MODULE);
}

static void __exit rk_exit(void)
{
	rumpvisor_carrier_stop(&carrier, NULL);
}

module_init(rk_init);
module_exit(rk_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("rumpvisor: the reference rump kernel (tmpfs, kernfs) as a resident guest serving Linux processes");
