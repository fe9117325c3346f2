// SPDX-License-Identifier: BSD-2-Clause
/*
 * Virtual CPUs.  The allocator runs while the caller holds no CPU, so it
 * may only use hypercalls that never unschedule: a SPIN mutex entered
 * with _nowrap and cv_wait_nowrap.
 */
#include "guest.h"

static struct rumpuser_mtx *cpu_mtx;
static struct rumpuser_cv *cpu_cv;
static struct lwp **cpu_owner;
static int ncpu;
static int nfree;
static tg_sched_hook_fn sched_hook;

int tg_cpus_init(int n)
{
	cpu_owner = tg_alloc(sizeof(*cpu_owner) * (size_t)n);
	if (!cpu_owner)
		return 12;
	tg_memset(cpu_owner, 0, sizeof(*cpu_owner) * (size_t)n);
	ncpu = nfree = n;
	rumpuser_mutex_init(&cpu_mtx, RUMPUSER_MTX_SPIN);
	rumpuser_cv_init(&cpu_cv);
	return 0;
}

void tg_cpus_fini(void)
{
	rumpuser_cv_destroy(cpu_cv);
	rumpuser_mutex_destroy(cpu_mtx);
	tg_free(cpu_owner, sizeof(*cpu_owner) * (size_t)ncpu);
	cpu_owner = NULL;
	ncpu = nfree = 0;
}

int tg_ncpu(void)
{
	return ncpu;
}

void tg_cpu_take(struct lwp *l)
{
	int i;

	rumpuser_mutex_enter_nowrap(cpu_mtx);
	while (nfree == 0)
		rumpuser_cv_wait_nowrap(cpu_cv, cpu_mtx);
	for (i = 0; i < ncpu; i++)
		if (!cpu_owner[i])
			break;
	cpu_owner[i] = l;
	nfree--;
	l->l_cpu = i;
	rumpuser_mutex_exit(cpu_mtx);
}

void tg_cpu_give(struct lwp *l)
{
	rumpuser_mutex_enter_nowrap(cpu_mtx);
	cpu_owner[l->l_cpu] = NULL;
	l->l_cpu = -1;
	nfree++;
	rumpuser_cv_signal(cpu_cv);
	rumpuser_mutex_exit(cpu_mtx);
}

/* Hand the caller's CPU (if any) from one lwp to another: lwp switch. */
void tg_cpu_transfer(struct lwp *from, struct lwp *to)
{
	int c = from->l_cpu;

	if (c < 0)
		return;
	rumpuser_mutex_enter_nowrap(cpu_mtx);
	cpu_owner[c] = to;
	rumpuser_mutex_exit(cpu_mtx);
	from->l_cpu = -1;
	to->l_cpu = c;
}

int tg_scheduled(void)
{
	struct lwp *l = rumpuser_curlwp();

	return l && l->l_cpu >= 0;
}

int tg_curcpu(void)
{
	struct lwp *l = rumpuser_curlwp();

	return l ? l->l_cpu : -1;
}

/* Enter the guest: an lwp-less thread borrows a temporary lwp. */
void tg_sched_enter(void)
{
	struct lwp *l = rumpuser_curlwp();

	if (!l) {
		l = tg_lwp_new(0, 1);
		if (!l) {
			tg_anomaly();
			return;
		}
		rumpuser_curlwpop(RUMPUSER_LWP_SET, l);
	}
	if (l->l_cpu >= 0) {
		tg_anomaly();
		return;
	}
	tg_cpu_take(l);
}

void tg_sched_leave(void)
{
	struct lwp *l = rumpuser_curlwp();

	if (!l || l->l_cpu < 0) {
		tg_anomaly();
		return;
	}
	tg_cpu_give(l);
	if (l->l_temp) {
		rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, l);
		tg_lwp_free(l);
	}
}

void tg_schedule(void)
{
	tg_sched_enter();
}

void tg_unschedule(void)
{
	tg_sched_leave();
}

void tg_set_sched_hook(tg_sched_hook_fn fn)
{
	__atomic_store_n(&sched_hook, fn, __ATOMIC_SEQ_CST);
}

void tg_run_sched_hook(int nlocks, void *interlock)
{
	tg_sched_hook_fn fn = __atomic_load_n(&sched_hook, __ATOMIC_SEQ_CST);

	if (fn)
		fn(nlocks, interlock);
}
