// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpuser_component_*: how a host-side driver thread (a receive thread,
 * an I/O completion) enters and leaves the guest.  The same on both
 * hosts: only rv_upcalls(), the calling thread's guest upcalls, differs.
 */
#include <rump/rumpuser_component.h>

#include "common.h"

void *rumpuser_component_unschedule(void)
{
	const struct rumpuser_hyperup *up = rv_upcalls();
	int nlocks = 0;

	if (up)
		up->hyp_backend_unschedule(0, &nlocks, NULL);
	return (void *)(long)nlocks;
}

void rumpuser_component_schedule(void *cookie)
{
	const struct rumpuser_hyperup *up = rv_upcalls();

	if (up)
		up->hyp_backend_schedule((int)(long)cookie, NULL);
}

void rumpuser_component_kthread(void)
{
	const struct rumpuser_hyperup *up = rv_upcalls();

	if (!up)
		return;
	up->hyp_schedule();
	up->hyp_lwproc_newlwp(0);
	up->hyp_unschedule();
}

void rumpuser_component_kthread_release(void)
{
	const struct rumpuser_hyperup *up = rv_upcalls();

	if (!up)
		return;
	up->hyp_schedule();
	up->hyp_lwproc_release();
	up->hyp_unschedule();
}

struct lwp *rumpuser_component_curlwp(void)
{
	const struct rumpuser_hyperup *up = rv_upcalls();

	return up ? up->hyp_lwproc_curlwp() : 0;
}

void rumpuser_component_switchlwp(struct lwp *l)
{
	const struct rumpuser_hyperup *up = rv_upcalls();

	if (up)
		up->hyp_lwproc_switch(l);
}

int rumpuser_component_errtrans(int hosterr)
{
	return rv_errno_to_netbsd(hosterr);
}
