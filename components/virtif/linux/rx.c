// SPDX-License-Identifier: BSD-2-Clause
/*
 * The receive side of a guest interface in the kernel: the queue of
 * frames for the guest (rxq) and the receive jobs that hand them over.
 *
 * An interface has a receive job per CPU (up to RVIF_JOBS_MAX; one when
 * its sends are impaired), each a guest thread of the instance bound to
 * its CPU, with a guest lwp of its own.  A frame queued on a CPU wakes
 * that CPU's job, so the guest's answer is made on the CPU where the
 * question was asked: a Linux task that pings the guest and sleeps for
 * the reply hands its CPU to the job, and the job's reply (native.c:
 * received in task context) wakes it there again, no other CPU woken.
 *
 * One job at a time drains (the RVIF_DRAINING bit), so frames reach the
 * guest in the order they were queued.  While a job drains, nobody else
 * is woken: the draining job looks at the queue again after it lets go
 * of the bit.  A job delivers up to RVIF_BATCH frames per scheduling in
 * the guest.  The jobs end with the interface (destroy joins them) or
 * with the instance; what the guest did not give back is the instance's
 * reclaim's.
 */
#include "vif.h"

#include <linux/cpumask.h>
#include <linux/netdevice.h>

#include <rump/rumpuser_component.h>

#define RVIF_DRAINING	0		/* vif->draining: a job drains */

typedef void (*rvif_deliver_fn)(struct virtif_sc *, struct iovec *, size_t);
typedef void (*rvif_deliver_meta_fn)(struct virtif_sc *, struct iovec *,
				     size_t,
				     const struct rumpcomp_virt_meta *);

/* The guest's upcalls (the meta one NULL where the guest has none). */
struct rvif_upcalls {
	rvif_deliver_fn plain;
	rvif_deliver_meta_fn meta;
};

/* ---------------------------------------------------------- the queue */

/* Frames or events wait to be handed to the guest. */
static bool rvif_rx_pending(struct rvif *vif)
{
	return READ_ONCE(vif->events) ||
	       !skb_queue_empty_lockless(&vif->rxq);
}

static void rvif_rx_wake(struct rvif *vif, unsigned int j)
{
	if (!test_and_set_bit(j, &vif->kicked))
		wake_up(&vif->rx[j].wq);
}

/*
 * Frames or events were added: wake this CPU's job, unless a job drains
 * (it looks again before it stops).  Any context.
 */
void rvif_rx_notify(struct rvif *vif)
{
	unsigned int n = smp_load_acquire(&vif->nrx);

	smp_mb();	/* what was added, before the look at draining */
	if (!n || test_bit(RVIF_DRAINING, &vif->draining))
		return;	/* no job yet: each drains once as it starts */
	rvif_rx_wake(vif, raw_smp_processor_id() % n);
}

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
	rvif_rx_notify(vif);
	return true;
}

/* Frames the rxq can still take. */
unsigned int rvif_rx_room(struct rvif *vif)
{
	unsigned int q = skb_queue_len_lockless(&vif->rxq);

	return q < RVIF_RXQ_MAX ? RVIF_RXQ_MAX - q : 0;
}

/* An event (RVIF_EV_*) for the jobs. */
void rvif_rx_kick(struct rvif *vif, int event)
{
	set_bit(event, &vif->events);
	rvif_rx_notify(vif);
}

/* The interface is dying: every job looks (and ends). */
void rvif_rx_kick_all(struct rvif *vif)
{
	unsigned int n = smp_load_acquire(&vif->nrx), j;

	for (j = 0; j < n; j++)
		rvif_rx_wake(vif, j);
}

/* -------------------------------------------------------- the handover */

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

/* One scheduling in the guest for the whole batch, by job rj. */
static void rvif_deliver(struct rvif_rxjob *rj, const struct rvif_upcalls *up,
			 struct sk_buff_head *batch)
{
	struct rvif *vif = rj->vif;
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
	atomic64_add(n, &rj->frames);
	atomic64_add(n, &vif->st.rx_frames);
	atomic64_add(bytes, &vif->st.rx_bytes);
}

/* Everything that waits, once (the draining job only). */
static void rvif_drain_once(struct rvif_rxjob *rj,
			    const struct rvif_upcalls *up, bool flush)
{
	struct rvif *vif = rj->vif;

	clear_bit(RVIF_EV_HELD, &vif->events);
	if (test_and_clear_bit(RVIF_EV_PULL, &vif->events) && vif->be->pull)
		vif->be->pull(vif);
	while (rvif_rx_take(vif, &vif->batch))
		rvif_deliver(rj, up, &vif->batch);
	if (vif->be->drained)
		vif->be->drained(vif);
	if (flush)
		rvif_impair_flush(vif);
}

/*
 * Drain unless another job does; look again after letting go, for what
 * came while nobody was woken.
 */
static void rvif_drain(struct rvif_rxjob *rj, const struct rvif_upcalls *up,
		       bool flush)
{
	struct rvif *vif = rj->vif;

	do {
		if (test_and_set_bit_lock(RVIF_DRAINING, &vif->draining))
			return;
		rvif_drain_once(rj, up, flush);
		clear_bit_unlock(RVIF_DRAINING, &vif->draining);
		smp_mb__after_atomic();
	} while (!READ_ONCE(vif->dying) && rvif_rx_pending(vif));
}

/* ----------------------------------------------------------- the jobs */

static bool rvif_rx_ready(struct rvif_rxjob *rj)
{
	return READ_ONCE(rj->vif->dying) || test_bit(rj->idx, &rj->vif->kicked);
}

/*
 * Wait to be woken, at most timeout jiffies.  A guest thread: the
 * instance ending ends it here (nothing of ours is held then).
 */
static void rvif_rx_wait(struct rvif_rxjob *rj, long timeout)
{
	DEFINE_WAIT(w);

	for (;;) {
		prepare_to_wait(&rj->wq, &w, rv_wait_state());
		if (rvif_rx_ready(rj) || !timeout ||
		    fatal_signal_pending(current))
			break;
		timeout = schedule_timeout(timeout);
	}
	finish_wait(&rj->wq, &w);
	rv_check_signal();
}

static int rvif_rx_main(void *arg)
{
	struct rvif_rxjob *rj = arg;
	struct rvif *vif = rj->vif;
	struct rvif_upcalls up;
	long timeout = MAX_SCHEDULE_TIMEOUT;

	up.plain = rv_guest_symbol(vif->inst, "rump_virtif_virt_deliverpkt");
	up.meta = rv_guest_symbol(vif->inst,
				  "rump_virtif_virt_deliverpkt_meta");
	rumpuser_component_kthread();	/* a guest lwp of our own */
	while (!READ_ONCE(vif->dying)) {
		/* Drain first: what came before this job was counted. */
		rvif_drain(rj, &up, timeout != MAX_SCHEDULE_TIMEOUT);
		/* A frame held back to reorder waits 2 ms at most. */
		timeout = vif->imp && rvif_impair_held(vif) ?
			  max(1, (int)msecs_to_jiffies(2)) : MAX_SCHEDULE_TIMEOUT;
		rvif_rx_wait(rj, timeout);
		clear_bit(rj->idx, &vif->kicked);
	}
	rumpuser_component_kthread_release();
	return 0;
}

/* Start job j, bound to CPU j; it counts once it may be woken. */
static int rvif_rx_start_one(struct rvif *vif, unsigned int j)
{
	struct rvif_rxjob *rj = &vif->rx[j];
	struct rv_job *job = rv_job_new(vif->inst, "virtif-rx");
	int err;

	if (!job)
		return -ENOMEM;
	rj->vif = vif;
	rj->idx = j;
	atomic64_set(&rj->frames, 0);
	init_waitqueue_head(&rj->wq);
	job->run = rvif_rx_main;
	job->arg = rj;
	job->joinable = true;	/* destroy waits for it */
	job->guest = true;
	job->cpu = j;		/* -1 (any) if that CPU is not online */
	rj->job = job;
	smp_store_release(&vif->nrx, j + 1);
	err = rv_job_start(job);
	if (err) {
		/* Frames meant for it go to the others. */
		smp_store_release(&vif->nrx, j);
		rj->job = NULL;
		rv_job_put(job);
		rvif_rx_kick_all(vif);
	}
	return err;
}

/* How many receive jobs the interface has (at most; fixed at open). */
unsigned int rvif_rx_want(const struct rvif *vif)
{
	return vif->imp ? 1 : min_t(unsigned int, nr_cpu_ids, RVIF_JOBS_MAX);
}

/*
 * Unscheduled: start the receive jobs.  Fewer than asked is fine once
 * one runs; none is an error (the caller then ends the interface).
 */
int rvif_rx_start(struct rvif *vif)
{
	unsigned int want = rvif_rx_want(vif);
	unsigned int j;
	int err = 0;

	for (j = 0; j < want && !err; j++)
		err = rvif_rx_start_one(vif, j);
	if (err && vif->nrx)
		pr_warn("%s: virtif %s: %u receive jobs of %u (%d)\n",
			vif->inst->p.name, vif->label, vif->nrx, want, err);
	return vif->nrx ? 0 : err;
}

/*
 * Scheduled: end the receive jobs (vif->dying is set).  Each join gives
 * the virtual CPU back while it waits; should the instance end
 * meanwhile, this thread ends there and the reclaimer frees the rest.
 */
void rvif_rx_stop(struct rvif *vif)
{
	unsigned int j, n = vif->nrx;

	rvif_rx_kick_all(vif);
	for (j = 0; j < n; j++) {
		rumpuser_thread_join(vif->rx[j].job);
		vif->rx[j].job = NULL;
	}
}
