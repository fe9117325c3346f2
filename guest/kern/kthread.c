// SPDX-License-Identifier: BSD-2-Clause
/*
 * Kernel threads.  The creator makes the lwp (in proc 0) so that a
 * failure is reported to it; the new host thread binds the lwp, takes a
 * virtual CPU and runs fn.
 */
#include <rk/lib.h>
#include <rk/kmem.h>
#include <rk/errno.h>
#include <rk/kthread.h>
#include <rk/clock.h>
#include "kern.h"

struct kthread_start {
	void (*fn)(void *);
	void *arg;
	struct lwp *l;
};

static int nkthreads;

/* Not visibly noreturn to objtool (see rk_panic in rk/lib.h). */
static void (*volatile thread_exit_fn)(void) = rumpuser_thread_exit;

static void *kthread_trampoline(void *arg)
{
	struct kthread_start st = *(struct kthread_start *)arg;

	rumpuser_curlwpop(RUMPUSER_LWP_SET, st.l);
	rk_cpu_take(st.l);
	rk_kmem_free(arg, sizeof(st));
	st.fn(st.arg);
	rk_kthread_exit();
	return NULL;
}

int rk_kthread_create(void (*fn)(void *), void *arg, const char *name,
		      bool joinable, void **cookie)
{
	struct kthread_start *st = rk_kmem_alloc(sizeof(*st), RK_KM_SLEEP);
	int error;

	st->fn = fn;
	st->arg = arg;
	st->l = rk_lwp_alloc(&rk_proc0, RK_LW_KTHREAD);
	rk_atomic_inc(&nkthreads);
	error = rumpuser_thread_create(kthread_trampoline, st, name,
				       joinable ? 1 : 0, 0, -1, cookie);
	if (error) {
		rk_atomic_dec(&nkthreads);
		rk_lwp_free(st->l);
		rk_kmem_free(st, sizeof(*st));
	}
	return error;
}

void rk_kthread_exit(void)
{
	struct lwp *l = rumpuser_curlwp();

	if (l) {
		rk_cpu_give(l);
		rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, l);
		rk_lwp_free(l);
	}
	rk_atomic_dec(&nkthreads);
	thread_exit_fn();
}

int rk_kthread_join(void *cookie)
{
	return rumpuser_thread_join(cookie);
}

int rk_kthread_count(void)
{
	return rk_atomic_load(&nkthreads);
}

/* Halt: wait for kernel threads told to stop; RK_ETIMEDOUT if some stay. */
int rk_kthread_wait_all(int64_t timeout_ns)
{
	int64_t end = rk_time_mono_ns() + timeout_ns;

	while (rk_atomic_load(&nkthreads) > 0) {
		if (rk_time_mono_ns() >= end)
			return RK_ETIMEDOUT;
		rk_sleep_ns(1000000);
	}
	return 0;
}
