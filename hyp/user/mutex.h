/* SPDX-License-Identifier: BSD-2-Clause */
/* The mutex layout, shared by mutex.c and condvar.c. */
#ifndef RV_HYP_USER_MUTEX_H
#define RV_HYP_USER_MUTEX_H

#include <pthread.h>

struct lwp;

struct rumpuser_mtx {
	pthread_mutex_t pthmtx;
	int flags;		/* RUMPUSER_MTX_* */
	struct lwp *owner;	/* KMUTEX only: the lwp holding it */
};

static inline void rv_mtx_set_owner(struct rumpuser_mtx *mtx, struct lwp *l)
{
	/* Read by _owner() on other threads without the lock: relaxed atomic. */
	__atomic_store_n(&mtx->owner, l, __ATOMIC_RELAXED);
}

#endif /* RV_HYP_USER_MUTEX_H */
