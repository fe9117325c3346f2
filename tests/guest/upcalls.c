// SPDX-License-Identifier: BSD-2-Clause
/* struct rumpuser_hyperup: what the hypervisor calls back into. */
#include "guest.h"

static pid_t next_pid = 1;
static unsigned long n_lwpexit, n_execnotify;

static void hyp_schedule(void)
{
	tg_sched_enter();
}

static void hyp_unschedule(void)
{
	tg_sched_leave();
}

/* Give the CPU back before the hypervisor blocks. */
static void hyp_backend_unschedule(int nlocks_in, int *nlocks, void *interlock)
{
	struct lwp *l = rumpuser_curlwp();

	(void)nlocks_in;
	if (nlocks)
		*nlocks = 0;
	if (!l) {
		tg_anomaly();
		return;
	}
	l->l_stats.backend_unsched++;
	l->l_stats.last_interlock = interlock;
	if (l->l_cpu < 0) {
		/* Not scheduled (a guest thread waiting unscheduled): the
		 * matching backend_schedule must not hand it a CPU. */
		l->l_stats.unsched_unheld++;
		l->l_bu_unheld = 1;
		return;
	}
	tg_cpu_give(l);
}

static void hyp_backend_schedule(int nlocks, void *interlock)
{
	struct lwp *l = rumpuser_curlwp();

	if (!l) {
		tg_anomaly();
		return;
	}
	l->l_stats.backend_sched++;
	if (l->l_bu_unheld) {
		l->l_bu_unheld = 0;
		return;
	}
	if (l->l_cpu >= 0) {
		tg_anomaly();
		return;
	}
	tg_cpu_take(l);
	tg_run_sched_hook(nlocks, interlock);
}

static void hyp_lwproc_switch(struct lwp *l)
{
	tg_lwp_switch(l);
}

/* Drop the current lwp; the thread carries on with a temporary one. */
static void hyp_lwproc_release(void)
{
	struct lwp *old = rumpuser_curlwp();

	if (!old || old->l_temp) {
		tg_anomaly();
		return;
	}
	tg_lwp_switch(NULL);
	tg_lwp_free(old);
}

static int hyp_lwproc_rfork(void *priv, int flags, const char *comm)
{
	struct lwp *l;

	(void)priv;
	(void)flags;
	(void)comm;
	l = tg_lwp_new(__atomic_add_fetch(&next_pid, 1, __ATOMIC_SEQ_CST), 0);
	if (!l)
		return 12;
	tg_lwp_mark_hyp(l);
	tg_lwp_switch(l);
	return 0;
}

static int hyp_lwproc_newlwp(pid_t pid)
{
	struct lwp *l = tg_lwp_new(pid, 0);

	if (!l)
		return 12;
	tg_lwp_mark_hyp(l);
	tg_lwp_switch(l);
	return 0;
}

static struct lwp *hyp_lwproc_curlwp(void)
{
	return rumpuser_curlwp();
}

static int hyp_syscall(int num, void *data, long *retval)
{
	(void)num;
	(void)data;
	if (retval)
		retval[0] = -1;
	return 78;	/* ENOSYS: this guest serves no system calls */
}

static void hyp_lwpexit(void)
{
	struct lwp *l = rumpuser_curlwp();

	if (l)
		l->l_exited = 1;
	__atomic_add_fetch(&n_lwpexit, 1, __ATOMIC_SEQ_CST);
}

static void hyp_execnotify(const char *comm)
{
	(void)comm;
	__atomic_add_fetch(&n_execnotify, 1, __ATOMIC_SEQ_CST);
}

static pid_t hyp_getpid(void)
{
	struct lwp *l = rumpuser_curlwp();

	return l ? l->l_pid : 0;
}

const struct rumpuser_hyperup tg_hyp = {
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

const struct rumpuser_hyperup *tg_hyperup(void)
{
	return &tg_hyp;
}
