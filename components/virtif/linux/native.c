// SPDX-License-Identifier: BSD-2-Clause
/*
 * The native backend: each guest interface is a Linux network device,
 * the two ends of one virtual cable.  Frames the guest sends are
 * received by Linux (native_rx): at once when a receive job answers,
 * otherwise through the device's NAPI poll, in a thread of its own, so
 * that Linux's receive runs beside the guest's sender; frames Linux
 * transmits on the device are queued for the guest's receive jobs
 * (ndo_start_xmit), which hand them over in batches.
 *
 * It behaves as any Ethernet device: ip link up/down (frames from the
 * guest are dropped while Linux has it down), MTU (68..65535), MAC
 * address (random; the guest gets a stable one derived from the
 * instance and the device name), carrier (on while the guest's
 * interface is up), `ip -s link` counters.  When the guest's queue is
 * full the device stops its transmit queue and the receive job wakes it
 * once the guest has taken the frames, so Linux's qdisc holds back
 * instead of dropping.  The device goes when the guest destroys its
 * interface or the instance ends.
 *
 * Offloads: a guest that negotiated them (rumpcomp_virt_offload) gets
 * frames as Linux's stack made them: TCP and UDP checksums left to
 * finish (CHECKSUM_PARTIAL: Linux computes nothing, the guest trusts
 * the data since they never left this machine) and TCP segments of up
 * to 64 KiB (TSO), each handed over as one frame with its metadata
 * (virtif.h).  The device advertises scatter/gather, IPv4 checksum
 * offload and TSO only from then on (ndo_fix_features): a guest that
 * never asked, such as NetBSD's virtif, gets finished frames as before.
 *
 * Name: native:IFNAME as asked; otherwise INSTANCE<unit> (the unit the
 * guest passes, e.g. netdemo0) or INSTANCE<n> for "native", and rump<n>
 * when that name is taken or longer than IFNAMSIZ allows.
 */
#include "vif.h"
#include "txcheck.h"

#include <linux/error-injection.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/jhash.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/page_pool.h>

struct rvif_ndev {
	struct rvif *vif;		/* until unregistered */
	/*
	 * The pages of long frames from the guest.  Linux gives them back
	 * when it is done with them (skb_mark_for_recycle), so a bulk
	 * transfer reuses them instead of allocating (and zeroing, with
	 * init_on_alloc) new ones.  NULL: alloc_page.  The pool's cache
	 * has one consumer: allocations take pool_lock.
	 */
	struct page_pool *pool;
	spinlock_t pool_lock;
	/*
	 * Frames from the guest's own threads (a sender), on their way into
	 * Linux's stack: a NAPI poll in a thread of its own (threaded NAPI)
	 * takes them, so Linux's receive runs beside the guest's sender, on
	 * another CPU if one is free, rather than in its time.
	 */
	struct napi_struct napi;
	struct sk_buff_head inq;
};

/* Frames from the guest that wait for the poll (as netdev_max_backlog). */
#define NATIVE_INQ_MAX		1000

#define NATIVE_POOL_PAGES	256	/* returned pages the pool keeps */

static void native_pool_create(struct net_device *dev)
{
	struct rvif_ndev *nd = netdev_priv(dev);
	struct page_pool_params pp = {
		.pool_size = NATIVE_POOL_PAGES,
		.nid = NUMA_NO_NODE,
	};

	spin_lock_init(&nd->pool_lock);
	nd->pool = IS_ENABLED(CONFIG_PAGE_POOL) ? page_pool_create(&pp) : NULL;
	if (IS_ERR(nd->pool))
		nd->pool = NULL;
}

/* skb's pages come from the pool: however it is freed, they go back.
 * Set before any page is added. */
static void native_mark_pooled(struct net_device *dev, struct sk_buff *skb)
{
#ifdef CONFIG_PAGE_POOL
	if (((struct rvif_ndev *)netdev_priv(dev))->pool)
		skb_mark_for_recycle(skb);
#endif
}

/* After the device is unregistered: the pool goes once Linux has given
 * back every page (the kernel waits for those still in skbs). */
static void native_pool_destroy(struct net_device *dev)
{
	struct rvif_ndev *nd = netdev_priv(dev);

	if (nd->pool)
		page_pool_destroy(nd->pool);
	nd->pool = NULL;
}

static struct page *native_page(struct net_device *dev)
{
	struct rvif_ndev *nd = netdev_priv(dev);
	struct page *page;

	if (!IS_ENABLED(CONFIG_PAGE_POOL) || !nd->pool)
		return alloc_page(GFP_ATOMIC | __GFP_NOWARN);
	spin_lock_bh(&nd->pool_lock);
	page = page_pool_alloc_pages(nd->pool, GFP_ATOMIC | __GFP_NOWARN);
	spin_unlock_bh(&nd->pool_lock);
	return page;
}

static struct net_device *native_dev(struct rvif *vif)
{
	return vif->priv;
}

/* Linux's stack takes what the guest's threads sent (NAPI poll). */
static int native_poll(struct napi_struct *napi, int budget)
{
	struct rvif_ndev *nd = container_of(napi, struct rvif_ndev, napi);
	struct sk_buff *skb;
	int done = 0;

	while (done < budget && (skb = skb_dequeue(&nd->inq))) {
		netif_receive_skb(skb);
		done++;
	}
	/* A frame queued while the poll was still scheduled is seen here. */
	if (done < budget && napi_complete_done(napi, done) &&
	    !skb_queue_empty_lockless(&nd->inq))
		napi_schedule(napi);
	return done;
}

static int native_init(struct net_device *dev)
{
	struct rvif_ndev *nd = netdev_priv(dev);

	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;
	skb_queue_head_init(&nd->inq);
	netif_napi_add(dev, &nd->napi, native_poll);
	return 0;
}

static void native_uninit(struct net_device *dev)
{
	free_percpu(dev->tstats);
}

static int native_open(struct net_device *dev)
{
	napi_enable(&((struct rvif_ndev *)netdev_priv(dev))->napi);
	netif_start_queue(dev);
	return 0;
}

static int native_stop(struct net_device *dev)
{
	struct rvif_ndev *nd = netdev_priv(dev);

	netif_stop_queue(dev);
	napi_disable(&nd->napi);
	skb_queue_purge(&nd->inq);
	return 0;
}

static void native_drop_tx(struct net_device *dev, struct sk_buff *skb)
{
	dev_core_stats_tx_dropped_inc(dev);
	dev_kfree_skb_any(skb);
}

/*
 * A frame as the receive job can hand it over: head and at most
 * RVIF_MAXIOV - 1 page fragments, no frag_list; offloads only as
 * negotiated (the device advertised nothing else, but a frame that
 * slipped through is finished here).  False: drop it.
 */
static bool native_xmit_prep(struct rvif *vif, struct sk_buff *skb)
{
	int ofl = READ_ONCE(vif->offload);

	if (skb_is_gso(skb) &&
	    (!(ofl & RUMPCOMP_VIRT_OFL_RXTSO4) ||
	     skb_shinfo(skb)->gso_type & ~(SKB_GSO_TCPV4 | SKB_GSO_TCP_ECN)))
		return false;
	if (skb->ip_summed == CHECKSUM_PARTIAL &&
	    (!(ofl & RUMPCOMP_VIRT_OFL_RXCSUM) ||
	     skb->protocol != htons(ETH_P_IP)) && !skb_is_gso(skb) &&
	    skb_checksum_help(skb))
		return false;
	if (skb_has_frag_list(skb) ||
	    skb_shinfo(skb)->nr_frags >= RVIF_MAXIOV)
		return skb_linearize(skb) == 0;
	return true;
}

/* Linux transmits: queue the frame for the guest, stop when full. */
static netdev_tx_t native_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct rvif *vif = ((struct rvif_ndev *)netdev_priv(dev))->vif;
	unsigned int len = skb->len;
	unsigned long flags;
	bool queued = false;

	if (unlikely(READ_ONCE(vif->dying) || !READ_ONCE(vif->link_up) ||
		     rv_dying(vif->inst) || !native_xmit_prep(vif, skb))) {
		native_drop_tx(dev, skb);
		return NETDEV_TX_OK;
	}
	spin_lock_irqsave(&vif->rxq.lock, flags);
	/* Past the stop mark only if the queue was woken just now. */
	if (vif->rxq.qlen < 2 * RVIF_RXQ_MAX) {
		__skb_queue_tail(&vif->rxq, skb);
		queued = true;
		if (vif->rxq.qlen >= RVIF_RXQ_MAX)
			netif_stop_queue(dev);
	}
	spin_unlock_irqrestore(&vif->rxq.lock, flags);
	if (!queued) {
		native_drop_tx(dev, skb);
		return NETDEV_TX_OK;
	}
	dev_sw_netstats_tx_add(dev, 1, len);
	rvif_rx_notify(vif);
	return NETDEV_TX_OK;
}

static void native_drvinfo(struct net_device *dev,
			   struct ethtool_drvinfo *info)
{
	struct rvif *vif = ((struct rvif_ndev *)netdev_priv(dev))->vif;

	strscpy(info->driver, "rumpvisor", sizeof(info->driver));
	strscpy(info->bus_info, vif->inst->p.name, sizeof(info->bus_info));
}

/*
 * ethtool -S: what `ip -s link` cannot say.  The offload counters, then
 * the frames each receive job handed to the guest (job N runs on CPU N;
 * one that did not start stays at 0).
 */
static const char native_stat_names[][ETH_GSTRING_LEN] = {
	"rx_meta", "rx_gso", "tx_meta", "tx_gso", "tx_badmeta",
};

static int native_sset_count(struct net_device *dev, int sset)
{
	struct rvif *vif = ((struct rvif_ndev *)netdev_priv(dev))->vif;

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return ARRAY_SIZE(native_stat_names) + rvif_rx_want(vif);
}

static void native_strings(struct net_device *dev, u32 sset, u8 *buf)
{
	struct rvif *vif = ((struct rvif_ndev *)netdev_priv(dev))->vif;
	unsigned int j;

	if (sset != ETH_SS_STATS)
		return;
	memcpy(buf, native_stat_names, sizeof(native_stat_names));
	buf += sizeof(native_stat_names);
	for (j = 0; j < rvif_rx_want(vif); j++, buf += ETH_GSTRING_LEN)
		snprintf(buf, ETH_GSTRING_LEN, "rx_job%u_frames", j);
}

static void native_stats(struct net_device *dev, struct ethtool_stats *es,
			 u64 *v)
{
	struct rvif *vif = ((struct rvif_ndev *)netdev_priv(dev))->vif;
	unsigned int j, n = 0;

	v[n++] = atomic64_read(&vif->st.rx_meta);
	v[n++] = atomic64_read(&vif->st.rx_gso);
	v[n++] = atomic64_read(&vif->st.tx_meta);
	v[n++] = atomic64_read(&vif->st.tx_gso);
	v[n++] = atomic64_read(&vif->st.tx_badmeta);
	for (j = 0; j < rvif_rx_want(vif) && n < es->n_stats; j++)
		v[n++] = atomic64_read(&vif->rx[j].frames);
}

static const struct ethtool_ops native_ethtool_ops = {
	.get_drvinfo = native_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_sset_count = native_sset_count,
	.get_strings = native_strings,
	.get_ethtool_stats = native_stats,
};

/* What the device offers for transmit (to the guest), once negotiated. */
#define NATIVE_CSUM_FEATURES	(NETIF_F_SG | NETIF_F_IP_CSUM)
#define NATIVE_TSO_FEATURES	(NETIF_F_TSO | NETIF_F_TSO_ECN)

static netdev_features_t native_fix_features(struct net_device *dev,
					     netdev_features_t features)
{
	struct rvif *vif = ((struct rvif_ndev *)netdev_priv(dev))->vif;
	int ofl = vif ? READ_ONCE(vif->offload) : 0;

	if (!(ofl & RUMPCOMP_VIRT_OFL_RXCSUM))
		features &= ~(NATIVE_CSUM_FEATURES | NATIVE_TSO_FEATURES);
	if (!(ofl & RUMPCOMP_VIRT_OFL_RXTSO4))
		features &= ~NATIVE_TSO_FEATURES;
	return features;
}

static const struct net_device_ops native_ops = {
	.ndo_init = native_init,
	.ndo_uninit = native_uninit,
	.ndo_open = native_open,
	.ndo_stop = native_stop,
	.ndo_start_xmit = native_xmit,
	.ndo_get_stats64 = dev_get_tstats64,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
	.ndo_fix_features = native_fix_features,
};

static void native_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &native_ops;
	dev->ethtool_ops = &native_ethtool_ops;
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;	/* the guest takes 65535+18 */
	eth_hw_addr_random(dev);
	/* Offered once the guest negotiates them (native_fix_features). */
	dev->hw_features = NATIVE_CSUM_FEATURES | NATIVE_TSO_FEATURES;
	dev->features |= dev->hw_features;
	/* An IPv4 packet's total length is 16 bits: no BIG TCP. */
	netif_set_tso_max_size(dev, GSO_LEGACY_MAX_SIZE);
}

/* The name to ask for (a template with %d, or exact). */
static void native_name(struct rvif *vif, const struct vif_link *l,
			char *name)
{
	const char *inst = vif->inst->p.name;
	struct net_device *other;

	if (l->arg[0]) {
		strscpy(name, l->arg, IFNAMSIZ);
		return;
	}
	if (l->unit >= 0 &&
	    snprintf(name, IFNAMSIZ, "%s%d", inst, l->unit) < IFNAMSIZ) {
		other = dev_get_by_name(&init_net, name);
		if (!other)
			return;
		dev_put(other);
	} else if (l->unit < 0 && strlen(inst) + 2 < IFNAMSIZ) {
		snprintf(name, IFNAMSIZ, "%s%%d", inst);
		return;
	}
	strscpy(name, "rump%d", IFNAMSIZ);
}

/* The guest's MAC: locally administered, from the instance and name. */
static void native_guest_mac(struct net_device *dev, struct rvif *vif,
			     u8 *mac)
{
	u32 h = jhash(vif->inst->p.name, strlen(vif->inst->p.name),
		      jhash(dev->name, strlen(dev->name), 0x72766966));

	mac[0] = 0x02;
	mac[1] = 0x72;		/* 'r' */
	memcpy(mac + 2, &h, 4);
}

/* The net_device of an interface, or NULL (a point of fault injection). */
noinline struct net_device *rv_vif_netdev(const char *name, bool named)
{
	if (rv_fault(RV_FAULT_VIF_NETDEV))
		return NULL;
	return alloc_netdev(sizeof(struct rvif_ndev), name,
			    named ? NET_NAME_USER : NET_NAME_ENUM, native_setup);
}
ALLOW_ERROR_INJECTION(rv_vif_netdev, NULL);

/* The poll in a thread of its own (named after the device, so once it
 * is registered); failing that, in softirq as any NAPI poll. */
static void native_threaded(struct net_device *dev)
{
	int err;

	rtnl_lock();
	err = dev_set_threaded(dev, true);
	rtnl_unlock();
	if (err)
		netdev_info(dev, "NAPI poll in softirq, not threaded (%d)\n",
			    err);
}

static int native_attach(struct rvif *vif, const struct vif_link *l, u8 *mac)
{
	char name[IFNAMSIZ];
	struct net_device *dev;
	int err;

	native_name(vif, l, name);
	dev = rv_vif_netdev(name, l->arg[0]);
	if (!dev)
		return -ENOMEM;
	((struct rvif_ndev *)netdev_priv(dev))->vif = vif;
	native_pool_create(dev);
	netif_carrier_off(dev);
	err = register_netdev(dev);
	if (err) {
		pr_err("%s: virtif: cannot register network device %s: %d\n",
		       vif->inst->p.name, name, err);
		native_pool_destroy(dev);
		free_netdev(dev);
		return err;
	}
	vif->priv = dev;
	native_threaded(dev);
	snprintf(vif->label, sizeof(vif->label), "native:%s", dev->name);
	dev_set_alias(dev, vif->inst->p.name, strlen(vif->inst->p.name));
	native_guest_mac(dev, vif, mac);
	netif_carrier_on(dev);	/* the guest brings its interface up */
	pr_info("%s: virtif: network device %s (guest address %pM)\n",
		vif->inst->p.name, dev->name, mac);
	return 0;
}

/*
 * Linux receives a frame the guest sent.  On a thread bound to its CPU
 * (a receive job, answering a frame from Linux), Linux's stack takes it
 * at once, in task context, as tun does for a writer: whoever it wakes
 * (a task waiting for the answer, which queued the question on this
 * CPU) is then woken on this CPU, since the scheduler lets a per-CPU
 * kernel thread's wakee stay where the thread runs.  Frames from the
 * guest's other threads wait for the device's NAPI poll (native_poll).
 */
static void native_rx(struct net_device *dev, struct sk_buff *skb,
		      size_t len)
{
	struct rvif_ndev *nd = netdev_priv(dev);

	skb->protocol = eth_type_trans(skb, dev);
	if (in_task() && !irqs_disabled() && (current->flags & PF_KTHREAD) &&
	    current->nr_cpus_allowed == 1) {
		dev_sw_netstats_rx_add(dev, len);
		local_bh_disable();
		netif_receive_skb(skb);
		local_bh_enable();
		return;
	}
	if (unlikely(skb_queue_len_lockless(&nd->inq) >= NATIVE_INQ_MAX)) {
		dev_core_stats_rx_dropped_inc(dev);
		kfree_skb(skb);
		return;
	}
	dev_sw_netstats_rx_add(dev, len);
	skb_queue_tail(&nd->inq, skb);
	/* Without a NAPI thread, the poll runs as bottom halves are let in. */
	local_bh_disable();
	napi_schedule(&nd->napi);
	local_bh_enable();
}

/* Guest to Linux: one frame, copied into an skb Linux receives. */
static void native_send(struct rvif *vif, const struct kvec *vec, size_t n,
			size_t len)
{
	struct net_device *dev = native_dev(vif);
	struct sk_buff *skb;
	size_t i;

	if (unlikely(!netif_running(dev)))
		goto drop;
	skb = __netdev_alloc_skb_ip_align(dev, len, GFP_ATOMIC | __GFP_NOWARN);
	if (unlikely(!skb))
		goto drop;
	for (i = 0; i < n; i++)
		skb_put_data(skb, vec[i].iov_base, vec[i].iov_len);
	native_rx(dev, skb, len);
	return;
drop:
	dev_core_stats_rx_dropped_inc(dev);
}

/* Up to want bytes of the frame's front into buf; how many. */
static size_t native_copy_head(const struct kvec *vec, size_t n, u8 *buf,
			       size_t want)
{
	size_t got = 0, i, k;

	for (i = 0; i < n && got < want; i++) {
		k = min(want - got, vec[i].iov_len);
		memcpy(buf + got, vec[i].iov_base, k);
		got += k;
	}
	return got;
}

/* An skb of len bytes: the first hdrs in its head, the rest in pages. */
static struct sk_buff *native_alloc_paged(struct net_device *dev,
					  size_t hdrs, size_t len)
{
	struct sk_buff *skb;
	struct page *page;
	size_t left = len - hdrs, k;
	int i = 0;

	skb = __netdev_alloc_skb_ip_align(dev, hdrs, GFP_ATOMIC | __GFP_NOWARN);
	if (!skb)
		return NULL;
	native_mark_pooled(dev, skb);
	skb_put(skb, hdrs);
	for (; left; left -= k, i++) {
		k = min_t(size_t, left, PAGE_SIZE);
		page = i < MAX_SKB_FRAGS ? native_page(dev) : NULL;
		if (!page) {
			kfree_skb(skb);
			return NULL;
		}
		skb_add_rx_frag(skb, i, page, 0, k, PAGE_SIZE);
	}
	return skb;
}

/*
 * Guest to Linux with offloads: checksum left to finish
 * (CHECKSUM_PARTIAL, which Linux's own receive takes as good) and, for
 * GSO, a segment Linux cuts where it has to (forwarding), flagged DODGY:
 * the guest is not trusted, so GSO checks its headers again.
 */
static void native_send_meta(struct rvif *vif, const struct kvec *vec,
			     size_t n, size_t len,
			     const struct rumpcomp_virt_meta *mt)
{
	struct net_device *dev = native_dev(vif);
	u8 head[RVIF_TX_HDR_MAX];
	struct sk_buff *skb;
	size_t hdrs, off = 0, i;

	hdrs = rvif_tx_check(head, native_copy_head(vec, n, head, sizeof(head)),
			     len, mt, READ_ONCE(vif->offload) &
				      RUMPCOMP_VIRT_OFL_TXTSO4);
	if (!hdrs) {
		atomic64_inc(&vif->st.tx_badmeta);
		dev_core_stats_rx_dropped_inc(dev);
		return;
	}
	if (unlikely(!netif_running(dev)))
		goto drop;
	skb = native_alloc_paged(dev, hdrs, len);
	if (unlikely(!skb))
		goto drop;
	for (i = 0; i < n; off += vec[i].iov_len, i++)
		if (skb_store_bits(skb, off, vec[i].iov_base, vec[i].iov_len))
			goto drop_skb;
	if (!skb_partial_csum_set(skb, mt->csum_start, mt->csum_offset))
		goto drop_skb;
	if (mt->gso_type == RUMPCOMP_VIRT_GSO_TCPV4) {
		skb_shinfo(skb)->gso_size = mt->gso_size;
		skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4 | SKB_GSO_DODGY;
		skb_shinfo(skb)->gso_segs = DIV_ROUND_UP(len - hdrs,
							 mt->gso_size);
		atomic64_inc(&vif->st.tx_gso);
	}
	atomic64_inc(&vif->st.tx_meta);
	native_rx(dev, skb, len);
	return;
drop_skb:
	kfree_skb(skb);
drop:
	dev_core_stats_rx_dropped_inc(dev);
}

/* The guest took what was queued: let Linux transmit again. */
static void native_drained(struct rvif *vif)
{
	struct net_device *dev = native_dev(vif);

	if (unlikely(netif_queue_stopped(dev)) && netif_running(dev) &&
	    rvif_rx_room(vif) >= RVIF_RXQ_MAX / 2) {
		local_bh_disable();
		netif_wake_queue(dev);
		local_bh_enable();
	}
}

/*
 * The guest takes checksum offload (and TSO with it): record it, then
 * let Linux recompute the device's features (they follow vif->offload).
 */
static int native_offload(struct rvif *vif, int offer)
{
	struct net_device *dev = native_dev(vif);
	int got = offer & (RUMPCOMP_VIRT_OFL_RXCSUM | RUMPCOMP_VIRT_OFL_TXCSUM);

	/* Segmentation only with the checksum it needs. */
	if (got & RUMPCOMP_VIRT_OFL_RXCSUM)
		got |= offer & RUMPCOMP_VIRT_OFL_RXTSO4;
	if (got & RUMPCOMP_VIRT_OFL_TXCSUM)
		got |= offer & RUMPCOMP_VIRT_OFL_TXTSO4;
	WRITE_ONCE(vif->offload, got);
	rtnl_lock();
	netdev_update_features(dev);
	rtnl_unlock();
	pr_info("%s: virtif: %s: offloads to the guest:%s%s, from the guest:%s%s\n",
		vif->inst->p.name, dev->name,
		got & RUMPCOMP_VIRT_OFL_RXCSUM ? " checksum" : " none",
		got & RUMPCOMP_VIRT_OFL_RXTSO4 ? " tso" : "",
		got & RUMPCOMP_VIRT_OFL_TXCSUM ? " checksum" : " none",
		got & RUMPCOMP_VIRT_OFL_TXTSO4 ? " tso" : "");
	return got;
}

static void native_link(struct rvif *vif, bool up)
{
	if (up)
		netif_carrier_on(native_dev(vif));
	else
		netif_carrier_off(native_dev(vif));
}

static void native_close(struct rvif *vif)
{
	struct net_device *dev = native_dev(vif);

	pr_info("%s: virtif: network device %s removed (offload metadata: %lld frames to the guest, %lld of them TSO; %lld from the guest, %lld TSO, %lld refused)\n",
		vif->inst->p.name, dev->name,
		(long long)atomic64_read(&vif->st.rx_meta),
		(long long)atomic64_read(&vif->st.rx_gso),
		(long long)atomic64_read(&vif->st.tx_meta),
		(long long)atomic64_read(&vif->st.tx_gso),
		(long long)atomic64_read(&vif->st.tx_badmeta));
	unregister_netdev(dev);
	skb_queue_purge(&((struct rvif_ndev *)netdev_priv(dev))->inq);
	native_pool_destroy(dev);
	free_netdev(dev);
	vif->priv = NULL;
}

const struct rvif_backend rvif_native = {
	.name = "native",
	.open = native_attach,
	.send = native_send,
	.send_meta = native_send_meta,
	.drained = native_drained,
	.link = native_link,
	.offload = native_offload,
	.close = native_close,
};
