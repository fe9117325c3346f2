// SPDX-License-Identifier: BSD-2-Clause
/*
 * Condition variables over pthread condition variables on the monotonic
 * clock.  Waiters are counted (under the mutex) so that _has_waiters can
 * answer and signalling an idle condition variable costs nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "hyp.h"
#include "mutex.h"

struct rumpuser_cv {
	pthread_cond_t pthcv;
	int nwaiters;
};

void rumpuser_cv_init(struct rumpuser_cv **cvp)
{
	struct rumpuser_cv *cv = malloc(sizeof(*cv));
	pthread_condattr_t attr;

	if (cv == NULL) {
		/* The interface cannot report failure; the guest cannot go on. */
		fprintf(stderr, "rumpuser: out of memory creating a condvar\n");
		abort();
	}
	/* Timed waits are relative: immune to the wall clock being set. */
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&cv->pthcv, &attr);
	pthread_condattr_destroy(&attr);
	cv->nwaiters = 0;
	*cvp = cv;
}

void rumpuser_cv_destroy(struct rumpuser_cv *cv)
{
	pthread_cond_destroy(&cv->pthcv);
	free(cv);
}

/* Before sleeping, mutex held: count ourselves, drop the owner record. */
static void cv_enter(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx)
{
	__atomic_add_fetch(&cv->nwaiters, 1, __ATOMIC_RELAXED);
	if (mtx->flags & RUMPUSER_MTX_KMUTEX)
		rv_mtx_set_owner(mtx, NULL);
}

/* After waking, mutex held again. */
static void cv_leave(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx)
{
	if (mtx->flags & RUMPUSER_MTX_KMUTEX)
		rv_mtx_set_owner(mtx, rv_curlwp());
	__atomic_sub_fetch(&cv->nwaiters, 1, __ATOMIC_RELAXED);
}

/*
 * Take the virtual CPU back after a wrapped wait, which returned with
 * the host mutex held.  A mutex that is both SPIN and KMUTEX is taken by
 * the guest while it holds a CPU, so holding it while waiting for a CPU
 * could deadlock: drop it, take the CPU, then the mutex.  For any other
 * mutex keep it and take the CPU.
 */
static void cv_resched(struct rumpuser_mtx *mtx, int nlocks)
{
	if ((mtx->flags & (RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX)) ==
	    (RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX)) {
		pthread_mutex_unlock(&mtx->pthmtx);
		rv_up_backend_schedule(nlocks, mtx);
		pthread_mutex_lock(&mtx->pthmtx);
	} else {
		rv_up_backend_schedule(nlocks, mtx);
	}
}

void rumpuser_cv_wait(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx)
{
	int nlocks;

	cv_enter(cv, mtx);
	rv_up_backend_unschedule(&nlocks, mtx);
	pthread_cond_wait(&cv->pthcv, &mtx->pthmtx);
	cv_resched(mtx, nlocks);
	cv_leave(cv, mtx);
}

void rumpuser_cv_wait_nowrap(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx)
{
	cv_enter(cv, mtx);
	pthread_cond_wait(&cv->pthcv, &mtx->pthmtx);
	cv_leave(cv, mtx);
}

int rumpuser_cv_timedwait(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx,
			  int64_t sec, int64_t nsec)
{
	struct timespec deadline;
	int nlocks, rc;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	if (sec > 0 || (sec == 0 && nsec > 0)) {
		if (nsec < 0)
			nsec = 0;
		sec += nsec / 1000000000;
		nsec = nsec % 1000000000 + deadline.tv_nsec;
		if (nsec >= 1000000000) {
			nsec -= 1000000000;
			sec++;
		}
		/* Saturate: a timeout of centuries is "forever". */
		if (sec > INT64_MAX / 2)
			sec = INT64_MAX / 2;
		deadline.tv_sec += sec;
		deadline.tv_nsec = nsec;
	}
	/* Otherwise the deadline is now: one pass through the wait. */

	cv_enter(cv, mtx);
	rv_up_backend_unschedule(&nlocks, mtx);
	do {
		rc = pthread_cond_timedwait(&cv->pthcv, &mtx->pthmtx,
					    &deadline);
	} while (rc == EINTR);
	cv_resched(mtx, nlocks);
	cv_leave(cv, mtx);
	return rc == ETIMEDOUT ? RV_ETIMEDOUT : 0;
}

void rumpuser_cv_signal(struct rumpuser_cv *cv)
{
	pthread_cond_signal(&cv->pthcv);
}

void rumpuser_cv_broadcast(struct rumpuser_cv *cv)
{
	pthread_cond_broadcast(&cv->pthcv);
}

void rumpuser_cv_has_waiters(struct rumpuser_cv *cv, int *waiters)
{
	*waiters = __atomic_load_n(&cv->nwaiters, __ATOMIC_RELAXED);
}
