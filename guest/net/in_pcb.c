// SPDX-License-Identifier: BSD-2-Clause
/*
 * Internet protocol control blocks: local and foreign address and port
 * of a UDP, TCP or raw socket; binding (ephemeral ports 49152-65535,
 * SO_REUSEADDR), connecting, and lookup for input.
 */
#include <rk/lib.h>
#include <rk/kmem.h>
#include <rk/errno.h>
#include <rump/rumpdefs.h>

#include "net.h"

#define PORT_FIRST	49152
#define PORT_LAST	65535

struct rk_inpcb *rk_in_pcballoc(struct rk_socket *so, struct rk_inpcbtable *t,
				int proto)
{
	struct rk_inpcb *inp = rk_kmem_zalloc(sizeof(*inp), RK_KM_SLEEP);

	inp->inp_socket = so;
	inp->inp_proto = proto;
	inp->inp_ttl = RK_IP_DEFTTL;
	inp->inp_next = t->ipt_list;
	if (t->ipt_list)
		t->ipt_list->inp_prevp = &inp->inp_next;
	inp->inp_prevp = &t->ipt_list;
	t->ipt_list = inp;
	if (so)
		so->so_pcb = inp;
	return inp;
}

void rk_in_pcbfree(struct rk_inpcb *inp)
{
	*inp->inp_prevp = inp->inp_next;
	if (inp->inp_next)
		inp->inp_next->inp_prevp = inp->inp_prevp;
	if (inp->inp_socket)
		inp->inp_socket->so_pcb = NULL;
	rk_kmem_free(inp, sizeof(*inp));
}

static int sopts(const struct rk_inpcb *inp)
{
	return inp->inp_socket ? inp->inp_socket->so_options : 0;
}

/*
 * Would binding me to (addr, port) clash with inp?  TCP: a connected
 * one (or one in TIME_WAIT) is no clash for SO_REUSEADDR; an unconnected
 * one only for SO_REUSEPORT on both.  UDP and raw: SO_REUSEADDR or
 * SO_REUSEPORT on both.
 */
static bool clash(const struct rk_inpcb *me, const struct rk_inpcb *inp)
{
	int mine = sopts(me), theirs = sopts(inp);

	if (me->inp_proto == RK_IPPROTO_TCP) {
		if (inp->inp_faddr != RK_INADDR_ANY)
			return !(mine & RUMP_SO_REUSEADDR);
		return !((mine & theirs) & RUMP_SO_REUSEPORT);
	}
	return !((mine & theirs) & (RUMP_SO_REUSEADDR | RUMP_SO_REUSEPORT));
}

static bool in_use(struct rk_inpcbtable *t, struct rk_inpcb *me,
		   uint32_t addr, uint16_t port)
{
	struct rk_inpcb *inp;

	for (inp = t->ipt_list; inp; inp = inp->inp_next) {
		if (inp == me || inp->inp_lport != port)
			continue;
		if (inp->inp_laddr != addr && inp->inp_laddr != RK_INADDR_ANY &&
		    addr != RK_INADDR_ANY)
			continue;
		if (clash(me, inp))
			return true;
	}
	return false;
}

static int pick_port(struct rk_inpcbtable *t, struct rk_inpcb *inp,
		     uint32_t addr, uint16_t *portp)
{
	unsigned n = PORT_LAST - PORT_FIRST + 1, i;

	if (t->ipt_lastport < PORT_FIRST)
		t->ipt_lastport = (uint16_t)(PORT_FIRST +
					     rk_net_random() % n);
	for (i = 0; i < n; i++) {
		uint16_t p = t->ipt_lastport;

		t->ipt_lastport = p == PORT_LAST ? PORT_FIRST : p + 1;
		if (!in_use(t, inp, addr, rk_htons(p))) {
			*portp = rk_htons(p);
			return 0;
		}
	}
	return RK_EADDRNOTAVAIL;
}

int rk_in_pcbbind(struct rk_inpcb *inp, struct rk_inpcbtable *t,
		  uint32_t addr, uint16_t port)
{
	if (inp->inp_lport != 0)
		return RK_EINVAL;
	if (addr != RK_INADDR_ANY && !rk_in_ifaddr(addr) &&
	    addr != RK_INADDR_BCAST)
		return RK_EADDRNOTAVAIL;
	if (port == 0) {
		int error = pick_port(t, inp, addr, &port);

		if (error)
			return error;
	} else if (in_use(t, inp, addr, port)) {
		return RK_EADDRINUSE;
	}
	inp->inp_laddr = addr;
	inp->inp_lport = port;
	if (inp->inp_socket)
		inp->inp_socket->so_state |= RK_SS_ISBOUND;
	return 0;
}

int rk_in_pcbconnect(struct rk_inpcb *inp, struct rk_inpcbtable *t,
		     uint32_t addr, uint16_t port)
{
	uint32_t src = inp->inp_laddr;
	struct rk_inpcb *other;
	int error;

	if (port == 0)
		return RK_EADDRNOTAVAIL;
	if (addr == RK_INADDR_ANY)	/* BSD: the primary address */
		addr = rk_htonl(0x7f000001U);
	if (src == RK_INADDR_ANY) {
		src = rk_ip_srcaddr(addr);
		if (src == RK_INADDR_ANY && addr != RK_INADDR_BCAST)
			return RK_ENETUNREACH;
	}
	other = rk_in_pcblookup(t, addr, port, src,
				inp->inp_lport ? inp->inp_lport : 0, false);
	if (inp->inp_lport && other && other != inp)
		return RK_EADDRINUSE;
	if (inp->inp_lport == 0) {
		error = rk_in_pcbbind(inp, t, RK_INADDR_ANY, 0);
		if (error)
			return error;
	}
	if (inp->inp_laddr == RK_INADDR_ANY)
		inp->inp_laddr = src;
	inp->inp_faddr = addr;
	inp->inp_fport = port;
	return 0;
}

struct rk_inpcb *rk_in_pcblookup(struct rk_inpcbtable *t, uint32_t faddr,
				 uint16_t fport, uint32_t laddr,
				 uint16_t lport, bool wildcard)
{
	struct rk_inpcb *inp, *best = NULL;
	int bestscore = 3, score;

	for (inp = t->ipt_list; inp; inp = inp->inp_next) {
		if (inp->inp_lport != lport)
			continue;
		if (inp->inp_faddr == faddr && inp->inp_fport == fport &&
		    inp->inp_laddr == laddr)
			return inp;
		if (!wildcard)
			continue;
		score = 0;
		if (inp->inp_faddr != RK_INADDR_ANY) {
			if (inp->inp_faddr != faddr || inp->inp_fport != fport)
				continue;
		} else {
			score++;
		}
		if (inp->inp_laddr != RK_INADDR_ANY) {
			if (inp->inp_laddr != laddr)
				continue;
		} else {
			score++;
		}
		if (score < bestscore) {
			best = inp;
			bestscore = score;
		}
	}
	return best;
}
