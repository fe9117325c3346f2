// SPDX-License-Identifier: BSD-2-Clause
/*
 * The upcalls the hypervisor makes (struct rumpuser_hyperup).  The
 * synthetic kernel has no virtual CPUs to give back: its code is safe
 * with the hypervisor's locks alone, so scheduling calls do nothing (but
 * check that the thread has an lwp, as NetBSD's do).  A
 * syscall-proxy client gets a one-lwp process whose every system call
 * is answered with ENOSYS.
 */
#include "sk.h"

static void sk_schedule(void)
{
}

static void sk_unschedule(void)
{
}

/*
 * NetBSD's rump_unschedule_cpu_interlock finds the virtual CPU through
 * curlwp: a hypervisor that asks a thread without an lwp to give one back
 * crashes it.  Panic in the same case, so that the tests see it.
 */
static void sk_backend_unschedule(int nlocks_in, int *nlocks, void *interlock)
{
	if (!rumpuser_curlwp()) {
		sk_printf("sk: panic: unschedule without an lwp\n");
		rumpuser_exit(RUMPUSER_PANIC);
	}
	(void)nlocks_in;
	(void)interlock;
	if (nlocks)
		*nlocks = 0;
}

static void sk_backend_schedule(int nlocks, void *interlock)
{
	(void)nlocks;
	(void)interlock;
}

static void sk_lwproc_switch(struct lwp *l)
{
	rumpuser_curlwpop(l ? RUMPUSER_LWP_SET : RUMPUSER_LWP_CLEAR,
			  l ? l : rumpuser_curlwp());
}

static void sk_lwproc_release(void)
{
	struct lwp *l = rumpuser_curlwp();

	if (l) {
		rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, l);
		sk_lwp_free(l);
	}
}

/*
 * A process for a syscall-proxy client: the synthetic kernel has no
 * processes, so it is one lwp, made current as NetBSD's rfork does;
 * lwproc_release frees it when the client goes.
 */
static int sk_lwproc_rfork(void *priv, int flags, const char *comm)
{
	struct lwp *old = rumpuser_curlwp(), *l;

	(void)priv;
	(void)flags;
	l = sk_lwp_new();
	if (!l)
		return SK_ENOMEM;
	if (old)
		rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, old);
	rumpuser_curlwpop(RUMPUSER_LWP_SET, l);
	sk_printf("sk: process for remote client %s\n", comm ? comm : "?");
	return 0;
}

/* A host thread of the hypervisor asks for an lwp of its own. */
static int sk_lwproc_newlwp(pid_t pid)
{
	struct lwp *l;

	(void)pid;
	l = sk_lwp_new();
	if (!l)
		return SK_ENOMEM;
	rumpuser_curlwpop(RUMPUSER_LWP_SET, l);
	return 0;
}

static struct lwp *sk_lwproc_curlwp(void)
{
	return rumpuser_curlwp();
}

/*
 * A system call from a syscall-proxy client: the synthetic kernel has
 * none, so it says which one arrived and answers ENOSYS (the client sees
 * NetBSD's errno 78: the round trip works).
 */
static int sk_syscall(int num, void *data, long *retval)
{
	(void)data;
	sk_printf("sk: system call %d from a remote client: ENOSYS\n", num);
	retval[0] = -1;
	return SK_ENOSYS;
}

static void sk_lwpexit(void)
{
}

static void sk_execnotify(const char *comm)
{
	(void)comm;
}

static pid_t sk_getpid(void)
{
	return 1;
}

const struct rumpuser_hyperup sk_hyperup = {
	.hyp_schedule = sk_schedule,
	.hyp_unschedule = sk_unschedule,
	.hyp_backend_unschedule = sk_backend_unschedule,
	.hyp_backend_schedule = sk_backend_schedule,
	.hyp_lwproc_switch = sk_lwproc_switch,
	.hyp_lwproc_release = sk_lwproc_release,
	.hyp_lwproc_rfork = sk_lwproc_rfork,
	.hyp_lwproc_newlwp = sk_lwproc_newlwp,
	.hyp_lwproc_curlwp = sk_lwproc_curlwp,
	.hyp_syscall = sk_syscall,
	.hyp_lwpexit = sk_lwpexit,
	.hyp_execnotify = sk_execnotify,
	.hyp_getpid = sk_getpid,
};
