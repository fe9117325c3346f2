// SPDX-License-Identifier: BSD-2-Clause
/* Lightweight processes: creation, switching, release. */
#include "guest.h"

static int next_lid;
static long live_lwps, hyp_lwps;
static unsigned long anomalies;

void tg_anomaly(void)
{
	__atomic_add_fetch(&anomalies, 1, __ATOMIC_SEQ_CST);
}

unsigned long tg_anomalies(void)
{
	return __atomic_load_n(&anomalies, __ATOMIC_SEQ_CST);
}

long tg_lwp_count(void)
{
	return __atomic_load_n(&live_lwps, __ATOMIC_SEQ_CST);
}

/* A new lwp known to the hypervisor (CREATE) but not bound to a thread. */
struct lwp *tg_lwp_new(pid_t pid, int temp)
{
	struct lwp *l = tg_alloc(sizeof(*l));

	if (!l)
		return NULL;
	tg_memset(l, 0, sizeof(*l));
	l->l_magic = TG_LWP_MAGIC;
	l->l_id = __atomic_add_fetch(&next_lid, 1, __ATOMIC_SEQ_CST);
	l->l_pid = pid;
	l->l_cpu = -1;
	l->l_temp = temp;
	__atomic_add_fetch(&live_lwps, 1, __ATOMIC_SEQ_CST);
	rumpuser_curlwpop(RUMPUSER_LWP_CREATE, l);
	return l;
}

/* The lwp must no longer be bound (CLEARed) nor hold a CPU. */
void tg_lwp_free(struct lwp *l)
{
	if (l->l_cpu >= 0)
		tg_anomaly();
	rumpuser_curlwpop(RUMPUSER_LWP_DESTROY, l);
	l->l_magic = 0;
	if (l->l_hyp)
		__atomic_sub_fetch(&hyp_lwps, 1, __ATOMIC_SEQ_CST);
	__atomic_sub_fetch(&live_lwps, 1, __ATOMIC_SEQ_CST);
	tg_free(l, sizeof(*l));
}

/*
 * Bind newl (a temporary one when NULL) to the calling thread.  A held CPU
 * moves along; a temporary lwp switched away from dies.
 */
void tg_lwp_switch(struct lwp *newl)
{
	struct lwp *old = rumpuser_curlwp();

	if (!newl) {
		newl = tg_lwp_new(old ? old->l_pid : 0, 1);
		if (!newl) {
			tg_anomaly();
			return;
		}
	}
	if (old == newl)
		return;
	if (old) {
		rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, old);
		tg_cpu_transfer(old, newl);
	}
	rumpuser_curlwpop(RUMPUSER_LWP_SET, newl);
	if (old && old->l_temp)
		tg_lwp_free(old);
}

void tg_lwp_mark_hyp(struct lwp *l)
{
	l->l_hyp = 1;
	__atomic_add_fetch(&hyp_lwps, 1, __ATOMIC_SEQ_CST);
}

long tg_lwp_hyp_count(void)
{
	return __atomic_load_n(&hyp_lwps, __ATOMIC_SEQ_CST);
}

size_t tg_lwp_size(void)
{
	return sizeof(struct lwp);
}

struct lwp *tg_curlwp(void)
{
	return rumpuser_curlwp();
}

struct lwp *tg_lwp_alloc(void)
{
	return tg_lwp_new(0, 0);
}

void tg_lwp_dispose(struct lwp *l)
{
	tg_lwp_free(l);
}

int tg_lwp_valid(struct lwp *l)
{
	return l && l->l_magic == TG_LWP_MAGIC;
}

int tg_lwp_id(struct lwp *l)
{
	return l ? l->l_id : 0;
}

int tg_lwp_temporary(struct lwp *l)
{
	return l ? l->l_temp : 0;
}

void tg_stats(struct tg_stats *st)
{
	struct lwp *l = rumpuser_curlwp();

	if (l)
		*st = l->l_stats;
	else
		tg_memset(st, 0, sizeof(*st));
}
