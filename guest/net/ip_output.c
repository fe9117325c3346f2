// SPDX-License-Identifier: BSD-2-Clause
/*
 * IPv4 output: route, source address, header, checksum, fragmentation
 * when the packet is larger than the interface's MTU.
 */
#include <rk/lib.h>
#include <rk/errno.h>
#include <rump/rumpdefs.h>

#include "net.h"

static uint16_t ip_id;

static uint32_t pseudo_sum(size_t len, uint32_t src, uint32_t dst,
			   int proto)
{
	uint8_t ph[12];

	rk_memcpy(ph, &src, 4);
	rk_memcpy(ph + 4, &dst, 4);
	ph[8] = 0;
	ph[9] = (uint8_t)proto;
	rk_put16(ph + 10, (uint16_t)len);
	return rk_in_sum(ph, sizeof(ph), 0);
}

uint16_t rk_in_pseudo_sum(size_t len, uint32_t src, uint32_t dst,
			  int proto)
{
	return (uint16_t)~rk_in_fold(pseudo_sum(len, src, dst, proto));
}

uint16_t rk_in_pseudo_cksum(const struct rk_mbuf *m, size_t off, size_t len,
			    uint32_t src, uint32_t dst, int proto)
{
	return rk_in_fold(rk_m_sum(m, off, len, pseudo_sum(len, src, dst,
							  proto)));
}

/* The limited broadcast leaves by the first Ethernet that is up. */
static struct rk_ifnet *bcast_ifp(void)
{
	struct rk_ifnet *ifp;

	for (ifp = rk_ifnet_list; ifp; ifp = ifp->if_next)
		if (ifp->if_type == RK_IFT_ETHER &&
		    (ifp->if_flags & RUMP_IFF_UP))
			return ifp;
	return NULL;
}

uint32_t rk_ip_srcaddr(uint32_t dst)
{
	struct rk_ifnet *ifp;
	uint32_t nh;

	if (rk_in_ifaddr(dst))
		return dst;
	if (dst == RK_INADDR_BCAST) {
		ifp = bcast_ifp();
		return ifp ? ifp->if_addr : 0;
	}
	if (rk_rt_lookup(dst, &ifp, &nh) != 0)
		return 0;
	return ifp->if_addr;
}

int rk_ip_ifcaps(uint32_t dst)
{
	struct rk_ifnet *ifp;
	uint32_t nh;

	if (rk_in_ifaddr(dst) || rk_rt_lookup(dst, &ifp, &nh) != 0)
		return 0;
	return ifp->if_capenable;
}

/*
 * m was built for offloads its interface does not take (the route
 * changed since TCP looked): finish the checksum here; a segment too
 * long for the interface is dropped (TCP retransmits it, cut to size).
 */
static int ip_offload_fallback(struct rk_ifnet *ifp, struct rk_mbuf *m)
{
	size_t hlen = (size_t)(rk_mtod(m, uint8_t *)[0] & 0x0f) << 2;
	uint8_t sum[2];

	if ((m->m_flags & RK_M_TSO) && !(ifp->if_capenable & RK_IFCAP_TSO4))
		return RK_ENOBUFS;
	if ((m->m_flags & RK_M_CSUM_TX) &&
	    !(ifp->if_capenable & RK_IFCAP_TXCSUM_TCP4)) {
		rk_put16(sum, rk_in_fold(rk_m_sum(m, hlen, m->m_pktlen - hlen,
						  0)));
		rk_m_copyback(m, hlen + 16, 2, sum);
		m->m_flags &= ~RK_M_CSUM_TX;
	}
	return 0;
}

int rk_ip_mtu(uint32_t dst)
{
	struct rk_ifnet *ifp;
	uint32_t nh;

	if (rk_rt_lookup(dst, &ifp, &nh) != 0)
		return 576;
	return ifp->if_mtu;
}

static void ip_header(uint8_t *ip, size_t len, uint16_t id, uint16_t off,
		      uint32_t src, uint32_t dst, int proto,
		      const struct rk_ipopts *o)
{
	ip[0] = 0x45;
	ip[1] = o ? o->tos : 0;
	rk_put16(ip + 2, (uint16_t)len);
	rk_put16(ip + 4, id);
	rk_put16(ip + 6, off);
	ip[8] = o && o->ttl ? o->ttl : RK_IP_DEFTTL;
	ip[9] = (uint8_t)proto;
	rk_put16(ip + 10, 0);
	rk_memcpy(ip + 12, &src, 4);
	rk_memcpy(ip + 16, &dst, 4);
	rk_put16(ip + 10, rk_in_fold(rk_in_sum(ip, RK_IP_HDR_LEN, 0)));
}

/* Send m (a whole IP packet, header at the front) in pieces. */
static int ip_fragment(struct rk_ifnet *ifp, struct rk_mbuf *m,
		       uint32_t nexthop)
{
	uint8_t *ip = m->m_data, hdr[RK_IP_HDR_LEN];
	size_t hlen = (size_t)(ip[0] & 0x0f) << 2;
	size_t total = m->m_pktlen - hlen, chunk, off;
	uint16_t base = rk_be16(ip + 6);
	int error = 0;

	chunk = ((size_t)ifp->if_mtu - RK_IP_HDR_LEN) & ~(size_t)7;
	rk_memcpy(hdr, ip, RK_IP_HDR_LEN);	/* options are not copied */
	hdr[0] = 0x45;
	for (off = 0; off < total && error == 0; off += chunk) {
		size_t n = RK_MIN(chunk, total - off);
		struct rk_mbuf *f = rk_m_copym(m, hlen + off, n, RK_MHEADROOM);
		uint16_t fo = (uint16_t)((base & RK_IP_OFFMASK) + off / 8);
		uint8_t *fip;

		if (!f) {
			error = RK_ENOBUFS;
			break;
		}
		f->m_flags = m->m_flags;
		f = rk_m_prepend(f, RK_IP_HDR_LEN);
		if (!f) {
			error = RK_ENOBUFS;
			break;
		}
		fip = f->m_data;
		rk_memcpy(fip, hdr, RK_IP_HDR_LEN);
		if (off + n < total || (base & RK_IP_MF))
			fo |= RK_IP_MF;
		rk_put16(fip + 2, (uint16_t)(n + RK_IP_HDR_LEN));
		rk_put16(fip + 6, fo);
		rk_put16(fip + 10, 0);
		rk_put16(fip + 10, rk_in_fold(rk_in_sum(fip, RK_IP_HDR_LEN, 0)));
		error = ifp->if_output(ifp, f, nexthop);
	}
	rk_m_freem(m);
	return error;
}

static int ip_route(uint32_t dst, const struct rk_ipopts *o,
		    struct rk_ifnet **ifpp, uint32_t *nhp)
{
	if (o && o->ifp) {
		if (!(o->ifp->if_flags & RUMP_IFF_UP))
			return RK_ENETDOWN;
		*ifpp = o->ifp;
		*nhp = dst;
		return 0;
	}
	if (dst == RK_INADDR_BCAST) {
		*ifpp = bcast_ifp();
		*nhp = dst;
		return *ifpp ? 0 : RK_ENETUNREACH;
	}
	return rk_rt_lookup(dst, ifpp, nhp);
}

int rk_ip_output(struct rk_mbuf *m, uint32_t src, uint32_t dst, int proto,
		 const struct rk_ipopts *o)
{
	struct rk_ifnet *ifp;
	uint32_t nexthop;
	int flags = o ? o->flags : 0, error;
	uint8_t *ip;

	error = ip_route(dst, o, &ifp, &nexthop);
	if (error)
		goto drop;
	if ((dst == RK_INADDR_BCAST || rk_in_broadcast(dst, ifp)) &&
	    !(flags & RK_IPO_BROADCAST)) {
		error = RK_EACCES;
		goto drop;
	}
	if (dst == RK_INADDR_BCAST)
		m->m_flags |= RK_M_BCAST;
	if (!(flags & RK_IPO_RAWHDR)) {
		if (src == RK_INADDR_ANY && !(o && o->ifp))
			src = ifp->if_addr;
		m = rk_m_prepend(m, RK_IP_HDR_LEN);
		if (!m)
			return RK_ENOBUFS;
		ip_header(m->m_data, m->m_pktlen, ip_id++,
			  (flags & RK_IPO_DF) ? RK_IP_DF : 0, src, dst, proto,
			  o);
	}
	if (m->m_pktlen > RK_IP_MAXPACKET) {
		error = RK_EMSGSIZE;
		goto drop;
	}
	if (m->m_flags & (RK_M_CSUM_TX | RK_M_TSO)) {
		error = ip_offload_fallback(ifp, m);
		if (error)
			goto drop;
	}
	if (m->m_pktlen <= (uint32_t)ifp->if_mtu || (m->m_flags & RK_M_TSO))
		return ifp->if_output(ifp, m, nexthop);
	ip = m->m_data;
	if (rk_be16(ip + 6) & RK_IP_DF) {
		error = RK_EMSGSIZE;
		goto drop;
	}
	return ip_fragment(ifp, m, nexthop);
drop:
	rk_m_freem(m);
	return error;
}
