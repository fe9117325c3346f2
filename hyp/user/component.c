// SPDX-License-Identifier: BSD-2-Clause
/* Helpers for host-side driver components entering and leaving the guest. */
#include <stdint.h>

#include <rump/rumpuser_component.h>

#include "hyp.h"

void *rumpuser_component_unschedule(void)
{
	int nlocks;

	hyp_u_up.hyp_backend_unschedule(0, &nlocks, NULL);
	return (void *)(intptr_t)nlocks;
}

void rumpuser_component_schedule(void *cookie)
{
	hyp_u_up.hyp_backend_schedule((int)(intptr_t)cookie, NULL);
}

void rumpuser_component_kthread(void)
{
	hyp_u_up.hyp_schedule();
	hyp_u_up.hyp_lwproc_newlwp(0);
	hyp_u_up.hyp_unschedule();
}

void rumpuser_component_kthread_release(void)
{
	hyp_u_up.hyp_schedule();
	hyp_u_up.hyp_lwproc_release();
	hyp_u_up.hyp_unschedule();
}

struct lwp *rumpuser_component_curlwp(void)
{
	return hyp_u_up.hyp_lwproc_curlwp();
}

void rumpuser_component_switchlwp(struct lwp *l)
{
	hyp_u_up.hyp_lwproc_switch(l);
}

int rumpuser_component_errtrans(int hosterr)
{
	return rv_errno_to_netbsd(hosterr);
}
