// SPDX-License-Identifier: BSD-2-Clause
/*
 * Deterministic link impairment in the kernel: the rules of
 * ../common/vif_impair.c (drop, duplicate, or hold back and send after
 * the next frame) applied to what the guest sends, before the backend.
 * A held frame goes out after the next one, or from the receive job
 * within 2 ms.
 */
#include "vif.h"

#include <linux/slab.h>

struct rvif_impair {
	spinlock_t lock;		/* rules and the held frame */
	struct vif_impair_rules rules;
	void *held;			/* a frame kept back (kmalloc) */
	size_t heldlen;
	u64 ndropped, nduped, nheld;
};

int rvif_impair_new(struct rvif *vif, const char *opts)
{
	struct rvif_impair *imp = kzalloc(sizeof(*imp), GFP_KERNEL);

	if (!imp)
		return -ENOMEM;
	spin_lock_init(&imp->lock);
	if (vif_impair_parse(&imp->rules, opts)) {
		pr_err("%s: virtif: bad impairment \"%s\" (want drop=P,dup=P,reorder=P,seed=S; P per mille)\n",
		       vif->inst->p.name, opts);
		kfree(imp);
		return -EINVAL;
	}
	vif->imp = imp;
	return 0;
}

void rvif_impair_free(struct rvif *vif)
{
	struct rvif_impair *imp = vif->imp;

	if (!imp)
		return;
	pr_info("%s: virtif %s impairment: %llu dropped, %llu duplicated, %llu reordered\n",
		vif->inst->p.name, vif->label, imp->ndropped, imp->nduped,
		imp->nheld);
	kfree(imp->held);
	kfree(imp);
	vif->imp = NULL;
}

/* Keep a copy of the frame; false if one is held already or no memory. */
static bool rvif_hold(struct rvif_impair *imp, const struct kvec *vec,
		      size_t n, size_t len)
{
	void *copy = kmalloc(len, GFP_ATOMIC | __GFP_NOWARN);
	size_t off = 0, i;
	bool held = false;

	if (!copy)
		return false;
	for (i = 0; i < n; i++) {
		memcpy(copy + off, vec[i].iov_base, vec[i].iov_len);
		off += vec[i].iov_len;
	}
	spin_lock_bh(&imp->lock);
	if (!imp->held) {
		imp->held = copy;
		imp->heldlen = len;
		imp->nheld++;
		held = true;
	}
	spin_unlock_bh(&imp->lock);
	if (!held)
		kfree(copy);
	return held;
}

/* Send the held frame, if any. */
void rvif_impair_flush(struct rvif *vif)
{
	struct rvif_impair *imp = vif->imp;
	struct kvec v;

	if (!imp)
		return;
	spin_lock_bh(&imp->lock);
	v.iov_base = imp->held;
	v.iov_len = imp->heldlen;
	imp->held = NULL;
	spin_unlock_bh(&imp->lock);
	if (!v.iov_base)
		return;
	if (!READ_ONCE(vif->dying))
		vif->be->send(vif, &v, 1, v.iov_len);
	kfree(v.iov_base);
}

bool rvif_impair_held(struct rvif *vif)
{
	return READ_ONCE(vif->imp->held) != NULL;
}

void rvif_impair_send(struct rvif *vif, const struct kvec *vec, size_t n,
		      size_t len)
{
	struct rvif_impair *imp = vif->imp;
	struct vif_impair_verdict v;

	spin_lock_bh(&imp->lock);
	vif_impair_next(&imp->rules, &v);
	imp->ndropped += v.drop;
	spin_unlock_bh(&imp->lock);
	if (v.drop)
		return;
	if (v.hold && rvif_hold(imp, vec, n, len)) {
		rvif_rx_kick(vif, RVIF_EV_HELD);
		return;
	}
	vif->be->send(vif, vec, n, len);
	if (v.dup) {
		vif->be->send(vif, vec, n, len);
		WRITE_ONCE(imp->nduped, imp->nduped + 1);	/* statistics */
	}
	rvif_impair_flush(vif);
}
