// SPDX-License-Identifier: BSD-2-Clause
/*
 * The virtual interface driver of the synthetic stack: virtN interfaces
 * on the virtif hypercalls, as NetBSD's if_virt uses them.  The host
 * side is attached at the first ifup, with the link string if one was
 * set, otherwise with the unit number (NetBSD's default).
 */
#include "netif.h"

static struct virtif_sc *ifs[SK_NIF];

struct virtif_sc *sk_if_find(const char *name)
{
	int i;

	for (i = 0; i < SK_NIF; i++)
		if (ifs[i] && !sk_strcmp(ifs[i]->name, name))
			return ifs[i];
	return NULL;
}

static int sk_if_unit(const char *name)
{
	int unit = 0;

	if (sk_strncmp(name, "virt", 4) || !name[4])
		return -1;
	for (name += 4; *name; name++) {
		if (*name < '0' || *name > '9' || unit > 1000)
			return -1;
		unit = unit * 10 + *name - '0';
	}
	return unit;
}

int sk_if_create(const char *name)
{
	struct virtif_sc *sc;
	int unit = sk_if_unit(name), i;

	if (unit < 0)
		return SK_ENXIO;
	if (sk_if_find(name))
		return SK_EEXIST;
	for (i = 0; i < SK_NIF && ifs[i]; i++)
		;
	if (i == SK_NIF || !(sc = sk_alloc(sizeof(*sc))))
		return SK_ENOMEM;
	sk_strlcpy(sc->name, name, sizeof(sc->name));
	sc->unit = unit;
	ifs[i] = sc;
	return 0;
}

int sk_if_up(struct virtif_sc *sc)
{
	char unit[12];
	int err;

	if (sc->up)
		return 0;
	sk_itoa(sc->unit, unit, sizeof(unit));
	err = rumpcomp_virt_create(sc->linkstr[0] ? sc->linkstr : unit, sc,
				   sc->enaddr, &sc->viu);
	if (err)
		return err;
	sc->up = 1;
	sk_printf("sk: %s: up, link %s\n", sc->name,
		  sc->linkstr[0] ? sc->linkstr : unit);
	return 0;
}

/* Frames from the host, delivered by its receive thread. */
void rump_virtif_virt_deliverpkt(struct virtif_sc *sc, struct iovec *iov,
				 size_t iovcnt)
{
	(void)iov;
	(void)iovcnt;
	__atomic_add_fetch(&sc->rx_frames, 1, __ATOMIC_RELAXED);
}

static void sk_if_destroy(struct virtif_sc *sc)
{
	if (sc->up) {
		rumpcomp_virt_dying(sc->viu);
		rumpcomp_virt_destroy(sc->viu);
	}
	sk_printf("sk: %s: destroyed after %ld frames in\n", sc->name,
		  sc->rx_frames);
	sk_free(sc, sizeof(*sc));
}

static void sk_net_fini(void)
{
	int i;

	for (i = 0; i < SK_NIF; i++) {
		if (ifs[i])
			sk_if_destroy(ifs[i]);
		ifs[i] = NULL;
	}
}

static struct sk_component sk_net_component = {
	.type = SK_COMP_NET, .name = "net", .fini = sk_net_fini,
};
SK_COMPONENT(sk_net_component);
