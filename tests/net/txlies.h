/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Frames a guest sends with transmit offload metadata, good and lying:
 * tests/net/txcheck_test.c tries them on rumpvisor.ko's check itself
 * (components/virtif/linux/txcheck.h), tests/net/linux/hostile.c sends
 * them from a guest through the native device.  Plain C on bytes, no
 * host header; needs struct rumpcomp_virt_meta (virtif.h) first.
 */
#ifndef RV_TXLIES_H
#define RV_TXLIES_H

/* A TSO frame: 66 bytes of headers and ten segments of 1448. */
#define TXL_MSS		1448
#define TXL_LEN		(66 + 10 * TXL_MSS)
#define TXL_HDRS	66

/*
 * The first TXL_HDRS bytes of a TCP/IPv4 frame of len bytes (20-byte IP
 * header, 32-byte TCP one) and metadata claiming TSO: what a good guest
 * sends.  Addresses, ports and checksums are left 0.
 */
static inline void txl_good(unsigned char *f, unsigned long len,
			    struct rumpcomp_virt_meta *mt)
{
	__builtin_memset(f, 0, TXL_HDRS);
	f[12] = 0x08;
	f[14] = 0x45;
	f[16] = (unsigned char)((len - 14) >> 8);
	f[17] = (unsigned char)(len - 14);
	f[20] = 0x40;		/* DF: allowed */
	f[22] = 64;
	f[23] = 6;
	f[34 + 12] = 8 << 4;
	f[34 + 13] = 0x10;	/* ACK */
	__builtin_memset(mt, 0, sizeof(*mt));
	mt->flags = RUMPCOMP_VIRT_META_NEEDS_CSUM;
	mt->gso_type = RUMPCOMP_VIRT_GSO_TCPV4;
	mt->gso_size = TXL_MSS;
	mt->csum_start = 34;
	mt->csum_offset = 16;
}

/* One header byte made wrong (of a TXL_LEN frame). */
struct txl_field {
	const char *what;
	int off;
	unsigned char v;
};

static const struct txl_field txl_fields[] = {
	{ "not IPv4 (ARP)", 13, 0x06 },
	{ "IP version 6", 14, 0x65 },
	{ "IP header length 16", 14, 0x44 },
	{ "IP total length one more than the frame", 17,
	  (unsigned char)(TXL_LEN - 14 + 1) },
	{ "a fragment (MF)", 20, 0x20 },
	{ "a fragment (offset)", 21, 0x01 },
	{ "UDP", 23, 17 },
	{ "TCP header length 16", 46, 4 << 4 },
};

/* Metadata made wrong; tso: whether TSO was granted. */
struct txl_meta {
	const char *what;
	int flags, type, size, start, coff, tso;
};

static const struct txl_meta txl_metas[] = {
	{ "no NEEDS_CSUM", 0, 1, TXL_MSS, 34, 16, 1 },
	{ "unknown flags", 3, 1, TXL_MSS, 34, 16, 1 },
	{ "csum_start inside the IP header", 1, 1, TXL_MSS, 33, 16, 1 },
	{ "csum_offset of UDP", 1, 1, TXL_MSS, 34, 6, 1 },
	{ "unknown gso type", 1, 2, TXL_MSS, 34, 16, 1 },
	{ "TSO not granted", 1, 1, TXL_MSS, 34, 16, 0 },
	{ "gso_size 0", 1, 1, 0, 34, 16, 1 },
	{ "gso_size 63", 1, 1, 63, 34, 16, 1 },
	{ "gso_size the whole payload", 1, 1, TXL_LEN - TXL_HDRS, 34, 16, 1 },
};

#define TXL_N(a)	(sizeof(a) / sizeof((a)[0]))

static inline void txl_apply(const struct txl_meta *m,
			     struct rumpcomp_virt_meta *mt)
{
	mt->flags = (unsigned char)m->flags;
	mt->gso_type = (unsigned char)m->type;
	mt->gso_size = (unsigned short)m->size;
	mt->csum_start = (unsigned short)m->start;
	mt->csum_offset = (unsigned short)m->coff;
}

#endif /* RV_TXLIES_H */
