// SPDX-License-Identifier: BSD-2-Clause
/*
 * The guest lwp (and errno) bound to a host task: rumpuser_curlwpop(),
 * rumpuser_curlwp(), and the per-thread errno behind rumpuser_seterrno().
 *
 * Every task that runs guest code has a binding (struct rv_bind, pool.c)
 * whose preempt notifier keeps the per-CPU rv_cur in step with the task
 * on the CPU.  rumpuser_curlwp(), called on nearly every guest operation,
 * is therefore a single per-CPU load: whichever task executes it reads its
 * own value, and a task without a binding reads NULL.  SET and CLEAR
 * write the binding and the per-CPU copy with preemption off.
 */
#include "hyp.h"

/* notrace: the hottest hypercall of all is not worth a tracing hook. */
notrace struct lwp *rumpuser_curlwp(void)
{
	return this_cpu_read(rv_cur.lwp);
}
EXPORT_SYMBOL(rumpuser_curlwp);

static void set_lwp(struct lwp *l)
{
	struct rv_bind *b;

	preempt_disable();
	b = __this_cpu_read(rv_cur.bind);
	if (b) {
		b->lwp = l;
		__this_cpu_write(rv_cur.lwp, l);
	}
	preempt_enable();
	if (b && b->inst)
		rv_alive(b->inst);
	if (!b)
		pr_err_ratelimited("curlwpop from %s[%d], which runs no guest; ignored\n",
				   current->comm, task_pid_nr(current));
}

void rumpuser_curlwpop(int op, struct lwp *l)
{
	switch (op) {
	case RUMPUSER_LWP_SET:
		set_lwp(l);
		return;
	case RUMPUSER_LWP_CLEAR:
		set_lwp(NULL);
		return;
	default:
		/* CREATE and DESTROY: nothing is kept per lwp. */
		return;
	}
}
EXPORT_SYMBOL(rumpuser_curlwpop);

void rumpuser_seterrno(int error)
{
	struct rv_bind *b = rv_bind_current();

	if (b)
		b->err = error;
}
EXPORT_SYMBOL(rumpuser_seterrno);

int rumpvisor_errno(void)
{
	struct rv_bind *b = rv_bind_current();

	return b ? b->err : 0;
}
EXPORT_SYMBOL(rumpvisor_errno);
