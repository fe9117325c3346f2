// SPDX-License-Identifier: BSD-2-Clause
/*
 * The kernel threads that run guest code, kept in a pool: creating a
 * kthread costs a round trip through kthreadd and a fork, so a guest
 * thread that ends gives its worker back to the pool (up to POOL_KEEP
 * idle workers, shared by all instances), and the next guest thread
 * starts with a wake-up.  A guest thread may end deep inside guest code
 * (rumpuser_thread_exit); its worker then resumes its loop with
 * rv_jmp_go (jump.h).
 *
 * Each worker carries a binding (struct rv_bind) with a preempt notifier
 * that mirrors the binding of the task on the CPU into the per-CPU
 * rv_cur: the running task's instance, lwp and binding are one per-CPU
 * load away, and every other task sees NULL there.
 */
#include "hyp.h"

#include <linux/cpumask.h>
#include <linux/error-injection.h>
#include <linux/kasan.h>
#include <linux/kthread.h>
#include <linux/sched/isolation.h>
#include <linux/signal.h>
#include <linux/slab.h>
#include <linux/string.h>

#define POOL_KEEP	32

DEFINE_PER_CPU(struct rv_cur, rv_cur);

static DEFINE_SPINLOCK(pool_lock);	/* everything below */
static LIST_HEAD(pool_idle);		/* most recently used first */
static unsigned int pool_nidle;
static unsigned long pool_created;
static bool pool_closing;
/* Completed by every worker as it exits, from core kernel code. */
static DECLARE_COMPLETION(pool_gone);

/* ------------------------------------------------------------ bindings */

/* Preemption is off: mirror b (NULL: no binding) into this CPU's rv_cur. */
static void bind_load(struct rv_bind *b)
{
	struct rv_cur *c = this_cpu_ptr(&rv_cur);

	c->lwp = b ? b->lwp : NULL;
	c->inst = b ? b->inst : NULL;
	c->bind = b;
}

static void bind_sched_in(struct preempt_notifier *pn, int cpu)
{
	bind_load(container_of(pn, struct rv_bind, pn));
}

static void bind_sched_out(struct preempt_notifier *pn,
			   struct task_struct *next)
{
	bind_load(NULL);
}

static struct preempt_ops bind_ops = {
	.sched_in = bind_sched_in,
	.sched_out = bind_sched_out,
};

/* Give the calling task a binding (to no instance yet). */
static void bind_attach(struct rv_bind *b)
{
	memset(b, 0, sizeof(*b));
	preempt_notifier_init(&b->pn, &bind_ops);
	preempt_disable();
	preempt_notifier_register(&b->pn);
	bind_load(b);
	preempt_enable();
}

static void bind_detach(struct rv_bind *b)
{
	preempt_disable();
	preempt_notifier_unregister(&b->pn);
	bind_load(NULL);
	preempt_enable();
}

/* The calling task, which owns b, now works for inst (NULL: none). */
void rv_bind_enter(struct rv_bind *b, struct rv_instance *inst)
{
	preempt_disable();
	b->inst = inst;
	b->lwp = NULL;
	b->err = 0;
	bind_load(b);
	preempt_enable();
}

void rv_bind_leave(struct rv_bind *b)
{
	rv_bind_enter(b, NULL);
}

/* For a task entered from outside (enter.c): worker NULL. */
void rv_bind_attach(struct rv_bind *b)
{
	bind_attach(b);
}

void rv_bind_detach(struct rv_bind *b)
{
	bind_detach(b);
}

/* ------------------------------------------------------------- workers */

static void set_comm(const char *name)
{
	task_lock(current);
	strscpy_pad(current->comm, name, sizeof(current->comm));
	task_unlock(current);
}

/* Sleep until there is a job (true) or the worker must stop (false). */
static bool worker_wait(struct rv_worker *w)
{
	for (;;) {
		set_current_state(TASK_IDLE);
		if (smp_load_acquire(&w->job)) {
			__set_current_state(TASK_RUNNING);
			return true;
		}
		if (READ_ONCE(w->stop)) {
			__set_current_state(TASK_RUNNING);
			return false;
		}
		schedule();
	}
}

static void job_begin(struct rv_worker *w, struct rv_job *job)
{
	set_comm(job->name);
	if (job->cpu >= 0 && job->cpu < nr_cpu_ids && cpu_online(job->cpu))
		set_cpus_allowed_ptr(current, cpumask_of(job->cpu));
	else
		job->cpu = -1;
	rv_bind_enter(&w->bind, job->inst);
}

/* Forget the job's instance and any signal it left behind. */
static void job_end(struct rv_worker *w, struct rv_job *job)
{
	rv_bind_leave(&w->bind);
	if (job->cpu >= 0)
		set_cpus_allowed_ptr(current,
				     housekeeping_cpumask(HK_TYPE_KTHREAD));
	rv_job_finish(job);
	flush_signals(current);
	set_comm("rumpvisor");
}

/*
 * Run the worker's job.  rv_thread_end() comes back to the rv_jmp_set()
 * below from wherever the guest thread ended; the state needed after
 * that point lives in *w, not in this frame's registers.
 */
static noinline void worker_run(struct rv_worker *w)
{
	if (rv_jmp_set(&w->jmp) == 0) {
		struct rv_job *job = READ_ONCE(w->job);

		job_begin(w, job);
		if (!rv_dying(job->inst)) {
			if (job->run)
				job->ret = job->run(job->arg);
			else
				job->fn(job->arg);
		} else {
			job->died = true;
			job->killed = true;
		}
	}
	job_end(w, READ_ONCE(w->job));
}

/* Back to the idle list, or false when the pool has enough workers. */
static bool worker_idle(struct rv_worker *w)
{
	bool keep;

	spin_lock(&pool_lock);
	keep = !pool_closing && pool_nidle < POOL_KEEP;
	WRITE_ONCE(w->job, NULL);
	if (keep) {
		list_add(&w->link, &pool_idle);
		pool_nidle++;
	}
	spin_unlock(&pool_lock);
	return keep;
}

static int worker_main(void *data)
{
	struct rv_worker *w = data;

	/* Instances end our jobs with SIGKILL; kthreads ignore it otherwise. */
	allow_signal(SIGKILL);
	bind_attach(&w->bind);
	w->bind.worker = w;
	while (worker_wait(w)) {
		worker_run(w);
		if (!worker_idle(w))
			break;
	}
	bind_detach(&w->bind);
	kfree(w);
	/* The completion is the last thing: no code of ours runs after it. */
	kthread_complete_and_exit(&pool_gone, 0);
}

/* A new worker for job: a kthread, or ERR_PTR (fault injection point). */
noinline struct rv_worker *rv_worker_new(struct rv_job *job)
{
	struct task_struct *task;
	struct rv_worker *w;

	if (rv_fault(RV_FAULT_WORKER_NEW))
		return ERR_PTR(-ENOMEM);
	w = kzalloc(sizeof(*w), GFP_KERNEL | __GFP_NOWARN);
	if (!w)
		return ERR_PTR(-ENOMEM);
	w->job = job;
	task = kthread_create(worker_main, w, "rumpvisor");
	if (IS_ERR(task)) {
		kfree(w);
		return ERR_CAST(task);
	}
	w->task = task;
	spin_lock(&pool_lock);
	pool_created++;
	spin_unlock(&pool_lock);
	return w;
}
ALLOW_ERROR_INJECTION(rv_worker_new, ERRNO);

/* Run job on an idle worker or a new one; 0 or a negative errno. */
int rv_pool_run(struct rv_job *job)
{
	struct rv_worker *w;

	spin_lock(&pool_lock);
	if (pool_closing) {
		spin_unlock(&pool_lock);
		return -ESHUTDOWN;
	}
	w = list_first_entry_or_null(&pool_idle, struct rv_worker, link);
	if (w) {
		list_del(&w->link);
		pool_nidle--;
	}
	spin_unlock(&pool_lock);

	spin_lock(&job->inst->lock);
	if (!w) {
		spin_unlock(&job->inst->lock);
		w = rv_worker_new(job);
		if (IS_ERR(w))
			return PTR_ERR(w);
		spin_lock(&job->inst->lock);
	}
	job->worker = w;
	spin_unlock(&job->inst->lock);
	smp_store_release(&w->job, job);
	wake_up_process(w->task);
	return 0;
}

/* A kill for the worker's current job (caller holds the job's inst->lock). */
void rv_worker_signal(struct rv_worker *w)
{
	send_sig(SIGKILL, w->task, 1);
	wake_up_process(w->task);
}

unsigned int rv_pool_idle(void)
{
	return READ_ONCE(pool_nidle);
}

int rv_pool_init(void)
{
	return 0;
}

/* Module unload: no instance is left, so every worker is idle or leaving. */
void rv_pool_fini(void)
{
	struct rv_worker *w, *tmp;
	unsigned long n, i;
	LIST_HEAD(stop);

	spin_lock(&pool_lock);
	pool_closing = true;
	list_splice_init(&pool_idle, &stop);
	pool_nidle = 0;
	n = pool_created;
	spin_unlock(&pool_lock);

	list_for_each_entry_safe(w, tmp, &stop, link) {
		WRITE_ONCE(w->stop, true);
		wake_up_process(w->task);
	}
	for (i = 0; i < n; i++)
		wait_for_completion(&pool_gone);
}

/*
 * The calling worker's guest thread is over: resume worker_run().  Under
 * KASAN the shadow of the abandoned frames is cleared first, as the
 * kernel does for stacks it reuses.
 */
void rv_jmp_resume(struct rv_jmp *j)
{
#ifdef CONFIG_KASAN_GENERIC
	/* One shadow byte covers 1 << KASAN_SHADOW_SCALE_SHIFT bytes. */
	unsigned long lo = current_stack_pointer &
			   ~((1UL << KASAN_SHADOW_SCALE_SHIFT) - 1);

	if (j->rsp > lo)
		__memset(kasan_mem_to_shadow((void *)lo), 0,
			 (j->rsp - lo) >> KASAN_SHADOW_SCALE_SHIFT);
#endif
	rv_jmp_go(j);
}

void rv_worker_resume(struct rv_worker *w)
{
	rv_jmp_resume(&w->jmp);
}
