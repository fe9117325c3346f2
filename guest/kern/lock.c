// SPDX-License-Identifier: BSD-2-Clause
/*
 * Mutexes, rwlocks and condition variables: thin wrappers over the
 * hypervisor's primitives.  Mutexes are KMUTEX (owner recorded, may
 * sleep): the hypervisor gives our virtual CPU back while it waits.
 */
#include <rk/lock.h>
#include <rk/errno.h>
#include <rk/proc.h>
#include "kern.h"

void rk_mutex_init(struct rk_mutex *m)
{
	rumpuser_mutex_init(&m->m_hyp, RUMPUSER_MTX_KMUTEX);
}

void rk_mutex_destroy(struct rk_mutex *m)
{
	if (m->m_hyp)
		rumpuser_mutex_destroy(m->m_hyp);
	m->m_hyp = NULL;
}

void rk_mutex_enter(struct rk_mutex *m)
{
	rumpuser_mutex_enter(m->m_hyp);
}

bool rk_mutex_tryenter(struct rk_mutex *m)
{
	return rumpuser_mutex_tryenter(m->m_hyp) == 0;
}

void rk_mutex_exit(struct rk_mutex *m)
{
	rumpuser_mutex_exit(m->m_hyp);
}

bool rk_mutex_owned(struct rk_mutex *m)
{
	struct lwp *owner = NULL;

	rumpuser_mutex_owner(m->m_hyp, &owner);
	return owner != NULL && owner == rk_curlwp();
}

void rk_rw_init(struct rk_rwlock *rw)
{
	rumpuser_rw_init(&rw->rw_hyp);
}

void rk_rw_destroy(struct rk_rwlock *rw)
{
	if (rw->rw_hyp)
		rumpuser_rw_destroy(rw->rw_hyp);
	rw->rw_hyp = NULL;
}

void rk_rw_enter(struct rk_rwlock *rw, int op)
{
	rumpuser_rw_enter(op == RK_RW_WRITER ? RUMPUSER_RW_WRITER
					     : RUMPUSER_RW_READER, rw->rw_hyp);
}

bool rk_rw_tryenter(struct rk_rwlock *rw, int op)
{
	return rumpuser_rw_tryenter(op == RK_RW_WRITER ? RUMPUSER_RW_WRITER
						       : RUMPUSER_RW_READER,
				    rw->rw_hyp) == 0;
}

void rk_rw_exit(struct rk_rwlock *rw)
{
	rumpuser_rw_exit(rw->rw_hyp);
}

void rk_rw_downgrade(struct rk_rwlock *rw)
{
	rumpuser_rw_downgrade(rw->rw_hyp);
}

bool rk_rw_tryupgrade(struct rk_rwlock *rw)
{
	return rumpuser_rw_tryupgrade(rw->rw_hyp) == 0;
}

bool rk_rw_write_held(struct rk_rwlock *rw)
{
	int held = 0;

	rumpuser_rw_held(RUMPUSER_RW_WRITER, rw->rw_hyp, &held);
	return held != 0;
}

bool rk_rw_read_held(struct rk_rwlock *rw)
{
	int held = 0;

	rumpuser_rw_held(RUMPUSER_RW_READER, rw->rw_hyp, &held);
	return held != 0;
}

void rk_cv_init(struct rk_cv *cv)
{
	rumpuser_cv_init(&cv->cv_hyp);
}

void rk_cv_destroy(struct rk_cv *cv)
{
	if (cv->cv_hyp)
		rumpuser_cv_destroy(cv->cv_hyp);
	cv->cv_hyp = NULL;
}

void rk_cv_wait(struct rk_cv *cv, struct rk_mutex *m)
{
	rumpuser_cv_wait(cv->cv_hyp, m->m_hyp);
}

int rk_cv_timedwait(struct rk_cv *cv, struct rk_mutex *m, int64_t ns)
{
	int rv;

	if (ns < 0)
		ns = 0;
	rv = rumpuser_cv_timedwait(cv->cv_hyp, m->m_hyp, ns / 1000000000LL,
				   ns % 1000000000LL);
	return rv == 0 ? 0 : RK_ETIMEDOUT;
}

int rk_cv_wait_sig(struct rk_cv *cv, struct rk_mutex *m)
{
	if (!rk_lwp_sleep_begin(cv, m))
		return RK_EINTR;
	rk_cv_wait(cv, m);
	return rk_lwp_sleep_end() ? RK_EINTR : 0;
}

int rk_cv_timedwait_sig(struct rk_cv *cv, struct rk_mutex *m, int64_t ns)
{
	int rv;

	if (!rk_lwp_sleep_begin(cv, m))
		return RK_EINTR;
	rv = rk_cv_timedwait(cv, m, ns);
	return rk_lwp_sleep_end() ? RK_EINTR : rv;
}

void rk_cv_signal(struct rk_cv *cv)
{
	rumpuser_cv_signal(cv->cv_hyp);
}

void rk_cv_broadcast(struct rk_cv *cv)
{
	rumpuser_cv_broadcast(cv->cv_hyp);
}

bool rk_cv_has_waiters(struct rk_cv *cv)
{
	int n = 0;

	rumpuser_cv_has_waiters(cv->cv_hyp, &n);
	return n != 0;
}
