// SPDX-License-Identifier: BSD-2-Clause
/*
 * Exports for hypercalls implemented in hyp/common (host-independent code
 * has no EXPORT_SYMBOL of its own), and rv_upcalls() for that code.
 */
#include "hyp.h"

#include <rump/rumpuser_component.h>

const struct rumpuser_hyperup *rv_upcalls(void)
{
	struct rv_instance *inst = rv_current();

	return inst && READ_ONCE(inst->state) != RV_CREATED ? &inst->hyp : NULL;
}

EXPORT_SYMBOL(rumpuser_component_unschedule);
EXPORT_SYMBOL(rumpuser_component_schedule);
EXPORT_SYMBOL(rumpuser_component_kthread);
EXPORT_SYMBOL(rumpuser_component_kthread_release);
EXPORT_SYMBOL(rumpuser_component_curlwp);
EXPORT_SYMBOL(rumpuser_component_switchlwp);
EXPORT_SYMBOL(rumpuser_component_errtrans);
