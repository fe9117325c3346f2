// SPDX-License-Identifier: BSD-2-Clause
/* Ethernet II framing: input demultiplexing and output. */
#include <rk/lib.h>
#include <rk/errno.h>
#include <rump/rumpdefs.h>

#include "net.h"

const uint8_t rk_etherbroadcast[RK_ETHER_ADDR_LEN] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};

void rk_ether_input(struct rk_ifnet *ifp, struct rk_mbuf *m)
{
	const uint8_t *eh;
	uint16_t type;

	m = rk_m_pullup(m, RK_ETHER_HDR_LEN);
	if (!m) {
		ifp->if_stats.ierrors++;
		return;
	}
	eh = m->m_data;
	type = rk_be16(eh + 12);
	if (rk_memcmp(eh, rk_etherbroadcast, RK_ETHER_ADDR_LEN) == 0)
		m->m_flags |= RK_M_BCAST;
	else if (eh[0] & 1)
		m->m_flags |= RK_M_MCAST;
	else if (rk_memcmp(eh, ifp->if_lladdr, RK_ETHER_ADDR_LEN) != 0 &&
		 !(ifp->if_flags & RUMP_IFF_PROMISC))
		goto drop;
	/* Our own frames reflected back (a hub, a bridge) are ignored. */
	if (rk_memcmp(eh + 6, ifp->if_lladdr, RK_ETHER_ADDR_LEN) == 0)
		goto drop;
	rk_m_adj(m, RK_ETHER_HDR_LEN);
	switch (type) {
	case RK_ETHERTYPE_IP:
		if (m->m_flags & RK_M_MCAST)
			goto drop;	/* no multicast groups joined */
		rk_ip_input(ifp, m);
		return;
	case RK_ETHERTYPE_ARP:
		rk_arp_input(ifp, m);
		return;
	}
drop:
	rk_m_freem(m);
}

int rk_ether_send(struct rk_ifnet *ifp, struct rk_mbuf *m, const uint8_t *dst,
		  uint16_t type)
{
	uint8_t *eh;

	m = rk_m_prepend(m, RK_ETHER_HDR_LEN);
	if (!m)
		return RK_ENOBUFS;
	eh = m->m_data;
	rk_memcpy(eh, dst, RK_ETHER_ADDR_LEN);
	rk_memcpy(eh + 6, ifp->if_lladdr, RK_ETHER_ADDR_LEN);
	rk_put16(eh + 12, type);
	return rk_if_enqueue(ifp, m);
}
