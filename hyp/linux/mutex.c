// SPDX-License-Identifier: BSD-2-Clause
/*
 * Guest mutexes: a lock word taken with one cmpxchg and released with one
 * xchg, inline, and a wait queue slept on only under contention (the
 * classic three-state futex mutex: free, held, held with sleepers).  The
 * guest's hottest lock path thus costs two atomics and no call into the
 * core kernel.  A contended enter gives the virtual CPU back while it
 * sleeps (SPIN mutexes excepted: they never unschedule).  KMUTEX mutexes
 * remember their owner lwp for rumpuser_mutex_owner().
 *
 * Guest critical sections are short, so before giving up the virtual CPU
 * a contender spins for a bounded while as long as the holder is running
 * on a CPU (the kernel can see that; a userspace hypervisor cannot):
 * unscheduling costs two upcalls and a sleep, a hand-off between running
 * threads costs a few cache misses.
 */
#include "hyp.h"


struct rumpuser_mtx {
	atomic_t state;			/* MTX_FREE, MTX_HELD, MTX_CONTENDED */
	struct task_struct *holder;	/* for spinning; NULL when free */
	struct lwp *owner;	/* KMUTEX only; written by the holder */
	int flags;
	struct rv_instance *inst;	/* whose memory it is (NULL: kmalloc) */
	wait_queue_head_t wq;		/* sleepers, woken one at a time */
};

#define MTX_FREE	0
#define MTX_HELD	1
#define MTX_CONTENDED	2	/* held, and someone may be asleep on it */

/*
 * Bounded, so that a holder that is itself busy-waiting for the virtual
 * CPU we hold cannot keep us spinning.
 */
#define MTX_SPIN_LIMIT	2000

void rumpuser_mutex_init(struct rumpuser_mtx **mtxp, int flags)
{
	struct rv_instance *inst = rv_current();
	struct rumpuser_mtx *mtx;

	/* The interface has no failure path; this is a tiny object. */
	mtx = rv_obj_alloc(inst, sizeof(*mtx), GFP_KERNEL | __GFP_NOFAIL);
	mtx->inst = inst;
	atomic_set(&mtx->state, MTX_FREE);
	init_waitqueue_head(&mtx->wq);
	mtx->holder = NULL;
	mtx->owner = NULL;
	mtx->flags = flags;
	*mtxp = mtx;
}
EXPORT_SYMBOL(rumpuser_mutex_init);

static inline bool mtx_trylock(struct rumpuser_mtx *mtx)
{
	int free = MTX_FREE;

	return atomic_try_cmpxchg_acquire(&mtx->state, &free, MTX_HELD);
}

/*
 * Sleep for the mutex.  Whoever swaps in CONTENDED and finds it FREE owns
 * it.  A sleeper sleeps only while the word still says CONTENDED: a
 * trylock may have turned it back into HELD after our swap, and then the
 * next exit would not know to wake us, so we go round and mark it again.
 * Our threads can be ended here when the instance dies.
 */
static void mtx_lock_slow(struct rumpuser_mtx *mtx)
{
	DEFINE_WAIT(wait);

	while (atomic_xchg_acquire(&mtx->state, MTX_CONTENDED) != MTX_FREE) {
		prepare_to_wait_exclusive(&mtx->wq, &wait, rv_wait_state());
		if (atomic_read(&mtx->state) == MTX_CONTENDED)
			schedule();
		finish_wait(&mtx->wq, &wait);
		rv_check_signal();
	}
}

/*
 * Try to take mtx while its holder runs on a CPU.  The holder's
 * task_struct is only freed after an RCU grace period, so reading its
 * on_cpu under rcu_read_lock() is safe even if it ends meanwhile.
 */
static bool mtx_spin(struct rumpuser_mtx *mtx)
{
	struct task_struct *h;
	bool got = false;
	int i;

	rcu_read_lock();
	for (i = 0; i < MTX_SPIN_LIMIT; i++) {
		if (mtx_trylock(mtx)) {
			got = true;
			break;
		}
		h = READ_ONCE(mtx->holder);
		if ((h && !READ_ONCE(h->on_cpu)) || need_resched())
			break;
		cpu_relax();
	}
	rcu_read_unlock();
	return got;
}

static inline bool mtx_try(struct rumpuser_mtx *mtx)
{
	return mtx_trylock(mtx) || mtx_spin(mtx);
}

static inline void mtx_set_owner(struct rumpuser_mtx *mtx)
{
	WRITE_ONCE(mtx->holder, current);
	if (mtx->flags & RUMPUSER_MTX_KMUTEX)
		mtx->owner = rv_curlwp();
}

void rumpuser_mutex_enter_nowrap(struct rumpuser_mtx *mtx)
{
	if (!mtx_try(mtx))
		mtx_lock_slow(mtx);
	mtx_set_owner(mtx);
}
EXPORT_SYMBOL(rumpuser_mutex_enter_nowrap);

void rumpuser_mutex_enter(struct rumpuser_mtx *mtx)
{
	int nlocks;

	if (mtx->flags & RUMPUSER_MTX_SPIN) {
		rumpuser_mutex_enter_nowrap(mtx);
		return;
	}
	if (!mtx_try(mtx)) {
		if (mtx->inst)
			rv_count(mtx->inst, RV_HC_MUTEX_WAIT);
		rv_up_backend_unschedule(&nlocks, NULL);
		mtx_lock_slow(mtx);
		rv_up_backend_schedule(nlocks, NULL);
	}
	mtx_set_owner(mtx);
}
EXPORT_SYMBOL(rumpuser_mutex_enter);

int rumpuser_mutex_tryenter(struct rumpuser_mtx *mtx)
{
	if (!mtx_trylock(mtx))
		return RV_EBUSY;
	mtx_set_owner(mtx);
	return 0;
}
EXPORT_SYMBOL(rumpuser_mutex_tryenter);

void rumpuser_mutex_exit(struct rumpuser_mtx *mtx)
{
	mtx->owner = NULL;
	WRITE_ONCE(mtx->holder, NULL);
	if (atomic_xchg_release(&mtx->state, MTX_FREE) == MTX_CONTENDED)
		wake_up(&mtx->wq);
}
EXPORT_SYMBOL(rumpuser_mutex_exit);

void rumpuser_mutex_destroy(struct rumpuser_mtx *mtx)
{
	rv_obj_free(mtx->inst, mtx, sizeof(*mtx));
}
EXPORT_SYMBOL(rumpuser_mutex_destroy);

void rumpuser_mutex_owner(struct rumpuser_mtx *mtx, struct lwp **lp)
{
	*lp = READ_ONCE(mtx->owner);
}
EXPORT_SYMBOL(rumpuser_mutex_owner);

/* condvar.c: let go of mtx before sleeping on a condition. */
void rv_mutex_release(struct rumpuser_mtx *mtx)
{
	rumpuser_mutex_exit(mtx);
}

/* condvar.c: take mtx back while unscheduled (may sleep). */
void rv_mutex_take_unscheduled(struct rumpuser_mtx *mtx)
{
	rumpuser_mutex_enter_nowrap(mtx);
}

bool rv_mutex_spin_kmutex(const struct rumpuser_mtx *mtx)
{
	return (mtx->flags & (RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX)) ==
	       (RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX);
}
