// SPDX-License-Identifier: BSD-2-Clause
/*
 * lwps, and curlwp through the hypercall (NetBSD's RUMP_CURLWP=hypercall):
 * a thread that enters the kernel without one gets an implicit lwp for
 * the call, as NetBSD's rump_schedule gives one.
 */
#include "sk.h"

static int next_lid = 1;

struct lwp *sk_lwp_new(void)
{
	struct lwp *l = sk_alloc(sizeof(*l));

	if (!l)
		return NULL;
	l->l_lid = __atomic_fetch_add(&next_lid, 1, __ATOMIC_RELAXED);
	rumpuser_curlwpop(RUMPUSER_LWP_CREATE, l);
	return l;
}

void sk_lwp_free(struct lwp *l)
{
	rumpuser_curlwpop(RUMPUSER_LWP_DESTROY, l);
	sk_free(l, sizeof(*l));
}

struct lwp *sk_enter(void)
{
	struct lwp *l = rumpuser_curlwp();

	if (l)
		return l;
	l = sk_lwp_new();
	if (!l)
		return NULL;
	l->l_implicit = 1;
	rumpuser_curlwpop(RUMPUSER_LWP_SET, l);
	return l;
}

void sk_leave(struct lwp *l)
{
	if (!l || !l->l_implicit)
		return;
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, l);
	sk_lwp_free(l);
}
