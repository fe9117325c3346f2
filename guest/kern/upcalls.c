// SPDX-License-Identifier: BSD-2-Clause
/* struct rumpuser_hyperup: how the hypervisor calls back into the guest. */
#include <rk/lib.h>
#include <rk/errno.h>
#include <rk/syscall.h>
#include "kern.h"

static void hyp_schedule(void)
{
	rk_schedule();
}

static void hyp_unschedule(void)
{
	rk_unschedule();
}

/*
 * The hypervisor is about to block: give the CPU back.  We have no big
 * kernel lock, so there are never locks to report.  A thread that holds
 * no CPU (an lwp blocking in an unscheduled path) just notes that the
 * matching backend_schedule must not take one.
 */
static void hyp_backend_unschedule(int nlocks_in, int *nlocks, void *interlock)
{
	struct lwp *l = rumpuser_curlwp();

	(void)nlocks_in;
	(void)interlock;
	if (nlocks)
		*nlocks = 0;
	if (!l)
		return;
	if (l->l_cpu < 0) {
		l->l_nosched = 1;
		return;
	}
	rk_cpu_give(l);
}

static void hyp_backend_schedule(int nlocks, void *interlock)
{
	struct lwp *l = rumpuser_curlwp();

	(void)nlocks;
	(void)interlock;
	if (!l)
		return;
	if (l->l_nosched) {
		l->l_nosched = 0;
		return;
	}
	if (l->l_cpu < 0)
		rk_cpu_take(l);
}

/*
 * As NetBSD's: switching to the lwp the thread already runs is a
 * hypervisor bug (NetBSD panics on an lwp running anywhere), not a no-op.
 */
static void hyp_lwproc_switch(struct lwp *l)
{
	if (l && l->l_magic != RK_LWP_MAGIC)
		return;
	if (l && l == rumpuser_curlwp())
		rk_panic("lwp %p already running", (void *)l);
	rk_lwp_switch(l);
}

/* Drop the current lwp; the thread goes on with an implicit one. */
static void hyp_lwproc_release(void)
{
	struct lwp *old = rumpuser_curlwp();

	if (!old || (old->l_flags & RK_LW_IMPLICIT))
		return;
	rk_lwp_switch(NULL);
	rk_lwp_free(old);
}

/* A new process (child of the current one) and switch to its lwp. */
static int hyp_lwproc_rfork(void *client, int flags, const char *comm)
{
	struct rk_proc *p;
	struct lwp *l;
	int error;

	error = rk_proc_create(rk_curproc(), flags, comm, &p);
	if (error)
		return error;
	p->p_client = client;
	l = rk_lwp_alloc(p, RK_LW_HYP);
	rk_proc_rele(p);	/* the lwp holds it now */
	rk_lwp_switch(l);
	return 0;
}

static int hyp_lwproc_newlwp(pid_t pid)
{
	struct rk_proc *p = rk_proc_find(pid);
	struct lwp *l;

	if (!p)
		return RK_ESRCH;
	l = rk_lwp_alloc(p, RK_LW_HYP);
	rk_proc_rele(p);
	rk_lwp_switch(l);
	return 0;
}

static struct lwp *hyp_lwproc_curlwp(void)
{
	return rumpuser_curlwp();
}

/* A remote client's system call: args in NetBSD's register_t layout. */
static int hyp_syscall(int num, void *data, long *retval)
{
	register_t rv[2] = { 0, 0 };
	int error;

	error = rk_syscall_enter(num);
	if (!error) {
		error = rk_syscall(num, data, rv);
		rk_syscall_leave();
	}
	if (retval) {
		retval[0] = rv[0];
		retval[1] = rv[1];
	}
	return error;
}

/*
 * NetBSD's meaning: every other lwp of the caller's process is to exit.
 * Their interruptible sleeps (poll, select) end with EINTR now, later
 * ones at once; the hypervisor calls this when a client goes away or a
 * device caller is signalled.
 */
static void hyp_lwpexit(void)
{
	rk_lwp_interrupt_others();
}

static void hyp_execnotify(const char *comm)
{
	struct rk_proc *p = rk_curproc();

	if (comm && p != &rk_proc0)
		rk_strlcpy(p->p_comm, comm, sizeof(p->p_comm));
}

static pid_t hyp_getpid(void)
{
	return rk_curproc()->p_pid;
}

const struct rumpuser_hyperup rk_hyperup = {
	.hyp_schedule = hyp_schedule,
	.hyp_unschedule = hyp_unschedule,
	.hyp_backend_unschedule = hyp_backend_unschedule,
	.hyp_backend_schedule = hyp_backend_schedule,
	.hyp_lwproc_switch = hyp_lwproc_switch,
	.hyp_lwproc_release = hyp_lwproc_release,
	.hyp_lwproc_rfork = hyp_lwproc_rfork,
	.hyp_lwproc_newlwp = hyp_lwproc_newlwp,
	.hyp_lwproc_curlwp = hyp_lwproc_curlwp,
	.hyp_syscall = hyp_syscall,
	.hyp_lwpexit = hyp_lwpexit,
	.hyp_execnotify = hyp_execnotify,
	.hyp_getpid = hyp_getpid,
};
