// SPDX-License-Identifier: BSD-2-Clause
/*
 * UDP (RFC 768): checksummed datagrams to and from sockets; broadcast
 * delivery to every matching socket; ICMP port unreachable when nobody
 * listens; ICMP errors reported to connected sockets (RFC 1122 4.1.3.3).
 */
#include <rk/lib.h>
#include <rk/errno.h>
#include <rump/rumpdefs.h>

#include "net.h"
#include "uipc.h"

#define UDP_HDR_LEN	8

struct rk_inpcbtable rk_udbtable;

static void udp_deliver(struct rk_inpcb *inp, struct rk_mbuf *m, size_t off,
			uint32_t src, uint16_t sport)
{
	struct rk_socket *so = inp->inp_socket;
	struct rk_mbuf *n;

	if (!so || (so->so_state & RK_SS_CANTRCVMORE))
		return;
	n = rk_m_copym(m, off, m->m_pktlen - off, 0);
	if (!n)
		return;
	n->m_faddr = src;
	n->m_fport = sport;
	if (rk_sbappend_record(&so->so_rcv, n))
		rk_sorwakeup(so);
}

static bool udp_match(const struct rk_inpcb *inp, uint32_t src,
		      uint16_t sport, uint32_t dst, uint16_t dport)
{
	if (inp->inp_lport != dport)
		return false;
	if (inp->inp_laddr != RK_INADDR_ANY && inp->inp_laddr != dst &&
	    dst != RK_INADDR_BCAST && !rk_in_broadcast(dst, NULL))
		return false;
	if (inp->inp_faddr != RK_INADDR_ANY &&
	    (inp->inp_faddr != src || inp->inp_fport != sport))
		return false;
	return true;
}

void rk_udp_input(struct rk_mbuf *m, size_t hlen)
{
	uint8_t ip[RK_IP_HDR_LEN], uh[UDP_HDR_LEN];
	uint32_t src, dst;
	uint16_t sport, dport, len, sum;
	struct rk_inpcb *inp, *best = NULL;
	bool bcast;

	if (m->m_pktlen < hlen + UDP_HDR_LEN)
		goto drop;
	rk_m_copydata(m, 0, RK_IP_HDR_LEN, ip);
	rk_m_copydata(m, hlen, UDP_HDR_LEN, uh);
	src = rk_get32n(ip + 12);
	dst = rk_get32n(ip + 16);
	sport = rk_get16n(uh);
	dport = rk_get16n(uh + 2);
	len = rk_be16(uh + 4);
	sum = rk_be16(uh + 6);
	if (len < UDP_HDR_LEN || len > m->m_pktlen - hlen)
		goto drop;
	if (len < m->m_pktlen - hlen)
		rk_m_adj(m, -(long)(m->m_pktlen - hlen - len));
	if (sum != 0 && !(m->m_flags & (RK_M_LOOP | RK_M_CSUM_OK)) &&
	    rk_in_pseudo_cksum(m, hlen, len, src, dst, RK_IPPROTO_UDP) != 0)
		goto drop;
	bcast = dst == RK_INADDR_BCAST || rk_in_broadcast(dst, NULL) ||
		(m->m_flags & RK_M_BCAST);
	for (inp = rk_udbtable.ipt_list; inp; inp = inp->inp_next) {
		if (!udp_match(inp, src, sport, dst, dport))
			continue;
		if (bcast)
			udp_deliver(inp, m, hlen + UDP_HDR_LEN, src, sport);
		else if (!best || (inp->inp_faddr && !best->inp_faddr) ||
			 (inp->inp_laddr && !best->inp_laddr))
			best = inp;
	}
	if (bcast)
		goto drop;
	if (!best) {
		rk_icmp_error(m, RK_ICMP_UNREACH, RK_ICMP_UNREACH_PORT, 0);
		return;
	}
	udp_deliver(best, m, hlen + UDP_HDR_LEN, src, sport);
drop:
	rk_m_freem(m);
}

static int udp_errno(int type, int code)
{
	if (type == RK_ICMP_UNREACH) {
		switch (code) {
		case RK_ICMP_UNREACH_PORT:
		case RK_ICMP_UNREACH_PROTOCOL:
			return RK_ECONNREFUSED;
		case RK_ICMP_UNREACH_NEEDFRAG:
			return RK_EMSGSIZE;
		case RK_ICMP_UNREACH_NET:
			return RK_ENETUNREACH;
		default:
			return RK_EHOSTUNREACH;
		}
	}
	return type == RK_ICMP_TIMXCEED ? RK_EHOSTUNREACH : 0;
}

void rk_udp_ctlinput(int type, int code, uint32_t dst, const uint8_t *ip,
		     size_t len)
{
	size_t hlen = (size_t)(ip[0] & 0x0f) << 2;
	uint16_t sport = rk_get16n(ip + hlen), dport = rk_get16n(ip + hlen + 2);
	uint32_t src = rk_get32n(ip + 12);
	struct rk_inpcb *inp;
	int error = udp_errno(type, code);

	(void)len;
	if (!error)
		return;
	/* Only connected sockets learn of errors (BSD, RFC 1122). */
	for (inp = rk_udbtable.ipt_list; inp; inp = inp->inp_next)
		if (inp->inp_faddr == dst && inp->inp_fport == dport &&
		    inp->inp_lport == sport &&
		    (inp->inp_laddr == src || !inp->inp_laddr) &&
		    inp->inp_socket)
			rk_soseterror(inp->inp_socket, error);
}

static int udp_output(struct rk_inpcb *inp, struct rk_mbuf *m, uint32_t dst,
		      uint16_t dport)
{
	struct rk_socket *so = inp->inp_socket;
	struct rk_ipopts o = { 0 };
	uint32_t src = inp->inp_laddr;
	size_t len = m->m_pktlen + UDP_HDR_LEN;
	uint8_t *uh;
	uint16_t sum;

	if (src == RK_INADDR_ANY || src == RK_INADDR_BCAST)
		src = rk_ip_srcaddr(dst);
	m = rk_m_prepend(m, UDP_HDR_LEN);
	if (!m)
		return RK_ENOBUFS;
	uh = m->m_data;
	rk_memcpy(uh, &inp->inp_lport, 2);
	rk_memcpy(uh + 2, &dport, 2);
	rk_put16(uh + 4, (uint16_t)len);
	rk_put16(uh + 6, 0);
	sum = rk_in_pseudo_cksum(m, 0, len, src, dst, RK_IPPROTO_UDP);
	rk_put16(uh + 6, sum ? sum : 0xffff);
	o.ttl = inp->inp_ttl;
	o.tos = inp->inp_tos;
	if (so && (so->so_options & RUMP_SO_BROADCAST))
		o.flags |= RK_IPO_BROADCAST;
	return rk_ip_output(m, src, dst, RK_IPPROTO_UDP, &o);
}

/* ---- user requests ---- */

static int udp_attach(struct rk_socket *so, int proto)
{
	(void)proto;
	rk_in_pcballoc(so, &rk_udbtable, RK_IPPROTO_UDP);
	return 0;
}

static void udp_detach(struct rk_socket *so)
{
	if (so->so_pcb)
		rk_in_pcbfree(so->so_pcb);
}

static int udp_bind(struct rk_socket *so, uint32_t addr, uint16_t port)
{
	return rk_in_pcbbind(so->so_pcb, &rk_udbtable, addr, port);
}

static int udp_connect(struct rk_socket *so, uint32_t addr, uint16_t port)
{
	struct rk_inpcb *inp = so->so_pcb;
	int error;

	if (inp->inp_faddr != RK_INADDR_ANY) {
		inp->inp_faddr = RK_INADDR_ANY;
		inp->inp_fport = 0;
	}
	error = rk_in_pcbconnect(inp, &rk_udbtable, addr, port);
	if (error == 0)
		rk_soisconnected(so);
	return error;
}

static int udp_disconnect(struct rk_socket *so)
{
	struct rk_inpcb *inp = so->so_pcb;

	if (inp->inp_faddr == RK_INADDR_ANY)
		return RK_ENOTCONN;
	inp->inp_faddr = RK_INADDR_ANY;
	inp->inp_fport = 0;
	so->so_state &= ~RK_SS_ISCONNECTED;
	return 0;
}

static int udp_shutdown(struct rk_socket *so)
{
	rk_socantsendmore(so);
	return 0;
}

static int udp_send(struct rk_socket *so, struct rk_mbuf *m, uint32_t addr,
		    uint16_t port, int flags)
{
	struct rk_inpcb *inp = so->so_pcb;
	int error;

	(void)flags;
	if (addr == 0 && port == 0) {
		addr = inp->inp_faddr;
		port = inp->inp_fport;
	} else if (port == 0) {
		rk_m_freem(m);
		return RK_EADDRNOTAVAIL;
	}
	if (inp->inp_lport == 0) {
		error = rk_in_pcbbind(inp, &rk_udbtable, RK_INADDR_ANY, 0);
		if (error) {
			rk_m_freem(m);
			return error;
		}
	}
	if (addr == RK_INADDR_ANY)
		addr = rk_htonl(0x7f000001U);
	return udp_output(inp, m, addr, port);
}

static void udp_rcvd(struct rk_socket *so)
{
	(void)so;
}

static void udp_abort(struct rk_socket *so)
{
	udp_detach(so);
}

/* IP-level options shared with raw sockets (TTL, TOS). */
int rk_ip_ctloutput(struct rk_socket *so, bool set, int level, int name,
		    void *val, size_t *len)
{
	struct rk_inpcb *inp = so->so_pcb;
	int v;

	if (level != RUMP_IPPROTO_IP)
		return RK_ENOPROTOOPT;
	if (name != RUMP_IP_TTL && name != RUMP_IP_TOS)
		return RK_ENOPROTOOPT;
	if (!set) {
		v = name == RUMP_IP_TTL ? inp->inp_ttl : inp->inp_tos;
		rk_memcpy(val, &v, sizeof(v));
		*len = sizeof(v);
		return 0;
	}
	if (*len < sizeof(int))
		return RK_EINVAL;
	rk_memcpy(&v, val, sizeof(v));
	if (v < 0 || v > 255 || (name == RUMP_IP_TTL && v == 0))
		return RK_EINVAL;
	if (name == RUMP_IP_TTL)
		inp->inp_ttl = (uint8_t)v;
	else
		inp->inp_tos = (uint8_t)v;
	return 0;
}

const struct rk_protosw rk_udp_protosw = {
	.pr_type = RUMP_SOCK_DGRAM,
	.pr_protocol = RK_IPPROTO_UDP,
	.pr_attach = udp_attach,
	.pr_detach = udp_detach,
	.pr_bind = udp_bind,
	.pr_connect = udp_connect,
	.pr_disconnect = udp_disconnect,
	.pr_shutdown = udp_shutdown,
	.pr_send = udp_send,
	.pr_rcvd = udp_rcvd,
	.pr_abort = udp_abort,
	.pr_ctloutput = rk_ip_ctloutput,
};
