// SPDX-License-Identifier: BSD-2-Clause
/*
 * Guest read/write locks.  The state lives under the wait queue's own
 * spinlock: readers > 0 is that many readers, -1 is one writer.  Waiting
 * writers hold new readers off so that writers do not starve.
 */
#include "hyp.h"


struct rumpuser_rw {
	wait_queue_head_t wq;	/* its lock guards the fields below */
	int readers;		/* > 0 readers, -1 write-held, 0 free */
	unsigned int wwant;	/* writers waiting */
	struct lwp *writer;	/* the write holder's lwp */
	struct rv_instance *inst;	/* whose memory it is (NULL: kmalloc) */
};

void rumpuser_rw_init(struct rumpuser_rw **rwp)
{
	struct rv_instance *inst = rv_current();
	struct rumpuser_rw *rw;

	/* The interface has no failure path; this is a tiny object. */
	rw = rv_obj_alloc(inst, sizeof(*rw), GFP_KERNEL | __GFP_NOFAIL);
	rw->inst = inst;
	init_waitqueue_head(&rw->wq);
	rw->readers = 0;
	rw->wwant = 0;
	rw->writer = NULL;
	*rwp = rw;
}
EXPORT_SYMBOL(rumpuser_rw_init);

void rumpuser_rw_destroy(struct rumpuser_rw *rw)
{
	rv_obj_free(rw->inst, rw, sizeof(*rw));
}
EXPORT_SYMBOL(rumpuser_rw_destroy);

/* Caller holds rw->wq.lock. */
static bool rw_take(struct rumpuser_rw *rw, int lk)
{
	if (lk == RUMPUSER_RW_WRITER) {
		if (rw->readers != 0)
			return false;
		rw->readers = -1;
		rw->writer = rv_curlwp();
		return true;
	}
	if (rw->readers < 0 || rw->wwant)
		return false;
	rw->readers++;
	return true;
}

int rumpuser_rw_tryenter(int lk, struct rumpuser_rw *rw)
{
	bool ok;

	spin_lock(&rw->wq.lock);
	ok = rw_take(rw, lk);
	spin_unlock(&rw->wq.lock);
	return ok ? 0 : RV_EBUSY;
}
EXPORT_SYMBOL(rumpuser_rw_tryenter);

/* Wait for the lock; called unscheduled. */
static void rw_enter_slow(int lk, struct rumpuser_rw *rw)
{
	unsigned int state = rv_wait_state();
	bool writer = lk == RUMPUSER_RW_WRITER;
	DEFINE_WAIT(w);

	spin_lock(&rw->wq.lock);
	if (writer)
		rw->wwant++;
	while (!rw_take(rw, lk)) {
		if (list_empty(&w.entry))
			__add_wait_queue_entry_tail(&rw->wq, &w);
		set_current_state(state);
		spin_unlock(&rw->wq.lock);
		schedule();
		spin_lock(&rw->wq.lock);
		if (unlikely(rv_wait_cut())) {
			list_del_init(&w.entry);
			if (writer) {
				rw->wwant--;
				/* Readers we held off may go now. */
				if (!rw->wwant && rw->readers >= 0)
					wake_up_all_locked(&rw->wq);
			}
			spin_unlock(&rw->wq.lock);
			rv_interrupted();	/* returns only if not dying */
			spin_lock(&rw->wq.lock);
			if (writer)
				rw->wwant++;
			state = rv_wait_state();
		}
	}
	if (!list_empty(&w.entry))
		list_del_init(&w.entry);
	if (writer)
		rw->wwant--;
	__set_current_state(TASK_RUNNING);
	spin_unlock(&rw->wq.lock);
}

void rumpuser_rw_enter(int lk, struct rumpuser_rw *rw)
{
	int nlocks;

	if (rumpuser_rw_tryenter(lk, rw) == 0)
		return;
	if (rw->inst)
		rv_count(rw->inst, RV_HC_RW_WAIT);
	rv_up_backend_unschedule(&nlocks, NULL);
	rw_enter_slow(lk, rw);
	rv_up_backend_schedule(nlocks, NULL);
}
EXPORT_SYMBOL(rumpuser_rw_enter);

void rumpuser_rw_exit(struct rumpuser_rw *rw)
{
	spin_lock(&rw->wq.lock);
	if (rw->readers < 0) {
		rw->readers = 0;
		rw->writer = NULL;
	} else if (rw->readers > 0) {
		rw->readers--;
	}
	if (rw->readers == 0)
		wake_up_all_locked(&rw->wq);
	spin_unlock(&rw->wq.lock);
}
EXPORT_SYMBOL(rumpuser_rw_exit);

int rumpuser_rw_tryupgrade(struct rumpuser_rw *rw)
{
	int ret = RV_EBUSY;

	/* The caller holds a read lock: readers == 1 means it is alone. */
	spin_lock(&rw->wq.lock);
	if (rw->readers == 1) {
		rw->readers = -1;
		rw->writer = rv_curlwp();
		ret = 0;
	}
	spin_unlock(&rw->wq.lock);
	return ret;
}
EXPORT_SYMBOL(rumpuser_rw_tryupgrade);

void rumpuser_rw_downgrade(struct rumpuser_rw *rw)
{
	spin_lock(&rw->wq.lock);
	rw->readers = 1;
	rw->writer = NULL;
	wake_up_all_locked(&rw->wq);
	spin_unlock(&rw->wq.lock);
}
EXPORT_SYMBOL(rumpuser_rw_downgrade);

void rumpuser_rw_held(int lk, struct rumpuser_rw *rw, int *held)
{
	int readers = READ_ONCE(rw->readers);

	if (lk == RUMPUSER_RW_WRITER)
		*held = readers < 0 &&
			READ_ONCE(rw->writer) == rv_curlwp();
	else
		*held = readers > 0;
}
EXPORT_SYMBOL(rumpuser_rw_held);
