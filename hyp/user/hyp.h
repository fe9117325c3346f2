/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Internal header of the userspace hypervisor (librumpuser): the upcall
 * table kept by rumpuser_init(), scheduling wrappers and the per-thread
 * lwp pointer.  Nothing here is exported from the shared library.
 */
#ifndef RV_HYP_USER_HYP_H
#define RV_HYP_USER_HYP_H

#include <rump/rumpuser.h>

#include "../common/common.h"

#define HYP_HIDDEN __attribute__((__visibility__("hidden")))

/* Copy of the guest's upcall table (init.c). */
extern struct rumpuser_hyperup hyp_u_up HYP_HIDDEN;

/*
 * The lwp bound to the calling host thread (curlwp.c).  A hidden
 * initial-exec TLS variable rather than a call to rumpuser_curlwp():
 * the lock code reads it on every KMUTEX enter, and in the shared library
 * an exported function would be reached through the PLT and a TLS
 * variable of the default model through __tls_get_addr.
 */
extern __thread struct lwp *hyp_u_curlwp
	__attribute__((__tls_model__("initial-exec"))) HYP_HIDDEN;

static inline struct lwp *hyp_curlwp(void)
{
	return hyp_u_curlwp;
}

/*
 * Give the virtual CPU back before blocking on the host, and take one
 * again afterwards.  Some hypercalls (daemonize, getparam, files) may be
 * used before rumpuser_init(); without a guest there is nothing to give
 * back, hence the NULL checks.
 */
static inline void hyp_unsched(int *nlocks, void *interlock)
{
	*nlocks = 0;
	if (hyp_u_up.hyp_backend_unschedule)
		hyp_u_up.hyp_backend_unschedule(0, nlocks, interlock);
}

static inline void hyp_sched(int nlocks, void *interlock)
{
	if (hyp_u_up.hyp_backend_schedule)
		hyp_u_up.hyp_backend_schedule(nlocks, interlock);
}

/* Bumped by each rumpuser_init(): lets the bio thread notice a new guest. */
extern unsigned int hyp_u_generation HYP_HIDDEN;

#endif /* RV_HYP_USER_HYP_H */
