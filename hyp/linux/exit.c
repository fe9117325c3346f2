// SPDX-License-Identifier: BSD-2-Clause
/* Termination and signals: rumpuser_exit() and rumpuser_kill(). */
#include "hyp.h"

#include <linux/printk.h>

/*
 * The guest ends: record how (the first end wins), end every other thread
 * of the instance, then the caller.  Linux goes on; the instance's memory,
 * files and requests are reclaimed once its last thread is gone.
 */
void rumpuser_exit(int value)
{
	struct rv_instance *inst = rv_current();

	if (inst) {
		rv_console_flush(inst);
		if (value == RUMPUSER_PANIC) {
			pr_err("%s: guest panicked\n", inst->p.name);
			dump_stack();
		} else {
			pr_info("%s: guest exited with %d\n", inst->p.name,
				value);
		}
		rv_instance_end(inst, value == RUMPUSER_PANIC ?
				RUMPVISOR_PANICKED : RUMPVISOR_EXITED, value);
	}
	rv_thread_end();
	rv_park();	/* not reached */
}
EXPORT_SYMBOL(rumpuser_exit);

/*
 * A guest may signal itself (counted, nothing else happens: it has no
 * process); it may not signal Linux processes.
 */
int rumpuser_kill(int64_t pid, int sig)
{
	struct rv_instance *inst = rv_current();

	if (rv_signal_to_linux(sig) < 0)
		return RV_EINVAL;
	if (inst)
		rv_count(inst, RV_HC_KILL);
	if (pid != RUMPUSER_PID_SELF)
		return RV_EPERM;
	if (inst) {
		WRITE_ONCE(inst->self_signals, inst->self_signals + 1);
		pr_info("%s: guest raised signal %d on itself\n", inst->p.name,
			sig);
	}
	return 0;
}
EXPORT_SYMBOL(rumpuser_kill);
