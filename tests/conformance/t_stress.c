// SPDX-License-Identifier: BSD-2-Clause
/* Many threads hammering mutexes, rwlocks and cvs, with invariants. */
#include "ct_int.h"

#define NT 8

struct st {
	struct rumpuser_mtx *m;
	struct rumpuser_rw *rw;
	struct rumpuser_mtx *cm;
	struct rumpuser_cv *cv;
	int iters;
	int rounds;		/* token passes per thread (serial: kept lower) */
	long counter;		/* under m */
	int readers, writers;	/* inside rw */
	long wcount;		/* under rw as writer */
	int rw_bad;
	long token;		/* under cm: passes round the threads */
	long cv_bad;
	int go;			/* start gate: all threads run together */
};

struct sa {
	struct st *s;
	int id;
};

static void gate(struct st *s)
{
	while (!tg_atomic_load(&s->go))
		ct_sleep_ms(1);
}

static void *mtx_worker(void *p)
{
	struct st *s = ((struct sa *)p)->s;
	int i;

	gate(s);
	for (i = 0; i < s->iters; i++) {
		rumpuser_mutex_enter(s->m);
		s->counter++;
		rumpuser_mutex_exit(s->m);
	}
	return NULL;
}

static void *rw_worker(void *p)
{
	struct sa *a = p;
	struct st *s = a->s;
	int i;

	gate(s);
	for (i = 0; i < s->iters; i++) {
		if ((i + a->id) % 8 == 0) {
			rumpuser_rw_enter(RUMPUSER_RW_WRITER, s->rw);
			if (tg_atomic_inc(&s->writers) != 1 ||
			    tg_atomic_load(&s->readers) != 0)
				tg_atomic_inc(&s->rw_bad);
			s->wcount++;
			tg_atomic_dec(&s->writers);
			rumpuser_rw_exit(s->rw);
		} else {
			rumpuser_rw_enter(RUMPUSER_RW_READER, s->rw);
			tg_atomic_inc(&s->readers);
			if (tg_atomic_load(&s->writers) != 0)
				tg_atomic_inc(&s->rw_bad);
			tg_atomic_dec(&s->readers);
			rumpuser_rw_exit(s->rw);
		}
	}
	return NULL;
}

/* Thread k waits for token % NT == k, bumps it, wakes the others. */
static void *cv_worker(void *p)
{
	struct sa *a = p;
	struct st *s = a->s;
	int i, rounds = s->rounds;

	gate(s);
	for (i = 0; i < rounds; i++) {
		rumpuser_mutex_enter(s->cm);
		while (s->token % NT != a->id)
			rumpuser_cv_wait(s->cv, s->cm);
		if (s->token / NT != i)
			s->cv_bad++;
		s->token++;
		rumpuser_cv_broadcast(s->cv);
		rumpuser_mutex_exit(s->cm);
	}
	return NULL;
}

static int run_all(struct st *s, void *(*fn)(void *), const char *name)
{
	struct sa a[NT];
	void *c[NT];
	int i, made = 0;

	tg_atomic_store(&s->go, 0);
	for (i = 0; i < NT; i++) {
		a[i].s = s;
		a[i].id = i;
		if (ct_spawn(fn, &a[i], name, &c[i]) == 0)
			made++;
		else
			c[i] = NULL;
	}
	tg_atomic_store(&s->go, 1);
	for (i = 0; i < NT; i++)
		if (c[i])
			tg_thread_join(c[i]);
	return made;
}

void ct_t_stress(void)
{
	struct st s;
	int64_t t0;
	long want_w = 0;
	int made, i, k;

	tg_memset(&s, 0, sizeof(s));
	s.iters = ct_host->quick ? 10000 : 100000;
	/* Every pass wakes all eight: serial and slow under emulation. */
	s.rounds = ct_host->quick ? 200 : 2000;
	rumpuser_mutex_init(&s.m, RUMPUSER_MTX_KMUTEX);
	rumpuser_mutex_init(&s.cm, RUMPUSER_MTX_KMUTEX);
	rumpuser_rw_init(&s.rw);
	rumpuser_cv_init(&s.cv);

	t0 = tg_now_ns();
	made = run_all(&s, mtx_worker, "ct-stress-mtx");
	ct_check(made == NT && s.counter == (long)NT * s.iters,
		 "stress: 8 threads x mutex, counter exact",
		 "%d threads, counter %ld of %ld", made, s.counter,
		 (long)NT * s.iters);
	ct_diag("mutex stress %d x %d in %lld ms", NT, s.iters,
		(long long)((tg_now_ns() - t0) / CT_MS));

	t0 = tg_now_ns();
	made = run_all(&s, rw_worker, "ct-stress-rw");
	for (k = 0; k < NT; k++)
		for (i = 0; i < s.iters; i++)
			if ((i + k) % 8 == 0)
				want_w++;
	ct_check(made == NT && s.rw_bad == 0 && s.wcount == want_w,
		 "stress: 8 threads x rwlock, one writer and no readers",
		 "%d threads, %d violations, writes %ld of %ld", made, s.rw_bad,
		 s.wcount, want_w);
	ct_diag("rwlock stress %d x %d in %lld ms", NT, s.iters,
		(long long)((tg_now_ns() - t0) / CT_MS));

	t0 = tg_now_ns();
	made = run_all(&s, cv_worker, "ct-stress-cv");
	ct_check(made == NT && s.cv_bad == 0 &&
		 s.token == (long)NT * s.rounds,
		 "stress: 8 threads passing a token by cv",
		 "%d threads, %ld out of turn, token %ld of %ld", made,
		 s.cv_bad, s.token, (long)NT * s.rounds);
	ct_diag("cv stress %d x %d in %lld ms", NT, s.rounds,
		(long long)((tg_now_ns() - t0) / CT_MS));

	rumpuser_cv_destroy(s.cv);
	rumpuser_rw_destroy(s.rw);
	rumpuser_mutex_destroy(s.cm);
	rumpuser_mutex_destroy(s.m);
}
