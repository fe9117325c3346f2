// SPDX-License-Identifier: BSD-2-Clause
/*
 * Linux tasks that enter a guest from outside: a process making a guest
 * system call through the device (dev.c) runs guest code on its own
 * thread.  While it does, it is one of the instance's threads (counted,
 * so the instance is not reclaimed under it) with a binding of its own
 * (struct rv_bind, worker NULL), so rv_current() and the guest's curlwp
 * work for it as for a worker.
 *
 * It is not ours to end.  Two things can cut a wait of it short
 * (rv_wait_cut, hyp.h):
 *  - a signal: the guest is told to interrupt the call (e->interrupt,
 *    NetBSD's hyp_lwpexit), and the task waits on, idle, until the guest
 *    lets the call return (EINTR from an interruptible sleep); Linux
 *    then delivers the signal as the ioctl returns;
 *  - the instance ending: the task leaves the guest at once, back to
 *    rv_enter() (rv_jmp_resume), whose caller gets -ESHUTDOWN.  The
 *    frames left behind hold nothing, as for a worker's guest thread.
 */
#include "hyp.h"

/* Count e's task as a thread of inst; -ESHUTDOWN once it ends. */
static int entry_add(struct rv_instance *inst, struct rv_entry *e)
{
	spin_lock(&inst->lock);
	if (inst->state != RV_RUNNING && inst->state != RV_HALTING) {
		spin_unlock(&inst->lock);
		return -ESHUTDOWN;
	}
	list_add_tail(&e->link, &inst->entered);
	WRITE_ONCE(inst->nthreads, inst->nthreads + 1);
	WRITE_ONCE(inst->nguest, inst->nguest + 1);
	spin_unlock(&inst->lock);
	return 0;
}

static void entry_del(struct rv_instance *inst, struct rv_entry *e)
{
	rv_thread_gone(inst, true, &e->link);
}

/*
 * Run fn(e, arg) with the calling task inside inst's guest; fn's value,
 * or -ESHUTDOWN when the instance is not running or ends meanwhile.  The
 * caller holds a reference on inst throughout (dev.c: through the file's
 * device) and fills e->interrupt and e->cookie; the rest is ours.
 */
noinline int rv_enter(struct rv_instance *inst, struct rv_entry *e,
		      int (*fn)(struct rv_entry *e, void *arg), void *arg)
{
	int ret;

	e->inst = inst;
	e->task = current;
	e->intr = false;
	e->ended = false;
	ret = entry_add(inst, e);
	if (ret)
		return ret;
	rv_bind_attach(&e->bind);
	e->bind.entry = e;
	rv_bind_enter(&e->bind, inst);
	if (rv_jmp_set(&e->jmp) == 0)
		ret = fn(e, arg);
	else
		ret = -ESHUTDOWN;	/* the instance ended: e->ended */
	rv_bind_leave(&e->bind);
	rv_bind_detach(&e->bind);
	entry_del(inst, e);
	return ret;
}

/* The instance of the running entered task ends: leave the guest. */
static void entry_leave(struct rv_entry *e)
{
	e->ended = true;
	__set_current_state(TASK_RUNNING);
	rv_jmp_resume(&e->jmp);
}

/*
 * A wait of the running task was cut short (rv_wait_cut): leave if the
 * instance ends, or tell the guest about the signal (once per call).
 * Does nothing for a task that is not entered.
 */
void rv_entry_interrupted(void)
{
	struct rv_entry *e = rv_entry_current();

	if (!e)
		return;
	if (rv_dying(e->inst))
		entry_leave(e);
	if (READ_ONCE(e->intr) || !signal_pending(current))
		return;
	WRITE_ONCE(e->intr, true);
	if (e->interrupt)
		e->interrupt(e);
}

/*
 * The guest ends the running thread (rumpuser_exit, thread_exit): an
 * entered task cannot end, it leaves the guest instead.  Returns for any
 * other task.
 */
void rv_entry_abandon(void)
{
	struct rv_entry *e = rv_entry_current();

	if (e)
		entry_leave(e);
}

/* The instance ends (inst->lock held): wake every entered task. */
void rv_entries_wake(struct rv_instance *inst)
{
	struct rv_entry *e;

	list_for_each_entry(e, &inst->entered, link)
		wake_up_process(e->task);
}
