// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpuser_component_*: how a host-side driver thread (receive thread,
 * I/O completion) enters and leaves the guest.
 */
#include "hyp.h"

#include <rump/rumpuser_component.h>

void *rumpuser_component_unschedule(void)
{
	int nlocks;

	hyp_unschedule(&nlocks, NULL);
	return (void *)(long)nlocks;
}
EXPORT_SYMBOL(rumpuser_component_unschedule);

void rumpuser_component_schedule(void *cookie)
{
	hyp_schedule((int)(long)cookie, NULL);
}
EXPORT_SYMBOL(rumpuser_component_schedule);

void rumpuser_component_kthread(void)
{
	rv_hyp.hyp_schedule();
	rv_hyp.hyp_lwproc_newlwp(0);
	rv_hyp.hyp_unschedule();
}
EXPORT_SYMBOL(rumpuser_component_kthread);

void rumpuser_component_kthread_release(void)
{
	rv_hyp.hyp_schedule();
	rv_hyp.hyp_lwproc_release();
	rv_hyp.hyp_unschedule();
}
EXPORT_SYMBOL(rumpuser_component_kthread_release);

struct lwp *rumpuser_component_curlwp(void)
{
	return rv_hyp.hyp_lwproc_curlwp();
}
EXPORT_SYMBOL(rumpuser_component_curlwp);

void rumpuser_component_switchlwp(struct lwp *l)
{
	rv_hyp.hyp_lwproc_switch(l);
}
EXPORT_SYMBOL(rumpuser_component_switchlwp);

int rumpuser_component_errtrans(int hosterr)
{
	return rv_errno_to_netbsd(hosterr);
}
EXPORT_SYMBOL(rumpuser_component_errtrans);
