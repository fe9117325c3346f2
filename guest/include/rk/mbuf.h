/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Packet buffers.  A packet is a chain of rk_mbufs (m_next); packets in
 * a queue are linked by m_nextpkt.  Each mbuf is one allocation from the
 * guest's kmem: the header, then m_size bytes of storage, of which
 * [m_data, m_data + m_len) hold data; the space before m_data is
 * headroom for headers to be prepended.  The first mbuf of a packet
 * carries the packet header (M_PKTHDR): total length, receiving
 * interface and, for datagrams queued on a socket, the sender.
 * Allocation never sleeps: under memory pressure (RUMP_MEMLIMIT) it
 * fails and the caller drops the packet.
 */
#ifndef RK_MBUF_H
#define RK_MBUF_H

#include <rk/types.h>

struct rk_ifnet;

struct rk_mbuf {
	struct rk_mbuf *m_next;
	struct rk_mbuf *m_nextpkt;
	uint8_t *m_data;
	uint32_t m_len;
	uint32_t m_size;
	uint32_t m_flags;
	/* Packet header (first mbuf). */
	uint32_t m_pktlen;
	struct rk_ifnet *m_rcvif;
	uint32_t m_faddr;		/* sender (sockets), network order */
	uint16_t m_fport;
	uint16_t m_tso_segsz;		/* RK_M_TSO: payload per segment */
	uint8_t m_buf[];
};

#define RK_M_PKTHDR	0x01
#define RK_M_BCAST	0x02	/* link-level broadcast */
#define RK_M_MCAST	0x04	/* link-level multicast */
#define RK_M_LOOP	0x08	/* came through the loopback path */
#define RK_M_CSUM_OK	0x10	/* TCP/UDP data vouched for by the host:
				 * checksum not to be verified */
#define RK_M_CSUM_TX	0x20	/* TCP checksum field holds the pseudo-
				 * header sum: the interface finishes it */
#define RK_M_TSO	0x40	/* a TCP segment the interface cuts into
				 * segments of m_tso_segsz bytes */
#define RK_M_BORROWED	0x80	/* m_data lies in another mbuf's storage,
				 * lent for the current call only (see
				 * rk_m_borrow) */

/* Headroom a fresh packet gets: Ethernet + IP + TCP with options. */
#define RK_MHEADROOM	128

/* A packet of len bytes (uninitialised) after headroom; NULL if none. */
struct rk_mbuf *rk_m_get(size_t len, size_t headroom);
/* The same in cluster-sized mbufs (a chain when len is long). */
struct rk_mbuf *rk_m_getchain(size_t len, size_t headroom);
/* [off, off + len) of m copied into such a chain. */
struct rk_mbuf *rk_m_copychain(const struct rk_mbuf *m, size_t off,
			       size_t len, size_t headroom);
/*
 * A packet of headroom and no data, then [off, off + len) of m lent, not
 * copied: mbufs that point into m's storage (RK_M_BORROWED).  Only for
 * a packet that is handed down at once and whose lender stays put
 * meanwhile (a TCP segment from its socket buffer, under the net lock):
 * whatever keeps the packet past the call (a queue, ARP's hold) first
 * takes its own copy with rk_m_unborrow.  NULL (nothing made) when out
 * of memory or when it would take more than maxpieces mbufs.
 */
struct rk_mbuf *rk_m_borrow(const struct rk_mbuf *m, size_t off, size_t len,
			    size_t headroom, size_t maxpieces);
/* m with copies in place of its lent mbufs; NULL (m freed) if no memory. */
struct rk_mbuf *rk_m_unborrow(struct rk_mbuf *m);
void rk_m_free(struct rk_mbuf *m);		/* one mbuf */
void rk_m_freem(struct rk_mbuf *m);		/* a whole chain */
void rk_m_freeq(struct rk_mbuf *m);		/* packets linked by nextpkt */

/* Room for len more bytes in front; may add an mbuf.  NULL (chain
 * freed) on failure. */
struct rk_mbuf *rk_m_prepend(struct rk_mbuf *m, size_t len);
/* First len bytes contiguous in the first mbuf; NULL (freed) if the
 * packet is shorter or memory ran out. */
struct rk_mbuf *rk_m_pullup(struct rk_mbuf *m, size_t len);
/* Trim n bytes from the front (n > 0) or the back (n < 0). */
void rk_m_adj(struct rk_mbuf *m, long n);
/* Copy [off, off + len) of the chain out / in (in: within its data). */
void rk_m_copydata(const struct rk_mbuf *m, size_t off, size_t len,
		   void *dst);
void rk_m_copyback(struct rk_mbuf *m, size_t off, size_t len,
		   const void *src);
/* A new one-mbuf packet holding [off, off + len) after headroom. */
struct rk_mbuf *rk_m_copym(const struct rk_mbuf *m, size_t off, size_t len,
			   size_t headroom);
/* Append chain n to packet m (pktlen updated). */
void rk_m_cat(struct rk_mbuf *m, struct rk_mbuf *n);
/* Bytes in the chain (recomputed). */
size_t rk_m_length(const struct rk_mbuf *m);
/* Internet checksum (RFC 1071) partial sum over [off, off + len). */
uint32_t rk_m_sum(const struct rk_mbuf *m, size_t off, size_t len,
		  uint32_t sum);
uint32_t rk_in_sum(const void *buf, size_t len, uint32_t sum);
uint16_t rk_in_fold(uint32_t sum);		/* ~folded sum */

#define rk_mtod(m, t)	((t)(void *)((m)->m_data))

/* Packets alive (for tests and halt). */
long rk_m_count(void);
/* The stack's boot and halt: the list of freed buffers kept for reuse. */
void rk_m_init(void);
void rk_m_fini(void);

#endif /* RK_MBUF_H */
