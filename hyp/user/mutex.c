// SPDX-License-Identifier: BSD-2-Clause
/*
 * Mutexes over pthread mutexes (an uncontended pair is about 10 ns, and
 * pthread condition variables can then wait on them directly).  A SPIN
 * mutex never gives up the virtual CPU; any other mutex is tried first
 * and the CPU is given back only when we must wait.
 */
#include <stdio.h>
#include <stdlib.h>

#include "hyp.h"
#include "mutex.h"

void rumpuser_mutex_init(struct rumpuser_mtx **mtxp, int flags)
{
	struct rumpuser_mtx *mtx = malloc(sizeof(*mtx));

	if (mtx == NULL) {
		/* The interface cannot report failure; the guest cannot go on. */
		fprintf(stderr, "rumpuser: out of memory creating a mutex\n");
		abort();
	}
	/* Default attributes: the fastest kind, no error checking. */
	pthread_mutex_init(&mtx->pthmtx, NULL);
	mtx->flags = flags;
	mtx->owner = NULL;
	*mtxp = mtx;
}

void rumpuser_mutex_enter_nowrap(struct rumpuser_mtx *mtx)
{
	pthread_mutex_lock(&mtx->pthmtx);
	if (mtx->flags & RUMPUSER_MTX_KMUTEX)
		rv_mtx_set_owner(mtx, rv_curlwp());
}

void rumpuser_mutex_enter(struct rumpuser_mtx *mtx)
{
	int nlocks;

	if (pthread_mutex_trylock(&mtx->pthmtx) != 0) {
		if (mtx->flags & RUMPUSER_MTX_SPIN) {
			pthread_mutex_lock(&mtx->pthmtx);
		} else {
			rv_up_backend_unschedule(&nlocks, NULL);
			pthread_mutex_lock(&mtx->pthmtx);
			rv_up_backend_schedule(nlocks, NULL);
		}
	}
	if (mtx->flags & RUMPUSER_MTX_KMUTEX)
		rv_mtx_set_owner(mtx, rv_curlwp());
}

int rumpuser_mutex_tryenter(struct rumpuser_mtx *mtx)
{
	if (pthread_mutex_trylock(&mtx->pthmtx) != 0)
		return RV_EBUSY;
	if (mtx->flags & RUMPUSER_MTX_KMUTEX)
		rv_mtx_set_owner(mtx, rv_curlwp());
	return 0;
}

void rumpuser_mutex_exit(struct rumpuser_mtx *mtx)
{
	if (mtx->flags & RUMPUSER_MTX_KMUTEX)
		rv_mtx_set_owner(mtx, NULL);
	pthread_mutex_unlock(&mtx->pthmtx);
}

void rumpuser_mutex_destroy(struct rumpuser_mtx *mtx)
{
	pthread_mutex_destroy(&mtx->pthmtx);
	free(mtx);
}

void rumpuser_mutex_owner(struct rumpuser_mtx *mtx, struct lwp **lp)
{
	*lp = __atomic_load_n(&mtx->owner, __ATOMIC_RELAXED);
}
