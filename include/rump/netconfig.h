/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Network configuration for clients (NetBSD's rump_pub_netconfig_*):
 * create interfaces, give them addresses, a default route, bring them
 * up and down, or ask a DHCP server.  Each returns 0 or a NetBSD errno
 * (they do not set errno).  Addresses are dotted-quad strings.
 */
#ifndef RUMP_NETCONFIG_H
#define RUMP_NETCONFIG_H

#ifdef __cplusplus
extern "C" {
#endif

/* "virt0", "virt1"...: the virtual interface (host side per link
 * string, see rump_pub_netconfig_ifsetlinkstr; default: the unit). */
int rump_pub_netconfig_ifcreate(const char *ifname);
int rump_pub_netconfig_ifdestroy(const char *ifname);
/* Before the first ifup: which host attachment the interface uses. */
int rump_pub_netconfig_ifsetlinkstr(const char *ifname, const char *linkstr);
int rump_pub_netconfig_ifup(const char *ifname);
int rump_pub_netconfig_ifdown(const char *ifname);
/* Address and netmask (brings the interface up). */
int rump_pub_netconfig_ipv4_ifaddr(const char *ifname, const char *addr,
				   const char *mask);
int rump_pub_netconfig_ipv4_ifaddr_cidr(const char *ifname, const char *addr,
					int prefixlen);
/* The default route. */
int rump_pub_netconfig_ipv4_gw(const char *gwaddr);
/* DISCOVER, OFFER, REQUEST, ACK; applies address, mask and router. */
int rump_pub_netconfig_dhcp_ipv4_oneshot(const char *ifname);

#ifdef __cplusplus
}
#endif

#endif /* RUMP_NETCONFIG_H */
