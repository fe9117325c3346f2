// SPDX-License-Identifier: BSD-2-Clause
/* Addresses, and the gratuitous ARP an interface sends when it gets one. */
#include "netif.h"

struct iovec {
	void *iov_base;
	size_t iov_len;
};

int sk_inet_aton(const char *s, uint8_t out[4])
{
	int i, v;

	for (i = 0; i < 4; i++) {
		if (*s < '0' || *s > '9')
			return SK_EINVAL;
		for (v = 0; *s >= '0' && *s <= '9'; s++) {
			v = v * 10 + *s - '0';
			if (v > 255)
				return SK_EINVAL;
		}
		out[i] = (uint8_t)v;
		if (*s != (i < 3 ? '.' : '\0'))
			return SK_EINVAL;
		s++;
	}
	return 0;
}

/* Ethernet broadcast, ARP request for our own address (RFC 5227). */
void sk_arp_announce(struct virtif_sc *sc)
{
	uint8_t f[42];
	struct iovec iov = { f, sizeof(f) };

	memset(f, 0xff, 6);
	memcpy(f + 6, sc->enaddr, 6);
	f[12] = 0x08; f[13] = 0x06;			/* ARP */
	f[14] = 0; f[15] = 1; f[16] = 0x08; f[17] = 0;	/* Ethernet, IPv4 */
	f[18] = 6; f[19] = 4; f[20] = 0; f[21] = 1;	/* request */
	memcpy(f + 22, sc->enaddr, 6);
	memcpy(f + 28, sc->addr, 4);
	memset(f + 32, 0, 6);
	memcpy(f + 38, sc->addr, 4);
	rumpcomp_virt_send(sc->viu, &iov, 1);
}
