// SPDX-License-Identifier: BSD-2-Clause
/* rumpuser_getrandom(): the kernel's random pool. */
#include "hyp.h"

#include <linux/random.h>

int rumpuser_getrandom(void *buf, size_t buflen, int flags, size_t *got)
{
	struct rv_instance *inst = rv_current();
	int err, nlocks;

	if (inst)
		rv_count(inst, RV_HC_RANDOM);
	/* Only HARD asks to wait for a fully seeded pool. */
	if ((flags & RUMPUSER_RANDOM_HARD) && !rng_is_initialized()) {
		if (flags & RUMPUSER_RANDOM_NOWAIT)
			return RV_EAGAIN;
		rv_up_backend_unschedule(&nlocks, NULL);
		while ((err = wait_for_random_bytes())) {
			/* Another task's signal is its own business. */
			if (!rv_self())
				break;
			rv_interrupted();	/* ends us if dying */
		}
		rv_up_backend_schedule(nlocks, NULL);
		if (err)
			return rv_nb(err);
	}
	get_random_bytes(buf, buflen);
	*got = buflen;
	return 0;
}
EXPORT_SYMBOL(rumpuser_getrandom);
