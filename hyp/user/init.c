// SPDX-License-Identifier: BSD-2-Clause
/* rumpuser_init: version check and the guest's upcall table. */
#include <stdio.h>

#include "hyp.h"

struct rumpuser_hyperup hyp_u_up;
unsigned int hyp_u_generation;

int rumpuser_init(int version, const struct rumpuser_hyperup *hyp)
{
	if (version != RUMPUSER_VERSION || hyp == NULL)
		return RV_EINVAL;
	/*
	 * A process may boot a guest again after halting one (test
	 * suites do): take the new table, and let hypervisor-owned threads
	 * see that their old lwps are gone.
	 */
	hyp_u_up = *hyp;
	__atomic_add_fetch(&hyp_u_generation, 1, __ATOMIC_SEQ_CST);
	/* The console is line buffered whatever stdout is connected to. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	return 0;
}
