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

#define RV_HIDDEN __attribute__((__visibility__("hidden")))

/* Copy of the guest's upcall table (init.c). */
extern struct rumpuser_hyperup rv_hyp RV_HIDDEN;

/*
 * The lwp bound to the calling host thread (curlwp.c).  A hidden
 * initial-exec TLS variable rather than a call to rumpuser_curlwp():
 * the lock code reads it on every KMUTEX enter, and in the shared library
 * an exported function would be reached through the PLT and a TLS
 * variable of the default model through __tls_get_addr.
 */
extern __thread struct lwp *rv_cur_lwp
	__attribute__((__tls_model__("initial-exec"))) RV_HIDDEN;

static inline struct lwp *rv_curlwp(void)
{
	return rv_cur_lwp;
}

/*
 * Give the virtual CPU back before blocking on the host, and take one
 * again afterwards (the same names as in the kernel hypervisor).  Some
 * hypercalls (daemonize, getparam, files) may be used before
 * rumpuser_init(); without a guest there is nothing to give back, hence
 * the NULL checks.
 */
static inline void rv_up_backend_unschedule(int *nlocks, void *interlock)
{
	*nlocks = 0;
	if (rv_hyp.hyp_backend_unschedule)
		rv_hyp.hyp_backend_unschedule(0, nlocks, interlock);
}

static inline void rv_up_backend_schedule(int nlocks, void *interlock)
{
	if (rv_hyp.hyp_backend_schedule)
		rv_hyp.hyp_backend_schedule(nlocks, interlock);
}

/* Bumped by each rumpuser_init(): lets the bio thread notice a new guest. */
extern unsigned int rv_generation RV_HIDDEN;

#endif /* RV_HYP_USER_HYP_H */
