/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtual network interface's hypercalls (NetBSD's virtif, revision
 * 20140313, interface base name "virt"): the contract between the guest
 * driver (guest/if_virt.c) and each host half (user/, linux/).
 *
 * create: attach to the host side named by devstr (the unit number as a
 *   string, or the link string the guest set); may fill in the 6-byte
 *   MAC address; starts a receive thread that owns a guest lwp and
 *   delivers frames with rump_virtif_virt_deliverpkt, scheduled, several
 *   per scheduling.  Returns 0 or a NetBSD errno.
 * send: one Ethernet frame as an iovec array; called scheduled; must be
 *   done with the iovecs when it returns and must not block for long.
 * dying: the guest is about to destroy the interface: stop delivering.
 *   0, or a NetBSD errno to refuse (the interface then stays).
 * destroy: wait for the receive thread and free everything.
 *
 * Both sides see struct iovec as { void *iov_base; size_t iov_len; }:
 * the host's own, and the guest's definition in its driver.
 */
#ifndef RV_VIRTIF_H
#define RV_VIRTIF_H

struct virtif_sc;
struct virtif_user;
struct iovec;

#define VIRTIF_BASE	"virt"

int rumpcomp_virt_create(const char *devstr, struct virtif_sc *sc,
			 unsigned char *enaddr, struct virtif_user **viup);
void rumpcomp_virt_send(struct virtif_user *viu, struct iovec *iov,
			__SIZE_TYPE__ iovcnt);
int rumpcomp_virt_dying(struct virtif_user *viu);
void rumpcomp_virt_destroy(struct virtif_user *viu);

/*
 * rumpvisor's extension, not in NetBSD's contract: the guest's interface
 * went up (1) or down (0).  Optional on both sides: a guest references
 * it weakly, a host may leave it out.
 */
void rumpcomp_virt_linkstate(struct virtif_user *viu, int up);

/*
 * rumpvisor's extension: nonzero when send never waits for anything the
 * interface's receive thread does (it drops instead), so the guest may
 * process a frame on the receive thread itself, replies included, and
 * save a thread wake-up per frame.  Optional like linkstate; without it
 * the guest hands every frame to a thread of its own.
 */
int rumpcomp_virt_rx_inline(struct virtif_user *viu);

/*
 * rumpvisor's extension: checksum and segmentation offload, negotiated
 * per interface.  The guest calls rumpcomp_virt_offload once after
 * create with the RUMPCOMP_VIRT_OFL_* it can take; the host answers
 * with the subset it will use (0: none, frames as before).  Optional
 * like linkstate: a guest references it weakly, a host may leave it out
 * or grant nothing (rumpvisor.ko grants it on its native backend only,
 * and only to a guest that defines rump_virtif_virt_deliverpkt_meta).
 *
 * With something granted, the host may deliver a frame through
 * rump_virtif_virt_deliverpkt_meta (found by name, like the plain
 * upcall, which stays in use for frames without metadata) with:
 *   NEEDS_CSUM  the frame comes from the host's own stack and its
 *               TCP or UDP checksum is not filled in (the field holds
 *               the pseudo-header sum): the data need no verification.
 *               csum_start (from the frame's first byte) is the start
 *               of the TCP/UDP header, csum_offset the checksum field's
 *               offset in it (16 TCP, 6 UDP).  Only for IPv4.
 *   GSO_TCPV4   a TCP/IPv4 segment of up to 64 KiB (longer than the
 *               interface MTU) that stands for several segments of
 *               gso_size payload bytes each; always with NEEDS_CSUM.
 * The guest trusts only that: it still checks every length against the
 * frame and drops (and counts) a frame whose metadata do not fit it.
 */
#define RUMPCOMP_VIRT_OFL_RXCSUM	0x01	/* NEEDS_CSUM frames */
#define RUMPCOMP_VIRT_OFL_RXTSO4	0x02	/* GSO_TCPV4 frames */
#define RUMPCOMP_VIRT_OFL_TXCSUM	0x04	/* the same from the guest */
#define RUMPCOMP_VIRT_OFL_TXTSO4	0x08

#define RUMPCOMP_VIRT_META_NEEDS_CSUM	0x01
#define RUMPCOMP_VIRT_GSO_NONE		0
#define RUMPCOMP_VIRT_GSO_TCPV4		1

struct rumpcomp_virt_meta {
	unsigned char flags;		/* RUMPCOMP_VIRT_META_* */
	unsigned char gso_type;		/* RUMPCOMP_VIRT_GSO_* */
	unsigned short gso_size;	/* payload bytes per segment */
	unsigned short csum_start;	/* from the frame's first byte */
	unsigned short csum_offset;	/* from csum_start */
};

int rumpcomp_virt_offload(struct virtif_user *viu, int offer);

/*
 * The other way (TXCSUM, TXTSO4 granted): the guest sends a TCP/IPv4
 * frame whose checksum field holds only the pseudo-header sum (over the
 * whole TCP length), NEEDS_CSUM always set, and with GSO_TCPV4 a segment
 * of up to 64 KiB the host cuts into segments of gso_size payload bytes.
 * The host checks every claim against the frame and drops what does
 * not fit (counted); a plain rumpcomp_virt_send stays as it was.
 */
void rumpcomp_virt_send_meta(struct virtif_user *viu, struct iovec *iov,
			     __SIZE_TYPE__ iovcnt,
			     const struct rumpcomp_virt_meta *meta);

/* The upcalls, defined by the guest driver. */
void rump_virtif_virt_deliverpkt(struct virtif_sc *sc, struct iovec *iov,
				 __SIZE_TYPE__ iovcnt);
void rump_virtif_virt_deliverpkt_meta(struct virtif_sc *sc,
				      struct iovec *iov, __SIZE_TYPE__ iovcnt,
				      const struct rumpcomp_virt_meta *meta);

#endif /* RV_VIRTIF_H */
