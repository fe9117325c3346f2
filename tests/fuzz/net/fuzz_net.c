// SPDX-License-Identifier: BSD-2-Clause
/*
 * The guest side of the network fuzz target: an Ethernet interface
 * fuzz0 (10.0.0.1/24) whose output is captured, and the injection of
 * frames straight into the input path (Ethernet, ARP, IPv4 with options
 * and fragments, ICMP, UDP, TCP with options), synchronously, with a
 * TCP listener, a UDP socket and a raw ICMP socket present.
 *
 * An input is a sequence of records: flags (1 byte), length (2 bytes,
 * big-endian), frame.  Flags help the fuzzer past checks it cannot
 * guess: FIX_MAC/FIX_IP address the frame to us, REL_SEQ/REL_ACK make
 * TCP numbers relative to the last segment we sent, FIX_SUM fills in
 * correct checksums, TIMERS runs every timer as if an hour had passed,
 * DHCP hands the record to the DHCP client's reply parser instead,
 * META takes the record's first 8 bytes as the offload metadata a host
 * gives virtif (flags, gso type, then gso size, csum start, csum offset
 * big-endian; components/virtif/virtif.h), checked by the driver's
 * rk_virtif_meta_apply with every offload granted, and the frame comes
 * in a chain of 2 KiB buffers as virtif builds it.
 * Every input starts from the same state: what the previous one left
 * (connections, ARP entries, fragments) is dropped first.
 */
#include <rk/lib.h>
#include <rk/kmem.h>
#include <rk/errno.h>
#include <rump/rumpdefs.h>

#include "../../guest/net/net.h"
#include "../../guest/net/tcp.h"

struct iovec;
#include "../../../components/virtif/virtif.h"

/* components/virtif/guest/if_virt.c */
int rk_virtif_meta_apply(struct rk_mbuf *m,
			 const struct rumpcomp_virt_meta *meta, int granted);

#define F_FIX_MAC	0x01
#define F_FIX_IP	0x02
#define F_REL_SEQ	0x04
#define F_REL_ACK	0x08
#define F_FIX_SUM	0x10
#define F_TIMERS	0x20
#define F_DHCP		0x40	/* the record is a DHCP reply to parse */
#define F_META		0x80	/* offload metadata first (8 bytes) */
#define META_LEN	8

#define MAXRECORDS	32

void rk_fuzz_init(void);
void rk_fuzz_input(const uint8_t *data, size_t len);

static struct rk_ifnet fuzzif;
static struct rk_socket *listener, *udpso, *rawso;
static uint32_t out_seq_end, out_ack;	/* from our last TCP segment */
static uint64_t frames_out;

static void capture_tcp(const uint8_t *ip, size_t len)
{
	size_t hl = (size_t)(ip[0] & 15) * 4, off, dlen;
	const uint8_t *th;

	if (len < hl + TCP_HDR_LEN || ip[9] != RK_IPPROTO_TCP)
		return;
	th = ip + hl;
	off = (size_t)(th[12] >> 4) * 4;
	dlen = len - hl >= off ? len - hl - off : 0;
	out_seq_end = rk_be32(th + 4) + (uint32_t)dlen +
		      ((th[13] & (TH_SYN | TH_FIN)) ? 1 : 0);
	out_ack = rk_be32(th + 8);
}

static int fuzz_transmit(struct rk_ifnet *ifp, struct rk_mbuf *m)
{
	uint8_t buf[RK_ETHER_HDR_LEN + 80];
	size_t n = RK_MIN((size_t)m->m_pktlen, sizeof(buf));

	(void)ifp;
	frames_out++;
	rk_m_copydata(m, 0, n, buf);
	if (n > RK_ETHER_HDR_LEN && rk_be16(buf + 12) == RK_ETHERTYPE_IP)
		capture_tcp(buf + RK_ETHER_HDR_LEN, n - RK_ETHER_HDR_LEN);
	rk_m_freem(m);
	return 0;
}

static struct rk_socket *mksock(int type, int proto, int port, bool listen)
{
	struct rk_socket *so;

	if (rk_socreate(type, proto, &so))
		rk_panic("fuzz: socket");
	if (port && so->so_proto->pr_bind(so, 0, rk_htons((uint16_t)port)))
		rk_panic("fuzz: bind");
	if (listen) {
		so->so_proto->pr_listen(so);
		so->so_qlimit = 8;
		so->so_options |= RUMP_SO_ACCEPTCONN | RUMP_SO_KEEPALIVE;
	}
	return so;
}

static void sockets_up(void)
{
	listener = mksock(RUMP_SOCK_STREAM, RK_IPPROTO_TCP, 80, true);
	udpso = mksock(RUMP_SOCK_DGRAM, RK_IPPROTO_UDP, 53, false);
	rawso = mksock(RUMP_SOCK_RAW, RK_IPPROTO_ICMP, 0, false);
}

/* Back to the initial state. */
static void reset(void)
{
	rk_soclose(listener);
	rk_soclose(udpso);
	rk_soclose(rawso);
	while (rk_tcb_list)
		rk_tcp_drop(rk_tcb_list, RK_ECONNABORTED);
	rk_arp_ifdetach(&fuzzif);
	rk_ip_reass_fini();
	sockets_up();
	out_seq_end = out_ack = 0;
}

void rk_fuzz_init(void)
{
	rk_net_lock();
	rk_strlcpy(fuzzif.if_xname, "fuzz0", sizeof(fuzzif.if_xname));
	fuzzif.if_lladdr[0] = 0x02;
	fuzzif.if_lladdr[5] = 0x01;
	fuzzif.if_transmit = fuzz_transmit;
	/* TCP builds segments as for a host that takes offloads. */
	fuzzif.if_capenable = RK_IFCAP_TXCSUM_TCP4 | RK_IFCAP_TSO4;
	rk_ether_ifattach(&fuzzif);
	rk_if_setaddr(&fuzzif, rk_htonl(0x0a000001U), rk_htonl(0xffffff00U),
		      0);
	rk_if_up(&fuzzif);
	sockets_up();
	rk_net_unlock();
}

static void fix_sums(uint8_t *ip, size_t len)
{
	size_t hl = (size_t)(ip[0] & 15) * 4, l4 = len - hl;
	struct rk_mbuf *m;
	int p = ip[9];
	size_t sumoff = p == RK_IPPROTO_TCP ? 16 : p == RK_IPPROTO_UDP ? 6 :
			p == RK_IPPROTO_ICMP ? 2 : 0;

	if (hl < RK_IP_HDR_LEN || hl > len)
		return;
	rk_put16(ip + 10, 0);
	rk_put16(ip + 10, rk_in_fold(rk_in_sum(ip, hl, 0)));
	if (!sumoff || l4 < sumoff + 2 || (rk_be16(ip + 6) & 0x3fff))
		return;
	rk_put16(ip + hl + sumoff, 0);
	m = rk_m_get(l4, 0);
	if (!m)
		return;
	rk_memcpy(m->m_data, ip + hl, l4);
	if (p == RK_IPPROTO_ICMP)
		rk_put16(ip + hl + sumoff, rk_in_fold(rk_m_sum(m, 0, l4, 0)));
	else
		rk_put16(ip + hl + sumoff, rk_in_pseudo_cksum(m, 0, l4,
			 rk_get32n(ip + 12), rk_get32n(ip + 16), p));
	rk_m_freem(m);
}

static void fixup(uint8_t *f, size_t len, int flags)
{
	uint8_t *ip = f + RK_ETHER_HDR_LEN, *th;
	size_t hl;

	if (flags & F_FIX_MAC && len >= RK_ETHER_HDR_LEN)
		rk_memcpy(f, fuzzif.if_lladdr, RK_ETHER_ADDR_LEN);
	if (len < RK_ETHER_HDR_LEN + RK_IP_HDR_LEN ||
	    rk_be16(f + 12) != RK_ETHERTYPE_IP)
		return;
	len -= RK_ETHER_HDR_LEN;
	if (flags & F_FIX_IP)
		rk_memcpy(ip + 16, &fuzzif.if_addr, 4);
	hl = (size_t)(ip[0] & 15) * 4;
	if (ip[9] == RK_IPPROTO_TCP && hl >= RK_IP_HDR_LEN &&
	    len >= hl + TCP_HDR_LEN) {
		th = ip + hl;
		if (flags & F_REL_SEQ)
			rk_put32(th + 4, rk_be32(th + 4) + out_ack);
		if (flags & F_REL_ACK)
			rk_put32(th + 8, rk_be32(th + 8) + out_seq_end);
	}
	if (flags & F_FIX_SUM)
		fix_sums(ip, len);
}

static void inject(uint8_t *frame, size_t len, int flags)
{
	struct rumpcomp_virt_meta meta;
	struct rk_mbuf *m;

	if (flags & F_META) {
		if (len < META_LEN)
			return;
		meta.flags = frame[0];
		meta.gso_type = frame[1];
		meta.gso_size = rk_be16(frame + 2);
		meta.csum_start = rk_be16(frame + 4);
		meta.csum_offset = rk_be16(frame + 6);
		frame += META_LEN;
		len -= META_LEN;
	}
	fixup(frame, len, flags);
	m = flags & F_META ? rk_m_getchain(len, 64) : rk_m_get(len, 64);
	if (!m)
		return;
	rk_m_copyback(m, 0, len, frame);
	if ((flags & F_META) &&
	    rk_virtif_meta_apply(m, &meta, RUMPCOMP_VIRT_OFL_RXCSUM |
					   RUMPCOMP_VIRT_OFL_RXTSO4) != 0) {
		rk_m_freem(m);
		return;
	}
	m->m_rcvif = &fuzzif;
	rk_ether_input(&fuzzif, m);
}

static void dhcp_parse(const uint8_t *msg, size_t len)
{
	uint32_t addr;

	/* Its own transaction id and our MAC, so the options get parsed. */
	rk_dhcp_parse(msg, len, len > 33 ? msg + 28 : fuzzif.if_lladdr,
		      len >= 8 ? rk_be32(msg + 4) : 0, &addr);
}

static void run_timers(void)
{
	int64_t later = rk_net_now() + 3600LL * 1000000000LL;

	rk_tcp_timer(later);
	rk_arp_timer(later);
	rk_ip_reass_timer(later);
}

void rk_fuzz_input(const uint8_t *data, size_t len)
{
	uint8_t *frame;
	size_t flen;
	int flags, n = 0;

	rk_net_lock();
	reset();
	frame = rk_kmem_alloc(65536, RK_KM_SLEEP);
	while (len >= 3 && n++ < MAXRECORDS) {
		flags = data[0];
		flen = RK_MIN((size_t)rk_be16(data + 1), len - 3);
		rk_memcpy(frame, data + 3, flen);
		data += 3 + flen;
		len -= 3 + flen;
		if (flags & F_TIMERS)
			run_timers();
		if (flags & F_DHCP)
			dhcp_parse(frame, flen);
		else if (flen)
			inject(frame, flen, flags);
	}
	rk_kmem_free(frame, 65536);
	rk_net_unlock();
}
