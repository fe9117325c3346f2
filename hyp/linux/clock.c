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
	struct rv_instance *inst = rv_current();
	ktime_t deadline;
	int nlocks, err;

	err = rv_check_clock_sleep(clock, sec, nsec);
	if (err)
		return err;
	if (inst)
		rv_count(inst, RV_HC_SLEEP);
	switch (clock) {
	case RUMPUSER_CLOCK_RELWALL:
		/* "At least this long": an absolute monotonic deadline. */
		deadline = ktime_add_safe(ktime_get(), ktime_set(sec, nsec));
		break;
	default:
		deadline = sec < 0 ? 0 : ktime_set(sec, nsec);
		break;
	}

	rv_up_backend_unschedule(&nlocks, NULL);
	for (;;) {
		set_current_state(rv_wait_state());
		/* 0: the timer fired; anything else is an early wake-up. */
		if (!schedule_hrtimeout_range(&deadline, 0, HRTIMER_MODE_ABS))
			break;
		rv_check_signal();
	}
	rv_up_backend_schedule(nlocks, NULL);
	return 0;
}
EXPORT_SYMBOL(rumpuser_clock_sleep);
