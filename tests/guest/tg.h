/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The test guest: the smallest rump kernel that exercises a hypervisor.
 * It owns virtual CPUs and lwps and implements every upcall of
 * struct rumpuser_hyperup, and it counts what the hypervisor does with
 * them so that tests can check the scheduling contract.  Freestanding:
 * it reaches the host only through <rump/rumpuser.h>.
 */
#ifndef TG_TG_H
#define TG_TG_H

#include "types.h"

#define TG_NORETURN __attribute__((__noreturn__))

/*
 * Boot: rumpuser_init() with our upcalls, _RUMPUSER_NCPU virtual CPUs
 * (or ncpu if > 0), and the calling host thread becomes a scheduled lwp.
 * Returns 0 or a NetBSD errno.
 */
int tg_boot(int ncpu);
/* Unschedule and drop the calling thread's lwp; free all guest state.
 * Every other guest thread must have ended. */
void tg_halt(void);

int tg_ncpu(void);
/* Is the calling thread holding a virtual CPU (from the guest's view)? */
int tg_scheduled(void);
/* Index of the virtual CPU the caller holds, -1 if none. */
int tg_curcpu(void);

/* Scheduling by guest code (not upcalls): take / give back a CPU. */
void tg_schedule(void);
void tg_unschedule(void);

/*
 * Guest threads: each gets its own lwp and runs fn scheduled on a
 * virtual CPU.  When fn returns the thread unschedules, drops its lwp
 * and ends with rumpuser_thread_exit().  cpuidx is passed through.
 */
int tg_thread_create(void *(*fn)(void *), void *arg, const char *name,
		     int mustjoin, int cpuidx, void **cookie);
/* Join from a scheduled thread (the hypervisor unschedules while waiting). */
int tg_thread_join(void *cookie);

/* Per-lwp counters of what the hypervisor did through the upcalls. */
struct tg_stats {
	unsigned long backend_unsched;	/* hyp_backend_unschedule calls */
	unsigned long backend_sched;	/* hyp_backend_schedule calls */
	void *last_interlock;		/* interlock of the last unschedule */
	unsigned long unsched_unheld;	/* unschedules while holding no CPU */
};
/* The calling lwp's counters (a snapshot). */
void tg_stats(struct tg_stats *st);

/*
 * Optional hook run inside hyp_backend_schedule(), after the CPU is
 * taken: lets a test look at the interlock mutex at that moment.
 */
typedef void (*tg_sched_hook_fn)(int nlocks, void *interlock);
void tg_set_sched_hook(tg_sched_hook_fn fn);

/* Memory from the hypervisor, with a guest-wide count of live bytes. */
void *tg_alloc(size_t len);
void tg_free(void *p, size_t len);
long tg_live_bytes(void);

/*
 * Freestanding helpers: the shared library (lib/freestanding/fl.h) with
 * the test guest's prefix, tg_memcpy, tg_strlen, tg_snprintf,
 * tg_vsnprintf, ... (tests/guest/lib.c compiles it).
 */
#define FL_PREFIX tg_
#include "../../lib/freestanding/fl.h"
/* Monotonic nanoseconds from rumpuser_clock_gettime(ABSMONO). */
int64_t tg_now_ns(void);

/* Atomics, from the compiler. */
#define tg_atomic_inc(p)	__atomic_add_fetch((p), 1, __ATOMIC_SEQ_CST)
#define tg_atomic_dec(p)	__atomic_sub_fetch((p), 1, __ATOMIC_SEQ_CST)
#define tg_atomic_load(p)	__atomic_load_n((p), __ATOMIC_SEQ_CST)
#define tg_atomic_store(p, v)	__atomic_store_n((p), (v), __ATOMIC_SEQ_CST)

/* Extensions for the conformance suite. */
/*
 * End the calling guest thread now (unschedule, drop its lwp).  These
 * never return, but are not declared so: the kernel's objtool cannot
 * see that a call into another module does not return and would warn
 * about code "falling through" after it.
 */
void tg_thread_exit(void);
/* rumpuser_thread_exit and rumpuser_exit, callable the same way. */
void tg_host_thread_exit(void);
void tg_exit(int value);
/* Upcalls seen in a state the contract forbids (e.g. scheduling an
 * already scheduled lwp, backend upcalls from a thread without lwp). */
unsigned long tg_anomalies(void);
/* Live lwps, including temporary ones. */
long tg_lwp_count(void);
/* Of those, made by hyp_lwproc_newlwp/rfork: hypervisor threads (a bio
 * completion thread) may keep theirs as long as the hypervisor lives. */
long tg_lwp_hyp_count(void);
size_t tg_lwp_size(void);
/* lwps for tests that bind them by hand with rumpuser_curlwpop:
 * _alloc returns one already CREATEd, _dispose DESTROYs and frees it. */
struct lwp *tg_curlwp(void);
struct lwp *tg_lwp_alloc(void);
void tg_lwp_dispose(struct lwp *l);
int tg_lwp_valid(struct lwp *l);
int tg_lwp_id(struct lwp *l);
/* Lent by hyp_schedule to a thread that had none? */
int tg_lwp_temporary(struct lwp *l);
/* The upcall table given to rumpuser_init. */
const struct rumpuser_hyperup *tg_hyperup(void);

#endif /* TG_TG_H */
