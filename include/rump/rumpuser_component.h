/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Helpers for host-side driver components (virtual interfaces, I/O
 * completion threads): the way a host thread enters and leaves the guest.
 */
#ifndef RUMP_RUMPUSER_COMPONENT_H
#define RUMP_RUMPUSER_COMPONENT_H

#include <rump/rumpuser.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Give up the virtual CPU before blocking on the host; returns a cookie. */
void *rumpuser_component_unschedule(void);
/* Take a virtual CPU again with the cookie from _unschedule. */
void rumpuser_component_schedule(void *cookie);
/* Give a long-lived host thread a guest lwp of its own, and drop it. */
void rumpuser_component_kthread(void);
void rumpuser_component_kthread_release(void);
struct lwp *rumpuser_component_curlwp(void);
void rumpuser_component_switchlwp(struct lwp *l);
/* Host errno to NetBSD errno. */
int rumpuser_component_errtrans(int hosterr);

#ifdef __cplusplus
}
#endif

#endif /* RUMP_RUMPUSER_COMPONENT_H */
