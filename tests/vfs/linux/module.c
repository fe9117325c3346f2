// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpvisor_vfstest.ko: the VFS suite inside the Linux kernel, on top of
 * rumpvisor.ko.  Loading boots the guest and runs the suite on a
 * rumpvisor thread (TAP in the kernel log as "vt: ..."), then halts the
 * guest with rump_sys_reboot(RUMP_RB_HALT) and checks that it left no
 * memory behind (a second, small TAP stream); the module then holds
 * nothing and unloads.  quick=1 runs the smaller suite used by the
 * load/unload cycles.
 */
#include <linux/completion.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <rumpvisor/linux.h>
#include <rump/rumpuser.h>

#include "../vt.h"

static int quick;
module_param(quick, int, 0444);
MODULE_PARM_DESC(quick, "smaller counts (load/unload cycles)");

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

static int vt_run_fn(void *arg)
{
	return vt_run(arg);
}

static int vt_halt_fn(void *arg)
{
	return vt_halt();
}

/*
 * Halt: rump_sys_reboot may return (0) or end the guest through
 * rumpuser_exit(0) (rumpvisor_run then says -ESHUTDOWN with result 0);
 * either way every guest thread must be gone and no byte left.  This
 * happens at the end of loading, not in module_exit: while guest threads
 * live, rumpvisor pins this module, so rmmod could never reach the exit
 * routine of a running guest.
 */
static void vt_halt_and_release(void)
{
	int rv, result = -1, ok;
	long left;

	rv = rumpvisor_run(THIS_MODULE, "vfshalt", vt_halt_fn, NULL, &result);
	ok = (rv == 0 || rv == -ESHUTDOWN) && result == 0;
	pr_info("vt: %sok 1 - rump_sys_reboot(RUMP_RB_HALT) halts the guest "
		"(run %d, result %d)\n", ok ? "" : "not ", rv, result);
	left = rumpvisor_release(THIS_MODULE);
	pr_info("vt: %sok 2 - the halted guest left no memory (%ld bytes)\n",
		left ? "not " : "", left);
	pr_info("vt: 1..2\n");
}

static int __init vt_init(void)
{
	int rv, result = 0;

	vt_khost.quick = quick;
	rv = rumpvisor_run(THIS_MODULE, "vfstest", vt_run_fn, &vt_khost,
			   &result);
	if (rv == 0) {
		vt_halt_and_release();
		return 0;
	}
	if (rv == -ESHUTDOWN)
		pr_info("vt: # vfs: the guest ended with rumpuser_exit(%d)\n",
			result);
	else
		pr_info("vt: # vfs: rumpvisor_run failed: %d\n", rv);
	pr_info("vt: Bail out! the suite did not run to its end (%d); %ld "
		"bytes left\n", rv, rumpvisor_release(THIS_MODULE));
	return 0;
}

static void __exit vt_exit(void)
{
}

module_init(vt_init);
module_exit(vt_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("rumpvisor reference guest: VFS test suite");
