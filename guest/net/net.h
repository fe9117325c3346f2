/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Internals of the guest's network stack (guest/net).
 *
 * One lock, rk_net_lock, serialises the whole stack: interfaces, routes,
 * ARP, reassembly, protocol control blocks and socket buffers.  System
 * calls take it around protocol work and sleep on a socket's condition
 * variables with it as the interlock (rk_net_wait); a driver's receive
 * thread processes a frame at once when the lock is free, otherwise
 * queues it, and whoever holds the lock processes the queue before it
 * lets go (the input thread only when nobody holds it); the timer runs
 * under it every tick while anything is timed.  Socket data are copied
 * to and from clients without it (uipc_io.c: a remote client's memory
 * is a round trip away).
 *
 * Headers on the wire are read and written byte by byte through the
 * be16/be32 helpers: nothing assumes alignment, so malformed or odd
 * packets cannot fault.  Addresses and ports inside the stack are kept
 * in network byte order as uint32_t/uint16_t values read with
 * rk_get32n (the bytes as they are on the wire).
 */
#ifndef RK_NET_NET_H
#define RK_NET_NET_H

#include <rk/types.h>
#include <rk/lib.h>
#include <rk/lock.h>
#include <rk/mbuf.h>
#include <rk/if.h>
#include <rk/poll.h>

/* Byte access. */
static inline uint16_t rk_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t rk_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline void rk_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void rk_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Network-order values as stored bytes (addresses, ports). */
static inline uint32_t rk_get32n(const uint8_t *p)
{
	uint32_t v;

	rk_memcpy(&v, p, 4);
	return v;
}

static inline uint16_t rk_get16n(const uint8_t *p)
{
	uint16_t v;

	rk_memcpy(&v, p, 2);
	return v;
}

static inline uint32_t rk_htonl(uint32_t v)
{
	return __builtin_bswap32(v);
}

static inline uint16_t rk_htons(uint16_t v)
{
	return __builtin_bswap16(v);
}
#define rk_ntohl rk_htonl
#define rk_ntohs rk_htons

/* Address classes (network order arguments). */
#define RK_INADDR_ANY		0U
#define RK_INADDR_BCAST		0xffffffffU
bool rk_in_multicast(uint32_t a);
bool rk_in_loopback(uint32_t a);
/* Is a a broadcast address (limited or of a local subnet)? */
bool rk_in_broadcast(uint32_t a, struct rk_ifnet *ifp);
/* The interface holding address a, or NULL. */
struct rk_ifnet *rk_in_ifaddr(uint32_t a);

/* ---- the stack (net_init.c, if.c) ---- */
extern struct rk_ifnet *rk_ifnet_list;
extern struct rk_ifnet *rk_loif;
/* Sleep on a socket's cv, the net lock as interlock (net_init.c). */
void rk_net_wait(struct rk_cv *cv);
int rk_net_timedwait(struct rk_cv *cv, int64_t ns);
int64_t rk_net_now(void);		/* monotonic ns */
uint32_t rk_net_random(void);
/* The timer runs every RK_NET_TICK_NS while something needs it. */
#define RK_NET_TICK_NS	10000000LL
void rk_net_timer_kick(void);
struct rk_ifnet *rk_ifunit(const char *name);
int rk_if_clone_create(const char *name);
int rk_if_clone_destroy(const char *name);
int rk_if_up(struct rk_ifnet *ifp);
void rk_if_down(struct rk_ifnet *ifp);
int rk_if_setaddr(struct rk_ifnet *ifp, uint32_t addr, uint32_t mask,
		  uint32_t bcast);
void rk_if_deladdr(struct rk_ifnet *ifp);
/* Queue a frame for the driver (consumes m). */
int rk_if_enqueue(struct rk_ifnet *ifp, struct rk_mbuf *m);
int rk_if_ioctl(unsigned long cmd, void *data);
void rk_loop_attach(void);

/* ---- Ethernet and ARP ---- */
#define RK_ETHER_HDR_LEN	14
#define RK_ETHERTYPE_IP		0x0800
#define RK_ETHERTYPE_ARP	0x0806
extern const uint8_t rk_etherbroadcast[RK_ETHER_ADDR_LEN];
void rk_ether_input(struct rk_ifnet *ifp, struct rk_mbuf *m);
int rk_ether_send(struct rk_ifnet *ifp, struct rk_mbuf *m,
		  const uint8_t *dst, uint16_t type);
/* Resolve nexthop: 0 with *dst filled, RK_EINPROGRESS when m was kept
 * until the answer, or an error (m consumed in both latter cases). */
int rk_arp_resolve(struct rk_ifnet *ifp, uint32_t nexthop,
		   struct rk_mbuf *m, uint8_t *dst);
void rk_arp_input(struct rk_ifnet *ifp, struct rk_mbuf *m);
void rk_arp_announce(struct rk_ifnet *ifp);	/* gratuitous ARP */
void rk_arp_ifdetach(struct rk_ifnet *ifp);
bool rk_arp_timer(int64_t now);			/* true: keep ticking */
void rk_arp_fini(void);
int rk_arp_count(void);

/* ---- routes (route.c) ---- */
struct rk_route {
	uint32_t rt_dst, rt_mask, rt_gw;	/* rt_gw 0: on link */
	struct rk_ifnet *rt_ifp;
	struct rk_route *rt_next;
};
int rk_rt_add(uint32_t dst, uint32_t mask, uint32_t gw,
	      struct rk_ifnet *ifp);
int rk_rt_del(uint32_t dst, uint32_t mask);
void rk_rt_ifdetach(struct rk_ifnet *ifp);
/* Where dst goes: interface and next hop; RK_ENETUNREACH if nowhere. */
int rk_rt_lookup(uint32_t dst, struct rk_ifnet **ifpp, uint32_t *nexthopp);
void rk_rt_fini(void);

/* ---- IPv4 ---- */
#define RK_IP_HDR_LEN		20
#define RK_IP_MAXPACKET		65535
#define RK_IPPROTO_ICMP		1
#define RK_IPPROTO_TCP		6
#define RK_IPPROTO_UDP		17
#define RK_IP_DEFTTL		64
#define RK_IP_DF		0x4000
#define RK_IP_MF		0x2000
#define RK_IP_OFFMASK		0x1fff

/* ip_output flags */
#define RK_IPO_DF		0x01	/* do not fragment */
#define RK_IPO_BROADCAST	0x02	/* broadcast allowed */
#define RK_IPO_RAWHDR		0x04	/* m already has the IP header */

struct rk_ipopts {
	uint8_t ttl, tos;
	int flags;
	struct rk_ifnet *ifp;		/* force this interface (DHCP) */
};
/* Send m (the payload, or a whole packet with RK_IPO_RAWHDR) from src
 * (0: the interface's address) to dst; consumes m. */
int rk_ip_output(struct rk_mbuf *m, uint32_t src, uint32_t dst, int proto,
		 const struct rk_ipopts *o);
void rk_ip_input(struct rk_ifnet *ifp, struct rk_mbuf *m);
/* The source address for dst, 0 if unroutable. */
uint32_t rk_ip_srcaddr(uint32_t dst);
int rk_ip_mtu(uint32_t dst);
bool rk_ip_reass_timer(int64_t now);
void rk_ip_reass_fini(void);
int rk_ip_reass_count(void);
/* Internet checksum of a pseudo header + payload. */
uint16_t rk_in_pseudo_cksum(const struct rk_mbuf *m, size_t off,
			    size_t len, uint32_t src, uint32_t dst,
			    int proto);
/* The pseudo header's sum alone, folded, not complemented: what a
 * checksum field holds for an interface to finish (RK_M_CSUM_TX). */
uint16_t rk_in_pseudo_sum(size_t len, uint32_t src, uint32_t dst,
			  int proto);
/* The transmit offloads (RK_IFCAP_*) of the interface toward dst. */
int rk_ip_ifcaps(uint32_t dst);
/* Segments of at most this many bytes of IP packet with RK_IFCAP_TSO4. */
#define RK_IP_TSO_MAX		RK_IP_MAXPACKET

/* ---- ICMP ---- */
#define RK_ICMP_ECHOREPLY	0
#define RK_ICMP_UNREACH		3
#define RK_ICMP_UNREACH_NET	0
#define RK_ICMP_UNREACH_HOST	1
#define RK_ICMP_UNREACH_PROTOCOL 2
#define RK_ICMP_UNREACH_PORT	3
#define RK_ICMP_UNREACH_NEEDFRAG 4
#define RK_ICMP_ECHO		8
#define RK_ICMP_TIMXCEED	11
#define RK_ICMP_TIMXCEED_REASS	1
#define RK_ICMP_PARAMPROB	12
/* An error about packet m (whose IP header is at the front); m is
 * consumed.  Nothing is sent for what RFC 1122 forbids. */
void rk_icmp_error(struct rk_mbuf *m, int type, int code, uint32_t info);
void rk_icmp_input(struct rk_ifnet *ifp, struct rk_mbuf *m, size_t hlen);

/* ---- sockets (socket.c) ---- */
struct rk_socket;

struct rk_sockbuf {
	struct rk_mbuf *sb_mb;		/* stream: one chain; dgram: records */
	struct rk_mbuf *sb_tail;	/* last mbuf (stream) / record */
	uint32_t sb_cc;			/* bytes held */
	uint32_t sb_hiwat;		/* limit */
	uint32_t sb_lowat;
	int sb_flags;
	int64_t sb_timeo;		/* ns, 0: none */
	struct rk_cv sb_cv;
	struct rk_selinfo sb_sel;
};

/* Protocol operations (net lock held). */
struct rk_protosw {
	int pr_type;			/* RUMP_SOCK_* */
	int pr_protocol;
	int (*pr_attach)(struct rk_socket *so, int proto);
	void (*pr_detach)(struct rk_socket *so);	/* frees the pcb */
	int (*pr_bind)(struct rk_socket *so, uint32_t addr, uint16_t port);
	int (*pr_listen)(struct rk_socket *so);
	int (*pr_connect)(struct rk_socket *so, uint32_t addr, uint16_t port);
	int (*pr_disconnect)(struct rk_socket *so);
	int (*pr_shutdown)(struct rk_socket *so);	/* no more sends */
	/* m: data (a packet for datagrams); addr/port 0: connected peer */
	int (*pr_send)(struct rk_socket *so, struct rk_mbuf *m,
		       uint32_t addr, uint16_t port, int flags);
	void (*pr_rcvd)(struct rk_socket *so);		/* data was read */
	void (*pr_abort)(struct rk_socket *so);		/* reset, free */
	int (*pr_ctloutput)(struct rk_socket *so, bool set, int level,
			    int name, void *val, size_t *len);
};

#define RK_SS_ISCONNECTED	0x0001
#define RK_SS_ISCONNECTING	0x0002
#define RK_SS_ISDISCONNECTING	0x0004
#define RK_SS_CANTSENDMORE	0x0010
#define RK_SS_CANTRCVMORE	0x0020
#define RK_SS_ISDISCONNECTED	0x0800
#define RK_SS_NOFDREF		0x1000	/* closed by the user */
#define RK_SS_ISBOUND		0x2000

struct rk_socket {
	int so_type;
	int so_options;			/* RUMP_SO_* booleans */
	int so_state;			/* RK_SS_* */
	int so_error;
	int so_linger;			/* seconds */
	const struct rk_protosw *so_proto;
	void *so_pcb;
	struct rk_sockbuf so_rcv, so_snd;
	/* Listening: incomplete (q0) and complete (q) connections. */
	struct rk_socket *so_head;	/* the listener we are queued on */
	struct rk_socket *so_q0, *so_q;	/* lists, linked by so_qnext */
	struct rk_socket *so_qnext;
	int so_q0len, so_qlen, so_qlimit;
	bool so_onq;			/* on the complete queue */
	struct rk_cv so_cv;		/* connect, accept, linger */
	struct rk_socket *so_next;	/* all sockets (halt) */
	struct rk_socket *so_prev;
};

int rk_socreate(int type, int proto, struct rk_socket **sop);
/* Drop the user's reference: disconnects, frees when the protocol is
 * done with it. */
void rk_soclose(struct rk_socket *so);
/* The protocol is done: free (if the user closed it too). */
void rk_sofree(struct rk_socket *so);
/* A new socket for a connection arriving at listener head (on q0). */
struct rk_socket *rk_sonewconn(struct rk_socket *head);
void rk_soisconnecting(struct rk_socket *so);
void rk_soisconnected(struct rk_socket *so);
void rk_soisdisconnecting(struct rk_socket *so);
void rk_soisdisconnected(struct rk_socket *so);
void rk_socantsendmore(struct rk_socket *so);
void rk_socantrcvmore(struct rk_socket *so);
void rk_sowakeup(struct rk_socket *so, struct rk_sockbuf *sb);
#define rk_sorwakeup(so) rk_sowakeup((so), &(so)->so_rcv)
#define rk_sowwakeup(so) rk_sowakeup((so), &(so)->so_snd)
void rk_soseterror(struct rk_socket *so, int error);
void rk_soabortall(void);

/* Socket buffers. */
uint32_t rk_sbspace(const struct rk_sockbuf *sb);
void rk_sbappend_stream(struct rk_sockbuf *sb, struct rk_mbuf *m);
/* A datagram record (sender in m_faddr/m_fport); false (m freed) if no
 * room. */
bool rk_sbappend_record(struct rk_sockbuf *sb, struct rk_mbuf *m);
void rk_sbdrop(struct rk_sockbuf *sb, size_t len);
void rk_sbflush(struct rk_sockbuf *sb);

/* ---- protocol control blocks (in_pcb.c) ---- */
struct rk_inpcb {
	uint32_t inp_laddr, inp_faddr;		/* network order */
	uint16_t inp_lport, inp_fport;		/* network order */
	int inp_proto;
	uint8_t inp_ttl, inp_tos;
	struct rk_socket *inp_socket;
	void *inp_ppcb;				/* tcpcb */
	struct rk_inpcb *inp_next;
	struct rk_inpcb **inp_prevp;
};

struct rk_inpcbtable {
	struct rk_inpcb *ipt_list;
	uint16_t ipt_lastport;			/* host order */
};

struct rk_inpcb *rk_in_pcballoc(struct rk_socket *so,
				struct rk_inpcbtable *t, int proto);
void rk_in_pcbfree(struct rk_inpcb *inp);
int rk_in_pcbbind(struct rk_inpcb *inp, struct rk_inpcbtable *t,
		  uint32_t addr, uint16_t port);
int rk_in_pcbconnect(struct rk_inpcb *inp, struct rk_inpcbtable *t,
		     uint32_t addr, uint16_t port);
/* Exact match, or (wildcard) the best bound/listening one. */
struct rk_inpcb *rk_in_pcblookup(struct rk_inpcbtable *t, uint32_t faddr,
				 uint16_t fport, uint32_t laddr,
				 uint16_t lport, bool wildcard);

/* ---- UDP, raw IP ---- */
extern const struct rk_protosw rk_udp_protosw, rk_rawip_protosw;
extern struct rk_inpcbtable rk_udbtable, rk_rawtable;
void rk_udp_input(struct rk_mbuf *m, size_t hlen);
void rk_udp_ctlinput(int type, int code, uint32_t dst, const uint8_t *ip,
		     size_t len);
/* Deliver a copy of an IP packet to matching raw sockets; true if any. */
bool rk_rawip_input(struct rk_mbuf *m, int proto);

int rk_ip_ctloutput(struct rk_socket *so, bool set, int level, int name,
		    void *val, size_t *len);

/* ---- TCP ---- */
extern const struct rk_protosw rk_tcp_protosw;
extern struct rk_inpcbtable rk_tcbtable;
void rk_tcp_input(struct rk_mbuf *m, size_t hlen);
void rk_tcp_ctlinput(int type, int code, uint32_t dst, const uint8_t *ip,
		     size_t len);
bool rk_tcp_timer(int64_t now);
void rk_tcp_init(void);
void rk_tcp_fini(void);

/* ---- DHCP client (dhcp.c) ---- */
int rk_dhcp_oneshot(struct rk_ifnet *ifp);
/* The reply parser alone (fuzzing): is p a reply to (mac, xid)? */
bool rk_dhcp_parse(const uint8_t *p, size_t len, const uint8_t *mac,
		   uint32_t xid, uint32_t *addrp);

#endif /* RK_NET_NET_H */
