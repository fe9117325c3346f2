// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpvisor.ko: module load and unload, rumpuser_init(), and the `stats`
 * parameter (all instances together).
 */
#include "hyp.h"

#include <linux/moduleparam.h>
#include <linux/string.h>

int rumpuser_init(int version, const struct rumpuser_hyperup *hyp)
{
	struct rv_instance *inst = rv_current();
	int err = 0;

	if (version != RUMPUSER_VERSION) {
		pr_err("guest wants hypercall interface %d, we have %d\n",
		       version, RUMPUSER_VERSION);
		return RV_EINVAL;
	}
	if (!hyp)
		return RV_EINVAL;
	if (!inst) {
		pr_err("rumpuser_init from %s[%d], which is no guest thread: guests run on rumpvisor threads (rumpvisor_call)\n",
		       current->comm, task_pid_nr(current));
		return RV_EINVAL;
	}
	spin_lock(&inst->lock);
	if (inst->state != RV_CREATED) {
		err = RV_EBUSY;
	} else {
		memcpy(&inst->hyp, hyp, sizeof(inst->hyp));
		WRITE_ONCE(inst->state, RV_RUNNING);
	}
	spin_unlock(&inst->lock);
	return err;
}
EXPORT_SYMBOL(rumpuser_init);

static int stats_get(char *buf, const struct kernel_param *kp)
{
	long threads, allocs, bytes;
	unsigned int n;

	n = rv_registry_sum(&threads, &allocs, &bytes);
	return sysfs_emit(buf, "threads=%ld allocs=%ld bytes=%ld instances=%u pages=%ld idle_workers=%u\n",
			  threads, allocs, bytes, n, rv_mem_pages_total(),
			  rv_pool_idle());
}

static const struct kernel_param_ops stats_ops = {
	.get = stats_get,
};
module_param_cb(stats, &stats_ops, NULL, 0444);
MODULE_PARM_DESC(stats, "live guest threads and allocations of all instances, host pages they hold (read-only)");

static int __init rv_module_init(void)
{
	int err;

	err = rv_params_defaults_check();
	if (err)
		return err;
	err = rv_mem_module_init();
	if (err)
		return err;
	err = rv_sysfs_init();
	if (err)
		goto undo_mem;
	err = rv_dev_module_init();
	if (err)
		goto undo_sysfs;
	err = rv_virtif_init();
	if (err)
		goto undo_dev;
	rv_fault_init();
	preempt_notifier_inc();
	pr_info("hypercall interface v%d ready\n", RUMPUSER_VERSION);
	return 0;

undo_dev:
	rv_dev_module_exit();
undo_sysfs:
	rv_sysfs_fini();
undo_mem:
	rv_mem_module_fini();
	return err;
}

/*
 * Carriers depend on us, so none is loaded and every instance has been
 * destroyed; wait for the last releases, then end the idle workers.
 */
static void __exit rv_module_exit(void)
{
	rv_instances_drain();
	rv_pool_fini();
	rv_virtif_fini();
	preempt_notifier_dec();
	rv_fault_fini();
	rv_dev_module_exit();
	rv_sysfs_fini();
	rv_mem_module_fini();
}

module_init(rv_module_init);
module_exit(rv_module_exit);

MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("rumpvisor: a hypervisor for rump kernels");
