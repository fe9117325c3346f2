// SPDX-License-Identifier: BSD-2-Clause
/*
 * The pair backend: two guest interfaces of this kernel that name the
 * same link ("pair:NAME") are wired back to back, whichever instances
 * they belong to.  A frame one side sends is copied onto the other
 * side's receive queue; with nobody on the other end, or its queue
 * full, it is dropped (and counted), as on a cable nobody listens to.
 * A third interface naming a link with two ends gets EBUSY.
 */
#include "vif.h"

#include <linux/slab.h>

struct rvif_pairlink {
	struct list_head link;		/* pair_links */
	char name[VIF_ARGMAX];
	spinlock_t lock;		/* end[] */
	struct rvif *end[2];
};

static DEFINE_MUTEX(pair_mutex);	/* pair_links; then a link's lock */
static LIST_HEAD(pair_links);

static struct rvif_pairlink *pair_find(const char *name)
{
	struct rvif_pairlink *pl;

	list_for_each_entry(pl, &pair_links, link)
		if (!strcmp(pl->name, name))
			return pl;
	return NULL;
}

/* Take a free end of the link called name (made if new). */
static int pair_join(struct rvif *vif, const char *name,
		     struct rvif_pairlink *fresh, struct rvif_pairlink **plp)
{
	struct rvif_pairlink *pl = pair_find(name);
	int side;

	if (!pl) {
		pl = fresh;
		strscpy(pl->name, name, sizeof(pl->name));
		spin_lock_init(&pl->lock);
		list_add_tail(&pl->link, &pair_links);
	}
	spin_lock(&pl->lock);
	side = !pl->end[0] ? 0 : !pl->end[1] ? 1 : -1;
	if (side >= 0)
		pl->end[side] = vif;
	spin_unlock(&pl->lock);
	*plp = pl;
	return side < 0 ? -EBUSY : 0;
}

static int pair_open(struct rvif *vif, const struct vif_link *l, u8 *mac)
{
	struct rvif_pairlink *fresh, *pl;
	int err;

	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL);
	if (!fresh)
		return -ENOMEM;
	mutex_lock(&pair_mutex);
	err = pair_join(vif, l->arg, fresh, &pl);
	mutex_unlock(&pair_mutex);
	if (pl != fresh)
		kfree(fresh);
	if (err) {
		pr_err("%s: virtif: pair link %s has two ends already\n",
		       vif->inst->p.name, l->arg);
		return err;
	}
	vif->priv = pl;
	snprintf(vif->label, sizeof(vif->label), "pair:%s", l->arg);
	return 0;
}

static void pair_send(struct rvif *vif, const struct kvec *vec, size_t n,
		      size_t len)
{
	struct rvif_pairlink *pl = vif->priv;
	struct sk_buff *skb;
	struct rvif *peer;
	size_t i;

	skb = alloc_skb(len + NET_IP_ALIGN, GFP_ATOMIC | __GFP_NOWARN);
	if (!skb) {
		atomic64_inc(&vif->st.tx_dropped);
		return;
	}
	skb_reserve(skb, NET_IP_ALIGN);
	for (i = 0; i < n; i++)
		skb_put_data(skb, vec[i].iov_base, vec[i].iov_len);
	spin_lock(&pl->lock);
	peer = pl->end[pl->end[0] == vif];
	if (peer)
		rvif_rx_queue(peer, skb);	/* counts its drops */
	spin_unlock(&pl->lock);
	if (!peer) {
		atomic64_inc(&vif->st.tx_dropped);
		kfree_skb(skb);
	}
}

static void pair_close(struct rvif *vif)
{
	struct rvif_pairlink *pl = vif->priv;
	bool empty;

	mutex_lock(&pair_mutex);
	spin_lock(&pl->lock);
	pl->end[pl->end[0] == vif ? 0 : 1] = NULL;
	empty = !pl->end[0] && !pl->end[1];
	spin_unlock(&pl->lock);
	if (empty)
		list_del(&pl->link);
	mutex_unlock(&pair_mutex);
	if (empty)
		kfree(pl);
	vif->priv = NULL;
}

const struct rvif_backend rvif_pair = {
	.name = "pair",
	.open = pair_open,
	.send = pair_send,
	.close = pair_close,
};
