// SPDX-License-Identifier: BSD-2-Clause
/* NetBSD's network configuration API (rump_pub_netconfig_*). */
#include "netif.h"
#include <rump/netconfig.h>

static uint8_t sk_gateway[4];

#define SK_NETCALL(call)						\
	({ struct lwp *l_ = sk_enter(); int e_ = l_ ? (call) : SK_ENOMEM; \
	   sk_leave(l_); e_; })

static int sk_setlinkstr(const char *name, const char *linkstr)
{
	struct virtif_sc *sc = sk_if_find(name);

	if (!sc)
		return SK_ENXIO;
	if (sc->up || sk_strlen(linkstr) >= sizeof(sc->linkstr))
		return SK_EINVAL;
	sk_strlcpy(sc->linkstr, linkstr, sizeof(sc->linkstr));
	return 0;
}

static int sk_ifup(const char *name)
{
	struct virtif_sc *sc = sk_if_find(name);

	return sc ? sk_if_up(sc) : SK_ENXIO;
}

static int sk_ifaddr(const char *name, const char *addr, const char *mask)
{
	struct virtif_sc *sc = sk_if_find(name);
	int err;

	if (!sc)
		return SK_ENXIO;
	if (sk_inet_aton(addr, sc->addr) || sk_inet_aton(mask, sc->mask))
		return SK_EINVAL;
	if ((err = sk_if_up(sc)) != 0)
		return err;
	sk_printf("sk: %s: inet %s netmask %s\n", name, addr, mask);
	sk_arp_announce(sc);
	return 0;
}

static int sk_gw(const char *gw)
{
	if (sk_inet_aton(gw, sk_gateway))
		return SK_EINVAL;
	sk_printf("sk: default route via %s\n", gw);
	return 0;
}

int rump_pub_netconfig_ifcreate(const char *ifname)
{
	return SK_NETCALL(sk_if_create(ifname));
}

int rump_pub_netconfig_ifsetlinkstr(const char *ifname, const char *linkstr)
{
	return SK_NETCALL(sk_setlinkstr(ifname, linkstr));
}

int rump_pub_netconfig_ifup(const char *ifname)
{
	return SK_NETCALL(sk_ifup(ifname));
}

int rump_pub_netconfig_ipv4_ifaddr(const char *ifname, const char *addr,
				   const char *mask)
{
	return SK_NETCALL(sk_ifaddr(ifname, addr, mask));
}

int rump_pub_netconfig_ipv4_gw(const char *gwaddr)
{
	return SK_NETCALL(sk_gw(gwaddr));
}

/* The synthetic stack has no DHCP client. */
int rump_pub_netconfig_dhcp_ipv4_oneshot(const char *ifname)
{
	(void)ifname;
	return SK_EOPNOTSUPP;
}
