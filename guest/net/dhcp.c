// SPDX-License-Identifier: BSD-2-Clause
/*
 * A one-shot DHCP client (RFC 2131, options RFC 2132): DISCOVER, OFFER,
 * REQUEST, ACK on one interface, then the lease's address, netmask and
 * router are applied.  Runs in the caller's context with the net lock
 * held (it sleeps on a socket with the lock as interlock).  The lease is
 * not renewed (one shot, as NetBSD's).
 */
#include <rk/lib.h>
#include <rk/errno.h>
#include <rk/kmem.h>
#include <rk/printf.h>
#include <rump/rumpdefs.h>

#include "net.h"

#define DHCP_SPORT	68
#define DHCP_DPORT	67
#define DHCP_FIXED	236
#define DHCP_MINLEN	(DHCP_FIXED + 4)
#define DHCP_MAXLEN	1024
#define DHCP_TRIES	4
#define DHCP_WAIT	(2LL * 1000000000LL)

enum { DISCOVER = 1, OFFER = 2, REQUEST = 3, ACK = 5, NAK = 6 };

#define OPT_PAD		0
#define OPT_MASK	1
#define OPT_ROUTER	3
#define OPT_REQADDR	50
#define OPT_LEASE	51
#define OPT_MSGTYPE	53
#define OPT_SERVER	54
#define OPT_PARAMS	55
#define OPT_END		255

struct lease {
	uint32_t addr, mask, router, server;
	int type;
};



static const uint8_t cookie[4] = { 99, 130, 83, 99 };

static size_t build(uint8_t *p, struct rk_ifnet *ifp, uint32_t xid, int type,
		    const struct lease *l)
{
	size_t n = DHCP_FIXED;

	rk_memset(p, 0, DHCP_MAXLEN);
	p[0] = 1;			/* BOOTREQUEST */
	p[1] = 1;			/* Ethernet */
	p[2] = RK_ETHER_ADDR_LEN;
	rk_put32(p + 4, xid);
	rk_put16(p + 10, 0x8000);	/* answer by broadcast */
	rk_memcpy(p + 28, ifp->if_lladdr, RK_ETHER_ADDR_LEN);
	rk_memcpy(p + n, cookie, 4);
	n += 4;
	p[n++] = OPT_MSGTYPE;
	p[n++] = 1;
	p[n++] = (uint8_t)type;
	if (type == REQUEST) {
		p[n++] = OPT_REQADDR;
		p[n++] = 4;
		rk_memcpy(p + n, &l->addr, 4);
		n += 4;
		p[n++] = OPT_SERVER;
		p[n++] = 4;
		rk_memcpy(p + n, &l->server, 4);
		n += 4;
	}
	p[n++] = OPT_PARAMS;
	p[n++] = 3;
	p[n++] = OPT_MASK;
	p[n++] = OPT_ROUTER;
	p[n++] = OPT_LEASE;
	p[n++] = OPT_END;
	return RK_MAX(n, (size_t)300);	/* BOOTP's minimum size */
}

static int send_msg(struct rk_ifnet *ifp, const uint8_t *msg, size_t len)
{
	struct rk_ipopts o = { 0 };
	struct rk_mbuf *m = rk_m_get(len + 8, RK_MHEADROOM);
	uint8_t *uh;
	uint16_t sum;

	if (!m)
		return RK_ENOBUFS;
	uh = m->m_data;
	rk_put16(uh, DHCP_SPORT);
	rk_put16(uh + 2, DHCP_DPORT);
	rk_put16(uh + 4, (uint16_t)(len + 8));
	rk_put16(uh + 6, 0);
	rk_memcpy(uh + 8, msg, len);
	sum = rk_in_pseudo_cksum(m, 0, len + 8, 0, RK_INADDR_BCAST,
				 RK_IPPROTO_UDP);
	rk_put16(uh + 6, sum ? sum : 0xffff);
	o.ifp = ifp;
	o.flags = RK_IPO_BROADCAST;
	return rk_ip_output(m, 0, RK_INADDR_BCAST, RK_IPPROTO_UDP, &o);
}

/* Parse a reply for us; false if it is not one. */
static bool parse(const uint8_t *p, size_t len, const uint8_t *mac,
		  uint32_t xid, struct lease *l)
{
	size_t i = DHCP_MINLEN, olen;

	if (len < DHCP_MINLEN || p[0] != 2 || rk_be32(p + 4) != xid ||
	    rk_memcmp(p + 28, mac, RK_ETHER_ADDR_LEN) != 0 ||
	    rk_memcmp(p + DHCP_FIXED, cookie, 4) != 0)
		return false;
	rk_memset(l, 0, sizeof(*l));
	l->addr = rk_get32n(p + 16);
	while (i < len && p[i] != OPT_END) {
		if (p[i] == OPT_PAD) {
			i++;
			continue;
		}
		if (i + 1 >= len || i + 2 + (size_t)p[i + 1] > len)
			return false;
		olen = p[i + 1];
		if (p[i] == OPT_MSGTYPE && olen == 1)
			l->type = p[i + 2];
		else if (p[i] == OPT_MASK && olen == 4)
			l->mask = rk_get32n(p + i + 2);
		else if (p[i] == OPT_ROUTER && olen >= 4)
			l->router = rk_get32n(p + i + 2);
		else if (p[i] == OPT_SERVER && olen == 4)
			l->server = rk_get32n(p + i + 2);
		i += 2 + olen;
	}
	return l->type != 0;
}

/* For the fuzz target: the reply parser on its own. */
bool rk_dhcp_parse(const uint8_t *p, size_t len, const uint8_t *mac,
		   uint32_t xid, uint32_t *addrp)
{
	struct lease l;
	bool ok = parse(p, len, mac, xid, &l);

	*addrp = ok ? l.addr : 0;
	return ok;
}

/* Wait for a reply of one of the types wanted (bit mask). */
static int wait_reply(struct rk_socket *so, struct rk_ifnet *ifp,
		      uint32_t xid, int want, struct lease *l, uint8_t *buf)
{
	int64_t end = rk_net_now() + DHCP_WAIT;
	struct rk_sockbuf *sb = &so->so_rcv;
	struct rk_mbuf *m;
	size_t len;

	for (;;) {
		while ((m = sb->sb_mb) != NULL) {
			sb->sb_mb = m->m_nextpkt;
			if (!sb->sb_mb)
				sb->sb_tail = NULL;
			sb->sb_cc -= m->m_pktlen;
			len = RK_MIN((size_t)m->m_pktlen, (size_t)DHCP_MAXLEN);
			rk_m_copydata(m, 0, len, buf);
			rk_m_freem(m);
			if (parse(buf, len, ifp->if_lladdr, xid, l) &&
			    (want & (1 << l->type)))
				return 0;
		}
		if (rk_net_now() >= end)
			return RK_ETIMEDOUT;
		rk_net_timedwait(&sb->sb_cv, end - rk_net_now());
	}
}

static int exchange(struct rk_socket *so, struct rk_ifnet *ifp, uint8_t *buf,
		    struct lease *l)
{
	uint32_t xid = rk_net_random();
	struct lease offer;
	int tries, error = RK_ETIMEDOUT;
	size_t n;

	for (tries = 0; tries < DHCP_TRIES && error; tries++) {
		n = build(buf, ifp, xid, DISCOVER, NULL);
		send_msg(ifp, buf, n);
		error = wait_reply(so, ifp, xid, 1 << OFFER, &offer, buf);
	}
	if (error)
		return error;
	if (!offer.server || !offer.addr)
		return RK_EPROTONOSUPPORT;
	for (tries = 0, error = RK_ETIMEDOUT; tries < DHCP_TRIES && error;
	     tries++) {
		n = build(buf, ifp, xid, REQUEST, &offer);
		send_msg(ifp, buf, n);
		error = wait_reply(so, ifp, xid, (1 << ACK) | (1 << NAK), l,
				   buf);
	}
	if (error)
		return error;
	if (l->type == NAK)
		return RK_ECONNREFUSED;
	if (!l->addr)
		l->addr = offer.addr;
	return 0;
}

static uint32_t classful_mask(uint32_t addr)
{
	uint32_t h = rk_ntohl(addr);

	if (h >> 31 == 0)
		return rk_htonl(0xff000000U);
	if (h >> 30 == 2)
		return rk_htonl(0xffff0000U);
	return rk_htonl(0xffffff00U);
}

int rk_dhcp_oneshot(struct rk_ifnet *ifp)
{
	struct rk_socket *so;
	uint8_t *buf;
	struct lease l;
	int error;

	if (ifp->if_type != RK_IFT_ETHER)
		return RK_EOPNOTSUPP;
	error = rk_socreate(RUMP_SOCK_DGRAM, RK_IPPROTO_UDP, &so);
	if (error)
		return error;
	so->so_options |= RUMP_SO_BROADCAST | RUMP_SO_REUSEADDR;
	error = so->so_proto->pr_bind(so, RK_INADDR_ANY, rk_htons(DHCP_SPORT));
	if (error == 0) {
		rk_if_deladdr(ifp);
		buf = rk_kmem_alloc(DHCP_MAXLEN, RK_KM_SLEEP);
		error = exchange(so, ifp, buf, &l);
		rk_kmem_free(buf, DHCP_MAXLEN);
	}
	rk_soclose(so);
	if (error)
		return error;
	error = rk_if_setaddr(ifp, l.addr, l.mask ? l.mask :
			      classful_mask(l.addr), 0);
	if (error == 0 && l.router)
		error = rk_rt_add(0, 0, l.router, ifp);
	if (error == 0)
		rk_printf("dhcp: %s: leased %u.%u.%u.%u\n", ifp->if_xname,
			  rk_ntohl(l.addr) >> 24, (rk_ntohl(l.addr) >> 16) & 255,
			  (rk_ntohl(l.addr) >> 8) & 255, rk_ntohl(l.addr) & 255);
	return error;
}
