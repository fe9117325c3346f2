/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Network interfaces: what a driver of the guest's network stack sees.
 *
 * A driver fills a struct rk_ifnet (name, type, MTU, link address, its
 * callbacks) and attaches it; the stack serialises everything it does
 * with an interface under its own lock (rk_net_lock), so the callbacks
 * run with that lock held and must not sleep for long.  Received frames
 * go to rk_if_input from any thread that is scheduled in the guest; it
 * only queues them (the stack's input thread processes them), so it is
 * cheap and may be called for each frame of a batch.  A driver's receive
 * thread that holds no lock and whose transmit path never waits for it
 * may call rk_if_input_direct instead: the frame is processed on the
 * spot when the stack is free (one thread wake-up less), else queued.
 */
#ifndef RK_IF_H
#define RK_IF_H

#include <rk/types.h>
#include <rk/mbuf.h>

#define RK_IFNAMSIZ	16
#define RK_ETHER_ADDR_LEN 6

/* Interface types (NetBSD's IFT_* values). */
#define RK_IFT_ETHER	0x06
#define RK_IFT_LOOP	0x18

/* Offloads a driver takes on transmit (if_capenable). */
#define RK_IFCAP_TXCSUM_TCP4	0x01	/* finishes TCP/IPv4 checksums
					 * (RK_M_CSUM_TX) */
#define RK_IFCAP_TSO4		0x02	/* cuts TCP/IPv4 segments (RK_M_TSO) */
#define RK_IFCAP_TXSYNC		0x04	/* if_transmit is done with the data
					 * when it returns: may be lent
					 * (RK_M_BORROWED) */

struct rk_ifstats {
	uint64_t ipackets, ierrors, opackets, oerrors;
	uint64_t ibytes, obytes, iqdrops, oqdrops;
};

struct rk_ifnet {
	char if_xname[RK_IFNAMSIZ];
	int if_index;
	int if_type;			/* RK_IFT_* */
	int if_flags;			/* RUMP_IFF_* */
	int if_mtu;
	int if_capenable;		/* RK_IFCAP_*: offloads on transmit */
	uint8_t if_lladdr[RK_ETHER_ADDR_LEN];
	/* IPv4 configuration, network byte order; if_addr 0: none. */
	uint32_t if_addr, if_mask, if_bcast;
	struct rk_ifstats if_stats;
	/* The send queue, drained into if_transmit in order. */
	struct rk_mbuf *if_snd_head, *if_snd_tail;
	int if_snd_len, if_snd_max;
	bool if_sending;
	/* Driver callbacks (net lock held).  if_transmit takes the frame
	 * whatever it returns; if_init brings the device up (0 or errno),
	 * if_stop down; if_ioctl serves driver commands (RK_ENOTTY);
	 * if_detach is the cloner's destroy. */
	int (*if_transmit)(struct rk_ifnet *ifp, struct rk_mbuf *m);
	int (*if_init)(struct rk_ifnet *ifp);
	void (*if_stop)(struct rk_ifnet *ifp);
	int (*if_ioctl)(struct rk_ifnet *ifp, unsigned long cmd, void *data);
	void (*if_detach)(struct rk_ifnet *ifp);
	void *if_softc;
	/* Link-layer output, set by attach for the type. */
	int (*if_output)(struct rk_ifnet *ifp, struct rk_mbuf *m,
			 uint32_t nexthop);
	struct rk_ifnet *if_next;
};

/*
 * Interface cloners: "virt" makes virt0, virt1...  create gets the unit
 * and attaches the interface itself; destroy detaches and frees it.
 */
struct rk_if_cloner {
	const char *ifc_name;
	int (*ifc_create)(int unit);
	int (*ifc_destroy)(struct rk_ifnet *ifp);
	struct rk_if_cloner *ifc_next;
};
void rk_if_cloner_register(struct rk_if_cloner *ifc);

/* Put an interface on the list (rk_if_attach), as Ethernet (sets the
 * type, link output and flags first); net lock held. */
void rk_if_attach(struct rk_ifnet *ifp);
void rk_ether_ifattach(struct rk_ifnet *ifp);
void rk_if_detach(struct rk_ifnet *ifp);

/* A received frame (whole packet in m, m_rcvif set by the call). */
void rk_if_input(struct rk_ifnet *ifp, struct rk_mbuf *m);
void rk_if_input_direct(struct rk_ifnet *ifp, struct rk_mbuf *m);

/* Carrier or state changed by the driver: nothing queued may wait. */
void rk_if_purge(struct rk_ifnet *ifp);

/* The stack's lock (guest/net); drivers take it around their own
 * changes to an ifnet that the stack may be looking at. */
void rk_net_lock(void);
void rk_net_unlock(void);
bool rk_net_locked(void);

#endif /* RK_IF_H */
