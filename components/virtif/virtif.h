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

/* The upcall, defined by the guest driver. */
void rump_virtif_virt_deliverpkt(struct virtif_sc *sc, struct iovec *iov,
				 __SIZE_TYPE__ iovcnt);

#endif /* RV_VIRTIF_H */
