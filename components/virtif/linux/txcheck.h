/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What a guest claims of a frame it leaves to the host to finish
 * (rumpcomp_virt_send_meta, virtif.h), checked against the frame's
 * first bytes: a TCP/IPv4 packet that fills the frame exactly,
 * unfragmented, whose checksum field is at csum_start + csum_offset,
 * and for GSO more payload than one segment of gso_size (at least
 * RVIF_TX_GSO_MIN).  Plain C on bytes, no host header: native.c uses it
 * and tests/net/txcheck_test.c tries it on good and bad frames.
 *
 * h holds the frame's first got bytes (of len); tso: TSO was granted.
 * Returns the length of the Ethernet, IP and TCP headers, or 0: drop.
 */
#ifndef RV_VIRTIF_TXCHECK_H
#define RV_VIRTIF_TXCHECK_H

#define RVIF_TX_HDR_MAX		(14 + 60 + 60)	/* Ethernet, IPv4, TCP */
#define RVIF_TX_GSO_MIN		64		/* the guest's least MSS */

static inline unsigned int rvif_tx_be16(const unsigned char *p)
{
	return (unsigned int)p[0] << 8 | p[1];
}

static inline __SIZE_TYPE__ rvif_tx_check(const unsigned char *h,
					  __SIZE_TYPE__ got,
					  __SIZE_TYPE__ len,
					  const struct rumpcomp_virt_meta *mt,
					  int tso)
{
	const __SIZE_TYPE__ ip = 14;
	__SIZE_TYPE__ l4, hdrs;

	if (mt->flags != RUMPCOMP_VIRT_META_NEEDS_CSUM || got > len ||
	    got < ip + 20 || rvif_tx_be16(h + 12) != 0x0800 ||
	    (h[ip] >> 4) != 4 || (h[ip] & 15) < 5 ||
	    rvif_tx_be16(h + ip + 2) != len - ip ||
	    (rvif_tx_be16(h + ip + 6) & 0x3fff) || h[ip + 9] != 6)
		return 0;
	l4 = ip + (__SIZE_TYPE__)(h[ip] & 15) * 4;
	if (mt->csum_start != l4 || mt->csum_offset != 16 || got < l4 + 20)
		return 0;
	hdrs = l4 + (__SIZE_TYPE__)(h[l4 + 12] >> 4) * 4;
	if ((h[l4 + 12] >> 4) < 5 || hdrs > got)
		return 0;
	if (mt->gso_type == RUMPCOMP_VIRT_GSO_NONE)
		return hdrs;
	if (mt->gso_type != RUMPCOMP_VIRT_GSO_TCPV4 || !tso ||
	    mt->gso_size < RVIF_TX_GSO_MIN || len - hdrs <= mt->gso_size)
		return 0;
	return hdrs;
}

#endif /* RV_VIRTIF_TXCHECK_H */
