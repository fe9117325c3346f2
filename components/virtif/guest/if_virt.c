// SPDX-License-Identifier: BSD-2-Clause
/*
 * The virtif driver: the guest half of the virtual network interface.
 * virtN interfaces are made by the "virt" cloner; the host attachment
 * (rumpcomp_virt_create) is made when the interface first comes up,
 * with the link string set by SIOCSLINKSTR if any, else the unit number.
 * Frames go out with rumpcomp_virt_send; the host's receive thread hands
 * frames in through rump_virtif_virt_deliverpkt, and the stack processes
 * them on that thread when the host says its send never waits for it
 * (rumpcomp_virt_rx_inline), else on its input thread.
 *
 * Offloads (rumpvisor's extension, virtif.h): after create the driver
 * offers to take frames whose TCP/UDP checksum the host's stack left
 * unfilled and TCP segments of up to 64 KiB; the host grants a subset
 * and then delivers such frames with metadata
 * (rump_virtif_virt_deliverpkt_meta).  The driver checks the metadata
 * against the frame (rk_virtif_meta_apply) before it marks the packet's
 * data as vouched for (RK_M_CSUM_OK), and drops and counts a frame
 * whose metadata do not fit or were never granted.
 */
#include <rk/lib.h>
#include <rk/kmem.h>
#include <rk/errno.h>
#include <rk/if.h>
#include <rk/syscall.h>
#include <rump/rumpdefs.h>

/* The host's iovec layout (virtif.h). */
struct iovec {
	void *iov_base;
	size_t iov_len;
};

#include "../virtif.h"

/*
 * The hypervisor may want to know when the interface goes up and down
 * (rumpvisor's native backend sets the Linux device's carrier): an
 * optional extension, so a weak reference (NULL where the host has none).
 */
#pragma weak rumpcomp_virt_linkstate
#pragma weak rumpcomp_virt_rx_inline
#pragma weak rumpcomp_virt_offload
#pragma weak rumpcomp_virt_send_meta

#define VIRTIF_OFFER	(RUMPCOMP_VIRT_OFL_RXCSUM | RUMPCOMP_VIRT_OFL_RXTSO4 | \
			 RUMPCOMP_VIRT_OFL_TXCSUM | RUMPCOMP_VIRT_OFL_TXTSO4)

#define VIRTIF_MAXFRAME	(65535 + 18)
#define VIRTIF_MAXIOV	64	/* a 64 KiB TSO segment in 2 KiB pieces */
#define LINKSTR_MAX	256

struct virtif_sc {
	struct rk_ifnet sc_if;
	struct virtif_user *sc_viu;
	bool sc_rx_inline;		/* process frames on the receive thread */
	int sc_offload;			/* RUMPCOMP_VIRT_OFL_* granted */
	int sc_unit;
	char *sc_linkstr;		/* kmem, sc_linkstrlen bytes */
	size_t sc_linkstrlen;
	struct virtif_sc *sc_next;
};

static struct virtif_sc *virtifs;

/*
 * The metadata of a frame whose TCP checksum (and segmentation) the
 * host finishes: the TCP header starts after the Ethernet and IPv4
 * headers, the checksum 16 bytes into it.
 */
static void virtif_tx_meta(struct rk_mbuf *m, struct rumpcomp_virt_meta *meta)
{
	uint8_t vhl = 0x45;

	rk_memset(meta, 0, sizeof(*meta));
	if (m->m_pktlen > 14)
		rk_m_copydata(m, 14, 1, &vhl);
	meta->flags = RUMPCOMP_VIRT_META_NEEDS_CSUM;
	meta->csum_start = (unsigned short)(14 + (vhl & 0x0f) * 4);
	meta->csum_offset = 16;
	if (m->m_flags & RK_M_TSO) {
		meta->gso_type = RUMPCOMP_VIRT_GSO_TCPV4;
		meta->gso_size = m->m_tso_segsz;
	}
}

static int virtif_transmit(struct rk_ifnet *ifp, struct rk_mbuf *m)
{
	struct virtif_sc *sc = ifp->if_softc;
	struct iovec iov[VIRTIF_MAXIOV];
	struct rumpcomp_virt_meta meta;
	struct rk_mbuf *n;
	size_t i = 0;

	if (!sc->sc_viu) {
		rk_m_freem(m);
		return RK_ENETDOWN;
	}
	for (n = m; n && i < VIRTIF_MAXIOV; n = n->m_next) {
		if (n->m_len == 0)
			continue;
		iov[i].iov_base = n->m_data;
		iov[i].iov_len = n->m_len;
		i++;
	}
	if (n) {		/* too many pieces: make it one */
		n = rk_m_copym(m, 0, m->m_pktlen, 0);
		if (!n) {
			rk_m_freem(m);
			return RK_ENOBUFS;
		}
		n->m_flags = m->m_flags;
		n->m_tso_segsz = m->m_tso_segsz;
		rk_m_freem(m);
		m = n;
		iov[0].iov_base = m->m_data;
		iov[0].iov_len = m->m_len;
		i = 1;
	}
	if (m->m_flags & (RK_M_CSUM_TX | RK_M_TSO)) {
		virtif_tx_meta(m, &meta);
		rumpcomp_virt_send_meta(sc->sc_viu, iov, i, &meta);
	} else {
		rumpcomp_virt_send(sc->sc_viu, iov, i);
	}
	rk_m_freem(m);
	return 0;
}

static int virtif_init(struct rk_ifnet *ifp)
{
	struct virtif_sc *sc = ifp->if_softc;
	char unit[16];
	int error;

	if (sc->sc_viu) {
		if (rumpcomp_virt_linkstate)
			rumpcomp_virt_linkstate(sc->sc_viu, 1);
		return 0;
	}
	rk_snprintf(unit, sizeof(unit), "%d", sc->sc_unit);
	error = rumpcomp_virt_create(sc->sc_linkstr ? sc->sc_linkstr : unit,
				     sc, ifp->if_lladdr, &sc->sc_viu);
	if (error) {
		sc->sc_viu = NULL;
		return error;
	}
	sc->sc_rx_inline = rumpcomp_virt_rx_inline &&
			   rumpcomp_virt_rx_inline(sc->sc_viu) != 0;
	sc->sc_offload = rumpcomp_virt_offload ?
			 rumpcomp_virt_offload(sc->sc_viu, VIRTIF_OFFER) &
			 VIRTIF_OFFER : 0;
	/* A send is done with the iovec when it returns (the hypercall's
	 * contract): data may be lent.  The stack hands over the offloads
	 * the host takes (ip_output.c). */
	ifp->if_capenable = RK_IFCAP_TXSYNC;
	if (rumpcomp_virt_send_meta &&
	    (sc->sc_offload & RUMPCOMP_VIRT_OFL_TXCSUM)) {
		ifp->if_capenable |= RK_IFCAP_TXCSUM_TCP4;
		if (sc->sc_offload & RUMPCOMP_VIRT_OFL_TXTSO4)
			ifp->if_capenable |= RK_IFCAP_TSO4;
	}
	return 0;
}

static void virtif_stop(struct rk_ifnet *ifp)
{
	struct virtif_sc *sc = ifp->if_softc;

	if (sc->sc_viu && rumpcomp_virt_linkstate)
		rumpcomp_virt_linkstate(sc->sc_viu, 0);
}

static int linkstr_set(struct virtif_sc *sc, struct rump_ifdrv *ifd)
{
	char *s;
	int error;

	if (sc->sc_if.if_flags & RUMP_IFF_UP)
		return RK_EBUSY;
	if (ifd->ifd_cmd == RUMP_IFLINKSTR_UNSET) {
		if (sc->sc_linkstr)
			rk_kmem_free(sc->sc_linkstr, sc->sc_linkstrlen);
		sc->sc_linkstr = NULL;
		return 0;
	}
	if (ifd->ifd_cmd != 0 || ifd->ifd_len < 2 ||
	    ifd->ifd_len > LINKSTR_MAX)
		return RK_EINVAL;
	if (sc->sc_viu)
		return RK_EBUSY;	/* attached: destroy and create anew */
	s = rk_kmem_alloc(ifd->ifd_len, RK_KM_SLEEP);
	error = rk_copyinstr(ifd->ifd_data, s, ifd->ifd_len, NULL);
	if (error) {
		rk_kmem_free(s, ifd->ifd_len);
		return error;
	}
	if (sc->sc_linkstr)
		rk_kmem_free(sc->sc_linkstr, sc->sc_linkstrlen);
	sc->sc_linkstr = s;
	sc->sc_linkstrlen = ifd->ifd_len;
	return 0;
}

static int linkstr_get(struct virtif_sc *sc, struct rump_ifdrv *ifd)
{
	size_t len = sc->sc_linkstr ? rk_strlen(sc->sc_linkstr) + 1 : 0;

	if (ifd->ifd_cmd == RUMP_IFLINKSTR_QUERYLEN) {
		ifd->ifd_len = len;
		return 0;
	}
	if (!len)
		return RK_ENOENT;
	if (ifd->ifd_len < len)
		return RK_EINVAL;
	return rk_copyout(sc->sc_linkstr, ifd->ifd_data, len);
}

static int virtif_ioctl(struct rk_ifnet *ifp, unsigned long cmd, void *data)
{
	struct virtif_sc *sc = ifp->if_softc;

	switch (cmd) {
	case RUMP_SIOCSLINKSTR:
		return linkstr_set(sc, data);
	case RUMP_SIOCGLINKSTR:
		return linkstr_get(sc, data);
	}
	return RK_ENOTTY;
}

static void virtif_free(struct virtif_sc *sc)
{
	struct virtif_sc **pp;

	for (pp = &virtifs; *pp; pp = &(*pp)->sc_next) {
		if (*pp == sc) {
			*pp = sc->sc_next;
			break;
		}
	}
	if (sc->sc_linkstr)
		rk_kmem_free(sc->sc_linkstr, sc->sc_linkstrlen);
	rk_kmem_free(sc, sizeof(*sc));
}

/* Net lock held (cloner destroy and halt). */
static void virtif_detach(struct rk_ifnet *ifp)
{
	struct virtif_sc *sc = ifp->if_softc;
	struct virtif_user *viu = sc->sc_viu;

	if (viu && rumpcomp_virt_dying(viu) != 0)
		return;
	/* No more deliveries once the receive thread is gone; then drop
	 * what it queued. */
	sc->sc_viu = NULL;
	if (viu)
		rumpcomp_virt_destroy(viu);
	rk_if_detach(ifp);
	virtif_free(sc);
}

static int virtif_clone_create(int unit)
{
	struct virtif_sc *sc = rk_kmem_zalloc(sizeof(*sc), RK_KM_SLEEP);
	struct rk_ifnet *ifp = &sc->sc_if;
	uint32_t r = 0;
	size_t got;

	sc->sc_unit = unit;
	rk_snprintf(ifp->if_xname, sizeof(ifp->if_xname), VIRTIF_BASE "%d",
		    unit);
	/* Locally administered, unicast; the host may replace it. */
	rumpuser_getrandom(&r, sizeof(r), 0, &got);
	ifp->if_lladdr[0] = 0xb2;
	ifp->if_lladdr[1] = 0xa0;
	ifp->if_lladdr[2] = (uint8_t)r;
	ifp->if_lladdr[3] = (uint8_t)(r >> 8);
	ifp->if_lladdr[4] = (uint8_t)(r >> 16);
	ifp->if_lladdr[5] = (uint8_t)unit;
	ifp->if_softc = sc;
	ifp->if_mtu = 1500;
	ifp->if_transmit = virtif_transmit;
	ifp->if_init = virtif_init;
	ifp->if_stop = virtif_stop;
	ifp->if_ioctl = virtif_ioctl;
	ifp->if_detach = virtif_detach;
	sc->sc_next = virtifs;
	virtifs = sc;
	rk_ether_ifattach(ifp);
	return 0;
}

static int virtif_clone_destroy(struct rk_ifnet *ifp)
{
	virtif_detach(ifp);
	return 0;
}

static struct rk_if_cloner virtif_cloner = {
	.ifc_name = VIRTIF_BASE,
	.ifc_create = virtif_clone_create,
	.ifc_destroy = virtif_clone_destroy,
};

void rk_virtif_attach(void)
{
	virtifs = NULL;
	rk_if_cloner_register(&virtif_cloner);
}

/* The host's pieces of a frame as one packet, or NULL (counted). */
static struct rk_mbuf *virtif_frame(struct virtif_sc *sc, struct iovec *iov,
				    size_t iovcnt)
{
	struct rk_mbuf *m;
	size_t len = 0, off = 0, i;

	for (i = 0; i < iovcnt; i++)
		len += iov[i].iov_len;
	if (len < 14 || len > VIRTIF_MAXFRAME) {
		sc->sc_if.if_stats.ierrors++;
		return NULL;
	}
	m = rk_m_getchain(len, 64);
	if (!m) {
		sc->sc_if.if_stats.iqdrops++;
		return NULL;
	}
	for (i = 0; i < iovcnt; i++) {
		rk_m_copyback(m, off, iov[i].iov_len, iov[i].iov_base);
		off += iov[i].iov_len;
	}
	return m;
}

static void virtif_input(struct virtif_sc *sc, struct rk_mbuf *m)
{
	if (sc->sc_rx_inline)
		rk_if_input_direct(&sc->sc_if, m);
	else
		rk_if_input(&sc->sc_if, m);
}

/* The upcall: frames from the host, called scheduled (not locked). */
void rump_virtif_virt_deliverpkt(struct virtif_sc *sc, struct iovec *iov,
				 size_t iovcnt)
{
	struct rk_mbuf *m = virtif_frame(sc, iov, iovcnt);

	if (m)
		virtif_input(sc, m);
}

/* Where a frame's IPv4 header and its fields are (a driver sees no
 * stack internals). */
#define VM_ETHERTYPE_IP	0x0800
#define VM_IP		14		/* after the Ethernet header */
#define VM_IP_FRAG	0x3fff		/* MF and the fragment offset */
#define VM_PROTO_TCP	6
#define VM_PROTO_UDP	17

/*
 * Check what the host says of frame m against m itself, under the
 * offloads granted: a checksum left unfilled must be the TCP or UDP
 * checksum of an unfragmented IPv4 packet (at csum_start, the end of
 * its IP header), a GSO frame a TCP segment with such a checksum.  Then
 * the data need no checksum verification (RK_M_CSUM_OK); the stack
 * checks every length as for any frame.  0, or RK_EINVAL: drop m.
 */
int rk_virtif_meta_apply(struct rk_mbuf *m,
			 const struct rumpcomp_virt_meta *meta, int granted);
int rk_virtif_meta_apply(struct rk_mbuf *m,
			 const struct rumpcomp_virt_meta *meta, int granted)
{
	uint8_t h[VM_IP + 20];
	size_t l4;
	int proto;

	if (meta->flags & ~RUMPCOMP_VIRT_META_NEEDS_CSUM)
		return RK_EINVAL;
	if (meta->gso_type != RUMPCOMP_VIRT_GSO_NONE &&
	    (meta->gso_type != RUMPCOMP_VIRT_GSO_TCPV4 ||
	     !(granted & RUMPCOMP_VIRT_OFL_RXTSO4) || meta->gso_size == 0 ||
	     !(meta->flags & RUMPCOMP_VIRT_META_NEEDS_CSUM)))
		return RK_EINVAL;
	if (!(meta->flags & RUMPCOMP_VIRT_META_NEEDS_CSUM))
		return 0;
	if (!(granted & RUMPCOMP_VIRT_OFL_RXCSUM) || m->m_pktlen < sizeof(h))
		return RK_EINVAL;
	rk_m_copydata(m, 0, sizeof(h), h);
	if ((h[12] << 8 | h[13]) != VM_ETHERTYPE_IP || (h[VM_IP] >> 4) != 4 ||
	    (h[VM_IP] & 0x0f) < 5 || ((h[VM_IP + 6] << 8 | h[VM_IP + 7]) &
				     VM_IP_FRAG))
		return RK_EINVAL;
	l4 = VM_IP + (size_t)(h[VM_IP] & 0x0f) * 4;
	proto = h[VM_IP + 9];
	if (meta->csum_start != l4 ||
	    l4 + meta->csum_offset + 2 > m->m_pktlen ||
	    !((proto == VM_PROTO_TCP && meta->csum_offset == 16) ||
	      (proto == VM_PROTO_UDP && meta->csum_offset == 6 &&
	       meta->gso_type == RUMPCOMP_VIRT_GSO_NONE)))
		return RK_EINVAL;
	m->m_flags |= RK_M_CSUM_OK;
	return 0;
}

/* The offload upcall: a frame with the host's metadata (virtif.h). */
void rump_virtif_virt_deliverpkt_meta(struct virtif_sc *sc,
				      struct iovec *iov, size_t iovcnt,
				      const struct rumpcomp_virt_meta *meta)
{
	struct rk_mbuf *m = virtif_frame(sc, iov, iovcnt);

	if (!m)
		return;
	if (!meta || rk_virtif_meta_apply(m, meta, sc->sc_offload) != 0) {
		rk_m_freem(m);
		sc->sc_if.if_stats.ierrors++;
		return;
	}
	virtif_input(sc, m);
}
