// SPDX-License-Identifier: BSD-2-Clause
/* IPv4 address classes and the interface that holds an address. */
#include "net.h"

bool rk_in_multicast(uint32_t a)
{
	return (rk_ntohl(a) & 0xf0000000U) == 0xe0000000U;
}

bool rk_in_loopback(uint32_t a)
{
	return (rk_ntohl(a) & 0xff000000U) == 0x7f000000U;
}

bool rk_in_broadcast(uint32_t a, struct rk_ifnet *ifp)
{
	struct rk_ifnet *it;

	if (a == RK_INADDR_BCAST)
		return true;
	for (it = rk_ifnet_list; it; it = it->if_next) {
		if (ifp && it != ifp)
			continue;
		if (it->if_addr && it->if_bcast && a == it->if_bcast)
			return true;
	}
	return false;
}

struct rk_ifnet *rk_in_ifaddr(uint32_t a)
{
	struct rk_ifnet *ifp;

	for (ifp = rk_ifnet_list; ifp; ifp = ifp->if_next)
		if (ifp->if_addr && ifp->if_addr == a)
			return ifp;
	return NULL;
}
