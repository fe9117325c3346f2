// SPDX-License-Identifier: BSD-2-Clause
/*
 * Hypervisor kernel threads: rumpuser_thread_create/_exit/_join, and the
 * life and death of every thread rumpvisor starts (guest threads, the
 * rumpvisor_run() thread, the bio thread).
 */
#include "hyp.h"

#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/signal.h>
#include <linux/slab.h>

static int rv_thread_main(void *data);

struct rv_thread *rv_self(void)
{
	if (!(current->flags & PF_KTHREAD) ||
	    kthread_func(current) != rv_thread_main)
		return NULL;
	return kthread_data(current);
}

void rv_thread_put(struct rv_thread *t)
{
	if (refcount_dec_and_test(&t->refs))
		kfree(t);
}

/*
 * Start t (already filled in by the caller) on a new kernel thread.
 * The thread pins the instance's owner and rumpvisor itself; both are
 * dropped in rv_thread_end().  Returns 0 or a Linux errno.
 */
int rv_thread_spawn(struct rv_thread *t, const char *name, int cpuidx)
{
	struct module *owner = READ_ONCE(rv_inst.owner);
	struct task_struct *task;

	if (READ_ONCE(rv_inst.dying))
		return -ESHUTDOWN;
	if (!try_module_get(owner))
		return -EAGAIN;
	__module_get(THIS_MODULE);

	t->owner = owner;
	refcount_set(&t->refs, t->joinable ? 2 : 1);
	init_completion(&t->done);
	task = kthread_create(rv_thread_main, t, "%.15s", name);
	if (IS_ERR(task)) {
		module_put(THIS_MODULE);
		module_put(owner);
		return PTR_ERR(task);
	}
	t->task = task;
	if (cpuidx >= 0 && cpuidx < nr_cpu_ids && cpu_online(cpuidx))
		kthread_bind(task, cpuidx);

	atomic_inc(&rv_inst.nthreads);
	if (t->guest)
		atomic_inc(&rv_inst.nguest);
	spin_lock(&rv_inst.threads_lock);
	list_add_tail(&t->link, &rv_inst.threads);
	rv_inst.spawned++;
	spin_unlock(&rv_inst.threads_lock);
	wake_up_process(task);
	return 0;
}

/*
 * End the calling hypervisor thread.  The last steps matter for unload:
 * the module references go first, and the final complete() (which
 * rv_instance_end() waits for) runs in core kernel code, so once it has
 * been waited for no thread is left in rumpvisor's or the owner's text.
 */
void rv_thread_end(void)
{
	struct rv_thread *t = rv_self();
	struct module *owner = t->owner;
	bool guest = t->guest;

	rv_curlwp_forget();
	spin_lock(&rv_inst.threads_lock);
	list_del(&t->link);
	spin_unlock(&rv_inst.threads_lock);
	if (t->joinable)
		complete(&t->done);
	rv_thread_put(t);

	if (guest)
		atomic_dec(&rv_inst.nguest);
	atomic_dec(&rv_inst.nthreads);
	module_put(owner);
	module_put(THIS_MODULE);
	kthread_complete_and_exit(&rv_inst.ended, 0);
}

static int rv_thread_main(void *data)
{
	struct rv_thread *t = data;

	/* The instance ends us with SIGKILL; kthreads ignore it otherwise. */
	allow_signal(SIGKILL);
	/* Started after the instance began dying: never run guest code. */
	if (READ_ONCE(rv_inst.dying))
		t->died = true;
	else if (t->run)
		t->ret = t->run(t->arg);
	else
		t->fn(t->arg);
	/* A guest thread whose body returns ends as by thread_exit. */
	rv_thread_end();
	return 0;	/* not reached */
}

/* Mark the instance dying and wake every thread (but except) to end. */
void rv_kill_threads(struct task_struct *except)
{
	struct rv_thread *t;

	WRITE_ONCE(rv_inst.dying, true);
	spin_lock(&rv_inst.threads_lock);
	list_for_each_entry(t, &rv_inst.threads, link) {
		if (t->task == except)
			continue;
		send_sig(SIGKILL, t->task, 1);
		wake_up_process(t->task);
	}
	spin_unlock(&rv_inst.threads_lock);
}

/*
 * A killable wait of one of our threads was cut short by SIGKILL.  While
 * the instance is dying that ends the thread; otherwise the signal came
 * from outside (kill -9 by an administrator) and is dropped: a guest
 * thread vanishing in the middle of a lock would corrupt the guest.
 */
void rv_interrupted(void)
{
	struct rv_thread *t = rv_self();

	if (!t)
		return;
	if (READ_ONCE(rv_inst.dying)) {
		t->died = true;
		rv_thread_end();
	}
	flush_signals(current);
}

int rumpuser_thread_create(void *(*fn)(void *), void *arg, const char *name,
			   int mustjoin, int priority, int cpuidx,
			   void **cookie)
{
	struct rv_thread *t;
	int err;

	t = kzalloc(sizeof(*t), GFP_KERNEL | __GFP_NOWARN);
	if (!t)
		return RV_ENOMEM;
	t->fn = fn;
	t->arg = arg;
	t->joinable = mustjoin != 0;
	t->guest = true;
	/* Priority: all guest threads are equal to the host scheduler. */
	err = rv_thread_spawn(t, name ? name : "rumpthread", cpuidx);
	if (err) {
		kfree(t);
		return rv_errno_to_netbsd(err);
	}
	/* A detached thread may already be gone: only a joinable t is ours. */
	if (cookie)
		*cookie = mustjoin ? t : NULL;
	return 0;
}
EXPORT_SYMBOL(rumpuser_thread_create);

void rumpuser_thread_exit(void)
{
	if (rv_self())
		rv_thread_end();
	pr_err("rumpuser_thread_exit() on a thread rumpvisor did not start; parking it\n");
	rv_park();
}
EXPORT_SYMBOL(rumpuser_thread_exit);

int rumpuser_thread_join(void *cookie)
{
	struct rv_thread *t = cookie;
	int nlocks;

	if (!t)
		return RV_EINVAL;
	hyp_unschedule(&nlocks, NULL);
	while (wait_for_completion_state(&t->done, rv_wait_state())) {
		/* Dying: the joiner's reference must not leak with it. */
		if (READ_ONCE(rv_inst.dying))
			rv_thread_put(t);
		rv_interrupted();
	}
	hyp_schedule(nlocks, NULL);
	rv_thread_put(t);
	return 0;
}
EXPORT_SYMBOL(rumpuser_thread_join);
