// SPDX-License-Identifier: BSD-2-Clause
/* rumpuser_thread_create/join/exit. */
#include "ct_int.h"

#define NJOIN 8

struct targ {
	int ran;
	int scheduled;
	int own_lwp;
	int after_exit;
	int *done;
};

static void *worker(void *p)
{
	struct targ *a = p;
	struct lwp *l = tg_curlwp();

	a->scheduled = tg_scheduled();
	a->own_lwp = tg_lwp_valid(l) && !tg_lwp_temporary(l);
	a->ran = 1;
	if (a->done)
		tg_atomic_inc(a->done);
	return NULL;
}

static void *exiter(void *p)
{
	struct targ *a = p;

	a->ran = 1;
	tg_thread_exit();
	a->after_exit = 1;	/* never reached */
	return NULL;
}

static void t_join(void)
{
	struct targ a[NJOIN];
	void *c[NJOIN];
	struct tg_stats s0, s1;
	int i, bad = 0, rv[NJOIN], jrv;

	tg_memset(a, 0, sizeof(a));
	for (i = 0; i < NJOIN; i++)
		rv[i] = ct_spawn(worker, &a[i], "ct-join", &c[i]);
	tg_stats(&s0);
	for (i = 0; i < NJOIN; i++) {
		jrv = rv[i] ? rv[i] : tg_thread_join(c[i]);
		if (jrv || !a[i].ran || !a[i].scheduled || !a[i].own_lwp)
			bad++;
	}
	tg_stats(&s1);
	ct_check(bad == 0, "8 joinable threads run scheduled with own lwps",
		 "%d bad", bad);
	ct_check(s1.backend_unsched > s0.backend_unsched && tg_scheduled(),
		 "join unschedules while waiting",
		 "unsched +%lu", s1.backend_unsched - s0.backend_unsched);
}

static void t_detached(void)
{
	struct targ a[4];
	int i, done = 0, rv = 0;

	tg_memset(a, 0, sizeof(a));
	for (i = 0; i < 4; i++) {
		a[i].done = &done;
		rv |= tg_thread_create(worker, &a[i], "ct-detached", 0, -1,
				       NULL);
	}
	if (!ct_await(&done, rv ? 0 : 4, 10000)) {
		ct_check(0, "detached threads run", "%d of 4 ran", done);
		ct_bail("detached threads never ran");
		return;
	}
	ct_check(rv == 0 && done == 4, "detached threads run", "rv %d", rv);
	/* Give them time to finish exiting before the guest moves on. */
	ct_sleep_ms(20);
}

static void t_exit(void)
{
	struct targ a;
	void *c = NULL;
	int rv, jrv = -1;

	tg_memset(&a, 0, sizeof(a));
	rv = ct_spawn(exiter, &a, "ct-exit", &c);
	if (rv == 0)
		jrv = tg_thread_join(c);
	ct_check(rv == 0 && jrv == 0 && a.ran && !a.after_exit,
		 "thread_exit ends the thread, join sees it",
		 "create %d join %d ran %d after %d", rv, jrv, a.ran,
		 a.after_exit);
}

static void t_names(void)
{
	char name[40];
	struct targ a, b;
	void *ca = NULL, *cb = NULL;
	int ra, rb, ja = -1, jb = -1;

	tg_memset(&a, 0, sizeof(a));
	tg_memset(&b, 0, sizeof(b));
	ra = ct_spawn(worker, &a,
		      "ct-a-thread-name-much-longer-than-sixteen-characters",
		      &ca);
	/* The hypervisor must copy the name, not keep our buffer. */
	tg_snprintf(name, sizeof(name), "ct-stack-name");
	rb = tg_thread_create(worker, &b, name, 1, 0, &cb);
	tg_memset(name, 0, sizeof(name));
	if (ra == 0)
		ja = tg_thread_join(ca);
	if (rb == 0)
		jb = tg_thread_join(cb);
	ct_check(ra == 0 && ja == 0 && a.ran, "thread with a long name",
		 "create %d join %d", ra, ja);
	ct_check(rb == 0 && jb == 0 && b.ran,
		 "thread with a transient name, bound to cpu 0",
		 "create %d join %d", rb, jb);
	ra = tg_thread_create(worker, &a, NULL, 1, -1, &ca);
	if (ra == 0)
		ja = tg_thread_join(ca);
	ct_check(ra == 0 && ja == 0, "thread with a NULL name",
		 "create %d join %d", ra, ja);
}

void ct_t_thread(void)
{
	t_join();
	t_detached();
	if (ct_bailed())
		return;
	t_exit();
	t_names();
}
