// SPDX-License-Identifier: BSD-2-Clause
/*
 * Reclaimers: things other parts of rumpvisor.ko keep for an instance
 * (a component's network device, its queues) that must go when the
 * instance ends, whether the guest gave them back or not.  Each is
 * listed on its instance while it lives; the instance's reclaim work
 * runs those still listed once no guest thread is left.
 */
#include "hyp.h"

void rv_reclaimer_add(struct rv_instance *inst, struct rv_reclaimer *r)
{
	spin_lock(&inst->lock);
	list_add_tail(&r->link, &inst->reclaimers);
	spin_unlock(&inst->lock);
}

void rv_reclaimer_del(struct rv_instance *inst, struct rv_reclaimer *r)
{
	spin_lock(&inst->lock);
	list_del_init(&r->link);
	spin_unlock(&inst->lock);
}

/* The instance's reclaim: no guest thread runs, nothing new is added. */
void rv_reclaimers_run(struct rv_instance *inst)
{
	struct rv_reclaimer *r;

	for (;;) {
		spin_lock(&inst->lock);
		r = list_first_entry_or_null(&inst->reclaimers,
					     struct rv_reclaimer, link);
		if (r)
			list_del_init(&r->link);
		spin_unlock(&inst->lock);
		if (!r)
			break;
		r->fn(r);
	}
}
