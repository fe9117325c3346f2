// SPDX-License-Identifier: BSD-2-Clause
/*
 * Guest threads: rumpuser_thread_create/_exit/_join and the jobs behind
 * them.  A job is one guest thread (or a call into the guest, or a
 * service thread of ours such as the bio thread) of one instance; a pool
 * worker runs it (pool.c).  The instance counts its live jobs and lists
 * the joinable guest ones until they are joined, so that a guest that
 * ends without joining leaks nothing.
 */
#include "hyp.h"

#include <linux/error-injection.h>
#include <linux/slab.h>
#include <linux/string.h>

/* A point of fault injection (tests/faults): NULL when out of memory. */
noinline struct rv_job *rv_job_new(struct rv_instance *inst, const char *name)
{
	struct rv_job *job;

	if (rv_fault(RV_FAULT_JOB_NEW))
		return NULL;
	job = kzalloc(sizeof(*job), GFP_KERNEL | __GFP_NOWARN);
	if (!job)
		return NULL;
	job->inst = inst;
	job->cpu = -1;
	strscpy(job->name, name && *name ? name : "rumpthread",
		sizeof(job->name));
	refcount_set(&job->refs, 1);
	init_completion(&job->done);
	INIT_LIST_HEAD(&job->link);
	return job;
}
ALLOW_ERROR_INJECTION(rv_job_new, NULL);

void rv_job_put(struct rv_job *job)
{
	if (refcount_dec_and_test(&job->refs))
		kfree(job);
}

/*
 * Hand the job (filled in by the caller, who keeps the reference it got
 * from rv_job_new when the job is joinable) to a worker.
 */
int rv_job_start(struct rv_job *job)
{
	struct rv_instance *inst = job->inst;
	int err;

	refcount_set(&job->refs, job->joinable ? 2 : 1);
	spin_lock(&inst->lock);
	if (inst->state >= RV_ENDING) {
		spin_unlock(&inst->lock);
		refcount_set(&job->refs, 1);
		return -ESHUTDOWN;
	}
	list_add_tail(&job->link, &inst->jobs);
	WRITE_ONCE(inst->nthreads, inst->nthreads + 1);
	if (job->guest)
		WRITE_ONCE(inst->nguest, inst->nguest + 1);
	inst->threads_started++;
	spin_unlock(&inst->lock);
	rv_instance_get(inst);		/* the job's; rv_job_finish puts it */

	err = rv_pool_run(job);
	if (err) {
		spin_lock(&inst->lock);
		list_del_init(&job->link);
		spin_unlock(&inst->lock);
		rv_thread_gone(inst, job->guest, NULL);
		rv_instance_put(inst);
		refcount_set(&job->refs, 1);
	}
	return err;
}

/* Called by the worker once the job is over, whichever way it ended. */
void rv_job_finish(struct rv_job *job)
{
	struct rv_instance *inst = job->inst;
	bool guest = job->guest;

	spin_lock(&inst->lock);
	/* Counted here, once it is over: not the threads that ended first. */
	if (guest && job->killed)
		inst->status.threads_killed++;
	job->finished = true;
	job->worker = NULL;
	/* A joinable guest job stays listed until joined or reaped. */
	if (!job->joinable || job->external)
		list_del_init(&job->link);
	spin_unlock(&inst->lock);
	if (job->joinable)
		complete(&job->done);
	rv_job_put(job);
	rv_thread_gone(inst, guest, NULL);
	rv_instance_put(inst);
}

/* Instance end, no thread left: drop the jobs nobody will join now. */
void rv_jobs_reap(struct rv_instance *inst)
{
	struct rv_job *job, *tmp;
	LIST_HEAD(left);

	spin_lock(&inst->lock);
	list_splice_init(&inst->jobs, &left);
	spin_unlock(&inst->lock);
	list_for_each_entry_safe(job, tmp, &left, link) {
		list_del_init(&job->link);
		rv_job_put(job);
	}
}

/*
 * End the calling guest thread: its worker resumes its loop.  A task
 * rumpvisor did not start cannot be ended by us and must not return into
 * the guest: it sleeps for good, idle.
 */
void rv_thread_end(void)
{
	struct rv_worker *w = rv_self();

	if (w) {
		if (w->bind.inst && rv_dying(w->bind.inst))
			w->job->died = true;
		rv_worker_resume(w);
	}
	rv_entry_abandon();	/* an entered task leaves; returns otherwise */
	pr_err("a thread rumpvisor did not start (%s[%d]) tried to end; parking it\n",
	       current->comm, task_pid_nr(current));
	rv_park();
}

/*
 * A killable wait of a guest thread was cut short by SIGKILL.  While its
 * instance ends, that ends the thread; otherwise the signal came from
 * outside (kill -9 by an administrator) and is dropped: a guest thread
 * vanishing in the middle of a guest lock would corrupt the guest.
 */
void rv_interrupted(void)
{
	struct rv_worker *w = rv_self();

	if (!w) {
		rv_entry_interrupted();	/* an entered task's signal or end */
		return;
	}
	if (!w->bind.inst)
		return;
	if (rv_dying(w->bind.inst)) {
		w->job->died = true;
		w->job->killed = true;
		rv_thread_end();
	}
	flush_signals(current);
}

/* The calling guest thread's instance is ending: end it (rv_alive()). */
void rv_end_if_dying(void)
{
	struct rv_worker *w = rv_self();

	if (w && w->bind.inst && rv_dying(w->bind.inst)) {
		w->job->died = true;
		w->job->killed = true;
		rv_thread_end();
	}
	if (!w && rv_entry_current())
		rv_entry_interrupted();
}

int rumpuser_thread_create(void *(*fn)(void *), void *arg, const char *name,
			   int mustjoin, int priority, int cpuidx,
			   void **cookie)
{
	struct rv_instance *inst = rv_current();
	struct rv_job *job;
	int err;

	if (!inst)
		return RV_EINVAL;
	rv_count(inst, RV_HC_THREAD_CREATE);
	job = rv_job_new(inst, name);
	if (!job)
		return RV_ENOMEM;
	job->fn = fn;
	job->arg = arg;
	job->joinable = mustjoin != 0;
	job->guest = true;
	/* Priority: all guest threads are equal to the host scheduler. */
	job->cpu = cpuidx;
	err = rv_job_start(job);
	if (err) {
		rv_job_put(job);
		return rv_nb(err);
	}
	/* A detached job may already be gone: only a joinable one is ours. */
	if (cookie)
		*cookie = mustjoin ? job : NULL;
	return 0;
}
EXPORT_SYMBOL(rumpuser_thread_create);

void rumpuser_thread_exit(void)
{
	rv_thread_end();
	rv_park();	/* not reached */
}
EXPORT_SYMBOL(rumpuser_thread_exit);

int rumpuser_thread_join(void *cookie)
{
	struct rv_instance *inst = rv_current();
	struct rv_job *job = cookie;
	int nlocks;

	if (!job || !inst || job->inst != inst || job->external)
		return RV_EINVAL;
	rv_count(inst, RV_HC_THREAD_JOIN);
	rv_up_backend_unschedule(&nlocks, NULL);
	/* An ending instance ends us here; the job is reaped with it. */
	while (wait_for_completion_state(&job->done, rv_wait_state()))
		rv_interrupted();
	rv_up_backend_schedule(nlocks, NULL);
	spin_lock(&inst->lock);
	list_del_init(&job->link);
	spin_unlock(&inst->lock);
	rv_job_put(job);
	return 0;
}
EXPORT_SYMBOL(rumpuser_thread_join);
