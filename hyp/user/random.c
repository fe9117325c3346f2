// SPDX-License-Identifier: BSD-2-Clause
/* Randomness from the host kernel's getrandom(2). */
#include <errno.h>
#include <sys/random.h>

#include "hyp.h"

int rumpuser_getrandom(void *buf, size_t buflen, int flags, size_t *got)
{
	unsigned int gflags = 0;
	int nowait = flags & RUMPUSER_RANDOM_NOWAIT;
	int nlocks = 0, rv = 0;
	size_t done = 0;
	ssize_t n;

	if (flags & RUMPUSER_RANDOM_HARD)
		gflags |= GRND_RANDOM;
	if (nowait)
		gflags |= GRND_NONBLOCK;
	/* Only a call that may wait for entropy gives the CPU back. */
	if (!nowait)
		rv_up_backend_unschedule(&nlocks, NULL);
	while (done < buflen) {
		n = getrandom((char *)buf + done, buflen - done, gflags);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* What we already have is a (short) success. */
			if (done == 0)
				rv = rv_errno_to_netbsd(errno);
			break;
		}
		done += (size_t)n;
	}
	if (!nowait)
		rv_up_backend_schedule(nlocks, NULL);
	*got = done;
	return rv;
}
