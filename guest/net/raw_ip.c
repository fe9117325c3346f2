// SPDX-License-Identifier: BSD-2-Clause
/*
 * Raw IP sockets (SOCK_RAW): a client sends the payload of its protocol
 * (e.g. an ICMP echo request with its own checksum, as ping does) and
 * receives whole IP packets, header included, of that protocol.
 */
#include <rk/lib.h>
#include <rk/errno.h>
#include <rump/rumpdefs.h>

#include "net.h"

struct rk_inpcbtable rk_rawtable;

bool rk_rawip_input(struct rk_mbuf *m, int proto)
{
	uint8_t ip[RK_IP_HDR_LEN];
	struct rk_inpcb *inp;
	struct rk_socket *so;
	struct rk_mbuf *n;
	uint32_t src, dst;
	bool any = false;

	rk_m_copydata(m, 0, RK_IP_HDR_LEN, ip);
	src = rk_get32n(ip + 12);
	dst = rk_get32n(ip + 16);
	for (inp = rk_rawtable.ipt_list; inp; inp = inp->inp_next) {
		so = inp->inp_socket;
		if (!so || (inp->inp_proto && inp->inp_proto != proto))
			continue;
		if (inp->inp_laddr && inp->inp_laddr != dst)
			continue;
		if (inp->inp_faddr && inp->inp_faddr != src)
			continue;
		any = true;
		n = rk_m_copym(m, 0, m->m_pktlen, 0);
		if (!n)
			continue;
		n->m_faddr = src;
		n->m_fport = 0;
		if (rk_sbappend_record(&so->so_rcv, n))
			rk_sorwakeup(so);
	}
	return any;
}

static int rip_attach(struct rk_socket *so, int proto)
{
	if (proto < 0 || proto > 255)
		return RK_EPROTONOSUPPORT;
	rk_in_pcballoc(so, &rk_rawtable, proto);
	return 0;
}

static void rip_detach(struct rk_socket *so)
{
	if (so->so_pcb)
		rk_in_pcbfree(so->so_pcb);
}

static int rip_bind(struct rk_socket *so, uint32_t addr, uint16_t port)
{
	struct rk_inpcb *inp = so->so_pcb;

	(void)port;
	if (addr != RK_INADDR_ANY && !rk_in_ifaddr(addr))
		return RK_EADDRNOTAVAIL;
	inp->inp_laddr = addr;
	return 0;
}

static int rip_connect(struct rk_socket *so, uint32_t addr, uint16_t port)
{
	struct rk_inpcb *inp = so->so_pcb;

	(void)port;
	inp->inp_faddr = addr;
	rk_soisconnected(so);
	return 0;
}

static int rip_disconnect(struct rk_socket *so)
{
	struct rk_inpcb *inp = so->so_pcb;

	inp->inp_faddr = RK_INADDR_ANY;
	so->so_state &= ~RK_SS_ISCONNECTED;
	return 0;
}

static int rip_shutdown(struct rk_socket *so)
{
	rk_socantsendmore(so);
	return 0;
}

static int rip_send(struct rk_socket *so, struct rk_mbuf *m, uint32_t addr,
		    uint16_t port, int flags)
{
	struct rk_inpcb *inp = so->so_pcb;
	struct rk_ipopts o = { 0 };

	(void)port;
	(void)flags;
	if (addr == RK_INADDR_ANY)
		addr = inp->inp_faddr;
	if (addr == RK_INADDR_ANY) {
		rk_m_freem(m);
		return RK_EDESTADDRREQ;
	}
	o.ttl = inp->inp_ttl;
	o.tos = inp->inp_tos;
	if (so->so_options & RUMP_SO_BROADCAST)
		o.flags |= RK_IPO_BROADCAST;
	return rk_ip_output(m, inp->inp_laddr, addr, inp->inp_proto, &o);
}

static void rip_rcvd(struct rk_socket *so)
{
	(void)so;
}

const struct rk_protosw rk_rawip_protosw = {
	.pr_type = RUMP_SOCK_RAW,
	.pr_protocol = 0,
	.pr_attach = rip_attach,
	.pr_detach = rip_detach,
	.pr_bind = rip_bind,
	.pr_connect = rip_connect,
	.pr_disconnect = rip_disconnect,
	.pr_shutdown = rip_shutdown,
	.pr_send = rip_send,
	.pr_rcvd = rip_rcvd,
	.pr_abort = rip_detach,
	.pr_ctloutput = rk_ip_ctloutput,
};
