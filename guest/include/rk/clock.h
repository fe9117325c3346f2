/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Time, callouts and sleeping.  The clock thread (a kernel thread) runs
 * expired callouts in time order; a callout function runs scheduled,
 * without the callout lock, and may reset its own callout.
 */
#ifndef RK_CLOCK_H
#define RK_CLOCK_H

#include <rk/types.h>

#define RK_NSEC_PER_SEC	1000000000LL

int64_t rk_time_mono_ns(void);
void rk_time_wall(int64_t *sec, long *nsec);
/*
 * The wall clock as of at most about 10 ms ago (later when the clock
 * thread is held up): for file times.  One read of the host's clock a
 * period serves all readers; nothing ticks while nobody reads it.
 */
void rk_time_coarse(int64_t *sec, long *nsec);
/* Is the coarse clock's refresh armed (for tests)? */
bool rk_time_coarse_ticking(void);
/* Wall-clock time of rump_init. */
extern int64_t rk_boottime_sec;

struct rk_callout {
	int64_t c_when;			/* monotonic ns deadline */
	void (*c_fn)(void *);
	void *c_arg;
	int c_flags;			/* owned by kern/clock.c */
	struct rk_callout *c_next, *c_prev;
};

void rk_callout_init(struct rk_callout *c);
/* (Re)arm: fn(arg) runs ns from now.  A pending callout is moved. */
void rk_callout_reset(struct rk_callout *c, int64_t ns, void (*fn)(void *),
		      void *arg);
/* Disarm; returns true if it was pending (so it will not run).  When it
 * is running right now, waits for it to finish unless called from it. */
bool rk_callout_stop(struct rk_callout *c);
bool rk_callout_pending(struct rk_callout *c);
void rk_callout_destroy(struct rk_callout *c);

/* Sleep at least ns nanoseconds (gives the virtual CPU back). */
void rk_sleep_ns(int64_t ns);

/* Boot and halt (kern/clock.c). */
int rk_clock_init(void);
void rk_clock_fini(void);

#endif /* RK_CLOCK_H */
