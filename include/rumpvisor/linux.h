/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rumpvisor's own API for kernel modules that carry a guest (a rump
 * kernel) on top of rumpvisor.ko.  The guest itself uses only
 * <rump/rumpuser.h>; this header is for the small Linux glue around it.
 *
 * Guest code must run on rumpvisor's kernel threads: that is what lets
 * rumpuser_exit() end a guest without ending Linux, and what keeps the
 * owning module pinned while guest code may still run.
 */
#ifndef RUMPVISOR_LINUX_H
#define RUMPVISOR_LINUX_H

#include <linux/module.h>

/*
 * Run fn(arg) on a new rumpvisor kernel thread called name and wait for
 * it.  The first call claims the hypervisor for owner (THIS_MODULE of the
 * caller); owner stays pinned while any guest thread lives.
 * Returns 0 with fn's value in *result, -ESHUTDOWN with the guest's
 * rumpuser_exit() value in *result when the guest exited, -EBUSY when
 * another module holds the hypervisor, or -ENOMEM.
 */
int rumpvisor_run(struct module *owner, const char *name,
		  int (*fn)(void *), void *arg, int *result);

/*
 * End owner's claim: wait until every guest thread has ended (threads
 * blocked in a hypercall after rumpuser_exit() are ended for it), then
 * forget the instance so that a new rumpuser_init() may start one.
 * Returns the number of bytes the guest left allocated (0 for a guest
 * that halted cleanly).
 */
long rumpvisor_release(struct module *owner);

/* The value rumpuser_seterrno() last set for the calling thread. */
int rumpvisor_errno(void);

#endif /* RUMPVISOR_LINUX_H */
