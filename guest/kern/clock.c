// SPDX-License-Identifier: BSD-2-Clause
/*
 * Time and callouts.  Pending callouts sit on one list sorted by
 * deadline; the clock thread sleeps on a condvar until the first one is
 * due (or the list changes) and runs it without the lock held.
 *
 * The coarse wall clock (rk_time_coarse) is what file times are made of,
 * as with Linux's current_time() and NetBSD's getnanotime(): one read
 * of the host's clock serves every reader for COARSE_NS.  A callout
 * refreshes it while it is being read and lets it lapse (coarse_ns 0)
 * when it is not, so an idle guest has no tick; the first reader after
 * a lapse reads the host and starts the callout again.
 */
#include <rk/lib.h>
#include <rk/errno.h>
#include <rk/lock.h>
#include <rk/clock.h>
#include <rk/kthread.h>
#include <rk/printf.h>
#include "kern.h"

#define C_PENDING	0x1
#define C_RUNNING	0x2

int64_t rk_boottime_sec;

static struct rk_mutex co_lock;
static struct rk_cv co_cv;		/* clock thread: list changed / stop */
static struct rk_cv co_done;		/* a callout finished running */
static struct rk_callout *co_head;
static struct lwp *clock_lwp;
static bool clock_stop;
static void *clock_cookie;

#define COARSE_NS	(10 * 1000 * 1000LL)

static int64_t coarse_ns;		/* wall ns; 0: lapsed */
static int coarse_used;			/* read since the last refresh */
static bool coarse_allowed;		/* the callout may be armed */
static struct rk_callout coarse_co;

int64_t rk_time_mono_ns(void)
{
	int64_t sec;
	long nsec;

	if (rumpuser_clock_gettime(RUMPUSER_CLOCK_ABSMONO, &sec, &nsec) != 0)
		return 0;
	return sec * RK_NSEC_PER_SEC + nsec;
}

void rk_time_wall(int64_t *sec, long *nsec)
{
	if (rumpuser_clock_gettime(RUMPUSER_CLOCK_RELWALL, sec, nsec) != 0) {
		*sec = 0;
		*nsec = 0;
	}
}

static int64_t wall_ns(void)
{
	int64_t sec;
	long nsec;

	rk_time_wall(&sec, &nsec);
	return sec * RK_NSEC_PER_SEC + nsec;
}

static void coarse_tick(void *arg)
{
	(void)arg;
	if (!__atomic_exchange_n(&coarse_used, 0, __ATOMIC_SEQ_CST)) {
		__atomic_store_n(&coarse_ns, 0, __ATOMIC_SEQ_CST);
		return;
	}
	__atomic_store_n(&coarse_ns, wall_ns(), __ATOMIC_SEQ_CST);
	rk_callout_reset(&coarse_co, COARSE_NS, coarse_tick, NULL);
}

/*
 * After a lapse: the host's time, published and kept fresh by the
 * callout.  Every store of a time is followed by arming by the same
 * party, so a published time never goes stale without a callout on
 * the way to refresh or lapse it.  A time at or before 1970 is never
 * published (0 means lapsed), nor is one during boot or halt.
 */
static int64_t coarse_restart(void)
{
	int64_t ns = wall_ns();

	if (ns <= 0 || !__atomic_load_n(&coarse_allowed, __ATOMIC_ACQUIRE))
		return ns;
	__atomic_store_n(&coarse_used, 1, __ATOMIC_SEQ_CST);
	__atomic_store_n(&coarse_ns, ns, __ATOMIC_SEQ_CST);
	if (!rk_callout_pending(&coarse_co))
		rk_callout_reset(&coarse_co, COARSE_NS, coarse_tick, NULL);
	return ns;
}

void rk_time_coarse(int64_t *sec, long *nsec)
{
	int64_t ns = __atomic_load_n(&coarse_ns, __ATOMIC_ACQUIRE);

	if (RK_UNLIKELY(ns == 0))
		ns = coarse_restart();
	else if (!__atomic_load_n(&coarse_used, __ATOMIC_RELAXED))
		__atomic_store_n(&coarse_used, 1, __ATOMIC_RELAXED);
	/* Floor division: a time before 1970 keeps 0 <= nsec < 1 s. */
	*sec = ns / RK_NSEC_PER_SEC;
	*nsec = (long)(ns % RK_NSEC_PER_SEC);
	if (*nsec < 0) {
		*sec -= 1;
		*nsec += RK_NSEC_PER_SEC;
	}
}

bool rk_time_coarse_ticking(void)
{
	return rk_callout_pending(&coarse_co);
}

void rk_sleep_ns(int64_t ns)
{
	if (ns <= 0)
		return;
	rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, ns / RK_NSEC_PER_SEC,
			     (long)(ns % RK_NSEC_PER_SEC));
}

void rk_callout_init(struct rk_callout *c)
{
	rk_memset(c, 0, sizeof(*c));
}

static void co_unlink(struct rk_callout *c)
{
	if (c->c_prev)
		c->c_prev->c_next = c->c_next;
	else
		co_head = c->c_next;
	if (c->c_next)
		c->c_next->c_prev = c->c_prev;
	c->c_next = c->c_prev = NULL;
	c->c_flags &= ~C_PENDING;
}

void rk_callout_reset(struct rk_callout *c, int64_t ns, void (*fn)(void *),
		      void *arg)
{
	struct rk_callout *it, *prev = NULL;

	rk_mutex_enter(&co_lock);
	if (c->c_flags & C_PENDING)
		co_unlink(c);
	c->c_fn = fn;
	c->c_arg = arg;
	c->c_when = rk_time_mono_ns() + (ns > 0 ? ns : 0);
	for (it = co_head; it && it->c_when <= c->c_when; it = it->c_next)
		prev = it;
	c->c_prev = prev;
	c->c_next = it;
	if (prev)
		prev->c_next = c;
	else
		co_head = c;
	if (it)
		it->c_prev = c;
	c->c_flags |= C_PENDING;
	/* Only a new first entry changes when the clock thread wakes. */
	if (co_head == c)
		rk_cv_signal(&co_cv);
	rk_mutex_exit(&co_lock);
}

bool rk_callout_stop(struct rk_callout *c)
{
	bool was;

	rk_mutex_enter(&co_lock);
	was = (c->c_flags & C_PENDING) != 0;
	if (was)
		co_unlink(c);
	while ((c->c_flags & C_RUNNING) && rk_curlwp() != clock_lwp)
		rk_cv_wait(&co_done, &co_lock);
	rk_mutex_exit(&co_lock);
	return was;
}

bool rk_callout_pending(struct rk_callout *c)
{
	return (rk_atomic_load(&c->c_flags) & C_PENDING) != 0;
}

void rk_callout_destroy(struct rk_callout *c)
{
	rk_callout_stop(c);
}

static void clock_thread(void *arg)
{
	(void)arg;
	clock_lwp = rk_curlwp();
	rk_mutex_enter(&co_lock);
	while (!clock_stop) {
		struct rk_callout *c = co_head;
		int64_t now = rk_time_mono_ns();

		if (!c) {
			rk_cv_wait(&co_cv, &co_lock);
			continue;
		}
		if (c->c_when > now) {
			rk_cv_timedwait(&co_cv, &co_lock, c->c_when - now);
			continue;
		}
		co_unlink(c);
		c->c_flags |= C_RUNNING;
		rk_mutex_exit(&co_lock);
		c->c_fn(c->c_arg);
		rk_mutex_enter(&co_lock);
		c->c_flags &= ~C_RUNNING;
		rk_cv_broadcast(&co_done);
	}
	rk_mutex_exit(&co_lock);
}

int rk_clock_init(void)
{
	long nsec;
	int error;

	rk_time_wall(&rk_boottime_sec, &nsec);
	rk_mutex_init(&co_lock);
	rk_cv_init(&co_cv);
	rk_cv_init(&co_done);
	co_head = NULL;
	clock_stop = false;
	coarse_ns = 0;
	coarse_used = 0;
	rk_callout_init(&coarse_co);
	error = rk_kthread_create(clock_thread, NULL, "rk_clock", true,
				  &clock_cookie);
	if (error == 0)
		__atomic_store_n(&coarse_allowed, true, __ATOMIC_RELEASE);
	return error;
}

void rk_clock_fini(void)
{
	/* From here file times are read from the host each time. */
	__atomic_store_n(&coarse_allowed, false, __ATOMIC_RELEASE);
	__atomic_store_n(&coarse_ns, 0, __ATOMIC_SEQ_CST);
	rk_mutex_enter(&co_lock);
	clock_stop = true;
	/* Pending callouts simply never run: their owners are gone. */
	while (co_head)
		co_unlink(co_head);
	rk_cv_broadcast(&co_cv);
	rk_mutex_exit(&co_lock);
	rk_kthread_join(clock_cookie);
	clock_lwp = NULL;
	rk_cv_destroy(&co_done);
	rk_cv_destroy(&co_cv);
	rk_mutex_destroy(&co_lock);
}
