// SPDX-License-Identifier: BSD-2-Clause
/*
 * A recorder in place of the syscall-proxy and network components: the
 * same client API (rump_init_server, rump_pub_netconfig_*), which prints
 * each call with its arguments and fails for names that start with
 * "fail" (EEXIST; a server URL containing "fail": EADDRINUSE).  Tests
 * of the carrier's calls and of its error paths on a hypervisor without
 * the syscall-proxy and network hypercalls.
 */
#include "sk.h"
#include <rump/netconfig.h>

#define SK_EADDRINUSE 48

static int sk_rec_fails(const char *s)
{
	for (; *s; s++)
		if (!sk_strncmp(s, "fail", 4))
			return 1;
	return 0;
}

static int sk_rec(const char *what, const char *a, const char *b,
		  const char *c, int err)
{
	sk_printf("sk: rec %s%s%s%s%s%s%s -> %d\n", what, a ? " " : "",
		  a ? a : "", b ? " " : "", b ? b : "", c ? " " : "",
		  c ? c : "", err);
	return err;
}

static int sk_rec_if(const char *what, const char *ifname, const char *b,
		     const char *c)
{
	return sk_rec(what, ifname, b, c,
		      !sk_strncmp(ifname, "fail", 4) ? SK_EEXIST : 0);
}

int rump_init_server(const char *url)
{
	return sk_rec("init_server", url, NULL, NULL,
		      sk_rec_fails(url) ? SK_EADDRINUSE : 0);
}

int rump_pub_netconfig_ifcreate(const char *ifname)
{
	return sk_rec_if("ifcreate", ifname, NULL, NULL);
}

int rump_pub_netconfig_ifsetlinkstr(const char *ifname, const char *linkstr)
{
	return sk_rec_if("ifsetlinkstr", ifname, linkstr, NULL);
}

int rump_pub_netconfig_ifup(const char *ifname)
{
	return sk_rec_if("ifup", ifname, NULL, NULL);
}

int rump_pub_netconfig_ipv4_ifaddr(const char *ifname, const char *addr,
				   const char *mask)
{
	return sk_rec_if("ipv4_ifaddr", ifname, addr, mask);
}

int rump_pub_netconfig_ipv4_gw(const char *gwaddr)
{
	return sk_rec("ipv4_gw", gwaddr, NULL, NULL, 0);
}

int rump_pub_netconfig_dhcp_ipv4_oneshot(const char *ifname)
{
	return sk_rec_if("dhcp_ipv4_oneshot", ifname, NULL, NULL);
}
