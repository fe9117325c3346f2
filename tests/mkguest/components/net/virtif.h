/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The contract between the synthetic virtif driver and its host half:
 * NetBSD's virtif hypercalls (revision 20140313).  The includer defines
 * size_t, uint8_t and struct iovec (the guest from its own types, the
 * host half from libc).
 */
#ifndef SK_VIRTIF_H
#define SK_VIRTIF_H

struct virtif_sc;
struct virtif_user;
struct iovec;

int rumpcomp_virt_create(const char *devstr, struct virtif_sc *sc,
			 uint8_t *enaddr, struct virtif_user **viup);
void rumpcomp_virt_send(struct virtif_user *viu, struct iovec *iov,
			size_t iovcnt);
int rumpcomp_virt_dying(struct virtif_user *viu);
void rumpcomp_virt_destroy(struct virtif_user *viu);

/* The upcall: frames from the host, delivered scheduled. */
void rump_virtif_virt_deliverpkt(struct virtif_sc *sc, struct iovec *iov,
				 size_t iovcnt);

#endif /* SK_VIRTIF_H */
