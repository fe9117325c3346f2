// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpvisor.ko: module load/unload, rumpuser_init() and the lifecycle of
 * the (single) guest instance: rumpvisor_run() and rumpvisor_release().
 */
#include "hyp.h"

#include <linux/slab.h>
#include <linux/string.h>

struct rv_instance rv_inst = {
	.lock = __MUTEX_INITIALIZER(rv_inst.lock),
	.threads_lock = __SPIN_LOCK_UNLOCKED(rv_inst.threads_lock),
	.threads = LIST_HEAD_INIT(rv_inst.threads),
	.nthreads = ATOMIC_INIT(0),
	.nguest = ATOMIC_INIT(0),
	.ended = COMPLETION_INITIALIZER(rv_inst.ended),
};

struct rumpuser_hyperup rv_hyp;

int rumpuser_init(int version, const struct rumpuser_hyperup *hyp)
{
	if (version != RUMPUSER_VERSION) {
		pr_err("guest wants hypercall interface %d, we have %d\n",
		       version, RUMPUSER_VERSION);
		return RV_EINVAL;
	}
	if (!hyp)
		return RV_EINVAL;

	mutex_lock(&rv_inst.lock);
	if (rv_inst.initialised) {
		mutex_unlock(&rv_inst.lock);
		return RV_EBUSY;
	}
	memcpy(&rv_hyp, hyp, sizeof(rv_hyp));
	rv_inst.initialised = true;
	rv_inst.seq++;
	rv_param_start(rv_inst.seq);
	mutex_unlock(&rv_inst.lock);
	return 0;
}
EXPORT_SYMBOL(rumpuser_init);

int rumpvisor_run(struct module *owner, const char *name,
		  int (*fn)(void *), void *arg, int *result)
{
	struct rv_thread *t;
	int err;

	mutex_lock(&rv_inst.lock);
	if (rv_inst.owner && rv_inst.owner != owner) {
		mutex_unlock(&rv_inst.lock);
		return -EBUSY;
	}
	rv_inst.owner = owner;
	if (READ_ONCE(rv_inst.dying)) {
		/* The guest is gone; only rumpvisor_release() helps now. */
		*result = rv_inst.exit_value;
		mutex_unlock(&rv_inst.lock);
		return -ESHUTDOWN;
	}
	mutex_unlock(&rv_inst.lock);

	t = kzalloc(sizeof(*t), GFP_KERNEL | __GFP_NOWARN);
	if (!t)
		return -ENOMEM;
	t->run = fn;
	t->arg = arg;
	t->joinable = true;
	t->guest = true;
	err = rv_thread_spawn(t, name ? name : "rumpvisor", -1);
	if (err) {
		kfree(t);
		return err;
	}
	/* Idle wait: a long-running guest must not look like a hung task. */
	wait_for_completion_state(&t->done, TASK_IDLE);
	if (t->died) {
		*result = READ_ONCE(rv_inst.exit_value);
		err = -ESHUTDOWN;
	} else {
		*result = t->ret;
	}
	rv_thread_put(t);
	return err;
}
EXPORT_SYMBOL(rumpvisor_run);

/*
 * End the instance: stop the bio thread, end guest threads that are still
 * around (a guest that halted cleanly has none), wait until every thread
 * we ever started has left rumpvisor's code, then forget everything.
 * Called with rv_inst.lock held.
 */
static void rv_instance_end(void)
{
	unsigned int n, i;
	int left;

	rv_bio_stop();
	left = atomic_read(&rv_inst.nguest);
	if (left > 0) {
		if (!READ_ONCE(rv_inst.dying))
			pr_warn("%d guest thread(s) still running at release, ending them\n",
				left);
		rv_kill_threads(NULL);
	}

	spin_lock(&rv_inst.threads_lock);
	n = rv_inst.spawned;
	spin_unlock(&rv_inst.threads_lock);
	for (i = 0; i < n; i++)
		wait_for_completion_state(&rv_inst.ended, TASK_IDLE);

	rv_bio_reset();
	rv_files_reset();
	rv_console_flush();
	rv_curlwp_reset();
	rv_exit_reset();

	spin_lock(&rv_inst.threads_lock);
	rv_inst.spawned = 0;
	spin_unlock(&rv_inst.threads_lock);
	reinit_completion(&rv_inst.ended);
	WRITE_ONCE(rv_inst.dying, false);
	rv_inst.exited = false;
	rv_inst.exit_value = 0;
	rv_inst.initialised = false;
	memset(&rv_hyp, 0, sizeof(rv_hyp));
}

long rumpvisor_release(struct module *owner)
{
	long allocs, bytes;

	mutex_lock(&rv_inst.lock);
	if (rv_inst.owner != owner) {
		mutex_unlock(&rv_inst.lock);
		pr_warn("release by a module that holds no claim\n");
		return 0;
	}
	rv_instance_end();
	rv_mem_counts(&allocs, &bytes);
	if (allocs || bytes)
		pr_warn("guest left %ld allocation(s), %ld bytes\n",
			allocs, bytes);
	/* Leaked memory stays leaked; the next instance counts afresh. */
	rv_mem_reset();
	rv_inst.owner = NULL;
	mutex_unlock(&rv_inst.lock);
	return bytes;
}
EXPORT_SYMBOL(rumpvisor_release);

static int __init rv_module_init(void)
{
	rv_curlwp_init();
	rv_param_start(0);
	pr_info("hypercall interface v%d ready\n", RUMPUSER_VERSION);
	return 0;
}

static void __exit rv_module_exit(void)
{
	/*
	 * Every thread drops its reference on us just before its final
	 * complete(); wait for those so no thread is left in our text.
	 */
	mutex_lock(&rv_inst.lock);
	rv_instance_end();
	rv_mem_reset();
	rv_inst.owner = NULL;
	mutex_unlock(&rv_inst.lock);
}

module_init(rv_module_init);
module_exit(rv_module_exit);

MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("rumpvisor: a hypervisor for rump kernels");
