// SPDX-License-Identifier: BSD-2-Clause
/*
 * With a single virtual CPU, a thread that blocks in a hypercall must
 * give the CPU back, or the thread it waits for can never run.  Each
 * scenario is watched from an unscheduled main thread with a time limit,
 * so a broken hypervisor yields "not ok" and a bail-out, not a hang.
 */
#include "ct_int.h"

struct sc {
	struct rumpuser_mtx *m;
	struct rumpuser_rw *rw;
	struct rumpuser_cv *cv;
	int step;		/* progress marker */
	int flag;
	int done;		/* threads finished */
	void *joinee;
	int64_t t_wake, t_other;
};

static void *holder_mtx(void *p)
{
	struct sc *s = p;

	rumpuser_mutex_enter(s->m);
	tg_atomic_store(&s->step, 1);
	ct_sleep_ms(20);	/* the other thread runs and blocks on m */
	rumpuser_mutex_exit(s->m);
	tg_atomic_inc(&s->done);
	return NULL;
}

static void *blocker_mtx(void *p)
{
	struct sc *s = p;

	while (!tg_atomic_load(&s->step))
		ct_sleep_ms(1);
	rumpuser_mutex_enter(s->m);
	rumpuser_mutex_exit(s->m);
	tg_atomic_inc(&s->done);
	return NULL;
}

static void *holder_rw(void *p)
{
	struct sc *s = p;

	rumpuser_rw_enter(RUMPUSER_RW_WRITER, s->rw);
	tg_atomic_store(&s->step, 1);
	ct_sleep_ms(20);
	rumpuser_rw_exit(s->rw);
	tg_atomic_inc(&s->done);
	return NULL;
}

static void *blocker_rw(void *p)
{
	struct sc *s = p;

	while (!tg_atomic_load(&s->step))
		ct_sleep_ms(1);
	rumpuser_rw_enter(RUMPUSER_RW_READER, s->rw);
	rumpuser_rw_exit(s->rw);
	tg_atomic_inc(&s->done);
	return NULL;
}

static void *waiter_cv(void *p)
{
	struct sc *s = p;

	rumpuser_mutex_enter(s->m);
	tg_atomic_store(&s->step, 1);
	while (!s->flag)
		rumpuser_cv_wait(s->cv, s->m);
	rumpuser_mutex_exit(s->m);
	tg_atomic_inc(&s->done);
	return NULL;
}

/* Needs the CPU while the waiter waits: it can only run if cv_wait
 * gave the CPU back. */
static void *signaller_cv(void *p)
{
	struct sc *s = p;

	while (!tg_atomic_load(&s->step))
		ct_sleep_ms(1);
	rumpuser_mutex_enter(s->m);
	s->flag = 1;
	rumpuser_cv_signal(s->cv);
	rumpuser_mutex_exit(s->m);
	tg_atomic_inc(&s->done);
	return NULL;
}

static void *joinee(void *p)
{
	struct sc *s = p;

	while (!tg_atomic_load(&s->step))
		ct_sleep_ms(1);
	ct_sleep_ms(5);
	tg_atomic_inc(&s->done);
	return NULL;
}

static void *joiner(void *p)
{
	struct sc *s = p;

	tg_atomic_store(&s->step, 1);
	tg_thread_join(s->joinee);
	tg_atomic_inc(&s->done);
	return NULL;
}

static void *sleeper(void *p)
{
	struct sc *s = p;

	tg_atomic_store(&s->step, 1);
	ct_sleep_ms(200);
	s->t_wake = tg_now_ns();
	tg_atomic_inc(&s->done);
	return NULL;
}

static void *runner(void *p)
{
	struct sc *s = p;

	while (!tg_atomic_load(&s->step))
		ct_sleep_ms(1);
	s->t_other = tg_now_ns();
	tg_atomic_inc(&s->done);
	return NULL;
}

/* Run a and b; returns 0 when the watchdog fired (we then bail out). */
static int scenario(const char *name, struct sc *s, void *(*a)(void *),
		    void *(*b)(void *), int b_joins_a)
{
	void *ca = NULL, *cb = NULL;
	int ra, rb, n;

	ra = ct_spawn(a, s, "ct-1cpu-a", &ca);
	if (b_joins_a) {
		s->joinee = ca;
		rb = ct_spawn(b, s, "ct-1cpu-b", &cb);
	} else {
		rb = ct_spawn(b, s, "ct-1cpu-b", &cb);
	}
	if (ra || rb) {
		ct_check(0, name, "thread create %d/%d", ra, rb);
		ct_bail("cannot create threads");
		return 0;
	}
	if (!ct_await(&s->done, b_joins_a ? 2 : 2, 10000)) {
		n = tg_atomic_load(&s->done);
		ct_check(0, name, "deadlock: %d of 2 threads finished in 10 s "
			 "with one virtual CPU", n);
		ct_bail("one-CPU deadlock (a blocking hypercall kept the CPU)");
		return 0;
	}
	if (!b_joins_a)
		tg_thread_join(ca);
	tg_thread_join(cb);
	ct_check(1, name, "-");
	return 1;
}

void ct_t_onecpu(void)
{
	struct sc s;

	ct_check(tg_ncpu() == 1, "booted with one virtual CPU", "%d",
		 tg_ncpu());
	tg_memset(&s, 0, sizeof(s));
	rumpuser_mutex_init(&s.m, RUMPUSER_MTX_KMUTEX);
	if (!scenario("1 CPU: blocking mutex_enter lets the holder run", &s,
		      holder_mtx, blocker_mtx, 0))
		return;
	s.step = s.done = 0;
	rumpuser_rw_init(&s.rw);
	if (!scenario("1 CPU: blocking rw_enter lets the writer run", &s,
		      holder_rw, blocker_rw, 0))
		return;
	s.step = s.done = 0;
	rumpuser_cv_init(&s.cv);
	if (!scenario("1 CPU: cv_wait lets the signaller run", &s, waiter_cv,
		      signaller_cv, 0))
		return;
	s.step = s.done = 0;
	if (!scenario("1 CPU: thread_join lets the joined thread run", &s,
		      joinee, joiner, 1))
		return;
	s.step = s.done = 0;
	if (!scenario("1 CPU: sleep lets another thread run", &s, sleeper,
		      runner, 0))
		return;
	ct_check(s.t_other && s.t_other < s.t_wake,
		 "1 CPU: the other thread ran during the sleep",
		 "ran %lld ns after the sleeper woke",
		 (long long)(s.t_other - s.t_wake));
	rumpuser_cv_destroy(s.cv);
	rumpuser_rw_destroy(s.rw);
	rumpuser_mutex_destroy(s.m);
}
