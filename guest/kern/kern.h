/* SPDX-License-Identifier: BSD-2-Clause */
/* Internals of guest/kern shared between its files (not for vfs/fs). */
#ifndef RK_KERN_H
#define RK_KERN_H

#include <rk/types.h>
#include <rk/proc.h>

#define RK_LWP_MAGIC	0x6c77702aU

/* sched.c: virtual CPUs. */
int rk_sched_init(int ncpu);
void rk_sched_fini(void);
int rk_ncpu(void);
void rk_cpu_take(struct lwp *l);
void rk_cpu_give(struct lwp *l);
/* The CPU held by from (if any) passes to to. */
void rk_cpu_transfer(struct lwp *from, struct lwp *to);
/* Enter / leave the guest from a host thread (implicit lwp if none). */
void rk_schedule(void);
void rk_unschedule(void);
void rk_implicit_forget(void);
void rk_implicit_fill(void);
struct lwp *rk_implicit_get(void);
void rk_implicit_put(struct lwp *l);

/* lwp.c: lwps. */
/* A new lwp of p, known to the hypervisor (CREATE) but not bound. */
struct lwp *rk_lwp_alloc(struct rk_proc *p, int flags);
/* Unbound, no CPU: DESTROY and free; may end its process. */
void rk_lwp_free(struct lwp *l);
/* Bind newl (an implicit lwp when NULL) to the calling thread. */
void rk_lwp_switch(struct lwp *newl);
/* Halt: free every lwp but the caller's. */
void rk_lwp_reap_all(struct lwp *keep);
long rk_lwp_count(void);
void rk_lwp_fini(void);
void rk_lwp_free_last(struct lwp *l);
/*
 * Interruptible sleeps: begin with the interlock held (false: the lwp
 * was told to exit, do not sleep); end once woken, interlock held again
 * (true: told to exit).
 */
bool rk_lwp_sleep_begin(struct rk_cv *cv, struct rk_mutex *m);
bool rk_lwp_sleep_end(void);
/* hyp_lwpexit: every other lwp of the caller's process is to exit. */
void rk_lwp_interrupt_others(void);

/* proc.c: processes. */
void rk_proc_init(void);
/* A child of parent (NULL: none) with a descriptor table made per
 * RUMP_RFFD* flags; one reference for the caller. */
int rk_proc_create(struct rk_proc *parent, int fdflags, const char *comm,
		   struct rk_proc **pp);
int rk_proc_create_default(void);
void rk_proc_hold(struct rk_proc *p);
/* Halt: close descriptors and drop directories of every process, then
 * free them all (keep survives until rk_proc_free_last). */
void rk_proc_teardown_all(void);
void rk_proc_free_all(struct rk_proc *keep);
void rk_proc_free_last(struct rk_proc *p);

/* upcalls.c */
extern const struct rumpuser_hyperup rk_hyperup;

/* kthread.c */
int rk_kthread_wait_all(int64_t timeout_ns);

/* init.c */
extern int rk_halting;
void rk_halt(int howto);

#endif /* RK_KERN_H */
