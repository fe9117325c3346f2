// SPDX-License-Identifier: BSD-2-Clause
/* The loopback interface lo0 (127.0.0.1/8): output is input. */
#include <rk/lib.h>
#include <rk/errno.h>
#include <rump/rumpdefs.h>

#include "net.h"

struct rk_ifnet *rk_loif;
static struct rk_ifnet loif;

static int loop_transmit(struct rk_ifnet *ifp, struct rk_mbuf *m)
{
	m->m_flags |= RK_M_LOOP;
	rk_if_input(ifp, m);
	return 0;
}

static int loop_output(struct rk_ifnet *ifp, struct rk_mbuf *m,
		       uint32_t nexthop)
{
	(void)nexthop;
	return rk_if_enqueue(ifp, m);
}

void rk_loop_attach(void)
{
	rk_memset(&loif, 0, sizeof(loif));
	rk_strlcpy(loif.if_xname, "lo0", sizeof(loif.if_xname));
	loif.if_type = RK_IFT_LOOP;
	loif.if_mtu = 16384;
	loif.if_flags = RUMP_IFF_LOOPBACK | RUMP_IFF_MULTICAST;
	loif.if_transmit = loop_transmit;
	loif.if_output = loop_output;
	loif.if_snd_max = 4096;
	loif.if_next = NULL;
	rk_loif = &loif;
	rk_if_attach(&loif);
	rk_if_setaddr(&loif, rk_htonl(0x7f000001U), rk_htonl(0xff000000U), 0);
	rk_if_up(&loif);
}
