// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpvisor_vfstest.ko: the VFS suite inside the Linux kernel, as a
 * resident guest on rumpvisor.ko.  Loading creates the instance and runs
 * the suite (TAP in the kernel log as "vt: ..."), synchronously, or in
 * the background with async=1 (several guests at once); the guest then
 * stays up.  rmmod halts it with rump_sys_reboot(0) and checks, in a
 * second small TAP stream, that it exited by itself and left no memory.
 * quick=1 runs the smaller suite used by the load/unload cycles.  The
 * same source is built a second time as rumpvisor_vfstest2.ko, so that
 * two reference guests can run side by side.
 */
#include <linux/completion.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <rumpvisor/carrier.h>
#include <rump/rumpuser.h>

#include "../vt.h"

#ifndef VT_INSTANCE
#define VT_INSTANCE "vfstest"
#endif

static int quick;
module_param(quick, int, 0444);
MODULE_PARM_DESC(quick, "smaller counts (load/unload cycles)");
static int async;
module_param(async, int, 0444);
MODULE_PARM_DESC(async, "run the suite in the background (insmod returns at once)");

static void vt_kprint(const char *s)
{
	pr_info("vt: %s\n", s);
}

static int vt_kerrno(void)
{
	return rumpvisor_errno();
}

/*
 * Suite threads are rumpvisor threads (guest code runs on nothing else);
 * they are detached and joined through a completion, so the joiner, a
 * client outside the guest, never blocks inside a hypercall.
 */
struct vt_kthr {
	struct completion done;
	void (*fn)(void *);
	void *arg;
};

static void *vt_kthr_main(void *p)
{
	struct vt_kthr *t = p;

	t->fn(t->arg);
	complete(&t->done);
	return NULL;
}

static int vt_kspawn(void (*fn)(void *), void *arg, void **cookie)
{
	struct vt_kthr *t = kzalloc(sizeof(*t), GFP_KERNEL);
	int rv;

	if (!t)
		return 12;	/* NetBSD ENOMEM */
	init_completion(&t->done);
	t->fn = fn;
	t->arg = arg;
	rv = rumpuser_thread_create(vt_kthr_main, t, "vtthr", 0, 0, -1, NULL);
	if (rv) {
		kfree(t);
		return rv;
	}
	*cookie = t;
	return 0;
}

static void vt_kjoin(void *cookie)
{
	struct vt_kthr *t = cookie;

	wait_for_completion(&t->done);
	kfree(t);
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
	RUMPVISOR_CARRIER_INIT(VT_INSTANCE),
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
		pr_info("vt: Bail out! the suite did not run to its end (%d)\n",
			err);
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
	pr_info("vt: %sok 1 - rump_sys_reboot(0) halts the guest (%s %d)\n",
		ok ? "" : "not ", ok ? "exited" : "ended", st.value);
	pr_info("vt: %sok 2 - the halted guest left no memory (%lu bytes)\n",
		st.bytes_left ? "not " : "", st.bytes_left);
	pr_info("vt: 1..2\n");
}

module_init(vt_init);
module_exit(vt_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("rumpvisor reference guest: VFS test suite");
