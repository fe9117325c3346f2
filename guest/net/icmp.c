// SPDX-License-Identifier: BSD-2-Clause
/*
 * ICMP (RFC 792, RFC 1122 3.2.2): echo replies, errors sent (rate
 * limited, never about errors, broadcasts or later fragments), errors
 * received passed to the transport, everything copied to raw ICMP
 * sockets (ping).
 */
#include <rk/lib.h>
#include <rk/errno.h>
#include <rump/rumpdefs.h>

#include "net.h"

#define ICMP_MINLEN	8
#define ICMP_ERRPERSEC	100

static int64_t err_second;
static int err_count;

static bool icmp_ratelimit(void)
{
	int64_t sec = rk_net_now() / 1000000000LL;

	if (sec != err_second) {
		err_second = sec;
		err_count = 0;
	}
	return ++err_count > ICMP_ERRPERSEC;
}

static bool is_error_type(int type)
{
	return type == RK_ICMP_UNREACH || type == RK_ICMP_TIMXCEED ||
	       type == RK_ICMP_PARAMPROB || type == 4 /* source quench */ ||
	       type == 5 /* redirect */;
}

/* May an error be sent about this packet (RFC 1122 3.2.2)? */
static bool may_send_error(const struct rk_mbuf *m, const uint8_t *ip,
			   size_t hlen)
{
	uint32_t src = rk_get32n(ip + 12), dst = rk_get32n(ip + 16);
	uint8_t type;

	if (m->m_flags & (RK_M_BCAST | RK_M_MCAST))
		return false;
	if (dst == RK_INADDR_BCAST || rk_in_multicast(dst) ||
	    rk_in_broadcast(dst, NULL))
		return false;
	if (src == RK_INADDR_ANY || src == RK_INADDR_BCAST ||
	    rk_in_multicast(src) || rk_in_broadcast(src, NULL))
		return false;
	if (rk_be16(ip + 6) & RK_IP_OFFMASK)
		return false;
	if (ip[9] == RK_IPPROTO_ICMP) {
		if (m->m_pktlen < hlen + 1)
			return false;
		rk_m_copydata(m, hlen, 1, &type);
		if (is_error_type(type))
			return false;
	}
	return true;
}

void rk_icmp_error(struct rk_mbuf *m, int type, int code, uint32_t info)
{
	uint8_t ip[60];
	size_t hlen, quote;
	struct rk_mbuf *n;
	uint8_t *p;

	rk_m_copydata(m, 0, RK_IP_HDR_LEN, ip);
	hlen = (size_t)(ip[0] & 0x0f) << 2;
	if (hlen > m->m_pktlen || !may_send_error(m, ip, hlen) ||
	    icmp_ratelimit())
		goto out;
	/* The header and the first 8 bytes of the payload (RFC 792). */
	quote = RK_MIN((size_t)m->m_pktlen, hlen + 8);
	n = rk_m_get(ICMP_MINLEN + quote, RK_MHEADROOM);
	if (!n)
		goto out;
	p = n->m_data;
	p[0] = (uint8_t)type;
	p[1] = (uint8_t)code;
	rk_put16(p + 2, 0);
	rk_put32(p + 4, info);
	rk_m_copydata(m, 0, quote, p + ICMP_MINLEN);
	rk_put16(p + 2, rk_in_fold(rk_in_sum(p, n->m_pktlen, 0)));
	rk_ip_output(n, 0, rk_get32n(ip + 12), RK_IPPROTO_ICMP, NULL);
out:
	rk_m_freem(m);
}

static void icmp_reflect(struct rk_mbuf *m, size_t hlen)
{
	uint8_t *ip = m->m_data, *icp;
	uint32_t src = rk_get32n(ip + 12), dst = rk_get32n(ip + 16);
	struct rk_ipopts o = { 0 };

	/* A reply to a broadcast ping comes from our own address. */
	if (!rk_in_ifaddr(dst)) {
		dst = m->m_rcvif ? m->m_rcvif->if_addr : 0;
		if (!dst) {
			rk_m_freem(m);
			return;
		}
	}
	rk_m_adj(m, (long)hlen);	/* options are not reflected */
	m = rk_m_pullup(m, ICMP_MINLEN);
	if (!m)
		return;
	icp = m->m_data;
	icp[0] = RK_ICMP_ECHOREPLY;
	/* Incremental update (RFC 1624) would do; the full sum is short. */
	rk_put16(icp + 2, 0);
	rk_put16(icp + 2, rk_in_fold(rk_m_sum(m, 0, m->m_pktlen, 0)));
	m->m_flags &= ~(RK_M_BCAST | RK_M_MCAST | RK_M_LOOP | RK_M_CSUM_OK);
	rk_ip_output(m, dst, src, RK_IPPROTO_ICMP, &o);
}

/* An error about a packet we sent: tell the protocol that sent it. */
static void icmp_notify(const uint8_t *icp, size_t len)
{
	const uint8_t *oip = icp + ICMP_MINLEN;
	size_t ohlen;

	if (len < ICMP_MINLEN + RK_IP_HDR_LEN)
		return;
	ohlen = (size_t)(oip[0] & 0x0f) << 2;
	if ((oip[0] >> 4) != 4 || ohlen < RK_IP_HDR_LEN ||
	    len < ICMP_MINLEN + ohlen + 8)
		return;
	switch (oip[9]) {
	case RK_IPPROTO_UDP:
		rk_udp_ctlinput(icp[0], icp[1], rk_get32n(oip + 16), oip,
				len - ICMP_MINLEN);
		break;
	case RK_IPPROTO_TCP:
		rk_tcp_ctlinput(icp[0], icp[1], rk_get32n(oip + 16), oip,
				len - ICMP_MINLEN);
		break;
	}
}

void rk_icmp_input(struct rk_ifnet *ifp, struct rk_mbuf *m, size_t hlen)
{
	uint8_t icp[ICMP_MINLEN + 60 + 8];
	size_t len = m->m_pktlen - hlen;

	(void)ifp;
	if (len < ICMP_MINLEN ||
	    (!(m->m_flags & RK_M_LOOP) &&
	     rk_in_fold(rk_m_sum(m, hlen, len, 0)) != 0)) {
		rk_m_freem(m);
		return;
	}
	rk_m_copydata(m, hlen, RK_MIN(len, sizeof(icp)), icp);
	rk_rawip_input(m, RK_IPPROTO_ICMP);
	if (is_error_type(icp[0])) {
		icmp_notify(icp, RK_MIN(len, sizeof(icp)));
	} else if (icp[0] == RK_ICMP_ECHO) {
		icmp_reflect(m, hlen);
		return;
	}
	rk_m_freem(m);
}
