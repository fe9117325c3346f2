// SPDX-License-Identifier: BSD-2-Clause
/*
 * Lightweight processes.  Every lwp is on one global list (for halt) and
 * counts as a reference on its process; the last reference ends the
 * process.  The list lock is a SPIN mutex entered _nowrap because lwps
 * are made and freed by threads that hold no virtual CPU.
 */
#include <rk/lib.h>
#include <rk/kmem.h>
#include "kern.h"

static struct rumpuser_mtx *lwp_mtx;
static struct lwp *lwp_list;
static int next_tid;
static long nlwps;

static void lwp_lock_init(void)
{
	if (!lwp_mtx)
		rumpuser_mutex_init(&lwp_mtx, RUMPUSER_MTX_SPIN);
}

struct lwp *rk_lwp_alloc(struct rk_proc *p, int flags)
{
	struct lwp *l = rk_kmem_zalloc(sizeof(*l), RK_KM_SLEEP);

	if (!p)
		p = &rk_proc0;
	l->l_proc = p;
	l->l_flags = flags;
	l->l_cpu = -1;
	l->l_lastcpu = -1;
	l->l_magic = RK_LWP_MAGIC;
	rk_proc_hold(p);
	rk_atomic_inc(&p->p_nlwps);
	lwp_lock_init();
	rumpuser_mutex_enter_nowrap(lwp_mtx);
	l->l_tid = ++next_tid;
	if (next_tid == 0x7fffffff)
		next_tid = 0;
	l->l_next = lwp_list;
	if (lwp_list)
		lwp_list->l_prev = l;
	lwp_list = l;
	nlwps++;
	rumpuser_mutex_exit(lwp_mtx);
	rumpuser_curlwpop(RUMPUSER_LWP_CREATE, l);
	return l;
}

static void lwp_unlink(struct lwp *l)
{
	rumpuser_mutex_enter_nowrap(lwp_mtx);
	if (l->l_prev)
		l->l_prev->l_next = l->l_next;
	else
		lwp_list = l->l_next;
	if (l->l_next)
		l->l_next->l_prev = l->l_prev;
	nlwps--;
	rumpuser_mutex_exit(lwp_mtx);
}

void rk_lwp_free(struct lwp *l)
{
	struct rk_proc *p = l->l_proc;

	RK_ASSERT(l->l_magic == RK_LWP_MAGIC);
	lwp_unlink(l);
	rumpuser_curlwpop(RUMPUSER_LWP_DESTROY, l);
	l->l_magic = 0;
	rk_kmem_free(l, sizeof(*l));
	rk_atomic_dec(&p->p_nlwps);
	rk_proc_rele(p);
}

long rk_lwp_count(void)
{
	return rk_atomic_load(&nlwps);
}

void rk_lwp_switch(struct lwp *newl)
{
	struct lwp *old = rumpuser_curlwp();

	/* The implicit context lives in the default process, which never
	 * ends: releasing old's process below must not wait for it. */
	if (!newl)
		newl = rk_implicit_get();
	if (old == newl)
		return;
	if (old) {
		rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, old);
		rk_cpu_transfer(old, newl);
	}
	rumpuser_curlwpop(RUMPUSER_LWP_SET, newl);
	if (old && (old->l_flags & RK_LW_IMPLICIT))
		rk_implicit_put(old);
}

/*
 * Halt: nobody else runs in the guest any more.  Free every lwp except
 * keep without ending processes (rk_proc_free_all does that).
 */
void rk_lwp_reap_all(struct lwp *keep)
{
	struct lwp *l, *next;

	for (l = lwp_list; l; l = next) {
		next = l->l_next;
		if (l == keep)
			continue;
		lwp_unlink(l);
		rumpuser_curlwpop(RUMPUSER_LWP_DESTROY, l);
		l->l_magic = 0;
		rk_atomic_dec(&l->l_proc->p_nlwps);
		rk_atomic_dec(&l->l_proc->p_refcnt);
		rk_kmem_free(l, sizeof(*l));
	}
}

/* Halt: the halting thread's own lwp, after it gave its CPU back. */
void rk_lwp_free_last(struct lwp *l)
{
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, l);
	lwp_unlink(l);
	rumpuser_curlwpop(RUMPUSER_LWP_DESTROY, l);
	l->l_magic = 0;
	rk_kmem_free(l, sizeof(*l));
}

/* Called last at halt: the lock goes back to the hypervisor. */
void rk_lwp_fini(void)
{
	if (lwp_mtx)
		rumpuser_mutex_destroy(lwp_mtx);
	lwp_mtx = NULL;
	lwp_list = NULL;
	next_tid = 0;
}

/*
 * Interruptible sleeps and hyp_lwpexit (NetBSD's model).  A sleeper
 * records its condition variable and interlock on its lwp, under the
 * list lock, while it holds the interlock; the interrupter marks the
 * lwps of the process under the list lock, then takes each recorded
 * interlock and wakes whoever still sleeps with it.  Holding the
 * interlock, the interrupter knows a recorded sleeper is queued on its
 * condition variable (it records before it sleeps and forgets after it
 * wakes, both with the interlock held), so no wake-up is lost and the
 * variable cannot go away meanwhile.  Interlocks are global locks of
 * the guest, so the pointer read under the list lock stays valid.
 */
bool rk_lwp_sleep_begin(struct rk_cv *cv, struct rk_mutex *m)
{
	struct lwp *l = rk_curlwp();
	bool go;

	if (!l)
		return true;
	lwp_lock_init();
	rumpuser_mutex_enter_nowrap(lwp_mtx);
	go = !l->l_intr;
	if (go) {
		l->l_sleepcv = cv;
		l->l_sleepmtx = m;
	}
	rumpuser_mutex_exit(lwp_mtx);
	return go;
}

bool rk_lwp_sleep_end(void)
{
	struct lwp *l = rk_curlwp();
	bool intr;

	if (!l)
		return false;
	rumpuser_mutex_enter_nowrap(lwp_mtx);
	l->l_sleepcv = NULL;
	l->l_sleepmtx = NULL;
	intr = l->l_intr != 0;
	rumpuser_mutex_exit(lwp_mtx);
	return intr;
}

#define INTR_LOCKS	8

static bool intr_seen(struct rk_mutex *const *v, int n, struct rk_mutex *m)
{
	int i;

	for (i = 0; i < n; i++)
		if (v[i] == m)
			return true;
	return false;
}

/*
 * Mark the other lwps of p (all but me); with done[0..n) already woken,
 * return an interlock some of them still sleep with, or NULL.
 */
static struct rk_mutex *intr_mark(struct rk_proc *p, struct lwp *me,
				  struct rk_mutex *const *done, int n)
{
	struct rk_mutex *m = NULL;
	struct lwp *l;

	rumpuser_mutex_enter_nowrap(lwp_mtx);
	for (l = lwp_list; l; l = l->l_next) {
		if (l == me || l->l_proc != p)
			continue;
		l->l_intr = 1;
		if (!m && l->l_sleepmtx && !intr_seen(done, n, l->l_sleepmtx))
			m = l->l_sleepmtx;
	}
	rumpuser_mutex_exit(lwp_mtx);
	return m;
}

/* Wake the lwps of p (but me) that sleep with interlock m. */
static void intr_wake(struct rk_proc *p, struct lwp *me, struct rk_mutex *m)
{
	struct lwp *l;

	rk_mutex_enter(m);
	rumpuser_mutex_enter_nowrap(lwp_mtx);
	for (l = lwp_list; l; l = l->l_next)
		if (l != me && l->l_proc == p && l->l_sleepmtx == m)
			rk_cv_broadcast(l->l_sleepcv);
	rumpuser_mutex_exit(lwp_mtx);
	rk_mutex_exit(m);
}

void rk_lwp_interrupt_others(void)
{
	struct rk_mutex *done[INTR_LOCKS], *m;
	struct lwp *me = rk_curlwp();
	int n = 0;

	/* Never the kernel's or the default process (implicit lwps). */
	if (!me || (me->l_proc->p_flags & (RK_PF_SYSTEM | RK_PF_DEFAULT)))
		return;
	lwp_lock_init();
	while (n < INTR_LOCKS &&
	       (m = intr_mark(me->l_proc, me, done, n)) != NULL) {
		intr_wake(me->l_proc, me, m);
		done[n++] = m;
	}
}
