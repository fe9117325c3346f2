// SPDX-License-Identifier: BSD-2-Clause
/*
 * The tap backend: a guest interface on a tap device that Linux user
 * space created and handed over (tapfiles.c).  The tun driver's socket
 * does the work, without any user-memory trick: sendmsg with the
 * guest's frame as a kernel vector writes it into the tap device (Linux
 * receives it), recvmsg reads what Linux transmitted.  A wait entry on
 * the tun file's poll queue kicks the receive job when frames arrive;
 * the job reads them (non-blocking) and delivers them in batches.
 */
#include "vif.h"
#include "tap.h"

#include <linux/poll.h>
#include <linux/slab.h>

struct rvif_tapend {
	struct rvif_tapfile *t;
	struct rvif *vif;
	poll_table pt;
	wait_queue_head_t *wqh;		/* the tun file's poll queue */
	wait_queue_entry_t wait;
};

/* The tun file's poll queue was woken: frames (or an error) to read. */
static int tap_wake(wait_queue_entry_t *wait, unsigned int mode, int sync,
		    void *key)
{
	struct rvif_tapend *e = container_of(wait, struct rvif_tapend, wait);

	if (!key || (key_to_poll(key) & (EPOLLIN | EPOLLERR | EPOLLHUP)))
		rvif_rx_kick(e->vif, RVIF_EV_PULL);
	return 0;
}

static void tap_queue(struct file *file, wait_queue_head_t *wqh,
		      poll_table *pt)
{
	struct rvif_tapend *e = container_of(pt, struct rvif_tapend, pt);

	if (e->wqh)
		return;		/* one queue is all tun has */
	e->wqh = wqh;
	add_wait_queue(wqh, &e->wait);
}

static int tap_open(struct rvif *vif, const struct vif_link *l, u8 *mac)
{
	struct rvif_tapend *e = kzalloc(sizeof(*e), GFP_KERNEL);
	__poll_t mask;

	if (!e)
		return -ENOMEM;
	e->t = rvif_tapfile_claim(l->arg, vif);
	if (IS_ERR(e->t)) {
		int err = PTR_ERR(e->t);

		pr_err("%s: virtif: tap %s %s\n", vif->inst->p.name, l->arg,
		       err == -EBUSY ? "is used by another interface" :
		       "was not handed over (rumptap add NAME)");
		kfree(e);
		return err;
	}
	e->vif = vif;
	vif->priv = e;
	snprintf(vif->label, sizeof(vif->label), "tap:%s", l->arg);
	init_waitqueue_func_entry(&e->wait, tap_wake);
	init_poll_funcptr(&e->pt, tap_queue);
	mask = vfs_poll(e->t->file, &e->pt);
	if (mask & EPOLLIN)
		rvif_rx_kick(vif, RVIF_EV_PULL);
	return 0;
}

/* One frame from the tap device into an skb; NULL when none (or error). */
static struct sk_buff *tap_read(struct rvif *vif, struct socket *sock)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT };
	struct sk_buff *skb;
	struct kvec v;
	int len, got;

	len = sock->ops->peek_len ? sock->ops->peek_len(sock) : RVIF_MAXFRAME;
	if (len <= 0)
		return NULL;
	len = min(len, RVIF_MAXFRAME);
	skb = alloc_skb(len, GFP_KERNEL | __GFP_NOWARN);
	if (!skb)
		return NULL;
	v.iov_base = skb->data;
	v.iov_len = len;
	iov_iter_kvec(&msg.msg_iter, ITER_DEST, &v, 1, len);
	got = sock->ops->recvmsg(sock, &msg, len, MSG_DONTWAIT);
	if (got <= 0) {
		kfree_skb(skb);
		return NULL;
	}
	skb_put(skb, got);
	return skb;
}

/* Receive job: read what is there while the guest's queue has room. */
static void tap_pull(struct rvif *vif)
{
	struct rvif_tapend *e = vif->priv;
	struct sk_buff *skb;
	int i;

	for (i = 0; i < 2 * RVIF_BATCH; i++) {
		if (!rvif_rx_room(vif))
			break;
		skb = tap_read(vif, e->t->sock);
		if (!skb)
			return;
		rvif_rx_queue(vif, skb);
	}
	rvif_rx_kick(vif, RVIF_EV_PULL);	/* more after this batch */
}

static void tap_send(struct rvif *vif, const struct kvec *vec, size_t n,
		     size_t len)
{
	struct rvif_tapend *e = vif->priv;
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT };
	struct socket *sock = e->t->sock;

	iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, vec, n, len);
	if (sock->ops->sendmsg(sock, &msg, len) < 0)
		atomic64_inc(&vif->st.tx_dropped);
}

static void tap_close(struct rvif *vif)
{
	struct rvif_tapend *e = vif->priv;

	if (e->wqh)
		remove_wait_queue(e->wqh, &e->wait);
	rvif_tapfile_unclaim(e->t);
	kfree(e);
	vif->priv = NULL;
}

const struct rvif_backend rvif_tap = {
	.name = "tap",
	.open = tap_open,
	.send = tap_send,
	.pull = tap_pull,
	.close = tap_close,
};
