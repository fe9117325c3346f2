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

	rc = rv_check_clock_sleep(clock, sec, nsec);
	if (rc)
		return rc;
	/* A duration is measured on the clock nobody can set. */
	flags = clock == RUMPUSER_CLOCK_ABSMONO ? TIMER_ABSTIME : 0;
	/* A deadline before boot has already passed. */
	if (sec < 0)
		return 0;
	ts.tv_sec = sec;
	ts.tv_nsec = nsec;

	rv_up_backend_unschedule(&nlocks, NULL);
	/* A relative sleep restarts with the remainder; an absolute one as is. */
	do {
		rc = clock_nanosleep(CLOCK_MONOTONIC, flags, &ts, &ts);
	} while (rc == EINTR);
	rv_up_backend_schedule(nlocks, NULL);
	return rv_errno_to_netbsd(rc);
}
