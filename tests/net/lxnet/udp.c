// SPDX-License-Identifier: BSD-2-Clause
/* lxnet's UDP and HTTP peers: ICMP errors, fragmented datagrams, HTTP. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "lxnet.h"
#include "../stream.h"

static unsigned char buf[65536], back[65536];

static int udp_to(const char *host, int port, int timeout_s)
{
	struct sockaddr_storage ss;
	struct timeval tv = { timeout_s, 0 };
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (s < 0 || lx_sin(&ss, host, port) ||
	    connect(s, (struct sockaddr *)&ss, sizeof(struct sockaddr_in)))
		return -1;
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return s;
}

/* udp-unreach HOST PORT: a datagram to a closed port; errno=E. */
static int c_udp_unreach(char **a)
{
	int s = udp_to(a[1], (int)lx_num(a[2]), 3), err = 0, i;

	if (s < 0)
		return lx_fail("socket");
	for (i = 0; i < 3 && !err; i++)
		if (send(s, "probe", 5, 0) < 0 || recv(s, buf, sizeof(buf), 0) < 0)
			err = errno == EAGAIN ? 0 : errno;
	lx_result("errno=%d", err);
	close(s);
	return 0;
}

/* udp-big HOST PORT SIZE COUNT: SIZE-byte datagrams echoed back whole. */
static int c_udp_big(char **a)
{
	size_t size = (size_t)lx_num(a[3]);
	int s = udp_to(a[1], (int)lx_num(a[2]), 3);
	int count = (int)lx_num(a[4]), ok = 0, i, tries;
	ssize_t n = -1;

	if (s < 0 || size > sizeof(buf))
		return lx_fail("socket");
	for (i = 0; i < count; i++) {
		st_fill((unsigned long long)i + 77, 0, buf, size);
		/* A lost fragment loses the datagram: ask again. */
		for (tries = 0; tries < 3; tries++) {
			if (send(s, buf, size, 0) != (ssize_t)size)
				break;
			n = recv(s, back, sizeof(back), 0);
			if (n >= 0)
				break;
		}
		ok += n == (ssize_t)size && !memcmp(buf, back, size);
	}
	lx_result("datagrams=%d ok=%d size=%zu", count, ok, size);
	close(s);
	return ok != count;
}

/* The ICMP "fragmentation needed" a router would send for the datagram
 * of len bytes from `from` to us (at `local`:port). */
static size_t needfrag(unsigned char *m, const struct sockaddr_in *from,
		       const char *local, int port, size_t len, int mtu)
{
	unsigned char *ip = m + 8, *udp = ip + 20;
	unsigned short v;

	memset(m, 0, 36);
	m[0] = 3;		/* destination unreachable */
	m[1] = 4;		/* fragmentation needed */
	v = htons((unsigned short)mtu);
	memcpy(m + 6, &v, 2);
	ip[0] = 0x45;
	v = htons((unsigned short)(20 + 8 + len));
	memcpy(ip + 2, &v, 2);
	ip[6] = 0x40;		/* DF */
	ip[8] = 64;
	ip[9] = IPPROTO_UDP;
	memcpy(ip + 12, &from->sin_addr, 4);
	inet_pton(AF_INET, local, ip + 16);
	v = lx_cksum(ip, 20);
	memcpy(ip + 10, &v, 2);
	memcpy(udp, &from->sin_port, 2);
	v = htons((unsigned short)port);
	memcpy(udp + 2, &v, 2);
	v = htons((unsigned short)(8 + len));
	memcpy(udp + 4, &v, 2);
	v = lx_cksum(m, 36);
	memcpy(m + 2, &v, 2);
	return 36;
}

/* needfrag LOCAL PORT MTU: answer the first datagram to PORT with ICMP
 * fragmentation needed (next-hop MTU), as a router on its path would. */
static int c_needfrag(char **a)
{
	int port = (int)lx_num(a[2]), u, r;
	struct sockaddr_storage ss;
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	unsigned char m[64];
	struct timeval tv = { 30, 0 };
	ssize_t n;
	size_t len;

	u = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	r = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
	lx_sin(&ss, "0.0.0.0", port);
	if (u < 0 || r < 0 ||
	    bind(u, (struct sockaddr *)&ss, sizeof(struct sockaddr_in)))
		return lx_fail("socket");
	setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	n = recvfrom(u, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
	if (n < 0)
		return lx_fail("recvfrom");
	len = needfrag(m, &from, a[1], port, (size_t)n, (int)lx_num(a[3]));
	from.sin_port = 0;
	if (sendto(r, m, len, 0, (struct sockaddr *)&from, sizeof(from)) < 0)
		return lx_fail("sendto");
	lx_result("answered=%s:%d mtu=%s", inet_ntoa(from.sin_addr),
		  ntohs(*(unsigned short *)(m + 28)), a[3]);
	close(u);
	close(r);
	return 0;
}

/* One GET on a new connection; 0 when a 200 reply came whole. */
static int http_get(const char *host, int port)
{
	static const char req[] = "GET / HTTP/1.0\r\nHost: guest\r\n\r\n";
	int s = lx_dial(host, port, 5);
	size_t got = 0;
	ssize_t n;

	if (s < 0 || lx_send_all(s, req, sizeof(req) - 1)) {
		if (s >= 0)
			close(s);
		return -1;
	}
	while ((n = read(s, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += (size_t)n;
	close(s);
	buf[got] = '\0';
	return n == 0 && !strncmp((char *)buf, "HTTP/1.", 7) &&
	       strstr((char *)buf, " 200 ") && strstr((char *)buf, "\r\n\r\n") ?
	       0 : -1;
}

/* http HOST PORT N: N requests, one connection each; requests/s. */
static int c_http(char **a)
{
	int n = (int)lx_num(a[3]), i, ok = 0;
	double t0 = lx_now(), secs;

	for (i = 0; i < n; i++)
		ok += http_get(a[1], (int)lx_num(a[2])) == 0;
	secs = lx_now() - t0;
	lx_result("requests=%d ok=%d secs=%.3f rps=%.1f", n, ok, secs,
		  secs > 0 ? ok / secs : 0.0);
	return ok != n;
}

const struct lx_cmd lx_udp_cmds[] = {
	{ "udp-unreach", "HOST PORT", "a datagram to a closed port; errno=E", 2, c_udp_unreach },
	{ "udp-big", "HOST PORT SIZE COUNT", "datagrams echoed back whole", 4, c_udp_big },
	{ "needfrag", "LOCAL PORT MTU", "answer a datagram with ICMP fragmentation needed", 3, c_needfrag },
	{ "http", "HOST PORT N", "N HTTP GETs, a connection each; requests/s", 3, c_http },
	{ NULL, NULL, NULL, 0, NULL },
};
