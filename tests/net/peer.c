// SPDX-License-Identifier: BSD-2-Clause
/*
 * net-peer: one guest with a virtual interface, driven from the command
 * line, for tests against other stacks (Linux over tap, a raw frame
 * peer over the pair link).  Commands run in order; results are printed
 * as "key=value" lines; the exit status is 0 when every command worked.
 *
 *   net-peer --link LINKSTR [--addr A.B.C.D/LEN] [--gw A.B.C.D] [--dhcp]
 *            COMMAND...
 *
 *   ping ADDR COUNT              echo requests, each must be answered
 *   tcp-source ADDR PORT BYTES   connect, send BYTES (prints crc32)
 *   tcp-sink PORT BYTES          accept one, read BYTES (prints crc32)
 *   tcp-echo PORT                accept one, echo until EOF
 *   tcp-echo-all PORT            accept and echo, one at a time, for ever
 *   udp-echo PORT COUNT          echo COUNT datagrams
 *   show-addr IFNAME             print the interface's address
 *   sleep MS
 *   wait                         until standard input closes
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nt.h"

static uint32_t crc_table[256];

static void crc_init(void)
{
	uint32_t c;
	int i, k;

	for (i = 0; i < 256; i++) {
		for (c = (uint32_t)i, k = 0; k < 8; k++)
			c = (c & 1) ? 0xedb88320U ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
}

/* zlib's CRC-32 (Python's zlib.crc32 gives the same). */
static uint32_t crc32_update(uint32_t crc, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	crc = ~crc;
	while (len--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static int fail(const char *what)
{
	printf("error=%s errno=%d\n", what, errno);
	fflush(stdout);
	return 1;
}

static uint32_t icmp_sum(const unsigned char *p, size_t len)
{
	uint32_t sum = 0;
	size_t k;

	for (k = 0; k + 1 < len; k += 2)
		sum += (uint32_t)(p[k] << 8 | p[k + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static int cmd_ping(const char *addr, int count)
{
	struct rump_sockaddr_in sin;
	struct rump_timeval tv = { 2, 0 };
	unsigned char req[64], rep[256];
	int s, i, ok = 0;
	uint32_t sum;

	s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_RAW, RUMP_IPPROTO_ICMP);
	rump_sys_setsockopt(s, RUMP_SOL_SOCKET, RUMP_SO_RCVTIMEO, &tv, sizeof(tv));
	nt_sin(&sin, addr, 0);
	for (i = 0; i < count; i++) {
		memset(req, 0xa5, sizeof(req));
		req[0] = 8;
		req[1] = 0;
		req[2] = req[3] = 0;
		req[4] = 0x77;
		req[6] = 0;
		req[7] = (unsigned char)i;
		sum = icmp_sum(req, sizeof(req));
		req[2] = (unsigned char)(sum >> 8);
		req[3] = (unsigned char)sum;
		rump_sys_sendto(s, req, sizeof(req), 0, NT_SA(&sin), sizeof(sin));
		for (;;) {
			ssize_t n = rump_sys_recvfrom(s, rep, sizeof(rep), 0,
						      NULL, NULL);
			size_t hl;

			if (n < 0)
				break;
			hl = (size_t)(rep[0] & 15) * 4;
			if ((size_t)n >= hl + 8 && rep[hl] == 0 &&
			    rep[hl + 4] == 0x77 && rep[hl + 7] == i) {
				ok++;
				break;
			}
		}
	}
	rump_sys_close(s);
	printf("ping=%s replies=%d/%d\n", addr, ok, count);
	return ok == count ? 0 : 1;
}

static int accept_one(int port)
{
	struct rump_sockaddr_in sin;
	int l = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_STREAM, 0), s, one = 1;

	rump_sys_setsockopt(l, RUMP_SOL_SOCKET, RUMP_SO_REUSEADDR, &one, 4);
	nt_sin(&sin, "0.0.0.0", port);
	if (rump_sys_bind(l, NT_SA(&sin), sizeof(sin)) || rump_sys_listen(l, 1))
		return -1;
	printf("listening=%d\n", port);
	fflush(stdout);
	s = rump_sys_accept(l, NULL, NULL);
	rump_sys_close(l);
	return s;
}

static int cmd_source(const char *addr, int port, uint64_t bytes)
{
	static unsigned char buf[65536];
	struct rump_sockaddr_in sin;
	uint32_t crc = 0;
	uint64_t off = 0;
	int s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_STREAM, 0);
	double t0 = nt_now();

	nt_sin(&sin, addr, port);
	if (rump_sys_connect(s, NT_SA(&sin), sizeof(sin)))
		return fail("connect");
	while (off < bytes) {
		size_t n = bytes - off < sizeof(buf) ? (size_t)(bytes - off) :
			   sizeof(buf), done = 0;

		nt_fill(1, off, buf, n);
		crc = crc32_update(crc, buf, n);
		while (done < n) {
			ssize_t k = rump_sys_write(s, buf + done, n - done);

			if (k <= 0)
				return fail("write");
			done += (size_t)k;
		}
		off += n;
	}
	/*
	 * A graceful close: FIN after the data, then wait for the peer's
	 * (it closes once it has read everything).  Closing and exiting at
	 * once would halt the guest with data still unacknowledged, and the
	 * peer would see a reset instead of the end of the stream.
	 */
	if (rump_sys_shutdown(s, RUMP_SHUT_WR))
		return fail("shutdown");
	while (rump_sys_read(s, buf, sizeof(buf)) > 0)
		;
	rump_sys_close(s);
	printf("sent=%llu crc32=%08x seconds=%.2f\n", (unsigned long long)off,
	       crc, nt_now() - t0);
	return 0;
}

static int cmd_sink(int port, uint64_t bytes)
{
	static unsigned char buf[65536];
	uint64_t got = 0;
	uint32_t crc = 0;
	int s = accept_one(port);
	ssize_t n;
	double t0 = nt_now();

	if (s < 0)
		return fail("accept");
	while (got < bytes && (n = rump_sys_read(s, buf, sizeof(buf))) > 0) {
		crc = crc32_update(crc, buf, (size_t)n);
		got += (uint64_t)n;
	}
	rump_sys_close(s);
	printf("received=%llu crc32=%08x seconds=%.2f\n",
	       (unsigned long long)got, crc, nt_now() - t0);
	return got == bytes ? 0 : 1;
}

static int echo_conn(int s)
{
	static unsigned char buf[65536];
	ssize_t n;
	uint64_t total = 0;

	while ((n = rump_sys_read(s, buf, sizeof(buf))) > 0) {
		if (rump_sys_write(s, buf, (size_t)n) != n) {
			rump_sys_close(s);
			return fail("write");
		}
		total += (uint64_t)n;
	}
	rump_sys_close(s);
	printf("echoed=%llu\n", (unsigned long long)total);
	return n == 0 ? 0 : 1;
}

static int cmd_echo(int port)
{
	int s = accept_one(port);

	return s < 0 ? fail("accept") : echo_conn(s);
}

/* Connections one after the other, errors and all, until killed. */
static int cmd_echo_all(int port)
{
	struct rump_sockaddr_in sin;
	int l = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_STREAM, 0), s;

	nt_sin(&sin, "0.0.0.0", port);
	if (rump_sys_bind(l, NT_SA(&sin), sizeof(sin)) || rump_sys_listen(l, 8))
		return fail("listen");
	printf("listening=%d\n", port);
	fflush(stdout);
	for (;;) {
		s = rump_sys_accept(l, NULL, NULL);
		if (s >= 0)
			echo_conn(s);
	}
	return 0;
}

static int cmd_udp_echo(int port, int count)
{
	static unsigned char buf[65536];
	struct rump_sockaddr_in sin;
	rump_socklen_t fl;
	int s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_DGRAM, 0), i;
	ssize_t n;

	nt_sin(&sin, "0.0.0.0", port);
	if (rump_sys_bind(s, NT_SA(&sin), sizeof(sin)))
		return fail("bind");
	printf("listening=%d\n", port);
	fflush(stdout);
	for (i = 0; i < count; i++) {
		fl = sizeof(sin);
		n = rump_sys_recvfrom(s, buf, sizeof(buf), 0, NT_SA(&sin), &fl);
		if (n < 0 || rump_sys_sendto(s, buf, (size_t)n, 0, NT_SA(&sin),
					     fl) != n)
			return fail("udp");
	}
	rump_sys_close(s);
	printf("udp-echoed=%d\n", count);
	return 0;
}

static int cmd_show(const char *ifname)
{
	struct rump_ifreq ifr;
	struct rump_sockaddr_in sin;
	char a[32];
	int s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_DGRAM, 0);

	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name) - 1);
	if (rump_sys_ioctl(s, RUMP_SIOCGIFADDR, &ifr))
		return fail("SIOCGIFADDR");
	memcpy(&sin, &ifr.rump_ifr_addr, sizeof(sin));
	inet_ntop(AF_INET, &sin.sin_addr.s_addr, a, sizeof(a));
	printf("addr=%s\n", a);
	rump_sys_close(s);
	return 0;
}

static int setup(const char *link, const char *addr, const char *gw,
		 bool dhcp)
{
	char a[32], mask[32];
	const char *slash = addr ? strchr(addr, '/') : NULL;
	uint32_t m;
	int len, error;

	error = rump_init();
	if (!error)
		error = rump_pub_netconfig_ifcreate("virt0");
	if (!error)
		error = rump_pub_netconfig_ifsetlinkstr("virt0", link);
	if (!error && addr) {
		len = slash ? atoi(slash + 1) : 24;
		snprintf(a, sizeof(a), "%.*s", slash ? (int)(slash - addr) :
			 (int)strlen(addr), addr);
		m = len ? htonl(~0U << (32 - len)) : 0;
		inet_ntop(AF_INET, &m, mask, sizeof(mask));
		error = rump_pub_netconfig_ipv4_ifaddr("virt0", a, mask);
	}
	if (!error && dhcp)
		error = rump_pub_netconfig_dhcp_ipv4_oneshot("virt0");
	if (!error && gw)
		error = rump_pub_netconfig_ipv4_gw(gw);
	if (error)
		printf("error=setup errno=%d\n", error);
	return error;
}

static int run(char **av, int ac, int *used)
{
	const char *c = av[0];

	*used = 1;
#define NEED(n) do { if (ac < (n) + 1) return fail(c); *used = (n) + 1; } \
	while (0)
	if (!strcmp(c, "ping")) {
		NEED(2);
		return cmd_ping(av[1], atoi(av[2]));
	} else if (!strcmp(c, "tcp-source")) {
		NEED(3);
		return cmd_source(av[1], atoi(av[2]), strtoull(av[3], NULL, 0));
	} else if (!strcmp(c, "tcp-sink")) {
		NEED(2);
		return cmd_sink(atoi(av[1]), strtoull(av[2], NULL, 0));
	} else if (!strcmp(c, "tcp-echo")) {
		NEED(1);
		return cmd_echo(atoi(av[1]));
	} else if (!strcmp(c, "tcp-echo-all")) {
		NEED(1);
		return cmd_echo_all(atoi(av[1]));
	} else if (!strcmp(c, "udp-echo")) {
		NEED(2);
		return cmd_udp_echo(atoi(av[1]), atoi(av[2]));
	} else if (!strcmp(c, "show-addr")) {
		NEED(1);
		return cmd_show(av[1]);
	} else if (!strcmp(c, "sleep")) {
		NEED(1);
		usleep((useconds_t)atoi(av[1]) * 1000);
		return 0;
	} else if (!strcmp(c, "wait")) {
		char b[64];

		printf("waiting=1\n");
		fflush(stdout);
		while (read(0, b, sizeof(b)) > 0)
			;
		return 0;
	}
#undef NEED
	return fail(c);
}

int main(int argc, char **argv)
{
	const char *link = NULL, *addr = NULL, *gw = NULL;
	bool dhcp = false;
	int i, used, rv = 0;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--link") && i + 1 < argc)
			link = argv[++i];
		else if (!strcmp(argv[i], "--addr") && i + 1 < argc)
			addr = argv[++i];
		else if (!strcmp(argv[i], "--gw") && i + 1 < argc)
			gw = argv[++i];
		else if (!strcmp(argv[i], "--dhcp"))
			dhcp = true;
		else
			break;
	}
	if (!link || (i < argc && argv[i][0] == '-')) {
		printf("usage: net-peer --link LINKSTR [--addr A/LEN] [--gw G] "
		       "[--dhcp] COMMAND...\n(see the source for commands)\n");
		return argc > 1 && !strcmp(argv[1], "--help") ? 0 : 2;
	}
	crc_init();
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (setup(link, addr, gw, dhcp))
		rv = 1;
	for (; !rv && i < argc; i += used)
		rv = run(argv + i, argc - i, &used);
	printf("status=%d\n", rv);
	fflush(stdout);
	rump_sys_reboot(0, NULL);
	return rv;
}
