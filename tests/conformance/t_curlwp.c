// SPDX-License-Identifier: BSD-2-Clause
/* rumpuser_curlwpop and rumpuser_curlwp. */
#include "ct_int.h"

#define NCHURN 16

struct churn {
	int iters;
	int bad;
	int start_null;
};

/* A plain host thread (not a guest thread): binds lwps by hand. */
static void *churner(void *p)
{
	struct churn *c = p;
	struct lwp *mine, *other;
	int i;

	c->start_null = rumpuser_curlwp() == NULL;
	mine = tg_lwp_alloc();
	if (!mine) {
		c->bad = -1;
		tg_host_thread_exit();
		return NULL;
	}
	rumpuser_curlwpop(RUMPUSER_LWP_SET, mine);
	for (i = 0; i < c->iters; i++) {
		if (rumpuser_curlwp() != mine)
			c->bad++;
		if (i % 16 == 0) {
			rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, mine);
			if (rumpuser_curlwp() != NULL)
				c->bad++;
			other = tg_lwp_alloc();
			if (other) {
				rumpuser_curlwpop(RUMPUSER_LWP_SET, other);
				if (rumpuser_curlwp() != other)
					c->bad++;
				rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, other);
				tg_lwp_dispose(other);
			}
			rumpuser_curlwpop(RUMPUSER_LWP_SET, mine);
		}
		if (i % 256 == 0)	/* give others a turn */
			ct_sleep_ms(1);
	}
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, mine);
	tg_lwp_dispose(mine);
	tg_host_thread_exit();
	return NULL;
}

/*
 * A thread that ends with an lwp still bound, as a guest thread ended in
 * the middle of its work does: whatever runs the next thread must not
 * hand it that lwp.
 */
static void *dirty_exit(void *p)
{
	rumpuser_curlwpop(RUMPUSER_LWP_SET, p);
	tg_host_thread_exit();
	return NULL;
}

static void *starts_clean(void *p)
{
	*(int *)p = rumpuser_curlwp() == NULL;
	tg_host_thread_exit();
	return NULL;
}

/* 1 when the threads after 4 dirty exits all started without lwp. */
static int clean_after_dirty(int *made)
{
	int i, clean, all = 1;
	struct lwp *l;
	void *ck;

	*made = 0;
	for (i = 0; i < 4; i++) {
		l = tg_lwp_alloc();
		if (!l)
			continue;
		if (rumpuser_thread_create(dirty_exit, l, "ct-dirty", 1, 0, -1,
					   &ck) == 0) {
			rumpuser_thread_join(ck);
			clean = 0;
			if (rumpuser_thread_create(starts_clean, &clean,
						   "ct-clean", 1, 0, -1,
						   &ck) == 0) {
				rumpuser_thread_join(ck);
				(*made)++;
				all = all && clean;
			}
		}
		tg_lwp_dispose(l);
	}
	return all;
}

void ct_t_curlwp(void)
{
	struct churn c[NCHURN];
	void *ck[NCHURN];
	struct lwp *boot = tg_curlwp(), *l;
	int i, rv, bad = 0, notnull = 0, made = 0;

	ct_check(tg_lwp_valid(boot), "curlwp is the booted lwp", "%p", boot);
	/* Rebind by hand while holding no CPU. */
	tg_unschedule();
	l = tg_lwp_alloc();
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, boot);
	rv = rumpuser_curlwp() == NULL;
	rumpuser_curlwpop(RUMPUSER_LWP_SET, l);
	rv = rv && rumpuser_curlwp() == l;
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, l);
	rv = rv && rumpuser_curlwp() == NULL;
	rumpuser_curlwpop(RUMPUSER_LWP_SET, boot);
	rv = rv && rumpuser_curlwp() == boot;
	tg_lwp_dispose(l);
	tg_schedule();
	ct_check(rv, "curlwpop SET/CLEAR round trip", "curlwp wrong");

	for (i = 0; i < NCHURN; i++) {
		c[i].iters = ct_host->quick ? 2000 : 20000;
		c[i].bad = 0;
		c[i].start_null = 0;
		if (rumpuser_thread_create(churner, &c[i], "ct-curlwp", 1, 0,
					   -1, &ck[i]) == 0)
			made++;
		else
			ck[i] = NULL;
	}
	for (i = 0; i < NCHURN; i++) {
		if (!ck[i])
			continue;
		rumpuser_thread_join(ck[i]);
		if (c[i].bad)
			bad++;
		if (!c[i].start_null)
			notnull++;
	}
	ct_check(made == NCHURN && bad == 0,
		 "curlwp isolated across 16 churning threads",
		 "%d created, %d saw a foreign lwp", made, bad);
	ct_check(notnull == 0, "a new host thread starts without lwp",
		 "%d started with one", notnull);
	ct_check(tg_curlwp() == boot && tg_scheduled(),
		 "main lwp intact after churn", "curlwp %p", tg_curlwp());
	rv = clean_after_dirty(&made);
	ct_check(rv && made == 4,
		 "a new thread starts without lwp after threads that ended with one",
		 "%d of 4 created, all clean: %d", made, rv);
}
