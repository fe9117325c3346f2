// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpvisor_vfstest.ko: the VFS suite inside the Linux kernel, as a
 * resident guest on rumpvisor.ko.  Loading creates the instance and runs
 * the suite (TAP in the kernel log as "NAME: ...", NAME the instance,
 * vfstest unless instance= says otherwise), synchronously, or in
 * the background with async=1 (several guests at once); the guest then
 * stays up.  rmmod halts it with rump_sys_reboot(0) and checks, in a
 * second small TAP stream, that it exited by itself and left no memory.
 * quick=1 runs the smaller suite used by the load/unload cycles.  The
 * same source is built a second time as rumpvisor_vfstest2.ko, so that
 * two reference guests can run side by side.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <rumpvisor/carrier.h>
#include <rump/rumpuser.h>

#include "../vt.h"

static int quick;
module_param(quick, int, 0444);
MODULE_PARM_DESC(quick, "smaller counts (load/unload cycles)");
static int async;
module_param(async, int, 0444);
MODULE_PARM_DESC(async, "run the suite in the background (insmod returns at once)");

static struct rumpvisor_carrier carrier;

/* TAP lines carry the instance's name: two suites may run at once. */
static void vt_kprint(const char *s)
{
	pr_info("%s: %s\n", carrier.instance, s);
}

static int vt_kerrno(void)
{
	return rumpvisor_errno();
}

/*
 * Suite threads are guest threads (guest code runs on nothing else),
 * joined with rumpuser_thread_join: every wait of a guest thread must be
 * one the hypervisor can end when the guest is stopped in the middle of
 * the suite.  Their records are guest memory, reclaimed with the guest.
 */
struct vt_kthr {
	void (*fn)(void *);
	void *arg;
	void *cookie;
};

static void *vt_kthr_main(void *p)
{
	struct vt_kthr *t = p;

	t->fn(t->arg);
	return NULL;
}

static int vt_kspawn(void (*fn)(void *), void *arg, void **cookie)
{
	struct vt_kthr *t;
	int rv;

	rv = rumpuser_malloc(sizeof(*t), 0, (void **)&t);
	if (rv)
		return rv;
	t->fn = fn;
	t->arg = arg;
	rv = rumpuser_thread_create(vt_kthr_main, t, "vtthr", 1, 0, -1,
				    &t->cookie);
	if (rv) {
		rumpuser_free(t, sizeof(*t));
		return rv;
	}
	*cookie = t;
	return 0;
}

static void vt_kjoin(void *cookie)
{
	struct vt_kthr *t = cookie;

	rumpuser_thread_join(t->cookie);
	rumpuser_free(t, sizeof(*t));
}

static struct vt_host vt_khost = {
	.name = "linux",
	.print = vt_kprint,
	.geterrno = vt_kerrno,
	.spawn = vt_kspawn,
	.join = vt_kjoin,
};

static int vt_suite(void *arg)
{
	return vt_run(arg);
}

static int vt_halt_fn(void *arg)
{
	return vt_halt();
}

static struct rumpvisor_carrier carrier = {
	RUMPVISOR_CARRIER_INIT("vfstest"),
	.halt = vt_halt_fn,
};
RUMPVISOR_CARRIER_PARAMS(carrier);

static int __init vt_init(void)
{
	int err, result = 0;

	vt_khost.quick = quick;
	err = rumpvisor_carrier_start(&carrier, THIS_MODULE);
	if (err)
		return err;
	if (async)
		err = rumpvisor_start(carrier.rv, "vfstest", vt_suite, &vt_khost);
	else
		err = rumpvisor_carrier_call(&carrier, "vfstest", vt_suite,
					     &vt_khost, &result);
	if (err)
		pr_info("%s: Bail out! the suite did not run to its end (%d)\n",
			carrier.instance, err);
	return 0;
}

/*
 * The halt: rump_sys_reboot(0) exits the guest (after a clean teardown
 * when nothing else runs in it); every byte must have come back.
 */
static void __exit vt_exit(void)
{
	struct rumpvisor_status st = {};
	int ok;

	rumpvisor_carrier_stop(&carrier, &st);
	ok = st.how == RUMPVISOR_EXITED && st.value == 0;
	pr_info("%s: %sok 1 - rump_sys_reboot(0) halts the guest (%s %d)\n",
		carrier.instance, ok ? "" : "not ", ok ? "exited" : "ended",
		st.value);
	pr_info("%s: %sok 2 - the halted guest left no memory (%lu bytes)\n",
		carrier.instance, st.bytes_left ? "not " : "", st.bytes_left);
	pr_info("%s: 1..2\n", carrier.instance);
}

module_init(vt_init);
module_exit(vt_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("rumpvisor reference guest: VFS test suite");
