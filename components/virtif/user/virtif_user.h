/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The user-space host half of virtif: one receive thread per interface,
 * backends that move frames (tap, pair), and an optional impairment
 * stage (deterministic drop/duplicate/reorder) on the send side.
 */
#ifndef RV_VIRTIF_USER_H
#define RV_VIRTIF_USER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "../virtif.h"
#include "../common/vif_common.h"

#define VIU_MAXFRAME	(65535 + 18)

struct virtif_user;

struct viu_backend {
	const char *name;
	/* Open the host side for arg; may set mac; 0 or host errno. */
	int (*open)(struct virtif_user *viu, const char *arg,
		    unsigned char *mac);
	/* One frame (whole iovec array); must not block for long. */
	void (*send)(struct virtif_user *viu, const struct iovec *iov,
		     int iovcnt);
	/* Receive thread: wait (at most timeout_ms) for frames and hand
	 * each to viu_rx_frame; returns -1 when dying. */
	int (*poll)(struct virtif_user *viu, int timeout_ms);
	void (*close)(struct virtif_user *viu);
};

struct viu_impair {
	pthread_mutex_t lock;		/* rng and the held frame */
	bool inited;
	struct vif_impair_rules rules;
	unsigned char *held;		/* a frame kept back to reorder */
	size_t heldlen;
	uint64_t nheld, ndropped, nduped;
};

struct virtif_user {
	struct virtif_sc *viu_sc;
	const struct viu_backend *viu_be;
	void *viu_priv;			/* the backend's */
	pthread_t viu_thread;
	bool viu_thread_started;
	volatile int viu_dying;
	int viu_wake[2];		/* pipe: wakes the receive thread */
	pthread_mutex_t viu_lock;	/* send path and impairment */
	struct viu_impair viu_imp;
	bool viu_impaired;
	/* Batch being collected by the receive thread. */
	unsigned char *viu_batch;
	size_t viu_batchlen[64];
	size_t viu_batchoff[64];
	int viu_nbatch;
	size_t viu_batchused;
};

/* Receive thread: queue one frame for delivery (copied). */
void viu_rx_frame(struct virtif_user *viu, const void *frame, size_t len);
/* Deliver what is queued (schedules in the guest once). */
void viu_rx_flush(struct virtif_user *viu);
/* Send through the backend, after the impairment stage. */
void viu_tx(struct virtif_user *viu, const struct iovec *iov, int iovcnt);
/* Release the impairment's held frame if any (receive thread). */
void viu_impair_flush(struct virtif_user *viu);
int viu_impair_parse(struct viu_impair *imp, const char *opts);
void viu_impair_fini(struct viu_impair *imp);

extern const struct viu_backend viu_backend_pair, viu_backend_tap;

#endif /* RV_VIRTIF_USER_H */
