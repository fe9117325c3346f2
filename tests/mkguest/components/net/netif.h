/* SPDX-License-Identifier: BSD-2-Clause */
/* The synthetic network stack's interfaces (net/ only). */
#ifndef SK_NETIF_H
#define SK_NETIF_H

#include "sk.h"
#include "virtif.h"

#define SK_NIF		4
#define SK_IFNAME	16
#define SK_LINKSTR	64

struct virtif_sc {
	char name[SK_IFNAME];
	char linkstr[SK_LINKSTR];
	int unit;
	int up;
	uint8_t enaddr[6];
	uint8_t addr[4], mask[4];
	struct virtif_user *viu;
	long rx_frames;
};

int sk_if_create(const char *name);
struct virtif_sc *sk_if_find(const char *name);
int sk_if_up(struct virtif_sc *sc);
int sk_inet_aton(const char *s, uint8_t out[4]);
void sk_arp_announce(struct virtif_sc *sc);

#endif /* SK_NETIF_H */
