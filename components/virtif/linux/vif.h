/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel host half of virtif, built into rumpvisor.ko: one struct
 * rvif per guest interface, receive jobs of its instance (one per CPU)
 * that deliver frames to the guest in batches, and the backends behind it (native
 * net_device, tap, pair).  Functions return 0 or a negative Linux errno;
 * the rumpcomp_virt_* entry points translate once (rv_nb).
 *
 * Contexts: send runs on a guest thread that holds a virtual CPU (and
 * the guest's network lock): it must not sleep for long.  Everything
 * that may sleep (registering a net_device, waiting for the receive
 * jobs) runs unscheduled.  Frames for the guest are queued on rxq from
 * any context (a Linux transmit, a pair peer's send, the tap reader) and
 * handed over by the receive jobs only, one at a time (rx.c).
 */
#ifndef RV_VIRTIF_LINUX_H
#define RV_VIRTIF_LINUX_H

#include "../../../hyp/linux/hyp.h"

#include <linux/skbuff.h>
#include <linux/uio.h>

#include "../virtif.h"
#include "../common/vif_common.h"

#define RVIF_MAXFRAME	(65535 + 18)	/* as the guest driver's */
#define RVIF_RXQ_MAX	1024		/* frames waiting for the guest */
#define RVIF_BATCH	64		/* frames per scheduling in the guest */
#define RVIF_MAXIOV	64		/* pieces of one frame */
#define RVIF_JOBS_MAX	8		/* receive jobs (one per CPU) */

struct rvif;

struct rvif_backend {
	const char *name;
	/* Attach for link; may set the guest's MAC address. */
	int (*open)(struct rvif *vif, const struct vif_link *link, u8 *mac);
	/* One frame of len bytes from the guest (scheduled, no sleep). */
	void (*send)(struct rvif *vif, const struct kvec *vec, size_t n,
		     size_t len);
	/* The same with the guest's offload metadata, checked by the
	 * backend (may be NULL: never granted then). */
	void (*send_meta)(struct rvif *vif, const struct kvec *vec, size_t n,
			  size_t len, const struct rumpcomp_virt_meta *meta);
	/* Receive job: move frames the backend holds onto rxq (may be NULL). */
	void (*pull)(struct rvif *vif);
	/* Receive job: rxq has room again (may be NULL). */
	void (*drained)(struct rvif *vif);
	/* The guest's interface went up or down (may be NULL). */
	void (*link)(struct rvif *vif, bool up);
	/* Offloads (RUMPCOMP_VIRT_OFL_*) the guest offers: those granted
	 * (unscheduled, may sleep; NULL: none). */
	int (*offload)(struct rvif *vif, int offer);
	/* Stop feeding rxq; may sleep, no guest context needed. */
	void (*close)(struct rvif *vif);
};

/* Receive job wake-up reasons (rvif.events). */
#define RVIF_EV_PULL	0		/* the backend has frames to pull */
#define RVIF_EV_HELD	1		/* impair.c held a frame back */

/* A receive job (rx.c): a guest thread bound to CPU idx. */
struct rvif_rxjob {
	struct rvif *vif;
	struct rv_job *job;			/* joinable */
	wait_queue_head_t wq;			/* it waits for its kick */
	unsigned int idx;			/* its bit in rvif.kicked */
	atomic64_t frames;			/* it delivered (ethtool -S) */
};

struct rvif_stats {
	atomic64_t rx_frames, rx_bytes;		/* delivered to the guest */
	atomic64_t rx_dropped;			/* rxq full, or too long */
	atomic64_t rx_meta, rx_gso;		/* with metadata; GSO */
	atomic64_t tx_frames, tx_bytes;		/* sent by the guest */
	atomic64_t tx_dropped;			/* nowhere to go */
	atomic64_t tx_meta, tx_gso;		/* with metadata; GSO */
	atomic64_t tx_badmeta;			/* metadata that did not fit */
};

struct rvif {
	struct rv_instance *inst;
	struct virtif_sc *sc;
	const struct rvif_backend *be;
	void *priv;				/* the backend's */
	char label[32];				/* "native:IFNAME"... (messages) */
	int unit;				/* the guest's unit, or -1 */

	struct sk_buff_head rxq;		/* frames for the guest */
	/* The batch being delivered (the draining job only): here, not
	 * on the job's stack, so that frames a job ended mid-batch held
	 * are freed with the interface. */
	struct sk_buff_head batch;
	unsigned long events;			/* RVIF_EV_* bits */
	unsigned long kicked;			/* a bit per job to wake */
	unsigned long draining;			/* a job drains (rx.c) */
	struct rvif_rxjob rx[RVIF_JOBS_MAX];
	unsigned int nrx;			/* jobs started */
	bool dying;				/* no more deliveries */
	bool link_up;				/* the guest's interface */
	int offload;				/* RUMPCOMP_VIRT_OFL_* granted */
	struct rv_reclaimer rec;		/* while the guest has us */

	struct rvif_impair *imp;		/* NULL: sends unimpaired */
	struct rvif_stats st;
};

/* rx.c: the receive queue and jobs. */
bool rvif_rx_queue(struct rvif *vif, struct sk_buff *skb);
void rvif_rx_notify(struct rvif *vif);
void rvif_rx_kick(struct rvif *vif, int event);
void rvif_rx_kick_all(struct rvif *vif);
unsigned int rvif_rx_room(struct rvif *vif);
unsigned int rvif_rx_want(const struct rvif *vif);
int rvif_rx_start(struct rvif *vif);
void rvif_rx_stop(struct rvif *vif);

/* impair.c */
int rvif_impair_new(struct rvif *vif, const char *opts);
void rvif_impair_free(struct rvif *vif);
void rvif_impair_send(struct rvif *vif, const struct kvec *vec, size_t n,
		      size_t len);
bool rvif_impair_held(struct rvif *vif);
void rvif_impair_flush(struct rvif *vif);

/* The backends. */
extern const struct rvif_backend rvif_native, rvif_tap, rvif_pair;

/* Points of fault injection (hyp/linux/fault.c, tests/faults/sites.txt). */
struct rvif *rv_vif_new(void);				/* virtif.c */
struct net_device *rv_vif_netdev(const char *name, bool named);	/* native.c */

/* tap.c: the handed-over tap files and /dev/rumpvisor-tap. */
int rvif_tap_init(void);
void rvif_tap_fini(void);

#endif /* RV_VIRTIF_LINUX_H */
