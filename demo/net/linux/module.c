// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpvisor_netdemo.ko: the network demo inside the Linux kernel, as a
 * resident guest.  Loading boots the rump kernel with its TCP/IP stack,
 * gives virt0 an address (10.0.2.17/24) on a native network device that
 * Linux sees as NETDEMO0 ("netdemo0": the instance name and the unit),
 * starts a web server in the guest (port 80) and, on a thread of its
 * own, fetches http://10.0.2.2/ through the guest's stack, printing the
 * last 500 bytes of the page in dmesg ("netdemo: | ...").  Linux only
 * has to give its end an address:
 *
 *   insmod rumpvisor_netdemo.ko
 *   ip addr add 10.0.2.2/24 dev netdemo0 && ip link set netdemo0 up
 *   ping 10.0.2.17; wget -O - http://10.0.2.17/; ip -s link show netdemo0
 *   rmmod rumpvisor_netdemo        (halts the guest; netdemo0 goes away)
 *
 * link=tap:tap0 uses a tap device handed over with rumptap instead.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <rumpvisor/carrier.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>

#include "../netdemo.h"

static char *link;
module_param(link, charp, 0444);
MODULE_PARM_DESC(link, "virt0's link string (default: the native device INSTANCE0; tap:IFNAME, pair:NAME)");
static char *addr = "10.0.2.17";
module_param(addr, charp, 0444);
MODULE_PARM_DESC(addr, "the guest's address");
static int prefix = 24;
module_param(prefix, int, 0444);
MODULE_PARM_DESC(prefix, "its prefix length");
static char *fetch = "10.0.2.2";
module_param(fetch, charp, 0444);
MODULE_PARM_DESC(fetch, "the web server to fetch from (empty: no fetch)");
static char *path = "/";
module_param(path, charp, 0444);
MODULE_PARM_DESC(path, "the page to fetch");
static int wait = 30;
module_param(wait, int, 0444);
MODULE_PARM_DESC(wait, "seconds the fetch keeps trying to connect");
static int port = 80;
module_param(port, int, 0444);
MODULE_PARM_DESC(port, "the guest's web server port (0: none)");

static int listen_fd = -1;

static void demo_print(const char *fmt, ...)
{
	struct va_format vaf;
	va_list ap;

	va_start(ap, fmt);
	vaf.fmt = fmt;
	vaf.va = &ap;
	pr_info("netdemo: %pV\n", &vaf);
	va_end(ap);
}

static int demo_error(void)
{
	return rumpvisor_errno();
}

static const struct netdemo_host host = {
	.print = demo_print,
	.error = demo_error,
	.where = "inside the Linux kernel (rumpvisor.ko)",
};

/* Boot, bring virt0 up and listen: 0 leaves the guest running. */
static int demo_boot(void *arg)
{
	int err = rump_init();

	if (err)
		return err;
	err = netdemo_up(&host, link && *link ? link : NULL, addr, prefix);
	if (err)
		return err;
	if (port > 0) {
		listen_fd = netdemo_listen(&host, port);
		if (listen_fd < 0)
			return -listen_fd;
	}
	return 0;
}

static int demo_serve(void *arg)
{
	long n = netdemo_serve(&host, listen_fd);

	return n < 0 ? (int)-n : 0;
}

static int demo_fetch(void *arg)
{
	return netdemo_fetch(&host, fetch, 80, path, wait);
}

static int demo_halt(void *arg)
{
	netdemo_stop(&host);
	demo_print("halting the rump kernel (rump_sys_reboot(0))");
	return rump_sys_reboot(0, NULL) < 0 ? rumpvisor_errno() : 0;
}

static struct rumpvisor_carrier carrier = {
	RUMPVISOR_CARRIER_INIT("netdemo"),
	.boot = demo_boot,
	.halt = demo_halt,
};
RUMPVISOR_CARRIER_PARAMS(carrier);

static int __init netdemo_init(void)
{
	int err;

	demo_print("the network demo inside the Linux kernel");
	err = rumpvisor_carrier_start(&carrier, THIS_MODULE);
	if (err)
		return err;
	if (listen_fd >= 0)
		err = rumpvisor_start(carrier.rv, "httpd", demo_serve, NULL);
	if (!err && fetch && *fetch)
		err = rumpvisor_start(carrier.rv, "fetch", demo_fetch, NULL);
	if (err) {
		rumpvisor_carrier_stop(&carrier, NULL);
		return err;
	}
	return 0;
}

static void __exit netdemo_exit(void)
{
	struct rumpvisor_status st;

	rumpvisor_carrier_stop(&carrier, &st);
	if (st.how == RUMPVISOR_EXITED && !st.value && !st.bytes_left)
		demo_print("halted; the guest returned all its memory");
	else
		demo_print("the guest ended otherwise: %lu bytes reclaimed by rumpvisor",
			   st.bytes_left);
}

module_init(netdemo_init);
module_exit(netdemo_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("rumpvisor network demo: a resident rump kernel with its "
		   "TCP/IP stack on a Linux network device");
