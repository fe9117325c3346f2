/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Kernel threads: a host thread from rumpuser_thread_create that carries
 * its own lwp in proc 0 and runs fn scheduled.  Returning from fn ends
 * the thread, as does rk_kthread_exit.
 */
#ifndef RK_KTHREAD_H
#define RK_KTHREAD_H

#include <rk/types.h>

/* cookie (may be NULL) is for rk_kthread_join when joinable. */
int rk_kthread_create(void (*fn)(void *), void *arg, const char *name,
		      bool joinable, void **cookie);
/* Ends the calling kernel thread.  Never returns (not declared so: see
 * rk_panic in rk/lib.h). */
void rk_kthread_exit(void);
/* Wait for a joinable thread to end; called scheduled. */
int rk_kthread_join(void *cookie);
/* Let a thread that waits for a virtual CPU have ours (called between
 * units of work by threads that may always have work). */
void rk_yield(void);
/* Kernel threads alive (for halt and kernfs). */
int rk_kthread_count(void);

#endif /* RK_KTHREAD_H */
