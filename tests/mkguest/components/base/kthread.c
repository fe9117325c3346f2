// SPDX-License-Identifier: BSD-2-Clause
/* Kernel threads: each runs with an lwp of its own, made by its creator. */
#include "sk.h"

struct sk_kthread {
	void (*fn)(void *);
	void *arg;
	struct lwp *l;
};

static void *sk_kthread_main(void *p)
{
	struct sk_kthread kt = *(struct sk_kthread *)p;

	sk_free(p, sizeof(kt));
	rumpuser_curlwpop(RUMPUSER_LWP_SET, kt.l);
	kt.fn(kt.arg);
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, kt.l);
	sk_lwp_free(kt.l);
	rumpuser_thread_exit();
}

/* A joinable thread running fn(arg); 0 or a NetBSD errno. */
int sk_kthread_create(void (*fn)(void *), void *arg, const char *name,
		      void **cookie)
{
	struct sk_kthread *kt = sk_alloc(sizeof(*kt));
	int err;

	if (!kt)
		return SK_ENOMEM;
	kt->fn = fn;
	kt->arg = arg;
	kt->l = sk_lwp_new();
	if (!kt->l) {
		sk_free(kt, sizeof(*kt));
		return SK_ENOMEM;
	}
	err = rumpuser_thread_create(sk_kthread_main, kt, name, 1, 0, -1,
				     cookie);
	if (err) {
		sk_lwp_free(kt->l);
		sk_free(kt, sizeof(*kt));
	}
	return err;
}
