// SPDX-License-Identifier: BSD-2-Clause
/*
 * Upcalls that do nothing (noguest.h): no scheduler, no lwps, no system
 * calls (ENOSYS), one process.
 */
#include <linux/types.h>

#include "noguest.h"

static void up_nop(void) { }
static void up_bunsched(int n, int *nlocks, void *il) { *nlocks = 0; }
static void up_bsched(int nlocks, void *il) { }
static void up_switch(struct lwp *l) { }
static int up_rfork(void *c, int flags, const char *comm) { return 0; }
static int up_newlwp(pid_t pid) { return 0; }
static struct lwp *up_curlwp(void) { return NULL; }
static int up_syscall(int num, void *data, long *rv) { return 78; }
static void up_execnotify(const char *comm) { }
static pid_t up_getpid(void) { return 1; }

const struct rumpuser_hyperup rv_noguest_upcalls = {
	.hyp_schedule = up_nop,
	.hyp_unschedule = up_nop,
	.hyp_backend_unschedule = up_bunsched,
	.hyp_backend_schedule = up_bsched,
	.hyp_lwproc_switch = up_switch,
	.hyp_lwproc_release = up_nop,
	.hyp_lwproc_rfork = up_rfork,
	.hyp_lwproc_newlwp = up_newlwp,
	.hyp_lwproc_curlwp = up_curlwp,
	.hyp_syscall = up_syscall,
	.hyp_lwpexit = up_nop,
	.hyp_execnotify = up_execnotify,
	.hyp_getpid = up_getpid,
};
