// SPDX-License-Identifier: BSD-2-Clause
/* rump_pub_netconfig_*: the configuration API for clients. */
#include <rk/lib.h>
#include <rk/errno.h>
#include <rump/rump.h>
#include <rump/rumpdefs.h>
#include <rump/netconfig.h>

#include "net.h"

/* "a.b.c.d" (each 0-255) to a network-order address. */
int rk_inet_aton(const char *s, uint32_t *ap)
{
	uint32_t v = 0, part;
	int i, digits;

	if (!s)
		return RK_EINVAL;
	for (i = 0; i < 4; i++) {
		part = 0;
		digits = 0;
		while (*s >= '0' && *s <= '9' && digits < 4) {
			part = part * 10 + (uint32_t)(*s++ - '0');
			digits++;
		}
		if (digits == 0 || digits > 3 || part > 255)
			return RK_EINVAL;
		v = v << 8 | part;
		if (i < 3 && *s++ != '.')
			return RK_EINVAL;
	}
	if (*s != '\0')
		return RK_EINVAL;
	*ap = rk_htonl(v);
	return 0;
}

static int with_if(const char *ifname, struct rk_ifnet **ifpp)
{
	if (!ifname || rk_strnlen(ifname, RK_IFNAMSIZ) >= RK_IFNAMSIZ)
		return RK_EINVAL;
	*ifpp = rk_ifunit(ifname);
	return *ifpp ? 0 : RK_ENXIO;
}

/* Each call: schedule, take the stack's lock, act, give both back. */
#define NC_ENTER()	do { rump_schedule(); rk_net_lock(); } while (0)
#define NC_LEAVE()	do { rk_net_unlock(); rump_unschedule(); } while (0)

int rump_pub_netconfig_ifcreate(const char *ifname)
{
	int error;

	if (!ifname)
		return RK_EINVAL;
	NC_ENTER();
	error = rk_if_clone_create(ifname);
	NC_LEAVE();
	return error;
}

int rump_pub_netconfig_ifdestroy(const char *ifname)
{
	int error;

	if (!ifname)
		return RK_EINVAL;
	NC_ENTER();
	error = rk_if_clone_destroy(ifname);
	NC_LEAVE();
	return error;
}

int rump_pub_netconfig_ifsetlinkstr(const char *ifname, const char *linkstr)
{
	struct rump_ifdrv ifd;
	struct rk_ifnet *ifp;
	int error;

	if (!linkstr)
		return RK_EINVAL;
	rk_memset(&ifd, 0, sizeof(ifd));
	ifd.ifd_cmd = 0;
	ifd.ifd_len = rk_strlen(linkstr) + 1;
	ifd.ifd_data = (void *)(uintptr_t)linkstr;
	NC_ENTER();
	error = with_if(ifname, &ifp);
	if (error == 0)
		error = ifp->if_ioctl ?
			ifp->if_ioctl(ifp, RUMP_SIOCSLINKSTR, &ifd) : RK_ENOTTY;
	NC_LEAVE();
	return error;
}

static int updown(const char *ifname, bool up)
{
	struct rk_ifnet *ifp;
	int error;

	NC_ENTER();
	error = with_if(ifname, &ifp);
	if (error == 0 && up)
		error = rk_if_up(ifp);
	else if (error == 0)
		rk_if_down(ifp);
	NC_LEAVE();
	return error;
}

int rump_pub_netconfig_ifup(const char *ifname)
{
	return updown(ifname, true);
}

int rump_pub_netconfig_ifdown(const char *ifname)
{
	return updown(ifname, false);
}

static int set_addr(const char *ifname, uint32_t addr, uint32_t mask)
{
	struct rk_ifnet *ifp;
	int error;

	NC_ENTER();
	error = with_if(ifname, &ifp);
	if (error == 0)
		error = rk_if_setaddr(ifp, addr, mask, 0);
	if (error == 0)
		error = rk_if_up(ifp);
	NC_LEAVE();
	return error;
}

int rump_pub_netconfig_ipv4_ifaddr(const char *ifname, const char *addr,
				   const char *mask)
{
	uint32_t a, m;

	if (rk_inet_aton(addr, &a) || rk_inet_aton(mask, &m))
		return RK_EINVAL;
	return set_addr(ifname, a, m);
}

int rump_pub_netconfig_ipv4_ifaddr_cidr(const char *ifname, const char *addr,
					int prefixlen)
{
	uint32_t a;

	if (rk_inet_aton(addr, &a) || prefixlen < 0 || prefixlen > 32)
		return RK_EINVAL;
	return set_addr(ifname, a, prefixlen ? rk_htonl(~0U <<
						       (32 - prefixlen)) : 0);
}

int rump_pub_netconfig_ipv4_gw(const char *gwaddr)
{
	struct rk_ifnet *ifp;
	uint32_t gw, nh;
	int error;

	if (rk_inet_aton(gwaddr, &gw))
		return RK_EINVAL;
	NC_ENTER();
	/* The gateway must be reachable on a link. */
	error = rk_rt_lookup(gw, &ifp, &nh);
	if (error == 0 && nh != gw)
		error = RK_ENETUNREACH;
	if (error == 0)
		error = rk_rt_add(0, 0, gw, ifp);
	NC_LEAVE();
	return error;
}

int rump_pub_netconfig_dhcp_ipv4_oneshot(const char *ifname)
{
	struct rk_ifnet *ifp;
	int error;

	NC_ENTER();
	error = with_if(ifname, &ifp);
	if (error == 0)
		error = rk_if_up(ifp);
	if (error == 0)
		error = rk_dhcp_oneshot(ifp);
	NC_LEAVE();
	return error;
}
