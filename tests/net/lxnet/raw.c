// SPDX-License-Identifier: BSD-2-Clause
/*
 * lxnet's hostile peers: malformed frames at an interface (AF_PACKET)
 * and an ICMP echo flood.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lxnet.h"

static unsigned long long rng;

static unsigned int rnd(unsigned int n)
{
	unsigned long long z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return n ? (unsigned int)((z ^ (z >> 31)) % n) : 0;
}

static void fill(unsigned char *p, size_t n)
{
	while (n--)
		*p++ = (unsigned char)rnd(256);
}

struct target {
	unsigned char mac[6], src_mac[6];
	unsigned char ip[4], src_ip[4];
};

/* An IPv4 header at p for a payload of plen bytes, mostly plausible. */
static size_t ip_header(unsigned char *p, const struct target *t,
			size_t plen, int proto)
{
	size_t hl = rnd(4) ? 20 : 20 + 4 * rnd(11);	/* options */
	unsigned short v;

	memset(p, 0, 20);
	fill(p + 20, hl - 20);
	p[0] = (unsigned char)(0x40 | hl / 4);
	v = htons((unsigned short)(hl + plen));
	memcpy(p + 2, &v, 2);
	v = (unsigned short)rnd(65536);
	memcpy(p + 4, &v, 2);
	if (!rnd(3)) {			/* a fragment, anywhere */
		v = htons((unsigned short)(rnd(2) << 13 | rnd(8192)));
		memcpy(p + 6, &v, 2);
	}
	p[8] = (unsigned char)(1 + rnd(255));
	p[9] = (unsigned char)proto;
	memcpy(p + 12, t->src_ip, 4);
	memcpy(p + 16, t->ip, 4);
	v = lx_cksum(p, hl);
	memcpy(p + 10, &v, 2);
	return hl;
}

/* Break one thing of a well-formed frame of n bytes: a field, a length,
 * a checksum, or the end. */
static size_t damage(unsigned char *f, size_t n)
{
	switch (rnd(6)) {
	case 0:
		return 1 + rnd((unsigned int)n);		/* truncated */
	case 1:
		f[14 + rnd(20)] ^= (unsigned char)(1 + rnd(255));
		return n;
	case 2:
		f[16] = (unsigned char)rnd(256);		/* IP length */
		f[17] = (unsigned char)rnd(256);
		return n;
	case 3:
		f[14] = (unsigned char)rnd(256);		/* version, IHL */
		return n;
	case 4:
		fill(f + 34, n > 40 ? 6 : 0);		/* transport header */
		return n;
	default:
		return n;		/* well formed, odd content */
	}
}

/* One malformed frame into f; its length. */
static size_t frame(unsigned char *f, const struct target *t)
{
	static const int protos[] = { 1, 6, 17, 2, 4, 50, 255 };
	size_t n, plen, hl;
	unsigned char *tp;

	memcpy(f, rnd(8) ? t->mac : (const unsigned char *)"\xff\xff\xff\xff\xff\xff", 6);
	memcpy(f + 6, t->src_mac, 6);
	switch (rnd(10)) {
	case 0:					/* a runt */
		fill(f + 12, 2);
		return 1 + rnd(13);
	case 1:					/* ARP, odd */
		f[12] = 0x08, f[13] = 0x06;
		fill(f + 14, 28);
		memcpy(f + 38, t->ip, 4);
		return 14 + rnd(40);
	case 2:					/* any ethertype */
		fill(f + 12, 2 + 64);
		return 14 + rnd(64);
	}
	f[12] = 0x08, f[13] = 0x00;
	plen = rnd(10) ? 8 + rnd(120) : 8 + rnd(1400);
	hl = ip_header(f + 14, t, plen, protos[rnd(7)]);
	tp = f + 14 + hl;
	fill(tp, plen);
	if (f[23] == 6) {			/* TCP to ports that listen */
		tp[2] = 0x13, tp[3] = (unsigned char)(0x89 + rnd(4));
		tp[12] = (unsigned char)(rnd(16) << 4);	/* data offset */
		tp[20] = (unsigned char)rnd(9);		/* an option kind */
	}
	n = 14 + hl + plen;
	return damage(f, n);
}

static int parse_mac(const char *s, unsigned char *mac)
{
	unsigned int b[6];
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
		   &b[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		mac[i] = (unsigned char)b[i];
	return 0;
}

/* frames IFNAME MAC IP SECONDS SEED: malformed frames, about 2000 a second. */
static int c_frames(char **a)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	static unsigned char f[2048];
	struct target t;
	double end = lx_now() + (double)lx_num(a[4]);
	unsigned long sent = 0, refused = 0;
	int s;

	rng = lx_num(a[5]);
	if (parse_mac(a[2], t.mac) || inet_pton(AF_INET, a[3], t.ip) != 1)
		return lx_fail("address");
	memcpy(t.src_mac, "\x02\x00\x5e\x10\x20\x30", 6);
	memcpy(t.src_ip, t.ip, 3);
	t.src_ip[3] = 66;
	s = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	sll.sll_ifindex = (int)if_nametoindex(a[1]);
	if (s < 0 || !sll.sll_ifindex)
		return lx_fail("packet socket");
	sll.sll_halen = 6;
	while (lx_now() < end) {
		for (int i = 0; i < 20; i++) {
			size_t n = frame(f, &t);

			if (sendto(s, f, n, 0, (struct sockaddr *)&sll,
				   sizeof(sll)) < 0)
				refused++;
			else
				sent++;
		}
		usleep(10000);
	}
	lx_result("frames=%lu refused=%lu", sent, refused);
	close(s);
	return sent == 0;
}

/* flood HOST SECONDS: echo requests as fast as they go; replies counted. */
static int c_flood(char **a)
{
	struct sockaddr_storage ss;
	unsigned char req[64], rep[256];
	double end = lx_now() + (double)lx_num(a[2]);
	unsigned long sent = 0, got = 0, errors = 0;
	unsigned short v, seq = 0;
	int s = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
		       IPPROTO_ICMP);

	if (s < 0 || lx_sin(&ss, a[1], 0))
		return lx_fail("raw socket");
	while (lx_now() < end) {
		memset(req, 0xa5, sizeof(req));
		req[0] = 8, req[1] = 0, req[2] = req[3] = 0;
		req[4] = 0x33, req[5] = 0x44;
		v = htons(++seq);
		memcpy(req + 6, &v, 2);
		v = lx_cksum(req, sizeof(req));
		memcpy(req + 2, &v, 2);
		if (sendto(s, req, sizeof(req), 0, (struct sockaddr *)&ss,
			   sizeof(struct sockaddr_in)) < 0) {
			errors++;
			usleep(1000);
		} else {
			sent++;
		}
		while (recv(s, rep, sizeof(rep), 0) > 0)
			got++;
	}
	lx_result("sent=%lu replies=%lu errors=%lu", sent, got, errors);
	close(s);
	return 0;
}

const struct lx_cmd lx_raw_cmds[] = {
	{ "frames", "IFNAME MAC IP SECONDS SEED", "malformed frames at MAC/IP through IFNAME", 5, c_frames },
	{ "flood", "HOST SECONDS", "ICMP echo requests as fast as they go", 2, c_flood },
	{ NULL, NULL, NULL, 0, NULL },
};
