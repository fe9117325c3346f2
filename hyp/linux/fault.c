// SPDX-License-Identifier: BSD-2-Clause
/*
 * Fault injection at rumpvisor's own host calls (tests/faults).  Every
 * host call that can fail on a guest's behalf is a function of its own
 * (the points in hyp.h, enum rv_fault_point) that asks rv_fault() first.
 * Each point has a fault_attr of the kernel's fault-injection framework,
 * in debugfs as /sys/kernel/debug/rumpvisor/fail/POINT/ with the usual
 * knobs (probability, interval, times, space, task-filter, verbose: see
 * the kernel's Documentation/fault-injection), so the Nth call of one
 * point can be made to fail, or every call made by one task.
 *
 * The same functions carry ALLOW_ERROR_INJECTION for fail_function and
 * BPF.  On 6.1, though, fail_function decides inside its kprobe's int3
 * handler, which lockdep and in_task() see as NMI context: its task
 * filter never matches, and its random draw takes the crng's spinlock,
 * which lockdep reports as an inconsistent lock state.  The attributes
 * here decide in the calling task, where neither happens.
 *
 * Without CONFIG_FAULT_INJECTION (Debian's kernels) nothing here is built
 * and rv_fault() is a constant false.
 */
#include "hyp.h"

#ifdef CONFIG_FAULT_INJECTION_DEBUG_FS

#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/fault-inject.h>

/* debugfs names of the points, in enum order. */
static const char *const point_names[RV_FAULT_MAX] = {
	[RV_FAULT_SLAB_DESC] = "slab_desc",
	[RV_FAULT_SLAB_PAGES] = "slab_pages",
	[RV_FAULT_PAGE_BLOCK] = "page_block",
	[RV_FAULT_PAGE_RECORD] = "page_record",
	[RV_FAULT_JOB_NEW] = "job_new",
	[RV_FAULT_WORKER_NEW] = "worker_new",
	[RV_FAULT_CONFINED_OPEN] = "confined_open",
	[RV_FAULT_FD_ALLOC] = "fd_alloc",
	[RV_FAULT_FILE_RW] = "file_rw",
	[RV_FAULT_FILE_SYNC] = "file_sync",
	[RV_FAULT_BIO_REQ_NEW] = "bio_req_new",
	[RV_FAULT_PCPU_NEW] = "pcpu_new",
	[RV_FAULT_INSTANCE_PUBLISH] = "instance_publish",
	[RV_FAULT_SP_NEW] = "sp_new",
	[RV_FAULT_SP_SOCK_CREATE] = "sp_sock_create",
	[RV_FAULT_VIF_NEW] = "vif_new",
	[RV_FAULT_VIF_NETDEV] = "vif_netdev",
};

static struct fault_attr points[RV_FAULT_MAX] = {
	[0 ... RV_FAULT_MAX - 1] = FAULT_ATTR_INITIALIZER,
};
static struct dentry *fault_dir;

bool rv_fault(enum rv_fault_point pt)
{
	return should_fail(&points[pt], 1);
}

/* A missing debugfs is no reason to refuse the module: the points stay
 * off (probability 0) and rv_fault() false. */
void rv_fault_init(void)
{
	struct dentry *top, *d;
	int i;

	/* Off until armed (probability 0); one line per failure, no
	 * stack dump (a call trace on the console fails a VM test). */
	for (i = 0; i < RV_FAULT_MAX; i++)
		points[i].verbose = 1;
	top = debugfs_create_dir("rumpvisor", NULL);
	if (IS_ERR(top))
		return;
	fault_dir = top;
	d = debugfs_create_dir("fail", top);
	if (IS_ERR(d))
		return;
	for (i = 0; i < RV_FAULT_MAX; i++)
		fault_create_debugfs_attr(point_names[i], d, &points[i]);
}

void rv_fault_fini(void)
{
	debugfs_remove_recursive(fault_dir);
	fault_dir = NULL;
}

#endif /* CONFIG_FAULT_INJECTION_DEBUG_FS */
