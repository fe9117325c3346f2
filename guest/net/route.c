// SPDX-License-Identifier: BSD-2-Clause
/*
 * The routing table: a short list of (destination, mask, gateway,
 * interface), looked up by longest prefix.  Interface routes come with
 * addresses; the default route (0/0) from rump_pub_netconfig_ipv4_gw.
 */
#include <rk/lib.h>
#include <rk/kmem.h>
#include <rk/errno.h>
#include <rump/rumpdefs.h>

#include "net.h"

static struct rk_route *routes;

int rk_rt_add(uint32_t dst, uint32_t mask, uint32_t gw, struct rk_ifnet *ifp)
{
	struct rk_route *rt;

	for (rt = routes; rt; rt = rt->rt_next) {
		if (rt->rt_dst == (dst & mask) && rt->rt_mask == mask) {
			rt->rt_gw = gw;
			rt->rt_ifp = ifp;
			return 0;
		}
	}
	rt = rk_kmem_zalloc(sizeof(*rt), RK_KM_SLEEP);
	rt->rt_dst = dst & mask;
	rt->rt_mask = mask;
	rt->rt_gw = gw;
	rt->rt_ifp = ifp;
	rt->rt_next = routes;
	routes = rt;
	return 0;
}

int rk_rt_del(uint32_t dst, uint32_t mask)
{
	struct rk_route **pp, *rt;

	for (pp = &routes; (rt = *pp) != NULL; pp = &rt->rt_next) {
		if (rt->rt_dst == (dst & mask) && rt->rt_mask == mask) {
			*pp = rt->rt_next;
			rk_kmem_free(rt, sizeof(*rt));
			return 0;
		}
	}
	return RK_ESRCH;
}

void rk_rt_ifdetach(struct rk_ifnet *ifp)
{
	struct rk_route **pp, *rt;

	for (pp = &routes; (rt = *pp) != NULL;) {
		if (rt->rt_ifp == ifp) {
			*pp = rt->rt_next;
			rk_kmem_free(rt, sizeof(*rt));
		} else {
			pp = &rt->rt_next;
		}
	}
}

int rk_rt_lookup(uint32_t dst, struct rk_ifnet **ifpp, uint32_t *nexthopp)
{
	struct rk_route *rt, *best = NULL;
	struct rk_ifnet *local = rk_in_ifaddr(dst);

	/* Our own addresses go through the loopback interface. */
	if (local && rk_loif && (rk_loif->if_flags & RUMP_IFF_UP)) {
		*ifpp = rk_loif;
		*nexthopp = dst;
		return 0;
	}
	for (rt = routes; rt; rt = rt->rt_next) {
		if ((dst & rt->rt_mask) != rt->rt_dst ||
		    !(rt->rt_ifp->if_flags & RUMP_IFF_UP))
			continue;
		if (!best || rk_ntohl(rt->rt_mask) > rk_ntohl(best->rt_mask))
			best = rt;
	}
	if (!best)
		return RK_ENETUNREACH;
	*ifpp = best->rt_ifp;
	*nexthopp = best->rt_gw ? best->rt_gw : dst;
	return 0;
}

void rk_rt_fini(void)
{
	struct rk_route *rt;

	while ((rt = routes) != NULL) {
		routes = rt->rt_next;
		rk_kmem_free(rt, sizeof(*rt));
	}
}
