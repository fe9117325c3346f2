// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpvisor's API for carrier modules (<rumpvisor/linux.h>): instances
 * made, called into, halted and destroyed from Linux code.
 */
#include "hyp.h"

struct rumpvisor *rumpvisor_create(struct module *owner,
				   const struct rumpvisor_params *p)
{
	struct rv_instance *inst = rv_instance_create(owner, p);

	return IS_ERR(inst) ? ERR_CAST(inst) : (struct rumpvisor *)inst;
}
EXPORT_SYMBOL(rumpvisor_create);

/*
 * Run fn on a new guest thread of rv; wait for it when result is given.
 * The waiter is outside the guest (a module's init, a sysfs writer): if
 * it is killed meanwhile, the guest is ended and -EINTR returned.
 */
static int run_job(struct rumpvisor *rv, const char *name,
		   int (*fn)(void *), void *arg, int *result)
{
	struct rv_instance *inst = rv_of(rv);
	struct rv_job *job;
	int err;

	job = rv_job_new(inst, name);
	if (!job)
		return -ENOMEM;
	job->run = fn;
	job->arg = arg;
	job->guest = true;
	job->joinable = job->external = result != NULL;
	err = rv_job_start(job);
	if (err || !result) {
		if (err)
			rv_job_put(job);
		return err;
	}
	if (wait_for_completion_state(&job->done, TASK_KILLABLE | TASK_NOLOAD)) {
		pr_warn("%s: the caller of %s was killed; ending the guest\n",
			inst->p.name, job->name);
		rv_instance_end(inst, RUMPVISOR_KILLED, 0);
		wait_for_completion_state(&job->done, TASK_IDLE);
		err = -EINTR;
	}
	*result = job->ret;
	if (!err && job->died)
		err = -ESHUTDOWN;
	rv_job_put(job);
	return err;
}

int rumpvisor_call(struct rumpvisor *rv, const char *name,
		   int (*fn)(void *), void *arg, int *result)
{
	int dummy;

	*(result ? result : &dummy) = 0;
	return run_job(rv, name, fn, arg, result ? result : &dummy);
}
EXPORT_SYMBOL(rumpvisor_call);

int rumpvisor_start(struct rumpvisor *rv, const char *name,
		    int (*fn)(void *), void *arg)
{
	return run_job(rv, name, fn, arg, NULL);
}
EXPORT_SYMBOL(rumpvisor_start);

void rumpvisor_set_halt(struct rumpvisor *rv, int (*halt)(void *), void *arg)
{
	struct rv_instance *inst = rv_of(rv);

	spin_lock(&inst->lock);
	inst->halt_fn = halt;
	inst->halt_arg = arg;
	spin_unlock(&inst->lock);
}
EXPORT_SYMBOL(rumpvisor_set_halt);

void rumpvisor_halt(struct rumpvisor *rv, unsigned int timeout_ms,
		    struct rumpvisor_status *st)
{
	rv_instance_halt(rv_of(rv), timeout_ms, st);
}
EXPORT_SYMBOL(rumpvisor_halt);

void rumpvisor_kill(struct rumpvisor *rv)
{
	rv_instance_kill(rv_of(rv));
}
EXPORT_SYMBOL(rumpvisor_kill);

void rumpvisor_status(struct rumpvisor *rv, struct rumpvisor_status *st)
{
	rv_instance_status(rv_of(rv), st);
}
EXPORT_SYMBOL(rumpvisor_status);

void rumpvisor_destroy(struct rumpvisor *rv, struct rumpvisor_status *st)
{
	rv_instance_remove(rv_of(rv), st);
}
EXPORT_SYMBOL(rumpvisor_destroy);

const char *rumpvisor_name(const struct rumpvisor *rv)
{
	return ((const struct rv_instance *)rv)->p.name;
}
EXPORT_SYMBOL(rumpvisor_name);

int rumpvisor_describe(const struct rumpvisor_status *st, char *buf,
		       size_t len)
{
	switch (st->how) {
	case RUMPVISOR_RUNNING:
		return scnprintf(buf, len, "running");
	case RUMPVISOR_EXITED:
		return scnprintf(buf, len, "exited %d", st->value);
	case RUMPVISOR_PANICKED:
		return scnprintf(buf, len, "panicked");
	default:
		return scnprintf(buf, len, "killed");
	}
}
EXPORT_SYMBOL(rumpvisor_describe);
