// SPDX-License-Identifier: BSD-2-Clause
/* rumpuser_mutex_*: unscheduling rules, owner, tryenter. */
#include "ct_int.h"

struct mt {
	struct rumpuser_mtx *m;
	int entering;		/* about to enter */
	int holding;		/* inside, waiting for release */
	int release;
	int tryrv;
	struct lwp *me;
	struct tg_stats d;	/* stats delta over the enter */
};

static void *contender(void *p)
{
	struct mt *a = p;
	struct tg_stats s0, s1;

	a->me = tg_curlwp();
	tg_stats(&s0);
	tg_atomic_store(&a->entering, 1);
	rumpuser_mutex_enter(a->m);
	tg_stats(&s1);
	tg_atomic_store(&a->holding, 1);
	while (!tg_atomic_load(&a->release)) {
		int64_t t = tg_now_ns() + CT_MS;

		while (tg_now_ns() < t)	/* no sleeping: it may be a SPIN */
			;
	}
	rumpuser_mutex_exit(a->m);
	a->d.backend_unsched = s1.backend_unsched - s0.backend_unsched;
	a->d.backend_sched = s1.backend_sched - s0.backend_sched;
	a->d.last_interlock = s1.last_interlock;
	return NULL;
}

static void *trier(void *p)
{
	struct mt *a = p;

	a->tryrv = rumpuser_mutex_tryenter(a->m);
	if (a->tryrv == 0)
		rumpuser_mutex_exit(a->m);
	return NULL;
}

static void spin_ms(int ms)
{
	int64_t t = tg_now_ns() + ms * CT_MS;

	while (tg_now_ns() < t)
		;
}

/* Hold m, let a contender block on it, release. */
static int contend(struct rumpuser_mtx *m, struct mt *a, int spin)
{
	void *c;
	int rv;

	tg_memset(a, 0, sizeof(*a));
	a->m = m;
	rumpuser_mutex_enter(m);
	rv = ct_spawn(contender, a, "ct-mtx", &c);
	if (rv) {
		rumpuser_mutex_exit(m);
		return rv;
	}
	while (!tg_atomic_load(&a->entering))
		spin_ms(1);
	spin_ms(spin ? 20 : 5);
	if (!spin)
		ct_sleep_ms(30);	/* never while holding a SPIN mutex */
	rv = tg_atomic_load(&a->holding) ? -1 : 0;
	rumpuser_mutex_exit(m);
	tg_atomic_store(&a->release, 1);
	tg_thread_join(c);
	return rv;
}

static void t_kmutex(void)
{
	struct rumpuser_mtx *m;
	struct tg_stats s0, s1;
	struct lwp *o = (void *)1, *o2 = (void *)1;
	struct mt a;
	void *c;
	int rv;

	rumpuser_mutex_init(&m, RUMPUSER_MTX_KMUTEX);
	tg_stats(&s0);
	rumpuser_mutex_enter(m);
	tg_stats(&s1);
	rumpuser_mutex_owner(m, &o);
	ct_check(s1.backend_unsched == s0.backend_unsched,
		 "uncontended mutex_enter does not unschedule", "unsched +%lu",
		 s1.backend_unsched - s0.backend_unsched);
	ct_check(o == tg_curlwp(), "KMUTEX owner is curlwp while held",
		 "owner %p curlwp %p", o, tg_curlwp());
	tg_memset(&a, 0, sizeof(a));
	a.m = m;
	rv = ct_spawn(trier, &a, "ct-try", &c);
	if (rv == 0)
		tg_thread_join(c);
	ct_check(rv == 0 && a.tryrv == CT_EBUSY, "tryenter on a held mutex is EBUSY",
		 "rv %d", a.tryrv);
	rumpuser_mutex_exit(m);
	rumpuser_mutex_owner(m, &o);
	ct_check(o == NULL, "KMUTEX owner is NULL after exit", "owner %p", o);

	rv = rumpuser_mutex_tryenter(m);
	rumpuser_mutex_owner(m, &o2);
	if (rv == 0)
		rumpuser_mutex_exit(m);
	ct_check(rv == 0 && o2 == tg_curlwp(), "tryenter on a free mutex",
		 "rv %d owner %p", rv, o2);

	tg_stats(&s0);
	rumpuser_mutex_enter_nowrap(m);
	tg_stats(&s1);
	rumpuser_mutex_owner(m, &o);
	rumpuser_mutex_exit(m);
	ct_check(s1.backend_unsched == s0.backend_unsched && o == tg_curlwp(),
		 "mutex_enter_nowrap keeps the CPU, sets the owner",
		 "unsched +%lu owner %p", s1.backend_unsched - s0.backend_unsched,
		 o);

	rv = contend(m, &a, 0);
	ct_check(rv == 0 && a.d.backend_unsched >= 1 &&
		 a.d.backend_sched == a.d.backend_unsched &&
		 a.d.last_interlock == NULL,
		 "contended mutex_enter unschedules with no interlock",
		 "rv %d unsched +%lu sched +%lu interlock %p", rv,
		 a.d.backend_unsched, a.d.backend_sched, a.d.last_interlock);
	rumpuser_mutex_destroy(m);
}

static void t_spin(int flags, const char *name)
{
	struct rumpuser_mtx *m;
	struct tg_stats s0, s1;
	struct lwp *o = NULL;
	struct mt a;
	char n[80];
	int rv;

	rumpuser_mutex_init(&m, flags);
	tg_stats(&s0);
	rumpuser_mutex_enter(m);
	tg_stats(&s1);
	if (flags & RUMPUSER_MTX_KMUTEX)
		rumpuser_mutex_owner(m, &o);
	rumpuser_mutex_exit(m);
	tg_snprintf(n, sizeof(n), "%s enter keeps the CPU", name);
	ct_check(s1.backend_unsched == s0.backend_unsched, n, "unsched +%lu",
		 s1.backend_unsched - s0.backend_unsched);
	if (flags & RUMPUSER_MTX_KMUTEX) {
		tg_snprintf(n, sizeof(n), "%s owner is curlwp", name);
		ct_check(o == tg_curlwp(), n, "owner %p", o);
	}
	if (tg_ncpu() < 2) {
		tg_snprintf(n, sizeof(n), "%s contended enter keeps the CPU",
			    name);
		ct_skip(n, "needs 2 virtual CPUs");
	} else {
		rv = contend(m, &a, 1);
		tg_snprintf(n, sizeof(n),
			    "%s contended enter never unschedules", name);
		ct_check(rv == 0 && a.d.backend_unsched == 0, n,
			 "rv %d unsched +%lu", rv, a.d.backend_unsched);
	}
	rumpuser_mutex_destroy(m);
}

void ct_t_mutex(void)
{
	t_kmutex();
	t_spin(RUMPUSER_MTX_SPIN, "SPIN mutex");
	t_spin(RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX, "SPIN|KMUTEX mutex");
}
