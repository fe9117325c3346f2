// SPDX-License-Identifier: BSD-2-Clause
/*
 * rump_lwproc_*: a local client manages the process and lwp of its
 * thread with the same code that serves the hypervisor's upcalls.
 * They return 0 or a NetBSD errno, as NetBSD's do.
 */
#include <rk/types.h>
#include <rump/rump.h>
#include "kern.h"

int rump_lwproc_rfork(int flags)
{
	int error;

	rk_schedule();
	error = rk_hyperup.hyp_lwproc_rfork(NULL, flags, NULL);
	rk_unschedule();
	return error;
}

int rump_lwproc_newlwp(pid_t pid)
{
	int error;

	rk_schedule();
	error = rk_hyperup.hyp_lwproc_newlwp(pid);
	rk_unschedule();
	return error;
}

void rump_lwproc_switch(struct lwp *l)
{
	rk_schedule();
	rk_hyperup.hyp_lwproc_switch(l);
	rk_unschedule();
}

void rump_lwproc_releaselwp(void)
{
	rk_schedule();
	rk_hyperup.hyp_lwproc_release();
	rk_unschedule();
}

struct lwp *rump_lwproc_curlwp(void)
{
	return rumpuser_curlwp();
}
