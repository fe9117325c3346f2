// SPDX-License-Identifier: BSD-2-Clause
/*
 * Termination and signals: rumpuser_exit(), rumpuser_kill() and
 * rumpuser_seterrno() (with rumpvisor_errno(), its reader).
 */
#include "hyp.h"

#include <linux/pid.h>
#include <linux/printk.h>

static int rv_self_signals;	/* signals the guest sent itself */

void rumpuser_exit(int value)
{
	struct rv_thread *self = rv_self();

	rv_console_flush();
	if (value == RUMPUSER_PANIC) {
		pr_err("guest panicked\n");
		dump_stack();
	} else {
		pr_info("guest exited with %d\n", value);
	}

	spin_lock(&rv_inst.threads_lock);
	if (!rv_inst.exited) {	/* the first exit's value is the one */
		rv_inst.exited = true;
		rv_inst.exit_value = value;
	}
	spin_unlock(&rv_inst.threads_lock);
	rv_kill_threads(current);

	if (self) {
		self->died = true;
		rv_thread_end();
	}
	/*
	 * Not a thread of ours (a component's host thread): we cannot end
	 * it, and it must not return into a dead guest.  It sleeps forever,
	 * idle, so it neither burns CPU nor trips the hung-task detector.
	 */
	pr_err("rumpuser_exit() on foreign task %s[%d]: parking it for good\n",
	       current->comm, task_pid_nr(current));
	rv_park();
}
EXPORT_SYMBOL(rumpuser_exit);

int rumpuser_kill(int64_t pid, int sig)
{
	struct pid *p;
	int lsig, err;

	lsig = rv_signal_to_linux(sig);
	if (lsig < 0)
		return RV_EINVAL;
	if (pid == RUMPUSER_PID_SELF) {
		/* The guest has no process to signal; note it and go on. */
		WRITE_ONCE(rv_self_signals, READ_ONCE(rv_self_signals) + 1);
		pr_info("guest raised signal %d on itself\n", sig);
		return 0;
	}
	if (pid <= 0 || pid > PID_MAX_LIMIT)
		return RV_ESRCH;
	p = find_get_pid((pid_t)pid);
	if (!p)
		return RV_ESRCH;
	err = kill_pid(p, lsig, 1);
	put_pid(p);
	return rv_errno_to_netbsd(err);
}
EXPORT_SYMBOL(rumpuser_kill);

void rumpuser_seterrno(int error)
{
	rv_lwp_set_errno(error);
}
EXPORT_SYMBOL(rumpuser_seterrno);

int rumpvisor_errno(void)
{
	return rv_lwp_get_errno();
}
EXPORT_SYMBOL(rumpvisor_errno);

void rv_exit_reset(void)
{
	WRITE_ONCE(rv_self_signals, 0);
}
