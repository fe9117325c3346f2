// SPDX-License-Identifier: BSD-2-Clause
/*
 * virtif's hypercalls in the kernel (rumpcomp_virt_*), as NetBSD's virtif
 * driver (revision 20140313) calls them, and the receive job every
 * interface has.  devstr picks the backend:
 *
 *   N                    the unit number NetBSD's driver passes when no
 *                        link string was set: native, the net_device
 *                        named INSTANCE<N> (rump%d if that is taken)
 *   native[:IFNAME]      a Linux net_device (IFNAME, or INSTANCE%d)
 *   tap:IFNAME           a tap device handed over with rumptap(8)
 *   pair:NAME            the other guest interface of this kernel that
 *                        names the same link
 *
 * followed by ",drop=P,dup=P,reorder=P,seed=S" to impair what this side
 * sends (tests).  The receive job is a guest thread of the instance:
 * it owns a guest lwp, waits for frames, and delivers up to RVIF_BATCH
 * of them per scheduling in the guest.  It ends with the interface
 * (destroy joins it) or with the instance; what the guest did not give
 * back is the instance's reclaim's.
 */
#include "vif.h"

#include <linux/error-injection.h>
#include <linux/if_ether.h>
#include <linux/netdevice.h>
#include <linux/slab.h>

#include <rump/rumpuser_component.h>

typedef void (*rvif_deliver_fn)(struct virtif_sc *, struct iovec *, size_t);
typedef void (*rvif_deliver_meta_fn)(struct virtif_sc *, struct iovec *,
				     size_t,
				     const struct rumpcomp_virt_meta *);

/* The guest's upcalls (the meta one NULL where the guest has none). */
struct rvif_upcalls {
	rvif_deliver_fn plain;
	rvif_deliver_meta_fn meta;
};

static const char *const rvif_kinds[] = { "native", "tap", "pair", NULL };
static const char *const rvif_need_arg[] = { "tap", "pair", NULL };

static inline struct rvif *rvif_of(struct virtif_user *viu)
{
	return (struct rvif *)viu;
}

/* ------------------------------------------------------- receive queue */

/* Queue a frame for the guest (any context); false: dropped (freed). */
bool rvif_rx_queue(struct rvif *vif, struct sk_buff *skb)
{
	unsigned long flags;
	bool queued = false;

	spin_lock_irqsave(&vif->rxq.lock, flags);
	if (!READ_ONCE(vif->dying) && vif->rxq.qlen < RVIF_RXQ_MAX) {
		__skb_queue_tail(&vif->rxq, skb);
		queued = true;
	}
	spin_unlock_irqrestore(&vif->rxq.lock, flags);
	if (!queued) {
		atomic64_inc(&vif->st.rx_dropped);
		dev_kfree_skb_any(skb);
		return false;
	}
	if (wq_has_sleeper(&vif->wq))
		wake_up(&vif->wq);
	return true;
}

/* Frames the rxq can still take. */
unsigned int rvif_rx_room(struct rvif *vif)
{
	unsigned int q = skb_queue_len_lockless(&vif->rxq);

	return q < RVIF_RXQ_MAX ? RVIF_RXQ_MAX - q : 0;
}

/* Wake the receive job for event (RVIF_EV_*; -1: just look). */
void rvif_rx_kick(struct rvif *vif, int event)
{
	if (event >= 0)
		set_bit(event, &vif->events);
	wake_up(&vif->wq);
}

static bool rvif_rx_ready(struct rvif *vif)
{
	return READ_ONCE(vif->dying) || READ_ONCE(vif->events) ||
	       !skb_queue_empty_lockless(&vif->rxq);
}

/*
 * Wait for work, at most timeout jiffies.  A guest thread: the
 * instance ending ends it here (nothing of ours is held then).
 */
static void rvif_rx_wait(struct rvif *vif, long timeout)
{
	DEFINE_WAIT(w);

	for (;;) {
		prepare_to_wait(&vif->wq, &w, rv_wait_state());
		if (rvif_rx_ready(vif) || !timeout ||
		    fatal_signal_pending(current))
			break;
		timeout = schedule_timeout(timeout);
	}
	finish_wait(&vif->wq, &w);
	rv_check_signal();
}

/* Move up to RVIF_BATCH frames from rxq to batch; how many. */
static unsigned int rvif_rx_take(struct rvif *vif, struct sk_buff_head *batch)
{
	unsigned long flags;
	struct sk_buff *skb;
	unsigned int n = 0;

	spin_lock_irqsave(&vif->rxq.lock, flags);
	while (n < RVIF_BATCH && (skb = __skb_dequeue(&vif->rxq))) {
		__skb_queue_tail(batch, skb);
		n++;
	}
	spin_unlock_irqrestore(&vif->rxq.lock, flags);
	return n;
}

/*
 * The pieces of a frame: its head and its page fragments (a frame from
 * Linux's own stack may be scattered; native.c flattened any frag_list).
 */
static size_t rvif_skb_iov(struct sk_buff *skb, struct iovec *iov)
{
	size_t n = 0;
	int i;

	if (skb_headlen(skb)) {
		iov[n].iov_base = (void __user __force *)skb->data;
		iov[n++].iov_len = skb_headlen(skb);
	}
	for (i = 0; i < skb_shinfo(skb)->nr_frags && n < RVIF_MAXIOV; i++) {
		const skb_frag_t *f = &skb_shinfo(skb)->frags[i];

		iov[n].iov_base = (void __user __force *)skb_frag_address(f);
		iov[n++].iov_len = skb_frag_size(f);
	}
	return n;
}

/*
 * What the guest must know of a frame Linux left unfinished: checksum
 * not filled in (CHECKSUM_PARTIAL), several TCP segments in one (GSO).
 * False for a finished frame.  Only what the device advertised after
 * the guest negotiated it can come here (native.c).
 */
static bool rvif_skb_meta(const struct sk_buff *skb,
			  struct rumpcomp_virt_meta *meta)
{
	memset(meta, 0, sizeof(*meta));
	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		meta->flags = RUMPCOMP_VIRT_META_NEEDS_CSUM;
		meta->csum_start = skb_checksum_start_offset(skb);
		meta->csum_offset = skb->csum_offset;
	}
	if (skb_is_gso(skb)) {
		meta->gso_type = RUMPCOMP_VIRT_GSO_TCPV4;
		meta->gso_size = skb_shinfo(skb)->gso_size;
	}
	return meta->flags || meta->gso_type;
}

/* One frame to the guest (scheduled). */
static void rvif_deliver_one(struct rvif *vif, const struct rvif_upcalls *up,
			     struct sk_buff *skb)
{
	struct iovec iov[RVIF_MAXIOV];
	struct rumpcomp_virt_meta meta;
	size_t n = rvif_skb_iov(skb, iov);

	if (!rvif_skb_meta(skb, &meta)) {
		up->plain(vif->sc, iov, n);
		return;
	}
	if (unlikely(!up->meta)) {	/* never granted: cannot happen */
		atomic64_inc(&vif->st.rx_dropped);
		return;
	}
	atomic64_inc(&vif->st.rx_meta);
	if (meta.gso_type)
		atomic64_inc(&vif->st.rx_gso);
	up->meta(vif->sc, iov, n, &meta);
}

/* One scheduling in the guest for the whole batch. */
static void rvif_deliver(struct rvif *vif, const struct rvif_upcalls *up,
			 struct sk_buff_head *batch)
{
	struct sk_buff *skb;
	u64 bytes = 0;
	long n = 0;

	rumpuser_component_schedule(NULL);
	/* Each frame leaves the batch once delivered: a job ended inside
	 * the guest leaves it there for rvif_free(). */
	while ((skb = skb_peek(batch))) {
		if (likely(!READ_ONCE(vif->dying))) {
			bytes += skb->len;
			n++;
			rvif_deliver_one(vif, up, skb);
		}
		__skb_unlink(skb, batch);
		dev_consume_skb_any(skb);
	}
	rumpuser_component_unschedule();
	atomic64_add(n, &vif->st.rx_frames);
	atomic64_add(bytes, &vif->st.rx_bytes);
}

static int rvif_rx_main(void *arg)
{
	struct rvif *vif = arg;
	struct rvif_upcalls up;
	long timeout;

	up.plain = rv_guest_symbol(vif->inst, "rump_virtif_virt_deliverpkt");
	up.meta = rv_guest_symbol(vif->inst,
				  "rump_virtif_virt_deliverpkt_meta");
	rumpuser_component_kthread();	/* a guest lwp of our own */
	while (!READ_ONCE(vif->dying)) {
		/* A frame held back to reorder waits 2 ms at most. */
		timeout = vif->imp && rvif_impair_held(vif) ?
			  max(1, (int)msecs_to_jiffies(2)) : MAX_SCHEDULE_TIMEOUT;
		rvif_rx_wait(vif, timeout);
		clear_bit(RVIF_EV_HELD, &vif->events);
		if (test_and_clear_bit(RVIF_EV_PULL, &vif->events) &&
		    vif->be->pull)
			vif->be->pull(vif);
		while (rvif_rx_take(vif, &vif->batch))
			rvif_deliver(vif, &up, &vif->batch);
		if (vif->be->drained)
			vif->be->drained(vif);
		if (timeout != MAX_SCHEDULE_TIMEOUT)
			rvif_impair_flush(vif);
	}
	rumpuser_component_kthread_release();
	return 0;
}

static int rvif_rx_start(struct rvif *vif)
{
	struct rv_job *job = rv_job_new(vif->inst, "virtif-rx");
	int err;

	if (!job)
		return -ENOMEM;
	job->run = rvif_rx_main;
	job->arg = vif;
	job->joinable = true;	/* destroy waits for it */
	job->guest = true;
	err = rv_job_start(job);
	if (err) {
		rv_job_put(job);
		return err;
	}
	vif->job = job;
	return 0;
}

/* ------------------------------------------------------------ lifetime */

/* Everything but the receive job (gone by now); may sleep. */
static void rvif_free(struct rvif *vif)
{
	if (vif->be)
		vif->be->close(vif);
	skb_queue_purge(&vif->rxq);
	__skb_queue_purge(&vif->batch);
	rvif_impair_free(vif);
	kfree(vif);
}

/* The instance ended with the interface still there. */
static void rvif_reclaim(struct rv_reclaimer *r)
{
	struct rvif *vif = container_of(r, struct rvif, rec);

	pr_info("%s: virtif %s reclaimed: the guest ended without destroying it\n",
		vif->inst->p.name, vif->label);
	WRITE_ONCE(vif->dying, true);
	rvif_free(vif);
}

static const struct rvif_backend *rvif_backend(const struct vif_link *l)
{
	if (l->unit >= 0 || !strcmp(l->kind, "native"))
		return &rvif_native;
	return !strcmp(l->kind, "tap") ? &rvif_tap : &rvif_pair;
}

/* Unscheduled: attach the backend and start the receive job. */
static int rvif_open(struct rvif *vif, const char *devstr, u8 *mac)
{
	const struct rvif_backend *be;
	struct vif_link link;
	int err;

	if (vif_link_parse(devstr, rvif_kinds, rvif_need_arg, &link)) {
		pr_err("%s: virtif: bad link string \"%s\" (want N, native[:IFNAME], tap:IFNAME or pair:NAME, then ,drop=,dup=,reorder=,seed=)\n",
		       vif->inst->p.name, devstr);
		return -EINVAL;
	}
	vif->unit = link.unit;
	if (link.opts && *link.opts) {
		err = rvif_impair_new(vif, link.opts);
		if (err)
			return err;
	}
	be = rvif_backend(&link);
	err = be->open(vif, &link, mac);
	if (err)
		return err;
	vif->be = be;
	vif->link_up = true;
	err = rvif_rx_start(vif);
	if (err)
		return err;
	rv_reclaimer_add(vif->inst, &vif->rec);
	return 0;
}

/* A new interface, or NULL (a point of fault injection). */
noinline struct rvif *rv_vif_new(void)
{
	if (rv_fault(RV_FAULT_VIF_NEW))
		return NULL;
	return kzalloc(sizeof(struct rvif), GFP_KERNEL | __GFP_NOWARN);
}
ALLOW_ERROR_INJECTION(rv_vif_new, NULL);

int rumpcomp_virt_create(const char *devstr, struct virtif_sc *sc,
			 unsigned char *enaddr, struct virtif_user **viup)
{
	struct rv_instance *inst = rv_current();
	struct rvif *vif;
	void *cookie;
	int err;

	if (!inst || !devstr || !viup)
		return RV_EINVAL;
	if (!rv_guest_symbol(inst, "rump_virtif_virt_deliverpkt")) {
		pr_err("%s: virtif: the guest has no rump_virtif_virt_deliverpkt\n",
		       inst->p.name);
		return rv_nb(-ENXIO);
	}
	cookie = rumpuser_component_unschedule();
	err = -ENOMEM;
	vif = rv_vif_new();
	if (vif) {
		vif->inst = inst;
		vif->sc = sc;
		skb_queue_head_init(&vif->rxq);
		__skb_queue_head_init(&vif->batch);
		init_waitqueue_head(&vif->wq);
		INIT_LIST_HEAD(&vif->rec.link);
		vif->rec.fn = rvif_reclaim;
		err = rvif_open(vif, devstr, enaddr);
		if (err) {
			/* No job was started, or it is ours to end. */
			WRITE_ONCE(vif->dying, true);
			rvif_free(vif);
		}
	}
	rumpuser_component_schedule(cookie);
	if (err)
		return rv_nb(err);
	*viup = (struct virtif_user *)vif;
	return 0;
}
EXPORT_SYMBOL(rumpcomp_virt_create);

/* The guest's pieces of a frame as kvecs: its length, 0 if unfit. */
static size_t rvif_vec(struct rvif *vif, struct iovec *iov, size_t iovcnt,
		       struct kvec *vec)
{
	size_t len = 0, i;

	if (READ_ONCE(vif->dying) || iovcnt == 0 || iovcnt > RVIF_MAXIOV)
		return 0;
	for (i = 0; i < iovcnt; i++) {
		vec[i].iov_base = (void __force *)iov[i].iov_base;
		vec[i].iov_len = iov[i].iov_len;
		if (vec[i].iov_len > RVIF_MAXFRAME)
			return 0;
		len += vec[i].iov_len;
	}
	return len < ETH_HLEN || len > RVIF_MAXFRAME ? 0 : len;
}

void rumpcomp_virt_send(struct virtif_user *viu, struct iovec *iov,
			size_t iovcnt)
{
	struct rvif *vif = rvif_of(viu);
	struct kvec vec[RVIF_MAXIOV];
	size_t len = rvif_vec(vif, iov, iovcnt, vec);

	if (!len)
		goto drop;
	atomic64_inc(&vif->st.tx_frames);
	atomic64_add(len, &vif->st.tx_bytes);
	if (vif->imp)
		rvif_impair_send(vif, vec, iovcnt, len);
	else
		vif->be->send(vif, vec, iovcnt, len);
	return;
drop:
	atomic64_inc(&vif->st.tx_dropped);
}
EXPORT_SYMBOL(rumpcomp_virt_send);

/*
 * rumpvisor's extension: a frame whose checksum (and segmentation) the
 * guest leaves to the host, as granted by rumpcomp_virt_offload.  The
 * metadata are copied once; the backend checks them against the frame.
 */
void rumpcomp_virt_send_meta(struct virtif_user *viu, struct iovec *iov,
			     size_t iovcnt,
			     const struct rumpcomp_virt_meta *meta)
{
	struct rvif *vif = rvif_of(viu);
	struct kvec vec[RVIF_MAXIOV];
	struct rumpcomp_virt_meta mt;
	size_t len = rvif_vec(vif, iov, iovcnt, vec);

	if (!len || !meta || !vif->be->send_meta ||
	    !(READ_ONCE(vif->offload) & RUMPCOMP_VIRT_OFL_TXCSUM)) {
		atomic64_inc(&vif->st.tx_dropped);
		return;
	}
	memcpy(&mt, meta, sizeof(mt));
	atomic64_inc(&vif->st.tx_frames);
	atomic64_add(len, &vif->st.tx_bytes);
	vif->be->send_meta(vif, vec, iovcnt, len, &mt);
}
EXPORT_SYMBOL(rumpcomp_virt_send_meta);

/* Stop delivering; never refuses. */
int rumpcomp_virt_dying(struct virtif_user *viu)
{
	struct rvif *vif = rvif_of(viu);

	WRITE_ONCE(vif->dying, true);
	if (vif->be->link)
		vif->be->link(vif, false);
	rvif_rx_kick(vif, -1);
	return 0;
}
EXPORT_SYMBOL(rumpcomp_virt_dying);

/*
 * Called scheduled.  The join gives the virtual CPU back while it
 * waits; should the instance end meanwhile, this thread ends there and
 * the reclaimer, still listed, frees the rest.
 */
void rumpcomp_virt_destroy(struct virtif_user *viu)
{
	struct rvif *vif = rvif_of(viu);
	void *cookie;

	WRITE_ONCE(vif->dying, true);
	rvif_rx_kick(vif, -1);
	rumpuser_thread_join(vif->job);
	vif->job = NULL;
	cookie = rumpuser_component_unschedule();
	rv_reclaimer_del(vif->inst, &vif->rec);
	rvif_free(vif);
	rumpuser_component_schedule(cookie);
}
EXPORT_SYMBOL(rumpcomp_virt_destroy);

/*
 * An extension of rumpvisor's (not in NetBSD's contract, and optional
 * for a guest: ours references it weakly): the guest's interface went
 * up (1) or down (0).  The native backend's carrier follows it.
 */
void rumpcomp_virt_linkstate(struct virtif_user *viu, int up)
{
	struct rvif *vif = rvif_of(viu);

	WRITE_ONCE(vif->link_up, up != 0);
	if (!READ_ONCE(vif->dying) && vif->be->link)
		vif->be->link(vif, up != 0);
}
EXPORT_SYMBOL(rumpcomp_virt_linkstate);

/*
 * Every backend's send only queues or drops (native: netif_rx; tap:
 * MSG_DONTWAIT; pair: the peer's queue), and the receive job holds no
 * lock while it delivers: the guest may process frames on the job.
 */
int rumpcomp_virt_rx_inline(struct virtif_user *viu)
{
	(void)viu;
	return 1;
}
EXPORT_SYMBOL(rumpcomp_virt_rx_inline);

/*
 * An extension of rumpvisor's: checksum and segmentation offload for
 * frames to the guest (virtif.h).  Granted by the native backend to a
 * guest that has the metadata upcall; called scheduled.
 */
int rumpcomp_virt_offload(struct virtif_user *viu, int offer)
{
	struct rvif *vif = rvif_of(viu);
	void *cookie;
	int got = 0;

	if (READ_ONCE(vif->dying) || !vif->be->offload || offer <= 0 ||
	    !rv_guest_symbol(vif->inst, "rump_virtif_virt_deliverpkt_meta"))
		return 0;
	/* The impairment replays plain frames only. */
	if (vif->imp)
		offer &= ~(RUMPCOMP_VIRT_OFL_TXCSUM | RUMPCOMP_VIRT_OFL_TXTSO4);
	cookie = rumpuser_component_unschedule();
	got = vif->be->offload(vif, offer);
	rumpuser_component_schedule(cookie);
	return got;
}
EXPORT_SYMBOL(rumpcomp_virt_offload);

int rv_virtif_init(void)
{
	return rvif_tap_init();
}

void rv_virtif_fini(void)
{
	rvif_tap_fini();
}
