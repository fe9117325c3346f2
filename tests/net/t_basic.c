// SPDX-License-Identifier: BSD-2-Clause
/*
 * ARP and ping both ways (raw ICMP sockets), UDP echo, large UDP
 * datagrams (fragmentation and reassembly), ICMP port unreachable to a
 * connected UDP socket, interface ioctls, and loopback in one guest.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"

/* Internet checksum of an ICMP message (as ping computes it). */
static uint16_t cksum(const void *p, size_t len)
{
	const unsigned char *b = p;
	uint32_t s = 0;

	for (; len > 1; len -= 2, b += 2)
		s += (uint32_t)(b[0] << 8 | b[1]);
	if (len)
		s += (uint32_t)b[0] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return htons((uint16_t)~s);
}

/* count echo requests to addr; every reply must match. */
static int ping(struct nt_ctx *c, const char *addr, int count)
{
	struct rump_sockaddr_in sin, from;
	unsigned char req[64], rep[128];
	rump_socklen_t fl;
	int s, i, got = 0;
	struct rump_timeval tv = { 2, 0 };
	uint16_t ck;

	s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_RAW, RUMP_IPPROTO_ICMP);
	if (s < 0)
		return nt_fail(c, "raw socket: errno %d", errno);
	rump_sys_setsockopt(s, RUMP_SOL_SOCKET, RUMP_SO_RCVTIMEO, &tv,
			    sizeof(tv));
	nt_sin(&sin, addr, 0);
	for (i = 0; i < count; i++) {
		memset(req, 0, sizeof(req));
		req[0] = 8;		/* echo request */
		req[4] = 0x12;
		req[5] = (unsigned char)c->role;
		req[7] = (unsigned char)i;
		nt_fill(i, 0, req + 8, sizeof(req) - 8);
		ck = cksum(req, sizeof(req));
		memcpy(req + 2, &ck, 2);
		if (rump_sys_sendto(s, req, sizeof(req), 0, NT_SA(&sin),
				    sizeof(sin)) != sizeof(req))
			return nt_fail(c, "ping sendto: errno %d", errno);
		for (;;) {
			ssize_t n;

			fl = sizeof(from);
			n = rump_sys_recvfrom(s, rep, sizeof(rep), 0,
					      NT_SA(&from), &fl);
			if (n < 0)
				return nt_fail(c, "no echo reply %d from %s "
					       "(errno %d)", i, addr, errno);
			/* IP header, then ICMP; skip our own requests. */
			if (n < 20 + 64 || rep[20] != 0)
				continue;
			if (rep[24] != 0x12 || rep[27] != i ||
			    memcmp(rep + 28, req + 8, 56) != 0 ||
			    cksum(rep + 20, 64) != 0)
				return nt_fail(c, "bad echo reply %d", i);
			if (from.sin_addr.s_addr != sin.sin_addr.s_addr)
				return nt_fail(c, "reply from another host");
			got++;
			break;
		}
	}
	rump_sys_close(s);
	nt_note("%s: %d echo replies from %s", c->role ? "B" : "A", got, addr);
	return 0;
}

static int ping_a(struct nt_ctx *c)
{
	if (ping(c, NT_B_ADDR, 5))
		return -1;
	nt_signal(c, 1);
	return nt_wait(c) == 1 ? 0 : nt_fail(c, "B's pings failed");
}

static int ping_b(struct nt_ctx *c)
{
	int rv;

	if (nt_wait(c) != 1)
		return nt_fail(c, "A's pings failed");
	rv = ping(c, NT_A_ADDR, 5);
	nt_signal(c, rv ? 0 : 1);
	return rv;
}

static int udp_server(struct nt_ctx *c, int port, int count)
{
	static unsigned char buf[65536];
	struct rump_sockaddr_in sin, from;
	rump_socklen_t fl;
	int s, i;
	ssize_t n;

	s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_DGRAM, 0);
	nt_sin(&sin, "0.0.0.0", port);
	if (rump_sys_bind(s, NT_SA(&sin), sizeof(sin)) != 0)
		return nt_fail(c, "udp bind: errno %d", errno);
	nt_signal(c, 1);
	for (i = 0; i < count; i++) {
		fl = sizeof(from);
		n = rump_sys_recvfrom(s, buf, sizeof(buf), 0, NT_SA(&from),
				      &fl);
		if (n < 0 || fl != sizeof(from))
			return nt_fail(c, "udp recvfrom: errno %d", errno);
		if (rump_sys_sendto(s, buf, (size_t)n, 0, NT_SA(&from),
				    fl) != n)
			return nt_fail(c, "udp echo: errno %d", errno);
	}
	rump_sys_close(s);
	return 0;
}

static int udp_client(struct nt_ctx *c, const size_t *sizes, int count)
{
	static unsigned char out[65536], in[65536];
	struct rump_sockaddr_in sin, from;
	struct rump_timeval tv = { 5, 0 };
	rump_socklen_t fl;
	int s, i;
	ssize_t n;

	if (nt_wait(c) != 1)
		return nt_fail(c, "server not ready");
	s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_DGRAM, 0);
	rump_sys_setsockopt(s, RUMP_SOL_SOCKET, RUMP_SO_RCVTIMEO, &tv,
			    sizeof(tv));
	nt_sin(&sin, NT_A_ADDR, 5000);
	for (i = 0; i < count; i++) {
		nt_fill(100 + i, 0, out, sizes[i]);
		n = rump_sys_sendto(s, out, sizes[i], 0, NT_SA(&sin),
				    sizeof(sin));
		if (n != (ssize_t)sizes[i])
			return nt_fail(c, "sendto %zu bytes: %zd errno %d",
				       sizes[i], n, errno);
		fl = sizeof(from);
		n = rump_sys_recvfrom(s, in, sizeof(in), 0, NT_SA(&from), &fl);
		if (n != (ssize_t)sizes[i] || memcmp(in, out, sizes[i]))
			return nt_fail(c, "echo of %zu bytes: got %zd "
				       "(errno %d)", sizes[i], n, errno);
		if (from.sin_port != htons(5000) ||
		    from.sin_addr.s_addr != sin.sin_addr.s_addr)
			return nt_fail(c, "echo from the wrong address");
	}
	nt_note("%d datagrams echoed, %zu to %zu bytes", count, sizes[0],
		sizes[count - 1]);
	rump_sys_close(s);
	return 0;
}

static const size_t small_sizes[] = { 1, 100, 1000, 1472, 0 };
static const size_t big_sizes[] = { 1473, 4000, 8192, 20000, 40000, 65507 };

static int udp_a(struct nt_ctx *c)
{
	return udp_server(c, 5000, 5);
}

static int udp_b(struct nt_ctx *c)
{
	return udp_client(c, small_sizes, 5);	/* the last is empty */
}

static int frag_a(struct nt_ctx *c)
{
	return udp_server(c, 5000, 6);
}

static int frag_b(struct nt_ctx *c)
{
	return udp_client(c, big_sizes, 6);
}

static int unreach_b(struct nt_ctx *c)
{
	struct rump_sockaddr_in sin;
	struct rump_timeval tv = { 3, 0 };
	char buf[16];
	int s;
	ssize_t n;

	s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_DGRAM, 0);
	rump_sys_setsockopt(s, RUMP_SOL_SOCKET, RUMP_SO_RCVTIMEO, &tv,
			    sizeof(tv));
	nt_sin(&sin, NT_A_ADDR, 5999);
	if (rump_sys_connect(s, NT_SA(&sin), sizeof(sin)) != 0)
		return nt_fail(c, "udp connect: errno %d", errno);
	if (rump_sys_write(s, "ping", 4) != 4)
		return nt_fail(c, "udp write: errno %d", errno);
	n = rump_sys_read(s, buf, sizeof(buf));
	if (n != -1 || errno != NT_ECONNREFUSED)
		return nt_fail(c, "read after port unreachable: %zd errno %d, "
			       "expected ECONNREFUSED", n, errno);
	/* The error is reported once. */
	n = rump_sys_write(s, "ping", 4);
	rump_sys_close(s);
	return n == 4 ? 0 : nt_fail(c, "second write: errno %d", errno);
}

static int ifreq(int s, unsigned long cmd, const char *name,
		 struct rump_ifreq *ifr)
{
	memset(ifr, 0, sizeof(*ifr));
	strncpy(ifr->ifr_name, name, sizeof(ifr->ifr_name) - 1);
	return rump_sys_ioctl(s, cmd, ifr);
}

static int ifconfig_a(struct nt_ctx *c)
{
	struct rump_ifreq reqs[8], ifr;
	struct rump_ifconf ifc;
	struct rump_sockaddr_in sin;
	int s, n, found = 0, i;

	s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_DGRAM, 0);
	ifc.ifc_len = sizeof(reqs);
	ifc.ifc_ifcu.ifcu_req = reqs;
	if (rump_sys_ioctl(s, RUMP_SIOCGIFCONF, &ifc) != 0)
		return nt_fail(c, "SIOCGIFCONF: errno %d", errno);
	n = ifc.ifc_len / (int)sizeof(reqs[0]);
	for (i = 0; i < n; i++)
		found += !strcmp(reqs[i].ifr_name, "lo0") ||
			 !strcmp(reqs[i].ifr_name, "virt0");
	if (found != 2)
		return nt_fail(c, "SIOCGIFCONF: %d interfaces, lo0 and virt0 "
			       "not both listed", n);
	if (ifreq(s, RUMP_SIOCGIFFLAGS, "virt0", &ifr) ||
	    !(ifr.rump_ifr_flags & RUMP_IFF_UP) ||
	    !(ifr.rump_ifr_flags & RUMP_IFF_BROADCAST))
		return nt_fail(c, "SIOCGIFFLAGS: %#x", ifr.rump_ifr_flags);
	if (ifreq(s, RUMP_SIOCGIFADDR, "virt0", &ifr))
		return nt_fail(c, "SIOCGIFADDR: errno %d", errno);
	memcpy(&sin, &ifr.rump_ifr_addr, sizeof(sin));
	if (sin.sin_addr.s_addr != htonl(0x0a000001) ||
	    sin.sin_family != RUMP_AF_INET)
		return nt_fail(c, "SIOCGIFADDR: wrong address");
	if (ifreq(s, RUMP_SIOCGIFNETMASK, "virt0", &ifr))
		return nt_fail(c, "SIOCGIFNETMASK: errno %d", errno);
	memcpy(&sin, &ifr.rump_ifr_addr, sizeof(sin));
	if (sin.sin_addr.s_addr != htonl(0xffffff00))
		return nt_fail(c, "SIOCGIFNETMASK: wrong mask");
	if (ifreq(s, RUMP_SIOCGIFMTU, "virt0", &ifr) || ifr.rump_ifr_mtu != 1500)
		return nt_fail(c, "SIOCGIFMTU: %d", ifr.rump_ifr_mtu);
	if (ifreq(s, RUMP_SIOCGIFFLAGS, "nope0", &ifr) != -1 || errno != 6)
		return nt_fail(c, "unknown interface: errno %d, want ENXIO",
			       errno);
	ifreq(s, RUMP_SIOCGIFFLAGS, "virt0", &ifr);
	ifr.rump_ifr_flags &= ~RUMP_IFF_UP;
	if (rump_sys_ioctl(s, RUMP_SIOCSIFFLAGS, &ifr) ||
	    ifreq(s, RUMP_SIOCGIFFLAGS, "virt0", &ifr) ||
	    (ifr.rump_ifr_flags & RUMP_IFF_UP))
		return nt_fail(c, "SIOCSIFFLAGS down did not take");
	ifr.rump_ifr_flags |= RUMP_IFF_UP;
	if (rump_sys_ioctl(s, RUMP_SIOCSIFFLAGS, &ifr))
		return nt_fail(c, "SIOCSIFFLAGS up: errno %d", errno);
	rump_sys_close(s);
	/* Still reachable after down/up. */
	return ping(c, NT_B_ADDR, 2);
}

struct sender {
	int s;
	uint64_t seed, len, sum;
	long rv;
};

static void *sender_main(void *arg)
{
	struct sender *sd = arg;

	sd->rv = nt_send_stream(sd->s, sd->seed, sd->len, &sd->sum);
	return NULL;
}

/* TCP over 127.0.0.1 inside one guest (a thread sends). */
static int loop_a(struct nt_ctx *c)
{
	struct rump_sockaddr_in sin;
	rump_socklen_t sl = sizeof(sin);
	struct sender sd = { .seed = 7, .len = 8 << 20 };
	uint64_t s1, s2, bad;
	pthread_t t;
	int l, a, s;

	l = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_STREAM, 0);
	nt_sin(&sin, "127.0.0.1", 0);
	if (rump_sys_bind(l, NT_SA(&sin), sizeof(sin)) ||
	    rump_sys_listen(l, 1) ||
	    rump_sys_getsockname(l, NT_SA(&sin), &sl))
		return nt_fail(c, "loopback listen: errno %d", errno);
	s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_STREAM, 0);
	if (rump_sys_connect(s, NT_SA(&sin), sizeof(sin)))
		return nt_fail(c, "loopback connect: errno %d", errno);
	a = rump_sys_accept(l, NULL, NULL);
	if (a < 0)
		return nt_fail(c, "loopback accept: errno %d", errno);
	sd.s = s;
	pthread_create(&t, NULL, sender_main, &sd);
	if (nt_recv_stream(a, 7, sd.len, &s2, &bad))
		return nt_fail(c, "loopback receive failed: errno %d", errno);
	pthread_join(t, NULL);
	s1 = sd.sum;
	if (sd.rv || bad || s1 != s2)
		return nt_fail(c, "loopback transfer: send %ld, bad offset "
			       "%llu, sums %llx %llx", sd.rv,
			       (unsigned long long)bad,
			       (unsigned long long)s1, (unsigned long long)s2);
	rump_sys_close(s);
	rump_sys_close(a);
	rump_sys_close(l);
	nt_note("8 MiB over TCP on lo0, checksums %016llx",
		(unsigned long long)s1);
	return 0;
}

const struct nt_case nt_cases_basic[] = {
	{ "arp-ping-both-ways", { ping_a, ping_b }, { 0 }, 0, 30, false, NULL },
	{ "udp-echo", { udp_a, udp_b }, { 0 }, 0, 30, false, NULL },
	{ "udp-fragments", { frag_a, frag_b }, { 0 }, 0, 30, false, NULL },
	{ "udp-port-unreachable", { NULL, unreach_b }, { 0 }, 0, 30, false, NULL },
	{ "ifconfig-ioctls", { ifconfig_a, NULL }, { 0 }, 0, 30, false, NULL },
	{ "loopback", { loop_a, NULL }, { 0 }, 0, 30, false, NULL },
	{ NULL, { NULL, NULL }, { 0 }, 0, 0, false, NULL },
};
