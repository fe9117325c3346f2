// SPDX-License-Identifier: BSD-2-Clause
/*
 * Virtual CPUs.
 *
 * A CPU is claimed with one compare-and-swap on its owner word, trying
 * the lwp's previous CPU first (its cache lines are likely still warm).
 * Only when every CPU is busy does a thread sleep, on a SPIN mutex and
 * condvar entered with the _nowrap calls (the caller holds no CPU, so
 * there is nothing to give back).  A CPU is released with a store, and
 * sleepers are woken only when some are counted: the waiter bumps the
 * count before its last scan and the releaser reads it after its store,
 * so (sequentially consistent) one of them always sees the other.
 *
 * A virtual CPU here is a slot, not a processor: nothing in this guest
 * is kept per CPU.  So there are at least RK_SCHED_MIN_SLOTS of them,
 * whatever ncpu says (rk_ncpu() still reports ncpu).  With only as many
 * slots as host CPUs, a host thread preempted inside the guest (a Linux
 * process entered through the kernel hypervisor's device, a worker)
 * would hold the others out until the host ran it again: 32 processes
 * creating files through the device made a third of what 2 made.
 */
#include <rk/lib.h>
#include <rk/kmem.h>
#include "kern.h"

struct rk_cpu {
	struct lwp *c_owner;
} __attribute__((__aligned__(64)));

#define RK_SCHED_MIN_SLOTS	64

static struct rk_cpu *cpus;
static int ncpu;			/* as configured */
static int nslots;			/* virtual CPUs: at least ncpu */
static int nwaiters;
static struct rumpuser_mtx *sched_mtx;
static struct rumpuser_cv *sched_cv;

int rk_sched_init(int n)
{
	nslots = n > RK_SCHED_MIN_SLOTS ? n : RK_SCHED_MIN_SLOTS;
	cpus = rk_kmem_zalloc(sizeof(*cpus) * (size_t)nslots, RK_KM_SLEEP);
	ncpu = n;
	nwaiters = 0;
	rumpuser_mutex_init(&sched_mtx, RUMPUSER_MTX_SPIN);
	rumpuser_cv_init(&sched_cv);
	return 0;
}

void rk_sched_fini(void)
{
	rumpuser_cv_destroy(sched_cv);
	rumpuser_mutex_destroy(sched_mtx);
	rk_kmem_free(cpus, sizeof(*cpus) * (size_t)nslots);
	cpus = NULL;
	ncpu = 0;
	nslots = 0;
}

int rk_ncpu(void)
{
	return ncpu;
}

static bool try_take(struct lwp *l)
{
	int start = l->l_lastcpu, i;

	if (start < 0 || start >= nslots)
		start = l->l_tid % nslots;
	for (i = 0; i < nslots; i++) {
		int c = (start + i) % nslots;
		struct lwp *expect = NULL;

		if (__atomic_load_n(&cpus[c].c_owner, __ATOMIC_RELAXED))
			continue;
		if (__atomic_compare_exchange_n(&cpus[c].c_owner, &expect, l,
						false, __ATOMIC_SEQ_CST,
						__ATOMIC_RELAXED)) {
			l->l_cpu = c;
			l->l_lastcpu = c;
			return true;
		}
	}
	return false;
}

void rk_cpu_take(struct lwp *l)
{
	if (RK_LIKELY(try_take(l)))
		return;
	rumpuser_mutex_enter_nowrap(sched_mtx);
	rk_atomic_inc(&nwaiters);
	while (!try_take(l))
		rumpuser_cv_wait_nowrap(sched_cv, sched_mtx);
	rk_atomic_dec(&nwaiters);
	rumpuser_mutex_exit(sched_mtx);
}

void rk_cpu_give(struct lwp *l)
{
	int c = l->l_cpu;

	if (c < 0)
		return;
	l->l_cpu = -1;
	__atomic_store_n(&cpus[c].c_owner, NULL, __ATOMIC_SEQ_CST);
	if (RK_UNLIKELY(rk_atomic_load(&nwaiters) > 0)) {
		rumpuser_mutex_enter_nowrap(sched_mtx);
		rumpuser_cv_signal(sched_cv);
		rumpuser_mutex_exit(sched_mtx);
	}
}

/*
 * There is no preemption: a thread that always has work would keep its
 * CPU for ever.  Between units of work it lets a waiting thread have
 * the CPU: give it back, let the host run someone else, take one again.
 */
void rk_yield(void)
{
	struct lwp *l = rumpuser_curlwp();

	if (!l || l->l_cpu < 0 || rk_atomic_load(&nwaiters) == 0)
		return;
	rk_cpu_give(l);
	rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 0);
	rk_cpu_take(l);
}

void rk_cpu_transfer(struct lwp *from, struct lwp *to)
{
	int c = from->l_cpu;

	if (c < 0)
		return;
	__atomic_store_n(&cpus[c].c_owner, to, __ATOMIC_SEQ_CST);
	from->l_cpu = -1;
	to->l_cpu = c;
	to->l_lastcpu = c;
}

/*
 * Implicit lwps: a thread without an lwp borrows one in the default
 * client process for the duration of its visit (NetBSD does the same).
 * Ready-made ones are kept in lock-free slots, so that a system call
 * from such a thread, or a switch away from and back to one (to a
 * remote caller's lwp: the kernel hypervisor's device path), costs no
 * allocation and no lwp-list lock.  The slots are filled at boot: an
 * lwp goes back to a free slot or is freed, so at rest all of them are
 * full whatever the threads did (what the guest holds does not depend
 * on thread order; fuzz-vfs checks its memory against a baseline).
 */
#define IMPLICIT_CACHE	16

static struct lwp *implicit_cache[IMPLICIT_CACHE];

struct lwp *rk_implicit_get(void)
{
	int i;

	for (i = 0; i < IMPLICIT_CACHE; i++) {
		struct lwp *l = __atomic_load_n(&implicit_cache[i],
						__ATOMIC_RELAXED);

		if (l && __atomic_compare_exchange_n(&implicit_cache[i], &l,
						     NULL, false,
						     __ATOMIC_ACQUIRE,
						     __ATOMIC_RELAXED))
			return l;
	}
	return rk_lwp_alloc(rk_default_proc(), RK_LW_IMPLICIT);
}

void rk_implicit_put(struct lwp *l)
{
	int i;

	/* Only lwps of the (current) default process may be reused. */
	if (l->l_proc == rk_default_proc()) {
		for (i = 0; i < IMPLICIT_CACHE; i++) {
			struct lwp *expect = NULL;

			if (__atomic_compare_exchange_n(&implicit_cache[i],
							&expect, l, false,
							__ATOMIC_RELEASE,
							__ATOMIC_RELAXED))
				return;
		}
	}
	rk_lwp_free(l);
}

/* Boot, once the default process exists: every slot gets an lwp. */
void rk_implicit_fill(void)
{
	int i;

	for (i = 0; i < IMPLICIT_CACHE; i++)
		implicit_cache[i] = rk_lwp_alloc(rk_default_proc(),
						 RK_LW_IMPLICIT);
}

/* Halt: the cached lwps are freed with all others (rk_lwp_reap_all). */
void rk_implicit_forget(void)
{
	rk_memset(implicit_cache, 0, sizeof(implicit_cache));
}

void rk_schedule(void)
{
	struct lwp *l = rumpuser_curlwp();

	if (!l) {
		l = rk_implicit_get();
		rumpuser_curlwpop(RUMPUSER_LWP_SET, l);
	}
	rk_cpu_take(l);
}

void rk_unschedule(void)
{
	struct lwp *l = rumpuser_curlwp();

	if (!l)
		return;
	rk_cpu_give(l);
	if (l->l_flags & RK_LW_IMPLICIT) {
		rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, l);
		rk_implicit_put(l);
	}
}
