// SPDX-License-Identifier: BSD-2-Clause
/* Guest threads: a host thread carrying its own lwp. */
#include "guest.h"

struct tg_start {
	void *(*fn)(void *);
	void *arg;
	struct lwp *l;
};

/* Called through pointers the compiler cannot see are noreturn. */
static void (*volatile thread_exit_fn)(void) = rumpuser_thread_exit;
static void (*volatile exit_fn)(int) = rumpuser_exit;

void tg_host_thread_exit(void)
{
	thread_exit_fn();
}

void tg_exit(int value)
{
	exit_fn(value);
}

void tg_thread_exit(void)
{
	struct lwp *l = rumpuser_curlwp();

	if (l) {
		if (l->l_cpu >= 0)
			tg_cpu_give(l);
		rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, l);
		tg_lwp_free(l);
	}
	thread_exit_fn();
}

static void *tg_trampoline(void *arg)
{
	struct tg_start st = *(struct tg_start *)arg;

	tg_free(arg, sizeof(st));
	rumpuser_curlwpop(RUMPUSER_LWP_SET, st.l);
	tg_cpu_take(st.l);
	st.fn(st.arg);
	tg_thread_exit();
	return NULL;
}

int tg_thread_create(void *(*fn)(void *), void *arg, const char *name,
		     int mustjoin, int cpuidx, void **cookie)
{
	struct tg_start *st = tg_alloc(sizeof(*st));
	int rv;

	if (!st)
		return 12;
	st->fn = fn;
	st->arg = arg;
	/* The creator makes the lwp, as NetBSD does; the child binds it. */
	st->l = tg_lwp_new(0, 0);
	if (!st->l) {
		tg_free(st, sizeof(*st));
		return 12;
	}
	rv = rumpuser_thread_create(tg_trampoline, st, name, mustjoin, 0,
				    cpuidx, cookie);
	if (rv) {
		tg_lwp_free(st->l);
		tg_free(st, sizeof(*st));
	}
	return rv;
}

int tg_thread_join(void *cookie)
{
	return rumpuser_thread_join(cookie);
}
