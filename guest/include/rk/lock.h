/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sleep locks and condition variables over the hypervisor's primitives.
 * Each struct holds only the hypervisor object: embed it anywhere, but
 * call _init before use and _destroy before freeing the memory.
 * Callers must be scheduled (hold a virtual CPU); waiting gives it back.
 */
#ifndef RK_LOCK_H
#define RK_LOCK_H

#include <rk/types.h>

struct rk_mutex {
	struct rumpuser_mtx *m_hyp;
};

void rk_mutex_init(struct rk_mutex *m);
void rk_mutex_destroy(struct rk_mutex *m);
void rk_mutex_enter(struct rk_mutex *m);
bool rk_mutex_tryenter(struct rk_mutex *m);
void rk_mutex_exit(struct rk_mutex *m);
/* Held by the calling lwp? */
bool rk_mutex_owned(struct rk_mutex *m);

#define RK_RW_READER	0
#define RK_RW_WRITER	1

struct rk_rwlock {
	struct rumpuser_rw *rw_hyp;
};

void rk_rw_init(struct rk_rwlock *rw);
void rk_rw_destroy(struct rk_rwlock *rw);
void rk_rw_enter(struct rk_rwlock *rw, int op);
bool rk_rw_tryenter(struct rk_rwlock *rw, int op);
void rk_rw_exit(struct rk_rwlock *rw);
void rk_rw_downgrade(struct rk_rwlock *rw);
bool rk_rw_tryupgrade(struct rk_rwlock *rw);
/* Held for writing by the calling lwp / held for reading by anyone. */
bool rk_rw_write_held(struct rk_rwlock *rw);
bool rk_rw_read_held(struct rk_rwlock *rw);

struct rk_cv {
	struct rumpuser_cv *cv_hyp;
};

void rk_cv_init(struct rk_cv *cv);
void rk_cv_destroy(struct rk_cv *cv);
void rk_cv_wait(struct rk_cv *cv, struct rk_mutex *m);
/* Relative timeout in ns (<= 0: just check); 0 or RK_ETIMEDOUT. */
int rk_cv_timedwait(struct rk_cv *cv, struct rk_mutex *m, int64_t ns);
/*
 * Interruptible sleeps (NetBSD's cv_wait_sig): RK_EINTR, without
 * sleeping or once woken, when the lwp has been told to exit (the
 * hypervisor's hyp_lwpexit: its client is gone or was signalled).  m
 * must live as long as the guest (a global interlock): the lwp that
 * interrupts takes it to wake the sleeper.
 */
int rk_cv_wait_sig(struct rk_cv *cv, struct rk_mutex *m);
/* 0, RK_ETIMEDOUT or RK_EINTR. */
int rk_cv_timedwait_sig(struct rk_cv *cv, struct rk_mutex *m, int64_t ns);
void rk_cv_signal(struct rk_cv *cv);
void rk_cv_broadcast(struct rk_cv *cv);
bool rk_cv_has_waiters(struct rk_cv *cv);

#endif /* RK_LOCK_H */
