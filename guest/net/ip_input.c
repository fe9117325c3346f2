// SPDX-License-Identifier: BSD-2-Clause
/*
 * IPv4 input (RFC 791, RFC 1122 3.2.1): header checks, options checks,
 * whether the packet is for us, reassembly, and the protocol switch.
 * The stack is a host: packets for other hosts are dropped.
 */
#include <rk/lib.h>
#include <rk/errno.h>
#include <rump/rumpdefs.h>

#include "net.h"

/* ip_reass.c: the whole datagram once complete, or NULL. */
struct rk_mbuf *rk_ip_reass(struct rk_mbuf *m, size_t hlen);

#define IPOPT_EOL	0
#define IPOPT_NOP	1

/* Walk the options; the offset of a malformed one, or 0 if all fine. */
static size_t ip_checkopts(const uint8_t *ip, size_t hlen)
{
	size_t off = RK_IP_HDR_LEN, len;

	while (off < hlen) {
		if (ip[off] == IPOPT_EOL)
			break;
		if (ip[off] == IPOPT_NOP) {
			off++;
			continue;
		}
		if (off + 1 >= hlen)
			return off;
		len = ip[off + 1];
		if (len < 2 || off + len > hlen)
			return off + 1;
		off += len;
	}
	return 0;
}

static bool ip_ours(struct rk_ifnet *ifp, uint32_t dst, struct rk_mbuf *m)
{
	if (rk_in_ifaddr(dst))
		return true;
	if (dst == RK_INADDR_BCAST || rk_in_broadcast(dst, ifp))
		return true;
	/* An interface without an address (DHCP in progress) takes what
	 * reaches it; only a bound socket can want it anyway. */
	(void)m;
	return !ifp->if_addr && ifp->if_type == RK_IFT_ETHER;
}

static void ip_deliver(struct rk_ifnet *ifp, struct rk_mbuf *m, size_t hlen)
{
	int proto = ((uint8_t *)m->m_data)[9];

	switch (proto) {
	case RK_IPPROTO_ICMP:
		rk_icmp_input(ifp, m, hlen);
		return;
	case RK_IPPROTO_UDP:
		rk_udp_input(m, hlen);
		return;
	case RK_IPPROTO_TCP:
		rk_tcp_input(m, hlen);
		return;
	}
	if (!rk_rawip_input(m, proto) &&
	    !(m->m_flags & (RK_M_BCAST | RK_M_MCAST))) {
		rk_icmp_error(m, RK_ICMP_UNREACH, RK_ICMP_UNREACH_PROTOCOL, 0);
		return;
	}
	rk_m_freem(m);
}

void rk_ip_input(struct rk_ifnet *ifp, struct rk_mbuf *m)
{
	const uint8_t *ip;
	size_t hlen, len, bad;
	uint32_t src, dst;
	uint16_t off;

	m = rk_m_pullup(m, RK_IP_HDR_LEN);
	if (!m)
		goto err;
	ip = m->m_data;
	hlen = (size_t)(ip[0] & 0x0f) << 2;
	if ((ip[0] >> 4) != 4 || hlen < RK_IP_HDR_LEN)
		goto bad;
	m = rk_m_pullup(m, hlen);
	if (!m)
		goto err;
	ip = m->m_data;
	if (!(m->m_flags & RK_M_LOOP) && rk_in_fold(rk_in_sum(ip, hlen, 0)))
		goto bad;
	len = rk_be16(ip + 2);
	if (len < hlen || len > m->m_pktlen)
		goto bad;
	if (m->m_pktlen > len)
		rk_m_adj(m, -(long)(m->m_pktlen - len));
	src = rk_get32n(ip + 12);
	dst = rk_get32n(ip + 16);
	/* Martians: a source that cannot be, or that is one of our own
	 * addresses coming in from a link (spoofed: RFC 1812 5.3.7). */
	if (src == RK_INADDR_BCAST || rk_in_multicast(src) ||
	    (ifp->if_type != RK_IFT_LOOP &&
	     (rk_in_loopback(src) || rk_in_ifaddr(src))) ||
	    !ip_ours(ifp, dst, m))
		goto bad;
	bad = hlen > RK_IP_HDR_LEN ? ip_checkopts(ip, hlen) : 0;
	if (bad) {
		rk_icmp_error(m, RK_ICMP_PARAMPROB, 0, (uint32_t)bad << 24);
		return;
	}
	off = rk_be16(ip + 6);
	if (off & (RK_IP_MF | RK_IP_OFFMASK)) {
		/* A whole datagram's checksum is the fragments' to prove. */
		m->m_flags &= ~RK_M_CSUM_OK;
		m = rk_ip_reass(m, hlen);
		if (!m)
			return;
		ip = m->m_data;
		hlen = (size_t)(ip[0] & 0x0f) << 2;
	}
	ip_deliver(ifp, m, hlen);
	return;
bad:
	rk_m_freem(m);
err:
	ifp->if_stats.ierrors++;
}
