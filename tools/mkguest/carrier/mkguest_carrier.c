// SPDX-License-Identifier: BSD-2-Clause
/*
 * The carrier rumpvisor-mkguest builds around a rump kernel (a guest
 * object of NetBSD's components, linked by the tool).  Its settings come
 * from mkguest_config.h, which the tool writes.  At load, on a guest
 * thread: the constructors the guest's objects have (NetBSD's
 * RUMP_USE_CTOR registrations), rump_init, the syscall-proxy server
 * (rump_init_server), the network interfaces (rump_pub_netconfig_*) and
 * the glue's hook; the guest then stays up.  At unload: the glue's halt
 * hook, then rump_sys_reboot(0), with which NetBSD exits, or RB_HALT,
 * with which it halts and never returns (rumpvisor ends it after
 * halt_ms), or nothing (halt=none: ended at once).  Only NetBSD's own
 * API is called, so this works with any hypervisor that provides the
 * hypercalls those calls make.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <rumpvisor/carrier.h>
#include <rumpvisor/mkguest.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/netconfig.h>

#include "mkguest_config.h"

/* rump_sys_reboot under the name the guest defines it (NetBSD renames it). */
int MKG_SYS_REBOOT(int howto, char *bootstr);

static int mkg_boot(void *arg);
static int mkg_halt(void *arg);

static struct rumpvisor_carrier carrier = {
	.instance = MKG_INSTANCE, .ncpu = MKG_NCPU,
	.hostname = MKG_HOSTNAME, .files = MKG_FILES,
	.memlimit = MKG_MEMLIMIT, .verbose = MKG_VERBOSE,
	.halt_ms = MKG_HALT_MS, .boot = mkg_boot, .halt = mkg_halt,
	.server = MKG_SERVER, .server_group = MKG_SERVER_GROUP,
	.device = MKG_DEVICE,
};
RUMPVISOR_CARRIER_PARAMS(carrier);

static char *halt_how = MKG_HALT;
module_param_named(halt, halt_how, charp, 0444);
MODULE_PARM_DESC(halt, "how rmmod asks the guest to end: reboot (rump_sys_reboot(0): it exits), rbhalt (RB_HALT: it halts and never exits; rumpvisor ends it after halt_ms) or none");

int rumpvisor_glue_boot(void) __weak;
void rumpvisor_glue_halt(void) __weak;

static bool booted;		/* rump_init returned 0 */

/* Report a failed step; its NetBSD errno. */
static int mkg_failed(const char *call, const char *arg, int err)
{
	pr_err("%s: %s(%s) failed: NetBSD errno %d\n", carrier.instance,
	       call, arg ? arg : "", err);
	return err;
}

#if MKG_HAS_CTORS
typedef void (*mkg_ctor_fn)(void);
extern const mkg_ctor_fn __mkguest_init_array_start[];
extern const mkg_ctor_fn __mkguest_init_array_end[];

/* The constructors, in the order a program's start-up runs them. */
static int mkg_run_ctors(void)
{
	const mkg_ctor_fn *fn;

	for (fn = __mkguest_init_array_start; fn < __mkguest_init_array_end;
	     fn++)
		(*fn)();
	return fn - __mkguest_init_array_start;
}
#else
static int mkg_run_ctors(void)
{
	return 0;
}
#endif

#if MKG_NIFS > 0
struct mkg_if {
	const char *name, *link, *addr, *mask;
	bool dhcp;
};

static const struct mkg_if mkg_ifs[] = MKG_IFS;

/* Create, attach and address one interface, as ifconfig would. */
static int mkg_ifconfig(const struct mkg_if *i)
{
	int err;

	err = rump_pub_netconfig_ifcreate(i->name);
	if (err)
		return mkg_failed("rump_pub_netconfig_ifcreate", i->name, err);
	if (i->link) {
		err = rump_pub_netconfig_ifsetlinkstr(i->name, i->link);
		if (err)
			return mkg_failed("rump_pub_netconfig_ifsetlinkstr",
					  i->link, err);
	}
	err = rump_pub_netconfig_ifup(i->name);
	if (err)
		return mkg_failed("rump_pub_netconfig_ifup", i->name, err);
	if (i->addr) {
		err = rump_pub_netconfig_ipv4_ifaddr(i->name, i->addr, i->mask);
		if (err)
			return mkg_failed("rump_pub_netconfig_ipv4_ifaddr",
					  i->addr, err);
	} else if (i->dhcp) {
		err = rump_pub_netconfig_dhcp_ipv4_oneshot(i->name);
		if (err)
			return mkg_failed("rump_pub_netconfig_dhcp_ipv4_oneshot",
					  i->name, err);
	}
	pr_info("%s: interface %s up%s%s%s%s\n", carrier.instance, i->name,
		i->link ? ", link " : "", i->link ?: "",
		i->addr ? ", inet " : i->dhcp ? ", inet from DHCP" : "",
		i->addr ?: "");
	return 0;
}

static int mkg_netconfig(void)
{
	const char *gw = MKG_GW;
	size_t n;
	int err;

	for (n = 0; n < ARRAY_SIZE(mkg_ifs); n++) {
		err = mkg_ifconfig(&mkg_ifs[n]);
		if (err)
			return err;
	}
	if (gw) {
		err = rump_pub_netconfig_ipv4_gw(gw);
		if (err)
			return mkg_failed("rump_pub_netconfig_ipv4_gw", gw, err);
	}
	return 0;
}
#else
static int mkg_netconfig(void)
{
	return 0;
}
#endif

/*
 * The syscall-proxy server at the URL rumpvisor has for this instance
 * (server=, or dev://NAME with device=1; none without either).
 */
static int mkg_serve(void)
{
	const char *server = rumpvisor_server_url();
	int err;

	if (!server || !server[0])
		return 0;
#if MKG_HAS_SERVER
	err = rump_init_server(server);
	if (err)
		return mkg_failed("rump_init_server", server, err);
	pr_info("%s: serving system calls at %s\n", carrier.instance, server);
#else
	err = 22;	/* NetBSD's EINVAL */
	pr_err("%s: server=/device= given, but this rump kernel cannot serve (no rump_init_server: build it with the syscall-proxy component)\n",
	       carrier.instance);
#endif
	return err;
}

static int mkg_boot(void *arg)
{
	int nctors = mkg_run_ctors(), err;

	err = rump_init();
	if (err)
		return mkg_failed("rump_init", NULL, err);
	WRITE_ONCE(booted, true);
	err = mkg_serve();
	if (!err)
		err = mkg_netconfig();
	if (!err && rumpvisor_glue_boot) {
		err = rumpvisor_glue_boot();
		if (err)
			mkg_failed("rumpvisor_glue_boot", NULL, err);
	}
	if (!err)
		pr_info("%s: rump kernel up: %s (%d constructors run)\n",
			carrier.instance, MKG_COMPONENTS, nctors);
	return err;
}

static int mkg_halt(void *arg)
{
	int howto = strcmp(halt_how, "rbhalt") ? 0 : RUMP_RB_HALT;

	if (rumpvisor_glue_halt)
		rumpvisor_glue_halt();
	/* Before rump_init returned, NetBSD cannot be asked: ended at once. */
	if (!READ_ONCE(booted))
		return 0;
	if (MKG_SYS_REBOOT(howto, NULL) < 0)
		return rumpvisor_errno();
	return 0;
}

static int __init mkg_init(void)
{
	if (!strcmp(halt_how, "none")) {
		carrier.halt = NULL;
	} else if (strcmp(halt_how, "reboot") && strcmp(halt_how, "rbhalt")) {
		pr_err("%s: halt=%s: reboot, rbhalt or none\n",
		       carrier.instance, halt_how);
		return -EINVAL;
	}
	return rumpvisor_carrier_start(&carrier, THIS_MODULE);
}

static void __exit mkg_exit(void)
{
	struct rumpvisor_status st;
	char how[48];

	rumpvisor_carrier_stop(&carrier, &st);
	rumpvisor_describe(&st, how, sizeof(how));
	pr_info("%s: guest ended (%s): rumpvisor reclaimed %lu bytes in %lu allocations, %lu pages, %u threads, %u host files\n",
		carrier.instance, how, st.bytes_left, st.allocs_left,
		st.pages_reclaimed, st.threads_killed, st.files_closed);
}

module_init(mkg_init);
module_exit(mkg_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("rump kernel " MKG_COMPONENTS " on rumpvisor (made by rumpvisor-mkguest)");
