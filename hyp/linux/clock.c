// SPDX-License-Identifier: BSD-2-Clause
/*
 * Clocks: wall and monotonic time, and sleeping on high-resolution timers
 * (no jiffy rounding) with the virtual CPU given back.
 */
#include "hyp.h"

#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/timekeeping.h>

int rumpuser_clock_gettime(int clock, int64_t *sec, long *nsec)
{
	struct timespec64 ts;

	switch (clock) {
	case RUMPUSER_CLOCK_RELWALL:
		ktime_get_real_ts64(&ts);
		break;
	case RUMPUSER_CLOCK_ABSMONO:
		ktime_get_ts64(&ts);
		break;
	default:
		return RV_EINVAL;
	}
	*sec = ts.tv_sec;
	*nsec = ts.tv_nsec;
	return 0;
}
EXPORT_SYMBOL(rumpuser_clock_gettime);

int rumpuser_clock_sleep(int clock, int64_t sec, long nsec)
{
	unsigned int state;
	ktime_t deadline;
	int nlocks;

	if (nsec < 0 || nsec >= NSEC_PER_SEC)
		return RV_EINVAL;
	switch (clock) {
	case RUMPUSER_CLOCK_RELWALL:
		/* "At least this long": an absolute monotonic deadline. */
		if (sec < 0)
			return RV_EINVAL;
		deadline = ktime_add_safe(ktime_get(), ktime_set(sec, nsec));
		break;
	case RUMPUSER_CLOCK_ABSMONO:
		deadline = sec < 0 ? 0 : ktime_set(sec, nsec);
		break;
	default:
		return RV_EINVAL;
	}

	hyp_unschedule(&nlocks, NULL);
	state = rv_wait_state();
	for (;;) {
		set_current_state(state);
		/* 0: the timer fired; anything else is an early wake-up. */
		if (!schedule_hrtimeout_range(&deadline, 0, HRTIMER_MODE_ABS))
			break;
		rv_check_signal();
	}
	hyp_schedule(nlocks, NULL);
	return 0;
}
EXPORT_SYMBOL(rumpuser_clock_sleep);
