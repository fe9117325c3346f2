// SPDX-License-Identifier: BSD-2-Clause
/*
 * Transfers over an impaired link (the pair backend drops, duplicates
 * and reorders frames, deterministically from a seed) must still give
 * identical data; and the DHCP client against a small DHCP server in
 * the other guest.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cases.h"

#define PORT	6100

static int stream_a(struct nt_ctx *c, uint64_t len)
{
	struct rump_sockaddr_in sin;
	uint64_t sum, bad, theirs;
	int l = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_STREAM, 0), s;
	long rv;

	nt_sin(&sin, "0.0.0.0", PORT);
	if (rump_sys_bind(l, NT_SA(&sin), sizeof(sin)) || rump_sys_listen(l, 1))
		return nt_fail(c, "listen: errno %d", errno);
	nt_signal(c, 1);
	s = rump_sys_accept(l, NULL, NULL);
	if (s < 0)
		return nt_fail(c, "accept: errno %d", errno);
	rv = nt_recv_stream(s, 31, len, &sum, &bad);
	theirs = nt_wait(c);
	if (rv || bad || sum != theirs)
		return nt_fail(c, "B->A over the impaired link: rv %ld, first "
			       "bad byte %llu, sums %016llx %016llx", rv,
			       (unsigned long long)bad, (unsigned long long)sum,
			       (unsigned long long)theirs);
	rv = nt_send_stream(s, 32, len, &sum);
	nt_signal(c, rv ? 0 : sum);
	rump_sys_close(s);
	rump_sys_close(l);
	nt_note("%llu bytes each way, identical (%016llx)",
		(unsigned long long)len, (unsigned long long)theirs);
	return rv ? nt_fail(c, "A->B send: %ld", rv) : 0;
}

static int stream_b(struct nt_ctx *c, uint64_t len)
{
	struct rump_sockaddr_in sin;
	uint64_t sum, bad, theirs;
	int s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_STREAM, 0);
	long rv;

	nt_wait(c);
	nt_sin(&sin, NT_A_ADDR, PORT);
	if (rump_sys_connect(s, NT_SA(&sin), sizeof(sin)))
		return nt_fail(c, "connect: errno %d", errno);
	rv = nt_send_stream(s, 31, len, &sum);
	nt_signal(c, rv ? 0 : sum);
	if (rv)
		return nt_fail(c, "B->A send: %ld", rv);
	rv = nt_recv_stream(s, 32, len, &sum, &bad);
	theirs = nt_wait(c);
	rump_sys_close(s);
	if (rv || bad || sum != theirs)
		return nt_fail(c, "A->B over the impaired link: rv %ld, bad %llu",
			       rv, (unsigned long long)bad);
	return 0;
}

static int lossy_a(struct nt_ctx *c)
{
	return stream_a(c, c->quick ? 2 << 20 : 8 << 20);
}

static int lossy_b(struct nt_ctx *c)
{
	return stream_b(c, c->quick ? 2 << 20 : 8 << 20);
}

static int heavy_a(struct nt_ctx *c)
{
	return stream_a(c, 1 << 20);
}

static int heavy_b(struct nt_ctx *c)
{
	return stream_b(c, 1 << 20);
}

/* Datagrams in fragments, the fragments duplicated and reordered. */
static int fragdup_a(struct nt_ctx *c)
{
	static unsigned char buf[65536];
	struct rump_sockaddr_in sin, from;
	rump_socklen_t fl;
	int s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_DGRAM, 0), i;
	ssize_t n;

	nt_sin(&sin, "0.0.0.0", PORT);
	if (rump_sys_bind(s, NT_SA(&sin), sizeof(sin)))
		return nt_fail(c, "bind: errno %d", errno);
	nt_signal(c, 1);
	for (i = 0; i < 20; i++) {
		fl = sizeof(from);
		n = rump_sys_recvfrom(s, buf, sizeof(buf), 0, NT_SA(&from), &fl);
		if (n != 30000 || nt_check(500 + (uint64_t)buf[0], 1, buf + 1,
					   (size_t)n - 1))
			return nt_fail(c, "datagram %d: %zd bytes, %s", i, n,
				       n == 30000 ? "wrong data" : "wrong size");
		nt_signal(c, 2);	/* one at a time: no buffer overflow */
	}
	rump_sys_close(s);
	nt_note("20 datagrams of 30000 bytes reassembled from duplicated, "
		"reordered fragments");
	return 0;
}

static int fragdup_b(struct nt_ctx *c)
{
	static unsigned char buf[30000];
	struct rump_sockaddr_in sin;
	int s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_DGRAM, 0), i;

	nt_wait(c);
	nt_sin(&sin, NT_A_ADDR, PORT);
	for (i = 0; i < 20; i++) {
		buf[0] = (unsigned char)i;
		nt_fill(500 + (uint64_t)i, 1, buf + 1, sizeof(buf) - 1);
		if (rump_sys_sendto(s, buf, sizeof(buf), 0, NT_SA(&sin),
				    sizeof(sin)) != sizeof(buf))
			return nt_fail(c, "sendto: errno %d", errno);
		if (nt_wait(c) != 2)
			return nt_fail(c, "datagram %d not received", i);
	}
	rump_sys_close(s);
	return 0;
}

/* ---- DHCP: A serves, B asks ---- */

static size_t dhcp_reply(unsigned char *p, const unsigned char *req, int type)
{
	static const unsigned char opts[] = {
		1, 4, 255, 255, 255, 0,		/* netmask */
		3, 4, 10, 0, 0, 1,		/* router */
		51, 4, 0, 0, 14, 16,		/* lease 3600 s */
		54, 4, 10, 0, 0, 1,		/* server id */
	};
	size_t n = 240;

	memset(p, 0, 548);
	p[0] = 2;
	p[1] = 1;
	p[2] = 6;
	memcpy(p + 4, req + 4, 4);		/* xid */
	memcpy(p + 10, req + 10, 2);		/* flags */
	p[16] = 10, p[17] = 0, p[18] = 0, p[19] = 77;	/* yiaddr */
	memcpy(p + 28, req + 28, 16);		/* chaddr */
	memcpy(p + 236, "\x63\x82\x53\x63", 4);
	p[n++] = 53;
	p[n++] = 1;
	p[n++] = (unsigned char)type;
	memcpy(p + n, opts, sizeof(opts));
	n += sizeof(opts);
	p[n++] = 255;
	return 300;
}

static int dhcp_type(const unsigned char *p, ssize_t len)
{
	ssize_t i = 240;

	while (i + 2 < len && p[i] != 255) {
		if (p[i] == 0) {
			i++;
			continue;
		}
		if (p[i] == 53)
			return p[i + 2];
		i += 2 + p[i + 1];
	}
	return 0;
}

static int dhcpd_a(struct nt_ctx *c)
{
	unsigned char req[1024], rep[548];
	struct rump_sockaddr_in sin;
	int s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_DGRAM, 0), on = 1;
	int served = 0, type;
	ssize_t n;

	rump_sys_setsockopt(s, RUMP_SOL_SOCKET, RUMP_SO_BROADCAST, &on, 4);
	nt_sin(&sin, "0.0.0.0", 67);
	if (rump_sys_bind(s, NT_SA(&sin), sizeof(sin)))
		return nt_fail(c, "bind 67: errno %d", errno);
	nt_signal(c, 1);
	nt_sin(&sin, "255.255.255.255", 68);
	while (served < 2) {
		n = rump_sys_recvfrom(s, req, sizeof(req), 0, NULL, NULL);
		type = dhcp_type(req, n);
		if (n < 240 || req[0] != 1 || (type != 1 && type != 3))
			continue;
		n = (ssize_t)dhcp_reply(rep, req, type == 1 ? 2 : 5);
		if (rump_sys_sendto(s, rep, (size_t)n, 0, NT_SA(&sin),
				    sizeof(sin)) != n)
			return nt_fail(c, "reply: errno %d", errno);
		served++;
	}
	nt_wait(c);
	rump_sys_close(s);
	return 0;
}

static int dhcpc_b(struct nt_ctx *c)
{
	struct rump_sockaddr_in sin;
	struct rump_ifreq ifr;
	rump_socklen_t sl = sizeof(sin);
	int s, error;

	nt_wait(c);
	error = rump_pub_netconfig_dhcp_ipv4_oneshot("virt0");
	nt_signal(c, 1);
	if (error)
		return nt_fail(c, "dhcp_ipv4_oneshot: error %d", error);
	s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_DGRAM, 0);
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "virt0");
	if (rump_sys_ioctl(s, RUMP_SIOCGIFADDR, &ifr))
		return nt_fail(c, "SIOCGIFADDR: errno %d", errno);
	memcpy(&sin, &ifr.rump_ifr_addr, sizeof(sin));
	if (sin.sin_addr.s_addr != htonl(0x0a00004d))
		return nt_fail(c, "leased address %08x, want 10.0.0.77",
			       ntohl(sin.sin_addr.s_addr));
	/* The router became the default route: an off-link destination
	 * is routable, from the leased address. */
	nt_sin(&sin, "192.0.2.1", 9);
	if (rump_sys_connect(s, NT_SA(&sin), sizeof(sin)) ||
	    rump_sys_getsockname(s, NT_SA(&sin), &sl) ||
	    sin.sin_addr.s_addr != htonl(0x0a00004d))
		return nt_fail(c, "no default route via the lease's router");
	rump_sys_close(s);
	nt_note("leased 10.0.0.77/24, router 10.0.0.1");
	return 0;
}

const struct nt_case nt_cases_more[] = {
	{ "impaired-tcp-2%-drop-dup-3%-reorder", { lossy_a, lossy_b },
	  { "drop=20,dup=20,reorder=30,seed=1",
	    "drop=20,dup=20,reorder=30,seed=2" }, 0, 180, false,
	  "fast_rexmits partial_acks sack_rexmits dupacks ooo_segs "
	  "sack_blocks_in rexmt_segs" },
	{ "impaired-tcp-10%-drop", { heavy_a, heavy_b },
	  { "drop=100,seed=3", "drop=100,seed=4" }, 0, 180, false,
	  "fast_rexmits rexmt_timeouts sack_rexmits" },
	{ "impaired-udp-fragments-dup-reorder", { fragdup_a, fragdup_b },
	  { 0, "dup=100,reorder=250,seed=5" }, 0, 60, false, NULL },
	{ "dhcp-client", { dhcpd_a, dhcpc_b }, { 0 }, 0, 60, true, NULL },
	{ NULL, { NULL, NULL }, { 0 }, 0, 0, false, NULL },
};
