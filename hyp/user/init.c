// SPDX-License-Identifier: BSD-2-Clause
/* rumpuser_init: version check and the guest's upcall table. */
#include <stdio.h>

#include "hyp.h"

struct rumpuser_hyperup rv_hyp;
unsigned int rv_generation;

/* The guest's upcalls, for hyp/common; NULL before rumpuser_init(). */
const struct rumpuser_hyperup *rv_upcalls(void)
{
	return rv_hyp.hyp_schedule ? &rv_hyp : NULL;
}

int rumpuser_init(int version, const struct rumpuser_hyperup *hyp)
{
	if (version != RUMPUSER_VERSION || hyp == NULL)
		return RV_EINVAL;
	/*
	 * A process may boot a guest again after halting one (test
	 * suites do): take the new table, and let hypervisor-owned threads
	 * see that their old lwps are gone.
	 */
	rv_hyp = *hyp;
	__atomic_add_fetch(&rv_generation, 1, __ATOMIC_SEQ_CST);
	/* The console is line buffered whatever stdout is connected to. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	return 0;
}
