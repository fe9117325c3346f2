// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpuser_exit with threads blocked in every kind of hypercall.  The
 * host glue checks the outcome (a dead process, or a guest the kernel
 * hypervisor ended and released).
 */
#include "ct_int.h"

struct ex {
	struct rumpuser_mtx *m;
	struct rumpuser_mtx *cm;
	struct rumpuser_cv *cv;
	struct rumpuser_rw *rw;
	void *sleeper;
	int blocked;
};

static void *b_sleep(void *p)
{
	struct ex *e = p;

	tg_atomic_inc(&e->blocked);
	ct_sleep_ms(600000);
	return NULL;
}

static void *b_mutex(void *p)
{
	struct ex *e = p;

	tg_atomic_inc(&e->blocked);
	rumpuser_mutex_enter(e->m);	/* held by the main thread */
	rumpuser_mutex_exit(e->m);
	return NULL;
}

static void *b_cv(void *p)
{
	struct ex *e = p;

	rumpuser_mutex_enter(e->cm);
	tg_atomic_inc(&e->blocked);
	for (;;)
		rumpuser_cv_wait(e->cv, e->cm);
	return NULL;
}

static void *b_rw(void *p)
{
	struct ex *e = p;

	tg_atomic_inc(&e->blocked);
	rumpuser_rw_enter(RUMPUSER_RW_READER, e->rw);
	rumpuser_rw_exit(e->rw);
	return NULL;
}

static void *b_join(void *p)
{
	struct ex *e = p;

	tg_atomic_inc(&e->blocked);
	tg_thread_join(e->sleeper);
	return NULL;
}

int ct_exit_scenario(const struct ct_host *h, int value)
{
	static struct ex e;
	void *c;
	int rv;

	ct_host = h;
	rv = tg_boot(0);
	if (rv)
		return rv;
	rumpuser_mutex_init(&e.m, RUMPUSER_MTX_KMUTEX);
	rumpuser_mutex_init(&e.cm, RUMPUSER_MTX_KMUTEX);
	rumpuser_cv_init(&e.cv);
	rumpuser_rw_init(&e.rw);
	rumpuser_mutex_enter(e.m);
	rumpuser_rw_enter(RUMPUSER_RW_WRITER, e.rw);
	rv = ct_spawn(b_sleep, &e, "ct-x-sleep", &e.sleeper);
	rv = rv ? rv : ct_spawn(b_mutex, &e, "ct-x-mutex", NULL);
	rv = rv ? rv : ct_spawn(b_cv, &e, "ct-x-cv", NULL);
	rv = rv ? rv : ct_spawn(b_rw, &e, "ct-x-rw", &c);
	rv = rv ? rv : ct_spawn(b_join, &e, "ct-x-join", &c);
	if (rv)
		return rv;
	if (!ct_await(&e.blocked, 5, 10000))
		return 60;
	ct_sleep_ms(50);	/* let them get into their hypercalls */
	rumpuser_dprintf("# exit scenario: 5 threads blocked, rumpuser_exit(%d)\n",
			 value);
	tg_exit(value);
	return 0;
}
