// SPDX-License-Identifier: BSD-2-Clause
/*
 * ARP (RFC 826) for IPv4 over Ethernet: a cache of resolved addresses
 * that expire, requests retried while packets wait (a few per entry),
 * replies to requests for our addresses, and gratuitous announcements
 * (RFC 5227's ARP announcement) when an address comes up.
 */
#include <rk/lib.h>
#include <rk/kmem.h>
#include <rk/errno.h>
#include <rk/printf.h>
#include <rump/rumpdefs.h>

#include "net.h"

#define ARP_MAXENTRIES	512
#define ARP_MAXHOLD	64		/* packets waiting per entry (a whole
				   fragmented 64 KiB datagram) */
#define ARP_REACHABLE	(1200LL * 1000000000LL)	/* 20 minutes */
#define ARP_RETRY	(1000LL * 1000000LL)	/* 1 s between requests */
#define ARP_MAXTRIES	3
#define ARP_DOWNTIME	(20LL * 1000000000LL)	/* unanswered: refuse 20 s */

#define ARPOP_REQUEST	1
#define ARPOP_REPLY	2
#define ARP_LEN		28

enum { LL_INCOMPLETE, LL_REACHABLE, LL_FAILED };

struct llentry {
	uint32_t la_addr;
	struct rk_ifnet *la_ifp;
	uint8_t la_mac[RK_ETHER_ADDR_LEN];
	int la_state;
	int la_asked;
	int64_t la_expire;		/* next event */
	struct rk_mbuf *la_hold;	/* packets waiting, by nextpkt */
	int la_nhold;
	struct llentry *la_next;
};

static struct llentry *arptab;
static int arpcount;

int rk_arp_count(void)
{
	return arpcount;
}

static struct llentry *arp_find(struct rk_ifnet *ifp, uint32_t addr)
{
	struct llentry *la;

	for (la = arptab; la; la = la->la_next)
		if (la->la_addr == addr && la->la_ifp == ifp)
			return la;
	return NULL;
}

static void arp_free(struct llentry *la)
{
	struct llentry **pp;

	for (pp = &arptab; *pp; pp = &(*pp)->la_next) {
		if (*pp == la) {
			*pp = la->la_next;
			break;
		}
	}
	rk_m_freeq(la->la_hold);
	rk_kmem_free(la, sizeof(*la));
	arpcount--;
}

/* A new entry; the table never grows past ARP_MAXENTRIES (the entry
 * closest to expiry makes room). */
static struct llentry *arp_new(struct rk_ifnet *ifp, uint32_t addr)
{
	struct llentry *la, *old = NULL;

	if (arpcount >= ARP_MAXENTRIES) {
		for (la = arptab; la; la = la->la_next)
			if (!old || la->la_expire < old->la_expire)
				old = la;
		arp_free(old);
	}
	la = rk_kmem_zalloc(sizeof(*la), RK_KM_NOSLEEP);
	if (!la)
		return NULL;
	la->la_addr = addr;
	la->la_ifp = ifp;
	la->la_state = LL_INCOMPLETE;
	la->la_next = arptab;
	arptab = la;
	arpcount++;
	rk_net_timer_kick();
	return la;
}

static void arp_send(struct rk_ifnet *ifp, int op, const uint8_t *tha,
		     uint32_t tpa, const uint8_t *dst)
{
	struct rk_mbuf *m = rk_m_get(ARP_LEN, RK_MHEADROOM);
	uint8_t *p;
	uint32_t spa = ifp->if_addr;

	if (!m)
		return;
	p = m->m_data;
	rk_put16(p, 1);			/* Ethernet */
	rk_put16(p + 2, RK_ETHERTYPE_IP);
	p[4] = RK_ETHER_ADDR_LEN;
	p[5] = 4;
	rk_put16(p + 6, (uint16_t)op);
	rk_memcpy(p + 8, ifp->if_lladdr, RK_ETHER_ADDR_LEN);
	rk_memcpy(p + 14, &spa, 4);
	rk_memcpy(p + 18, tha, RK_ETHER_ADDR_LEN);
	rk_memcpy(p + 24, &tpa, 4);
	rk_ether_send(ifp, m, dst, RK_ETHERTYPE_ARP);
}

static void arp_request(struct rk_ifnet *ifp, uint32_t tpa)
{
	static const uint8_t zero[RK_ETHER_ADDR_LEN];

	arp_send(ifp, ARPOP_REQUEST, zero, tpa, rk_etherbroadcast);
}

void rk_arp_announce(struct rk_ifnet *ifp)
{
	if (ifp->if_type == RK_IFT_ETHER && ifp->if_addr &&
	    (ifp->if_flags & RUMP_IFF_RUNNING))
		arp_request(ifp, ifp->if_addr);
}

int rk_arp_resolve(struct rk_ifnet *ifp, uint32_t nexthop,
		   struct rk_mbuf *m, uint8_t *dst)
{
	struct llentry *la = arp_find(ifp, nexthop);

	if (la && la->la_state == LL_REACHABLE) {
		rk_memcpy(dst, la->la_mac, RK_ETHER_ADDR_LEN);
		return 0;
	}
	if (la && la->la_state == LL_FAILED) {
		rk_m_freem(m);
		return RK_EHOSTDOWN;
	}
	if (!la) {
		la = arp_new(ifp, nexthop);
		if (!la) {
			rk_m_freem(m);
			return RK_ENOBUFS;
		}
	}
	/* Kept past this call: lent data becomes our own. */
	m = rk_m_unborrow(m);
	if (!m)
		return RK_ENOBUFS;
	/* Keep the newest packets: drop the oldest when full. */
	if (la->la_nhold >= ARP_MAXHOLD) {
		struct rk_mbuf *old = la->la_hold;

		la->la_hold = old->m_nextpkt;
		la->la_nhold--;
		rk_m_freem(old);
	}
	m->m_nextpkt = NULL;
	if (!la->la_hold) {
		la->la_hold = m;
	} else {
		struct rk_mbuf *t = la->la_hold;

		while (t->m_nextpkt)
			t = t->m_nextpkt;
		t->m_nextpkt = m;
	}
	la->la_nhold++;
	if (la->la_asked == 0) {
		la->la_asked = 1;
		la->la_expire = rk_net_now() + ARP_RETRY;
		arp_request(ifp, nexthop);
	}
	return RK_EINPROGRESS;
}

/* The answer came: send what waited. */
static void arp_resolved(struct llentry *la, const uint8_t *mac)
{
	struct rk_mbuf *m, *next;

	rk_memcpy(la->la_mac, mac, RK_ETHER_ADDR_LEN);
	la->la_state = LL_REACHABLE;
	la->la_asked = 0;
	la->la_expire = rk_net_now() + ARP_REACHABLE;
	m = la->la_hold;
	la->la_hold = NULL;
	la->la_nhold = 0;
	for (; m; m = next) {
		next = m->m_nextpkt;
		m->m_nextpkt = NULL;
		rk_ether_send(la->la_ifp, m, mac, RK_ETHERTYPE_IP);
	}
}

static bool bad_sender(struct rk_ifnet *ifp, const uint8_t *sha, uint32_t spa)
{
	if (sha[0] & 1)		/* broadcast or multicast hardware address */
		return true;
	if (rk_memcmp(sha, ifp->if_lladdr, RK_ETHER_ADDR_LEN) == 0)
		return true;
	return spa == RK_INADDR_BCAST || rk_in_multicast(spa) ||
	       rk_in_broadcast(spa, ifp);
}

void rk_arp_input(struct rk_ifnet *ifp, struct rk_mbuf *m)
{
	uint8_t pkt[ARP_LEN], sha[RK_ETHER_ADDR_LEN];
	uint32_t spa, tpa;
	struct llentry *la;
	int op;

	if (m->m_pktlen < ARP_LEN)
		goto drop;
	rk_m_copydata(m, 0, ARP_LEN, pkt);
	if (rk_be16(pkt) != 1 || rk_be16(pkt + 2) != RK_ETHERTYPE_IP ||
	    pkt[4] != RK_ETHER_ADDR_LEN || pkt[5] != 4)
		goto drop;
	op = rk_be16(pkt + 6);
	rk_memcpy(sha, pkt + 8, RK_ETHER_ADDR_LEN);
	spa = rk_get32n(pkt + 14);
	tpa = rk_get32n(pkt + 24);
	if ((op != ARPOP_REQUEST && op != ARPOP_REPLY) ||
	    bad_sender(ifp, sha, spa))
		goto drop;
	if (ifp->if_addr && spa == ifp->if_addr) {
		rk_printf("arp: %s: address in use by another host\n",
			  ifp->if_xname);
		goto drop;
	}
	la = spa ? arp_find(ifp, spa) : NULL;
	/* Update what we know; learn the sender when it talks to us. */
	if (!la && spa && ifp->if_addr && tpa == ifp->if_addr)
		la = arp_new(ifp, spa);
	if (la)
		arp_resolved(la, sha);
	if (op == ARPOP_REQUEST && ifp->if_addr && tpa == ifp->if_addr)
		arp_send(ifp, ARPOP_REPLY, sha, spa, sha);
drop:
	rk_m_freem(m);
}

void rk_arp_ifdetach(struct rk_ifnet *ifp)
{
	struct llentry *la, *next;

	for (la = arptab; la; la = next) {
		next = la->la_next;
		if (la->la_ifp == ifp)
			arp_free(la);
	}
}

bool rk_arp_timer(int64_t now)
{
	struct llentry *la, *next;

	for (la = arptab; la; la = next) {
		next = la->la_next;
		if (now < la->la_expire || la->la_expire == 0)
			continue;
		if (la->la_state == LL_INCOMPLETE &&
		    la->la_asked < ARP_MAXTRIES) {
			la->la_asked++;
			la->la_expire = now + ARP_RETRY;
			arp_request(la->la_ifp, la->la_addr);
		} else if (la->la_state == LL_INCOMPLETE) {
			/* No answer: refuse for a while, drop the waiters. */
			la->la_state = LL_FAILED;
			la->la_expire = now + ARP_DOWNTIME;
			rk_m_freeq(la->la_hold);
			la->la_hold = NULL;
			la->la_nhold = 0;
		} else {
			arp_free(la);
		}
	}
	return arptab != NULL;
}

void rk_arp_fini(void)
{
	while (arptab)
		arp_free(arptab);
}
