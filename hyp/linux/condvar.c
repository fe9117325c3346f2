// SPDX-License-Identifier: BSD-2-Clause
/*
 * Guest condition variables: a FIFO of on-stack waiters under a spinlock.
 * signal wakes the longest waiter, broadcast all of them.  A waiter learns
 * it was woken only under the lock, so the waker may touch the waiter (its
 * stack frame and task) for as long as it holds the lock.
 *
 * Before sleeping, a waiter polls its flag for a short while (cv_poll_ns,
 * like KVM's halt polling): guest hand-offs are usually answered within
 * microseconds, and a sleeping waiter on another CPU costs an IPI and an
 * idle exit to wake, which dominates the round trip.
 */
#include "hyp.h"

#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>

static unsigned int cv_poll_ns = 50000;
module_param(cv_poll_ns, uint, 0644);
MODULE_PARM_DESC(cv_poll_ns,
		 "nanoseconds a condition-variable waiter polls before sleeping (0: never)");

struct rumpuser_cv {
	spinlock_t lock;
	struct list_head waiters;	/* struct cv_waiter, oldest first */
	struct rv_instance *inst;	/* whose memory it is (NULL: kmalloc) */
};

struct cv_waiter {
	struct list_head link;
	struct task_struct *task;
	bool woken;
};

void rumpuser_cv_init(struct rumpuser_cv **cvp)
{
	struct rv_instance *inst = rv_current();
	struct rumpuser_cv *cv;

	/* The interface has no failure path; this is a tiny object. */
	cv = rv_obj_alloc(inst, sizeof(*cv), GFP_KERNEL | __GFP_NOFAIL);
	cv->inst = inst;
	spin_lock_init(&cv->lock);
	INIT_LIST_HEAD(&cv->waiters);
	*cvp = cv;
}
EXPORT_SYMBOL(rumpuser_cv_init);

void rumpuser_cv_destroy(struct rumpuser_cv *cv)
{
	rv_obj_free(cv->inst, cv, sizeof(*cv));
}
EXPORT_SYMBOL(rumpuser_cv_destroy);

static void cv_enqueue(struct rumpuser_cv *cv, struct cv_waiter *w)
{
	w->task = current;
	w->woken = false;
	spin_lock(&cv->lock);
	list_add_tail(&w->link, &cv->waiters);
	spin_unlock(&cv->lock);
}

/*
 * Sleep until woken, or until *deadline (monotonic) if given.  Returns 0
 * when woken (also when a wake-up races with the timeout), ETIMEDOUT
 * otherwise.  Ends the thread if the instance dies meanwhile.
 */
/*
 * Spin until woken or the poll time is over.  Only a hint: the caller
 * still confirms the wake-up under cv->lock, after which the waker no
 * longer touches the waiter.
 */
static void cv_poll(struct cv_waiter *w)
{
	unsigned int ns = READ_ONCE(cv_poll_ns);
	u64 end;

	if (!ns || num_online_cpus() < 2)
		return;
	end = local_clock() + ns;
	while (!READ_ONCE(w->woken) && !need_resched() && local_clock() < end)
		cpu_relax();
}

static int cv_sleep(struct rumpuser_cv *cv, struct cv_waiter *w,
		    ktime_t *deadline)
{
	unsigned int state = rv_wait_state();
	bool expired = false;
	int ret = 0;

	cv_poll(w);
	spin_lock(&cv->lock);
	while (!w->woken) {
		set_current_state(state);
		spin_unlock(&cv->lock);
		if (deadline)
			expired = !schedule_hrtimeout_range(deadline, 0,
							    HRTIMER_MODE_ABS);
		else
			schedule();
		spin_lock(&cv->lock);
		if (w->woken)
			break;
		if (expired) {
			list_del(&w->link);
			ret = RV_ETIMEDOUT;
			break;
		}
		if (unlikely(rv_wait_cut())) {
			if (cv->inst && rv_dying(cv->inst)) {
				list_del(&w->link);
				spin_unlock(&cv->lock);
				rv_interrupted();	/* does not return */
				spin_lock(&cv->lock);
				list_add_tail(&w->link, &cv->waiters);
			} else {
				spin_unlock(&cv->lock);
				/* Drops the signal, or tells the guest. */
				rv_interrupted();
				spin_lock(&cv->lock);
			}
			state = rv_wait_state();
		}
	}
	spin_unlock(&cv->lock);
	__set_current_state(TASK_RUNNING);
	return ret;
}

/* Wake one waiter; cv->lock held. */
static void cv_wake(struct cv_waiter *w)
{
	list_del(&w->link);
	WRITE_ONCE(w->woken, true);
	wake_up_process(w->task);
}

/*
 * Take mtx and the virtual CPU back in the order the contract asks: a
 * SPIN|KMUTEX mutex after the CPU, any other mutex before it (which also
 * lets the guest's scheduler see the interlock held).
 */
static void cv_reenter(struct rumpuser_mtx *mtx, int nlocks)
{
	if (rv_mutex_spin_kmutex(mtx)) {
		rv_up_backend_schedule(nlocks, mtx);
		rumpuser_mutex_enter_nowrap(mtx);
	} else {
		rv_mutex_take_unscheduled(mtx);
		rv_up_backend_schedule(nlocks, mtx);
	}
}

void rumpuser_cv_wait(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx)
{
	struct cv_waiter w;
	int nlocks;

	/* Queued before mtx is let go: no wake-up can slip between. */
	if (cv->inst)
		rv_count(cv->inst, RV_HC_CV_WAIT);
	cv_enqueue(cv, &w);
	rv_up_backend_unschedule(&nlocks, mtx);
	rv_mutex_release(mtx);
	cv_sleep(cv, &w, NULL);
	cv_reenter(mtx, nlocks);
}
EXPORT_SYMBOL(rumpuser_cv_wait);

void rumpuser_cv_wait_nowrap(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx)
{
	struct cv_waiter w;

	cv_enqueue(cv, &w);
	rv_mutex_release(mtx);
	cv_sleep(cv, &w, NULL);
	rumpuser_mutex_enter_nowrap(mtx);
}
EXPORT_SYMBOL(rumpuser_cv_wait_nowrap);

int rumpuser_cv_timedwait(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx,
			  int64_t sec, int64_t nsec)
{
	struct cv_waiter w;
	ktime_t deadline;
	int nlocks, ret;

	if (sec < 0 || (sec == 0 && nsec <= 0))
		deadline = ktime_get();
	else
		deadline = ktime_add_safe(ktime_get(), ktime_set(sec, nsec));

	if (cv->inst)
		rv_count(cv->inst, RV_HC_CV_WAIT);
	cv_enqueue(cv, &w);
	rv_up_backend_unschedule(&nlocks, mtx);
	rv_mutex_release(mtx);
	ret = cv_sleep(cv, &w, &deadline);
	cv_reenter(mtx, nlocks);
	return ret;
}
EXPORT_SYMBOL(rumpuser_cv_timedwait);

void rumpuser_cv_signal(struct rumpuser_cv *cv)
{
	spin_lock(&cv->lock);
	if (!list_empty(&cv->waiters))
		cv_wake(list_first_entry(&cv->waiters, struct cv_waiter, link));
	spin_unlock(&cv->lock);
}
EXPORT_SYMBOL(rumpuser_cv_signal);

void rumpuser_cv_broadcast(struct rumpuser_cv *cv)
{
	struct cv_waiter *w, *tmp;

	spin_lock(&cv->lock);
	list_for_each_entry_safe(w, tmp, &cv->waiters, link)
		cv_wake(w);
	spin_unlock(&cv->lock);
}
EXPORT_SYMBOL(rumpuser_cv_broadcast);

void rumpuser_cv_has_waiters(struct rumpuser_cv *cv, int *waiters)
{
	spin_lock(&cv->lock);
	*waiters = !list_empty(&cv->waiters);
	spin_unlock(&cv->lock);
}
EXPORT_SYMBOL(rumpuser_cv_has_waiters);
