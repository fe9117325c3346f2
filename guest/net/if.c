// SPDX-License-Identifier: BSD-2-Clause
/*
 * Interfaces: the list, cloners, state (up/down), IPv4 addresses, the
 * send queue, and the interface ioctls an ifconfig uses.
 */
#include <rk/lib.h>
#include <rk/kmem.h>
#include <rk/errno.h>
#include <rk/syscall.h>
#include <rump/rumpdefs.h>

#include "net.h"

struct rk_ifnet *rk_ifnet_list;
static struct rk_if_cloner *cloners;
static int next_index = 1;

void rk_if_cloner_register(struct rk_if_cloner *ifc)
{
	rk_net_lock();
	ifc->ifc_next = cloners;
	cloners = ifc;
	rk_net_unlock();
}

struct rk_ifnet *rk_ifunit(const char *name)
{
	struct rk_ifnet *ifp;

	for (ifp = rk_ifnet_list; ifp; ifp = ifp->if_next)
		if (rk_strncmp(ifp->if_xname, name, RK_IFNAMSIZ) == 0)
			return ifp;
	return NULL;
}

void rk_if_attach(struct rk_ifnet *ifp)
{
	struct rk_ifnet **pp = &rk_ifnet_list;

	ifp->if_index = next_index++;
	if (ifp->if_snd_max == 0)
		ifp->if_snd_max = 512;
	while (*pp)
		pp = &(*pp)->if_next;
	ifp->if_next = NULL;
	*pp = ifp;
}

static int ether_output(struct rk_ifnet *ifp, struct rk_mbuf *m,
			uint32_t nexthop)
{
	uint8_t dst[RK_ETHER_ADDR_LEN];
	int error;

	if (nexthop == RK_INADDR_BCAST || (m->m_flags & RK_M_BCAST) ||
	    rk_in_broadcast(nexthop, ifp)) {
		rk_memcpy(dst, rk_etherbroadcast, sizeof(dst));
	} else {
		error = rk_arp_resolve(ifp, nexthop, m, dst);
		if (error)
			return error == RK_EINPROGRESS ? 0 : error;
	}
	return rk_ether_send(ifp, m, dst, RK_ETHERTYPE_IP);
}

void rk_ether_ifattach(struct rk_ifnet *ifp)
{
	ifp->if_type = RK_IFT_ETHER;
	ifp->if_output = ether_output;
	if (ifp->if_mtu == 0)
		ifp->if_mtu = 1500;
	ifp->if_flags |= RUMP_IFF_BROADCAST | RUMP_IFF_SIMPLEX |
			 RUMP_IFF_MULTICAST;
	rk_if_attach(ifp);
}

/* Take the interface off the list and out of every table (lock held);
 * the driver frees it. */
void rk_if_detach(struct rk_ifnet *ifp)
{
	struct rk_ifnet **pp;

	rk_if_down(ifp);
	rk_if_deladdr(ifp);
	rk_arp_ifdetach(ifp);
	rk_rt_ifdetach(ifp);
	rk_if_purge(ifp);
	for (pp = &rk_ifnet_list; *pp; pp = &(*pp)->if_next) {
		if (*pp == ifp) {
			*pp = ifp->if_next;
			break;
		}
	}
	if (ifp == rk_loif)
		rk_loif = NULL;
}

static void if_drain(struct rk_ifnet *ifp)
{
	struct rk_mbuf *m;

	if (ifp->if_sending)
		return;
	ifp->if_sending = true;
	while ((m = ifp->if_snd_head) != NULL) {
		ifp->if_snd_head = m->m_nextpkt;
		if (!ifp->if_snd_head)
			ifp->if_snd_tail = NULL;
		ifp->if_snd_len--;
		m->m_nextpkt = NULL;
		ifp->if_stats.opackets++;
		ifp->if_stats.obytes += m->m_pktlen;
		if (ifp->if_transmit(ifp, m) != 0)
			ifp->if_stats.oerrors++;
	}
	ifp->if_sending = false;
}

int rk_if_enqueue(struct rk_ifnet *ifp, struct rk_mbuf *m)
{
	if (!(ifp->if_flags & RUMP_IFF_RUNNING)) {
		ifp->if_stats.oerrors++;
		rk_m_freem(m);
		return RK_ENETDOWN;
	}
	if (ifp->if_snd_len >= ifp->if_snd_max) {
		ifp->if_stats.oqdrops++;
		rk_m_freem(m);
		return RK_ENOBUFS;
	}
	/* Lent data only to a driver that is done with it on return, and
	 * only if it is sent now (not queued behind a send under way). */
	if (!(ifp->if_capenable & RK_IFCAP_TXSYNC) || ifp->if_sending) {
		m = rk_m_unborrow(m);
		if (!m) {
			ifp->if_stats.oqdrops++;
			return RK_ENOBUFS;
		}
	}
	m->m_nextpkt = NULL;
	if (ifp->if_snd_tail)
		ifp->if_snd_tail->m_nextpkt = m;
	else
		ifp->if_snd_head = m;
	ifp->if_snd_tail = m;
	ifp->if_snd_len++;
	if_drain(ifp);
	return 0;
}

int rk_if_up(struct rk_ifnet *ifp)
{
	int error = 0;

	if (ifp->if_flags & RUMP_IFF_UP)
		return 0;
	if (ifp->if_init)
		error = ifp->if_init(ifp);
	if (error)
		return error;
	ifp->if_flags |= RUMP_IFF_UP | RUMP_IFF_RUNNING;
	if (ifp->if_addr) {
		rk_rt_add(ifp->if_addr & ifp->if_mask, ifp->if_mask, 0, ifp);
		rk_arp_announce(ifp);
	}
	return 0;
}

void rk_if_down(struct rk_ifnet *ifp)
{
	if (!(ifp->if_flags & RUMP_IFF_UP))
		return;
	ifp->if_flags &= ~(RUMP_IFF_UP | RUMP_IFF_RUNNING);
	if (ifp->if_stop)
		ifp->if_stop(ifp);
	rk_m_freeq(ifp->if_snd_head);
	ifp->if_snd_head = ifp->if_snd_tail = NULL;
	ifp->if_snd_len = 0;
	rk_arp_ifdetach(ifp);
}

static bool contiguous_mask(uint32_t mask)
{
	uint32_t h = rk_ntohl(mask);

	return (~h & (~h + 1)) == 0;
}

int rk_if_setaddr(struct rk_ifnet *ifp, uint32_t addr, uint32_t mask,
		  uint32_t bcast)
{
	if (addr == RK_INADDR_ANY || addr == RK_INADDR_BCAST ||
	    rk_in_multicast(addr) || !contiguous_mask(mask))
		return RK_EINVAL;
	rk_if_deladdr(ifp);
	ifp->if_addr = addr;
	ifp->if_mask = mask;
	ifp->if_bcast = bcast ? bcast : (addr | ~mask);
	if (ifp->if_type == RK_IFT_LOOP)
		ifp->if_bcast = 0;
	rk_rt_add(addr & mask, mask, 0, ifp);
	if (ifp->if_flags & RUMP_IFF_UP)
		rk_arp_announce(ifp);
	return 0;
}

void rk_if_deladdr(struct rk_ifnet *ifp)
{
	if (!ifp->if_addr)
		return;
	rk_rt_ifdetach(ifp);
	rk_arp_ifdetach(ifp);
	ifp->if_addr = ifp->if_mask = ifp->if_bcast = 0;
}

int rk_if_clone_create(const char *name)
{
	struct rk_if_cloner *ifc;
	size_t n;
	int unit = 0, digits = 0;

	if (rk_strnlen(name, RK_IFNAMSIZ) >= RK_IFNAMSIZ)
		return RK_EINVAL;
	if (rk_ifunit(name))
		return RK_EEXIST;
	for (ifc = cloners; ifc; ifc = ifc->ifc_next) {
		n = rk_strlen(ifc->ifc_name);
		if (rk_strncmp(name, ifc->ifc_name, n) == 0)
			break;
	}
	if (!ifc)
		return RK_EINVAL;
	for (name += n; *name >= '0' && *name <= '9'; name++, digits++) {
		unit = unit * 10 + (*name - '0');
		if (unit > 9999)
			return RK_EINVAL;
	}
	if (*name != '\0' || digits == 0)
		return RK_EINVAL;
	return ifc->ifc_create(unit);
}

int rk_if_clone_destroy(const char *name)
{
	struct rk_ifnet *ifp = rk_ifunit(name);

	if (!ifp)
		return RK_ENXIO;
	if (!ifp->if_detach)
		return RK_EOPNOTSUPP;	/* lo0 stays */
	ifp->if_detach(ifp);
	return 0;
}

/* ---- ioctls (net lock held) ---- */

static void sin_fill(struct rump_sockaddr *sa, uint32_t addr)
{
	struct rump_sockaddr_in sin;

	rk_memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = RUMP_AF_INET;
	sin.sin_addr.s_addr = addr;
	rk_memcpy(sa, &sin, sizeof(sin));
}

static uint32_t sin_addr(const struct rump_sockaddr *sa)
{
	struct rump_sockaddr_in sin;

	rk_memcpy(&sin, sa, sizeof(sin));
	return sin.sin_addr.s_addr;
}

static int ifconf(struct rump_ifconf *ifc)
{
	struct rump_ifreq ifr;
	struct rk_ifnet *ifp;
	char *ubuf = ifc->ifc_ifcu.ifcu_buf;
	int space = ifc->ifc_len, used = 0, error;

	for (ifp = rk_ifnet_list; ifp; ifp = ifp->if_next) {
		if (ubuf && space < (int)sizeof(ifr))
			break;
		rk_memset(&ifr, 0, sizeof(ifr));
		rk_strlcpy(ifr.ifr_name, ifp->if_xname, sizeof(ifr.ifr_name));
		sin_fill(&ifr.rump_ifr_addr, ifp->if_addr);
		if (ubuf) {
			error = rk_copyout(&ifr, ubuf + used, sizeof(ifr));
			if (error)
				return error;
			space -= (int)sizeof(ifr);
		}
		used += (int)sizeof(ifr);
	}
	ifc->ifc_len = used;
	return 0;
}

static int ifflags(struct rk_ifnet *ifp, int flags)
{
	int error = 0;

	if ((flags & RUMP_IFF_UP) && !(ifp->if_flags & RUMP_IFF_UP))
		error = rk_if_up(ifp);
	else if (!(flags & RUMP_IFF_UP) && (ifp->if_flags & RUMP_IFF_UP))
		rk_if_down(ifp);
	ifp->if_flags = (ifp->if_flags & ~(RUMP_IFF_DEBUG | RUMP_IFF_PROMISC)) |
			(flags & (RUMP_IFF_DEBUG | RUMP_IFF_PROMISC));
	return error;
}

static int ifreq_get(struct rk_ifnet *ifp, unsigned long cmd,
		     struct rump_ifreq *ifr)
{
	switch (cmd) {
	case RUMP_SIOCGIFFLAGS:
		ifr->rump_ifr_flags = (short)ifp->if_flags;
		return 0;
	case RUMP_SIOCGIFMTU:
		ifr->rump_ifr_mtu = ifp->if_mtu;
		return 0;
	case RUMP_SIOCGIFADDR:
		if (!ifp->if_addr)
			return RK_EADDRNOTAVAIL;
		sin_fill(&ifr->rump_ifr_addr, ifp->if_addr);
		return 0;
	case RUMP_SIOCGIFNETMASK:
		if (!ifp->if_addr)
			return RK_EADDRNOTAVAIL;
		sin_fill(&ifr->rump_ifr_addr, ifp->if_mask);
		return 0;
	case RUMP_SIOCGIFBRDADDR:
		if (!ifp->if_addr)
			return RK_EADDRNOTAVAIL;
		sin_fill(&ifr->rump_ifr_broadaddr, ifp->if_bcast);
		return 0;
	}
	return RK_ENOTTY;
}

static int ifreq_set(struct rk_ifnet *ifp, unsigned long cmd,
		     struct rump_ifreq *ifr)
{
	uint32_t a = sin_addr(&ifr->rump_ifr_addr);

	switch (cmd) {
	case RUMP_SIOCSIFFLAGS:
		return ifflags(ifp, (unsigned short)ifr->rump_ifr_flags);
	case RUMP_SIOCSIFMTU:
		if (ifr->rump_ifr_mtu < 576 || ifr->rump_ifr_mtu >
		    (ifp->if_type == RK_IFT_LOOP ? 65535 : 9000))
			return RK_EINVAL;
		ifp->if_mtu = ifr->rump_ifr_mtu;
		return 0;
	case RUMP_SIOCSIFADDR:
		return rk_if_setaddr(ifp, a, ifp->if_addr ? ifp->if_mask :
				     rk_htonl(0xffffff00U), 0);
	case RUMP_SIOCSIFNETMASK:
		if (!ifp->if_addr)
			return RK_EADDRNOTAVAIL;
		return rk_if_setaddr(ifp, ifp->if_addr, a, 0);
	case RUMP_SIOCSIFBRDADDR:
		if (!ifp->if_addr)
			return RK_EADDRNOTAVAIL;
		ifp->if_bcast = a;
		return 0;
	case RUMP_SIOCDIFADDR:
		if (!ifp->if_addr)
			return RK_EADDRNOTAVAIL;
		rk_if_deladdr(ifp);
		return 0;
	}
	return RK_ENOTTY;
}

static int aifaddr(struct rump_ifaliasreq *ifra)
{
	struct rk_ifnet *ifp;
	char name[RK_IFNAMSIZ + 1];

	rk_memcpy(name, ifra->ifra_name, RK_IFNAMSIZ);
	name[RK_IFNAMSIZ] = '\0';
	ifp = rk_ifunit(name);
	if (!ifp)
		return RK_ENXIO;
	if (ifra->ifra_addr.sa_family != RUMP_AF_INET)
		return RK_EAFNOSUPPORT;
	return rk_if_setaddr(ifp, sin_addr(&ifra->ifra_addr),
			     ifra->ifra_mask.sa_len ?
			     sin_addr(&ifra->ifra_mask) : rk_htonl(0xffffff00U),
			     ifra->ifra_dstaddr.sa_len ?
			     sin_addr(&ifra->ifra_dstaddr) : 0);
}

int rk_if_ioctl(unsigned long cmd, void *data)
{
	struct rump_ifreq *ifr = data;
	struct rk_ifnet *ifp;
	char name[RK_IFNAMSIZ + 1];
	int error;

	switch (cmd) {
	case RUMP_SIOCGIFCONF:
		return ifconf(data);
	case RUMP_SIOCAIFADDR:
		return aifaddr(data);
	}
	/* Everything else names the interface first. */
	rk_memcpy(name, ifr->ifr_name, RK_IFNAMSIZ);
	name[RK_IFNAMSIZ] = '\0';
	if (cmd == RUMP_SIOCIFCREATE)
		return rk_if_clone_create(name);
	if (cmd == RUMP_SIOCIFDESTROY)
		return rk_if_clone_destroy(name);
	ifp = rk_ifunit(name);
	if (!ifp)
		return RK_ENXIO;
	error = ifreq_get(ifp, cmd, ifr);
	if (error == RK_ENOTTY)
		error = ifreq_set(ifp, cmd, ifr);
	if (error == RK_ENOTTY && ifp->if_ioctl)
		error = ifp->if_ioctl(ifp, cmd, data);
	return error;
}
