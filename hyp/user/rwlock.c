// SPDX-License-Identifier: BSD-2-Clause
/*
 * Read/write locks.  The state is guarded by a small internal futex lock;
 * blocked readers and writers sleep on separate futex sequence words.
 * Writers are preferred: once a writer waits, new readers wait too, so a
 * stream of readers cannot starve it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "hyp.h"
#include "futex.h"

struct rumpuser_rw {
	uint32_t lock;		/* guards everything below */
	uint32_t rseq;		/* readers sleep on this */
	uint32_t wseq;		/* writers sleep on this */
	int readers;		/* read holds */
	int writer;		/* 1 when write-held */
	struct lwp *wowner;	/* the writing lwp, for _held() */
	int rwait;		/* readers asleep */
	int wwait;		/* writers asleep */
};

void rumpuser_rw_init(struct rumpuser_rw **rwp)
{
	struct rumpuser_rw *rw = calloc(1, sizeof(*rw));

	if (rw == NULL) {
		/* The interface cannot report failure; the guest cannot go on. */
		fprintf(stderr, "rumpuser: out of memory creating a rwlock\n");
		abort();
	}
	*rwp = rw;
}

void rumpuser_rw_destroy(struct rumpuser_rw *rw)
{
	free(rw);
}

/* With rw->lock held: may the caller take the lock as lk right now? */
static int rw_can_take(struct rumpuser_rw *rw, int lk)
{
	if (lk == RUMPUSER_RW_WRITER)
		return !rw->writer && rw->readers == 0;
	return !rw->writer && rw->wwait == 0;
}

static void rw_take(struct rumpuser_rw *rw, int lk)
{
	if (lk == RUMPUSER_RW_WRITER) {
		rw->writer = 1;
		__atomic_store_n(&rw->wowner, rv_curlwp(), __ATOMIC_RELAXED);
	} else {
		rw->readers++;
	}
}

/* With rw->lock held, after the lock became freer: wake who may proceed. */
static void rw_wakeup(struct rumpuser_rw *rw)
{
	if (rw->writer)
		return;
	if (rw->wwait) {
		if (rw->readers == 0) {
			rw->wseq++;
			hyp_futex_wake(&rw->wseq, 1);
		}
	} else if (rw->rwait) {
		rw->rseq++;
		hyp_futex_wake(&rw->rseq, INT_MAX);
	}
}

int rumpuser_rw_tryenter(int lk, struct rumpuser_rw *rw)
{
	int rv = RV_EBUSY;

	hyp_lock(&rw->lock);
	if (rw_can_take(rw, lk)) {
		rw_take(rw, lk);
		rv = 0;
	}
	hyp_unlock(&rw->lock);
	return rv;
}

void rumpuser_rw_enter(int lk, struct rumpuser_rw *rw)
{
	uint32_t *seqp = lk == RUMPUSER_RW_WRITER ? &rw->wseq : &rw->rseq;
	int *waitp = lk == RUMPUSER_RW_WRITER ? &rw->wwait : &rw->rwait;
	int nlocks = 0, unscheduled = 0;
	uint32_t seq;

	hyp_lock(&rw->lock);
	while (!rw_can_take(rw, lk)) {
		if (!unscheduled) {
			/* Give the CPU back only now that we know we wait. */
			hyp_unlock(&rw->lock);
			rv_up_backend_unschedule(&nlocks, NULL);
			unscheduled = 1;
			hyp_lock(&rw->lock);
			continue;
		}
		(*waitp)++;
		seq = *seqp;
		hyp_unlock(&rw->lock);
		hyp_futex_wait(seqp, seq);
		hyp_lock(&rw->lock);
		(*waitp)--;
	}
	rw_take(rw, lk);
	hyp_unlock(&rw->lock);
	if (unscheduled)
		rv_up_backend_schedule(nlocks, NULL);
}

int rumpuser_rw_tryupgrade(struct rumpuser_rw *rw)
{
	int rv = RV_EBUSY;

	/* The caller holds a read lock: it can upgrade iff it is alone. */
	hyp_lock(&rw->lock);
	if (rw->readers == 1 && !rw->writer) {
		rw->readers = 0;
		rw_take(rw, RUMPUSER_RW_WRITER);
		rv = 0;
	}
	hyp_unlock(&rw->lock);
	return rv;
}

void rumpuser_rw_downgrade(struct rumpuser_rw *rw)
{
	hyp_lock(&rw->lock);
	rw->writer = 0;
	__atomic_store_n(&rw->wowner, NULL, __ATOMIC_RELAXED);
	rw->readers = 1;
	rw_wakeup(rw);
	hyp_unlock(&rw->lock);
}

void rumpuser_rw_exit(struct rumpuser_rw *rw)
{
	hyp_lock(&rw->lock);
	if (rw->writer) {
		rw->writer = 0;
		__atomic_store_n(&rw->wowner, NULL, __ATOMIC_RELAXED);
	} else if (rw->readers > 0) {
		rw->readers--;
	}
	rw_wakeup(rw);
	hyp_unlock(&rw->lock);
}

void rumpuser_rw_held(int lk, struct rumpuser_rw *rw, int *held)
{
	/* Unlocked reads: the answer is only stable for the holder anyway. */
	if (lk == RUMPUSER_RW_WRITER)
		*held = __atomic_load_n(&rw->writer, __ATOMIC_RELAXED) &&
			__atomic_load_n(&rw->wowner, __ATOMIC_RELAXED) ==
			rv_curlwp();
	else
		*held = __atomic_load_n(&rw->readers, __ATOMIC_RELAXED) > 0;
}
