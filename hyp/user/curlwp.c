// SPDX-License-Identifier: BSD-2-Clause
/*
 * The guest lwp bound to each host thread.  rumpuser_curlwp() is called
 * on almost every guest operation, so it is a single TLS load; all the
 * work (there is none beyond the store) lives in rumpuser_curlwpop().
 */
#include "hyp.h"

__thread struct lwp *rv_cur_lwp;

void rumpuser_curlwpop(int op, struct lwp *l)
{
	switch (op) {
	case RUMPUSER_LWP_CREATE:
	case RUMPUSER_LWP_DESTROY:
		/* Nothing is kept per lwp beyond the TLS pointer. */
		break;
	case RUMPUSER_LWP_SET:
		rv_cur_lwp = l;
		break;
	case RUMPUSER_LWP_CLEAR:
		rv_cur_lwp = NULL;
		break;
	}
}

struct lwp *rumpuser_curlwp(void)
{
	return rv_cur_lwp;
}
