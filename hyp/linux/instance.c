// SPDX-License-Identifier: BSD-2-Clause
/*
 * Instances: one guest each, with its own parameters, threads, memory,
 * files, bio thread, console and exit status.  This file is their life:
 * creation and the registry of names, the end (the guest exits or panics,
 * or rumpvisor ends it), the clean halt with a deadline, and the reclaim
 * of everything the guest still held once its last thread is gone.
 *
 *   CREATED --rumpuser_init--> RUNNING --halt--> HALTING
 *      \__________________________\_________________\--end--> ENDING
 *   ENDING --last thread gone, reclaim--> ENDED --destroy--> freed
 */
#include "hyp.h"

#include <linux/error-injection.h>
#include <linux/jiffies.h>
#include <linux/sched/debug.h>
#include <linux/slab.h>
#include <linux/string.h>

static LIST_HEAD(registry);
static DEFINE_MUTEX(registry_lock);
static atomic_t ninstances = ATOMIC_INIT(0);	/* not yet released */
static DECLARE_WAIT_QUEUE_HEAD(released_wq);

void rv_instance_get(struct rv_instance *inst)
{
	kobject_get(&inst->kobj);
}

void rv_instance_put(struct rv_instance *inst)
{
	kobject_put(&inst->kobj);
}

/* The kobject's release: nothing of the guest is left by now. */
void rv_instance_release(struct kobject *kobj)
{
	struct rv_instance *inst = container_of(kobj, struct rv_instance, kobj);

	rv_params_release(&inst->p);
	free_percpu(inst->pcpu);
	kfree(inst);
	if (atomic_dec_and_test(&ninstances))
		wake_up_all(&released_wq);
}

unsigned int rv_instances_count(void)
{
	return atomic_read(&ninstances);
}

/* Module unload: wait until every instance has been released. */
void rv_instances_drain(void)
{
	wait_event(released_wq, atomic_read(&ninstances) == 0);
}

static void reclaim_work(struct work_struct *work);

static void instance_init(struct rv_instance *inst, struct module *owner)
{
	inst->owner = owner;
	INIT_LIST_HEAD(&inst->link);
	INIT_LIST_HEAD(&inst->jobs);
	INIT_LIST_HEAD(&inst->entered);
	INIT_LIST_HEAD(&inst->reclaimers);
	mutex_init(&inst->life);
	spin_lock_init(&inst->lock);
	init_waitqueue_head(&inst->wq);
	INIT_WORK(&inst->reclaim, reclaim_work);
	inst->state = RV_CREATED;
	inst->start_jiffies = jiffies;
	rv_files_init(inst);
	rv_bio_init(inst);
	rv_console_init(inst);
}

/* Claim the name in the registry; -EEXIST when another instance has it. */
static int registry_add(struct rv_instance *inst)
{
	struct rv_instance *o;
	int err = 0;

	mutex_lock(&registry_lock);
	list_for_each_entry(o, &registry, link) {
		if (!strcmp(o->p.name, inst->p.name)) {
			err = -EEXIST;
			break;
		}
	}
	if (!err)
		list_add_tail(&inst->link, &registry);
	mutex_unlock(&registry_lock);
	return err;
}

static void registry_del(struct rv_instance *inst)
{
	mutex_lock(&registry_lock);
	list_del_init(&inst->link);
	mutex_unlock(&registry_lock);
}

/*
 * The per-CPU part and the sysfs directory of a new instance: points of
 * fault injection (fault.c).
 */
noinline struct rv_pcpu __percpu *rv_pcpu_new(void)
{
	if (rv_fault(RV_FAULT_PCPU_NEW))
		return NULL;
	return alloc_percpu(struct rv_pcpu);
}
ALLOW_ERROR_INJECTION(rv_pcpu_new, NULL);

noinline int rv_instance_publish(struct rv_instance *inst)
{
	int err;

	if (rv_fault(RV_FAULT_INSTANCE_PUBLISH))
		return -ENOMEM;
	err = kobject_add(&inst->kobj, NULL, "%s", inst->p.name);
	if (!err)
		kobject_uevent(&inst->kobj, KOBJ_ADD);
	return err;
}
ALLOW_ERROR_INJECTION(rv_instance_publish, ERRNO);

struct rv_instance *rv_instance_create(struct module *owner,
				       const struct rumpvisor_params *p)
{
	struct rv_instance *inst;
	int err;

	inst = kzalloc(sizeof(*inst), GFP_KERNEL);
	if (!inst)
		return ERR_PTR(-ENOMEM);
	atomic_inc(&ninstances);
	kobject_init(&inst->kobj, &rv_instance_ktype);
	inst->kobj.kset = rv_kset;
	instance_init(inst, owner);

	err = rv_params_resolve(&inst->p, p);
	if (err)
		goto put;
	inst->pcpu = rv_pcpu_new();
	err = -ENOMEM;
	if (!inst->pcpu)
		goto put;
	err = rv_mem_init(inst);
	if (err)
		goto put;
	err = registry_add(inst);
	if (err) {
		pr_err("an instance called %s exists already\n", inst->p.name);
		goto put;
	}
	err = rv_instance_publish(inst);
	if (err)
		goto unregister;
	return inst;

unregister:
	registry_del(inst);
put:
	kobject_put(&inst->kobj);
	return ERR_PTR(err);
}

/*
 * Is it time to reclaim (inst->lock held)?  Once: the instance is ending
 * and no thread is left.  The work gets a reference of its own.
 */
static bool reclaim_due(struct rv_instance *inst)
{
	if (inst->state != RV_ENDING || inst->nthreads || inst->reclaim_queued)
		return false;
	inst->reclaim_queued = true;
	rv_instance_get(inst);
	return true;
}

/*
 * Account a thread that is gone (a job, or an entered task whose link
 * on inst->entered goes under the same lock); the last one of an
 * ending instance starts the reclaim.  Waiters are woken only when
 * there are any: a device call passes here every time.
 */
void rv_thread_gone(struct rv_instance *inst, bool guest,
		    struct list_head *entered)
{
	bool reclaim;

	spin_lock(&inst->lock);
	if (entered)
		list_del_init(entered);
	WRITE_ONCE(inst->nthreads, inst->nthreads - 1);
	if (guest)
		WRITE_ONCE(inst->nguest, inst->nguest - 1);
	reclaim = reclaim_due(inst);
	spin_unlock(&inst->lock);
	if (reclaim)
		queue_work(system_unbound_wq, &inst->reclaim);
	if (wq_has_sleeper(&inst->wq))
		wake_up_all(&inst->wq);
}

/*
 * The guest has ended (how and value: the first caller's) or must end:
 * every thread of the instance but the caller is sent SIGKILL, which
 * ends it at its next blocking point in a hypercall (rv_job_finish
 * counts the threads so ended).
 */
void rv_instance_end(struct rv_instance *inst, enum rumpvisor_end how,
		     int value)
{
	struct rv_job *job;
	bool reclaim;

	spin_lock(&inst->lock);
	if (inst->state < RV_ENDING) {
		inst->status.how = how;
		inst->status.value = value;
		WRITE_ONCE(inst->state, RV_ENDING);
	}
	list_for_each_entry(job, &inst->jobs, link) {
		if (!job->worker || job->finished ||
		    job->worker->task == current)
			continue;
		rv_worker_signal(job->worker);
	}
	rv_entries_wake(inst);
	reclaim = reclaim_due(inst);
	spin_unlock(&inst->lock);
	if (reclaim)
		queue_work(system_unbound_wq, &inst->reclaim);
	wake_up_all(&inst->wq);
}

/*
 * Say which threads keep an ending instance waiting, and where they are:
 * a guest thread that never makes a hypercall, or one that waits outside
 * any (a carrier's own Linux wait), cannot be ended by us.
 */
static void show_stuck(struct rv_instance *inst)
{
	struct rv_job *job;

	spin_lock(&inst->lock);
	list_for_each_entry(job, &inst->jobs, link) {
		if (!job->worker || job->finished)
			continue;
		pr_warn("%s: thread %s [%d] has not ended:\n", inst->p.name,
			job->name, task_pid_nr(job->worker->task));
		sched_show_task(job->worker->task);
	}
	spin_unlock(&inst->lock);
}

/* Wait until the instance has ended and been reclaimed. */
void rv_instance_wait_ended(struct rv_instance *inst)
{
	bool shown = false;

	while (!wait_event_idle_timeout(inst->wq,
					READ_ONCE(inst->state) == RV_ENDED,
					10 * HZ)) {
		pr_warn("%s: %d thread(s) still running guest code; waiting\n",
			inst->p.name, READ_ONCE(inst->nthreads));
		if (!shown)
			show_stuck(inst);
		shown = true;
	}
}

void rv_instance_kill(struct rv_instance *inst)
{
	rv_instance_end(inst, RUMPVISOR_KILLED, 0);
	rv_instance_wait_ended(inst);
}

void rv_instance_status(struct rv_instance *inst, struct rumpvisor_status *st)
{
	spin_lock(&inst->lock);
	*st = inst->status;
	spin_unlock(&inst->lock);
}

/* Start the guest's own halt; false when there is none to start. */
static bool halt_begin(struct rv_instance *inst, struct rv_job **jobp)
{
	struct rv_job *job;

	spin_lock(&inst->lock);
	inst->status.halt_requested = true;
	if (inst->state != RV_RUNNING || !inst->halt_fn) {
		spin_unlock(&inst->lock);
		return false;
	}
	WRITE_ONCE(inst->state, RV_HALTING);
	spin_unlock(&inst->lock);

	job = rv_job_new(inst, "halt");
	if (!job)
		return false;
	job->run = inst->halt_fn;
	job->arg = inst->halt_arg;
	job->joinable = true;
	job->external = true;
	job->guest = true;
	if (rv_job_start(job)) {
		rv_job_put(job);
		return false;
	}
	*jobp = job;
	return true;
}

/*
 * Halt: the guest's halt function first, up to timeout_ms for the guest to
 * exit (less if the halt function returns without the guest exiting),
 * then by force.  Serialised with other halts and with destroy.
 */
void rv_instance_halt(struct rv_instance *inst, unsigned int timeout_ms,
		      struct rumpvisor_status *st)
{
	unsigned long t0 = jiffies;
	struct rv_job *job = NULL;

	mutex_lock(&inst->life);
	/* A deadline of 0 is "by force, now": no halt function runs. */
	if (timeout_ms && READ_ONCE(inst->state) < RV_ENDING &&
	    halt_begin(inst, &job)) {
		wait_event_idle_timeout(inst->wq,
			READ_ONCE(inst->state) >= RV_ENDING ||
			completion_done(&job->done),
			msecs_to_jiffies(timeout_ms));
		if (READ_ONCE(inst->state) < RV_ENDING)
			pr_info("%s: the guest did not exit %s; ending it\n",
				inst->p.name, completion_done(&job->done) ?
				"after its halt returned" : "in time");
	}
	spin_lock(&inst->lock);
	inst->status.halt_requested = true;
	spin_unlock(&inst->lock);
	rv_instance_kill(inst);
	if (job) {
		wait_for_completion(&job->done);
		rv_job_put(job);
	}
	spin_lock(&inst->lock);
	if (!inst->status.msecs)
		inst->status.msecs = jiffies_to_msecs(jiffies - t0);
	spin_unlock(&inst->lock);
	if (st)
		rv_instance_status(inst, st);
	mutex_unlock(&inst->life);
}

/* The administrator's halt (sysfs); -ENODEV once destroy has begun. */
int rv_instance_halt_admin(struct rv_instance *inst, bool force)
{
	mutex_lock(&inst->life);
	if (inst->removing) {
		mutex_unlock(&inst->life);
		return -ENODEV;
	}
	mutex_unlock(&inst->life);
	pr_info("%s: halt%s requested by the administrator\n", inst->p.name,
		force ? " (force)" : "");
	rv_instance_halt(inst, force ? 0 : rv_halt_ms_default(), NULL);
	return 0;
}

/* Halt unless ended, then take the instance out of sysfs and free it. */
void rv_instance_remove(struct rv_instance *inst, struct rumpvisor_status *st)
{
	mutex_lock(&inst->life);
	inst->removing = true;
	mutex_unlock(&inst->life);
	rv_instance_halt(inst, rv_halt_ms_default(), st);
	flush_work(&inst->reclaim);
	registry_del(inst);
	kobject_uevent(&inst->kobj, KOBJ_REMOVE);
	kobject_del(&inst->kobj);
	kobject_put(&inst->kobj);
}

static void report_end(struct rv_instance *inst)
{
	struct rumpvisor_status *st = &inst->status;
	char how[48];

	rumpvisor_describe(st, how, sizeof(how));
	pr_info("%s: %s; %u thread(s) ended by rumpvisor, %lu guest byte(s) in %lu allocation(s) and %lu page(s) reclaimed, %u file(s) closed\n",
		inst->p.name, how, st->threads_killed, st->bytes_left,
		st->allocs_left, st->pages_reclaimed, st->files_closed);
}

/*
 * The last thread of an ending instance is gone: give back everything the
 * guest still held.  No guest code can run any more.
 */
static void reclaim_work(struct work_struct *work)
{
	struct rv_instance *inst = container_of(work, struct rv_instance,
						reclaim);
	struct rumpvisor_status st = {};

	rv_console_flush(inst);
	rv_sp_reclaim(inst);
	rv_bio_reclaim(inst);
	rv_reclaimers_run(inst);
	st.files_closed = rv_files_reclaim(inst);
	rv_jobs_reap(inst);
	rv_mem_reclaim(inst, &st);

	spin_lock(&inst->lock);
	inst->status.files_closed = st.files_closed;
	inst->status.bytes_left = st.bytes_left;
	inst->status.allocs_left = st.allocs_left;
	inst->status.pages_reclaimed = st.pages_reclaimed;
	WRITE_ONCE(inst->state, RV_ENDED);
	spin_unlock(&inst->lock);
	report_end(inst);
	wake_up_all(&inst->wq);
	rv_instance_put(inst);
}

/* For sysfs and rumpctl: find an instance by name, with a reference. */
struct rv_instance *rv_instance_find(const char *name)
{
	struct rv_instance *inst, *found = NULL;

	mutex_lock(&registry_lock);
	list_for_each_entry(inst, &registry, link) {
		if (!strcmp(inst->p.name, name)) {
			found = inst;
			rv_instance_get(inst);
			break;
		}
	}
	mutex_unlock(&registry_lock);
	return found;
}

/* All instances together (the stats parameter); returns how many. */
unsigned int rv_registry_sum(long *threads, long *allocs, long *bytes)
{
	struct rv_instance *inst;
	unsigned int n = 0;
	long a, b;

	*threads = *allocs = *bytes = 0;
	mutex_lock(&registry_lock);
	list_for_each_entry(inst, &registry, link) {
		*threads += READ_ONCE(inst->nthreads);
		rv_mem_counts(inst, RV_GUEST, &a, &b);
		*allocs += a;
		*bytes += b;
		n++;
	}
	mutex_unlock(&registry_lock);
	return n;
}
