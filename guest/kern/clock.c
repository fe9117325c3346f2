// SPDX-License-Identifier: BSD-2-Clause
/*
 * Time and callouts.  Pending callouts sit on one list sorted by
 * deadline; the clock thread sleeps on a condvar until the first one is
 * due (or the list changes) and runs it without the lock held.
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

	rk_time_wall(&rk_boottime_sec, &nsec);
	rk_mutex_init(&co_lock);
	rk_cv_init(&co_cv);
	rk_cv_init(&co_done);
	co_head = NULL;
	clock_stop = false;
	return rk_kthread_create(clock_thread, NULL, "rk_clock", true,
				 &clock_cookie);
}

void rk_clock_fini(void)
{
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
