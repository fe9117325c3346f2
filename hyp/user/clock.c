// SPDX-License-Identifier: BSD-2-Clause
/* Wall and monotonic clocks, and sleeping on them. */
#include <errno.h>
#include <time.h>

#include "hyp.h"

int rumpuser_clock_gettime(int clock, int64_t *sec, long *nsec)
{
	struct timespec ts;
	clockid_t id;

	switch (clock) {
	case RUMPUSER_CLOCK_RELWALL:
		id = CLOCK_REALTIME;
		break;
	case RUMPUSER_CLOCK_ABSMONO:
		id = CLOCK_MONOTONIC;
		break;
	default:
		return RV_EINVAL;
	}
	if (clock_gettime(id, &ts) != 0)
		return rv_errno_to_netbsd(errno);
	*sec = ts.tv_sec;
	*nsec = ts.tv_nsec;
	return 0;
}

int rumpuser_clock_sleep(int clock, int64_t sec, long nsec)
{
	struct timespec ts;
	int flags, nlocks, rc;

	switch (clock) {
	case RUMPUSER_CLOCK_RELWALL:
		/* A duration: measure it on the clock nobody can set. */
		flags = 0;
		break;
	case RUMPUSER_CLOCK_ABSMONO:
		flags = TIMER_ABSTIME;
		break;
	default:
		return RV_EINVAL;
	}
	if (nsec < 0)
		return RV_EINVAL;
	sec += nsec / 1000000000;
	nsec %= 1000000000;
	/* A negative duration or a time before boot has already passed. */
	if (sec < 0)
		return 0;
	ts.tv_sec = sec;
	ts.tv_nsec = nsec;

	hyp_unsched(&nlocks, NULL);
	/* A relative sleep restarts with the remainder; an absolute one as is. */
	do {
		rc = clock_nanosleep(CLOCK_MONOTONIC, flags, &ts, &ts);
	} while (rc == EINTR);
	hyp_sched(nlocks, NULL);
	return rv_errno_to_netbsd(rc);
}
