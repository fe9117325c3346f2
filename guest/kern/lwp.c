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
		newl = rk_lwp_alloc(rk_default_proc(), RK_LW_IMPLICIT);
	if (old == newl)
		return;
	if (old) {
		rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, old);
		rk_cpu_transfer(old, newl);
	}
	rumpuser_curlwpop(RUMPUSER_LWP_SET, newl);
	if (old && (old->l_flags & RK_LW_IMPLICIT))
		rk_lwp_free(old);
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
