// SPDX-License-Identifier: BSD-2-Clause
/*
 * The guest's upcalls as the syscall proxy uses them.  The engine's
 * threads hold no virtual CPU, so each call is bracketed by
 * hyp_schedule/hyp_unschedule, as NetBSD's server does; the copy
 * hypercalls do the opposite (the guest calls them scheduled).
 */
#include "sp_int.h"

void sp_g_switch(struct sp_server *srv, struct lwp *l)
{
	srv->up->hyp_schedule();
	srv->up->hyp_lwproc_switch(l);
	srv->up->hyp_unschedule();
}

void sp_g_release(struct sp_server *srv)
{
	srv->up->hyp_schedule();
	srv->up->hyp_lwproc_release();
	srv->up->hyp_unschedule();
}

int sp_g_rfork(struct sp_server *srv, void *client, int flags,
	       const char *comm)
{
	int rv;

	srv->up->hyp_schedule();
	rv = srv->up->hyp_lwproc_rfork(client, flags, comm);
	srv->up->hyp_unschedule();
	return rv;
}

int sp_g_newlwp(struct sp_server *srv, int pid)
{
	int rv;

	srv->up->hyp_schedule();
	rv = srv->up->hyp_lwproc_newlwp(pid);
	srv->up->hyp_unschedule();
	return rv;
}

struct lwp *sp_g_curlwp(struct sp_server *srv)
{
	struct lwp *l;

	srv->up->hyp_schedule();
	l = srv->up->hyp_lwproc_curlwp();
	srv->up->hyp_unschedule();
	return l;
}

int sp_g_getpid(struct sp_server *srv)
{
	int pid;

	srv->up->hyp_schedule();
	pid = srv->up->hyp_getpid();
	srv->up->hyp_unschedule();
	return pid;
}

int sp_g_syscall(struct sp_server *srv, int num, void *args, long *rv)
{
	int error;

	srv->up->hyp_schedule();
	error = srv->up->hyp_syscall(num, args, rv);
	srv->up->hyp_unschedule();
	return error;
}

void sp_g_lwpexit(struct sp_server *srv)
{
	srv->up->hyp_schedule();
	srv->up->hyp_lwpexit();
	srv->up->hyp_unschedule();
}

void sp_g_execnotify(struct sp_server *srv, const char *comm)
{
	srv->up->hyp_schedule();
	srv->up->hyp_execnotify(comm);
	srv->up->hyp_unschedule();
}

void sp_g_unsched(struct sp_server *srv, int *nlocks)
{
	*nlocks = 0;
	srv->up->hyp_backend_unschedule(0, nlocks, NULL);
}

void sp_g_sched(struct sp_server *srv, int nlocks)
{
	srv->up->hyp_backend_schedule(nlocks, NULL);
}
