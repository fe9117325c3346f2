// SPDX-License-Identifier: BSD-2-Clause
/*
 * The benchmark cases.  Single-thread cases repeat their body until it has
 * run for at least BG_MIN_NS, doubling the count, so that they measure
 * the same way under emulation and natively.  Two-thread cases run a
 * fixed number of exchanges sized the same way.
 */
#include "../tests/guest/tg.h"
#include "bench.h"

#define BG_MIN_NS	(100LL * 1000 * 1000)

void bg_report(const char *host, const char *name, long iters, long long ns)
{
	long long ps = iters ? ns * 1000 / iters : 0;

	rumpuser_dprintf("BENCH host=%s case=%s iters=%ld ps=%lld\n",
			 host, name, iters, ps);
}

typedef void (*bg_body_fn)(void *arg, long n);

/* Time body(arg, n) with n doubling until one run is long enough. */
static void bg_measure(const char *host, const char *name, bg_body_fn body,
		       void *arg)
{
	long n = 256;
	int64_t t0, dt;

	for (;;) {
		t0 = tg_now_ns();
		body(arg, n);
		dt = tg_now_ns() - t0;
		if (dt >= BG_MIN_NS || n >= (1L << 30))
			break;
		n *= 2;
	}
	bg_report(host, name, n, dt);
}

static void body_mutex(void *arg, long n)
{
	struct rumpuser_mtx *m = arg;

	for (long i = 0; i < n; i++) {
		rumpuser_mutex_enter(m);
		rumpuser_mutex_exit(m);
	}
}

static void body_curlwp(void *arg, long n)
{
	struct lwp *volatile sink;

	(void)arg;
	for (long i = 0; i < n; i++)
		sink = rumpuser_curlwp();
	(void)sink;
}

static void body_gettime(void *arg, long n)
{
	int64_t sec;
	long nsec;

	(void)arg;
	for (long i = 0; i < n; i++)
		rumpuser_clock_gettime(RUMPUSER_CLOCK_ABSMONO, &sec, &nsec);
}

static void body_malloc(void *arg, long n)
{
	size_t len = *(size_t *)arg;
	void *p;

	for (long i = 0; i < n; i++) {
		if (rumpuser_malloc(len, 0, &p) == 0) {
			/* Touch it, as any real user would. */
			*(volatile char *)p = 1;
			rumpuser_free(p, len);
		}
	}
}

/*
 * What a client thread without an lwp costs on every call into a NetBSD
 * guest: an lwp made and bound (an lwp-sized allocation, CREATE, SET, its
 * mutex and cv), then unbound and undone.  The caller's own lwp is bound
 * again at the end.
 */
#define BG_LWP_SIZE	1024

static void body_lwpcycle(void *arg, long n)
{
	struct lwp *mine = rumpuser_curlwp(), *l;
	struct rumpuser_mtx *m;
	struct rumpuser_cv *cv;
	void *p;

	(void)arg;
	for (long i = 0; i < n; i++) {
		if (rumpuser_malloc(BG_LWP_SIZE, 0, &p) != 0)
			break;
		l = p;
		rumpuser_curlwpop(RUMPUSER_LWP_CREATE, l);
		rumpuser_curlwpop(RUMPUSER_LWP_SET, l);
		rumpuser_mutex_init(&m, RUMPUSER_MTX_KMUTEX);
		rumpuser_cv_init(&cv);
		rumpuser_cv_destroy(cv);
		rumpuser_mutex_destroy(m);
		rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, l);
		rumpuser_curlwpop(RUMPUSER_LWP_DESTROY, l);
		rumpuser_free(p, BG_LWP_SIZE);
	}
	rumpuser_curlwpop(RUMPUSER_LWP_SET, mine);
}

static void *bg_thread_nop(void *arg)
{
	return arg;
}

static void body_thread(void *arg, long n)
{
	void *cookie;

	(void)arg;
	for (long i = 0; i < n; i++) {
		if (tg_thread_create(bg_thread_nop, NULL, "bgnop", 1, -1,
				     &cookie) == 0)
			tg_thread_join(cookie);
	}
}

/* Two threads share one mutex and a counter: every acquisition contends. */
struct bg_contend {
	struct rumpuser_mtx *m;
	long n;
	long counter;
};

static void *bg_contend_thread(void *arg)
{
	struct bg_contend *c = arg;

	for (long i = 0; i < c->n; i++) {
		rumpuser_mutex_enter(c->m);
		c->counter++;
		rumpuser_mutex_exit(c->m);
	}
	return NULL;
}

static void body_contended(void *arg, long n)
{
	struct bg_contend *c = arg;
	void *cookie;

	/* Both threads together make n acquisitions. */
	c->n = n / 2;
	c->counter = 0;
	if (tg_thread_create(bg_contend_thread, c, "bgcont", 1, -1, &cookie))
		return;
	bg_contend_thread(c);
	tg_thread_join(cookie);
}

/* A token passed back and forth through one cv: one round trip per op. */
struct bg_pingpong {
	struct rumpuser_mtx *m;
	struct rumpuser_cv *cv;
	long n;
	int turn;
};

static void bg_pingpong_play(struct bg_pingpong *p, int me)
{
	rumpuser_mutex_enter(p->m);
	for (long i = 0; i < p->n; i++) {
		while (p->turn != me)
			rumpuser_cv_wait(p->cv, p->m);
		p->turn = !me;
		rumpuser_cv_signal(p->cv);
	}
	rumpuser_mutex_exit(p->m);
}

static void *bg_pingpong_thread(void *arg)
{
	bg_pingpong_play(arg, 1);
	return NULL;
}

static void body_cv(void *arg, long n)
{
	struct bg_pingpong *p = arg;
	void *cookie;

	p->n = n;
	p->turn = 0;
	if (tg_thread_create(bg_pingpong_thread, p, "bgpong", 1, -1, &cookie))
		return;
	bg_pingpong_play(p, 0);
	tg_thread_join(cookie);
}

int bg_run(const char *host)
{
	struct bg_contend contend;
	struct bg_pingpong pp;
	struct rumpuser_mtx *m;
	size_t small = 64, page = 4096;
	int error;

	/* Two virtual CPUs: the two-thread cases need both running. */
	error = tg_boot(2);
	if (error)
		return error;

	rumpuser_mutex_init(&m, RUMPUSER_MTX_KMUTEX);
	bg_measure(host, "mutex_uncontended", body_mutex, m);
	bg_measure(host, "curlwp", body_curlwp, NULL);
	bg_measure(host, "clock_gettime", body_gettime, NULL);
	bg_measure(host, "malloc_free_64", body_malloc, &small);
	bg_measure(host, "malloc_free_4k", body_malloc, &page);
	bg_measure(host, "thread_create_join", body_thread, NULL);
	bg_measure(host, "lwp_cycle", body_lwpcycle, NULL);

	contend.m = m;
	bg_measure(host, "mutex_contended", body_contended, &contend);

	pp.m = m;
	rumpuser_cv_init(&pp.cv);
	bg_measure(host, "cv_roundtrip", body_cv, &pp);
	rumpuser_cv_destroy(pp.cv);
	rumpuser_mutex_destroy(m);

	tg_halt();
	return 0;
}
