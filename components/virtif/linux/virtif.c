// SPDX-License-Identifier: BSD-2-Clause
/*
 * virtif's hypercalls in the kernel (rumpcomp_virt_*), as NetBSD's virtif
 * driver (revision 20140313) calls them.  devstr picks the backend:
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
 * sends (tests).  Frames for the guest go through the receive queue and
 * jobs of rx.c.
 */
#include "vif.h"

#include <linux/error-injection.h>
#include <linux/if_ether.h>
#include <linux/netdevice.h>
#include <linux/slab.h>

#include <rump/rumpuser_component.h>

static const char *const rvif_kinds[] = { "native", "tap", "pair", NULL };
static const char *const rvif_need_arg[] = { "tap", "pair", NULL };

static inline struct rvif *rvif_of(struct virtif_user *viu)
{
	return (struct rvif *)viu;
}

/* ------------------------------------------------------------ lifetime */

/* Everything but the receive jobs (gone by now); may sleep. */
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

/* Unscheduled: attach the backend and start the receive jobs. */
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
	rvif_rx_kick_all(vif);
	return 0;
}
EXPORT_SYMBOL(rumpcomp_virt_dying);

/*
 * Called scheduled.  Should the instance end while the receive jobs are
 * joined, this thread ends there and the reclaimer, still listed, frees
 * the rest.
 */
void rumpcomp_virt_destroy(struct virtif_user *viu)
{
	struct rvif *vif = rvif_of(viu);
	void *cookie;

	WRITE_ONCE(vif->dying, true);
	rvif_rx_stop(vif);
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
 * No backend's send waits or calls into the guest (native: Linux
 * receives the frame, and at most queues frames for the guest; tap:
 * MSG_DONTWAIT; pair: the peer's queue), and a receive job holds no
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
