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

/* Freestanding helpers. */
void *tg_memset(void *d, int c, size_t n);
void *tg_memcpy(void *d, const void *s, size_t n);
int tg_memcmp(const void *a, const void *b, size_t n);
size_t tg_strlen(const char *s);
int tg_strcmp(const char *a, const char *b);
int tg_snprintf(char *buf, size_t len, const char *fmt, ...)
	__attribute__((__format__(__printf__, 3, 4)));
/* Monotonic nanoseconds from rumpuser_clock_gettime(ABSMONO). */
int64_t tg_now_ns(void);

/* Atomics, from the compiler. */
#define tg_atomic_inc(p)	__atomic_add_fetch((p), 1, __ATOMIC_SEQ_CST)
#define tg_atomic_dec(p)	__atomic_sub_fetch((p), 1, __ATOMIC_SEQ_CST)
#define tg_atomic_load(p)	__atomic_load_n((p), __ATOMIC_SEQ_CST)
#define tg_atomic_store(p, v)	__atomic_store_n((p), (v), __ATOMIC_SEQ_CST)

#endif /* TG_TG_H */
