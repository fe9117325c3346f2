// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpvisor.ko's check of the offload metadata a guest sends with a
 * frame (components/virtif/linux/txcheck.h): a good TSO frame and a good
 * checksum-only frame pass with the right header length; every field
 * made wrong, every truncation and a million random headers with random
 * claims are refused or, when they pass, satisfy what the check
 * promises.  TAP on stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct iovec;
#include "../../components/virtif/virtif.h"
#include "../../components/virtif/linux/txcheck.h"

/* The plan comes first (make check reads several suites in one log). */
#define NTESTS	22

static int n, failed;

static void ok(int cond, const char *what)
{
	n++;
	if (!cond)
		failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n, what);
}

/* A TCP/IPv4 frame of len bytes: 20-byte IP header, 32-byte TCP one. */
static void good(unsigned char *f, size_t len, struct rumpcomp_virt_meta *mt)
{
	memset(f, 0, RVIF_TX_HDR_MAX);
	f[12] = 0x08;
	f[14] = 0x45;
	f[16] = (unsigned char)((len - 14) >> 8);
	f[17] = (unsigned char)(len - 14);
	f[20] = 0x40;		/* DF: allowed */
	f[23] = 6;
	f[34 + 12] = 8 << 4;
	memset(mt, 0, sizeof(*mt));
	mt->flags = RUMPCOMP_VIRT_META_NEEDS_CSUM;
	mt->gso_type = RUMPCOMP_VIRT_GSO_TCPV4;
	mt->gso_size = 1448;
	mt->csum_start = 34;
	mt->csum_offset = 16;
}

#define LEN	(66 + 10 * 1448)

static size_t check(const unsigned char *f, const struct rumpcomp_virt_meta *mt)
{
	return rvif_tx_check(f, RVIF_TX_HDR_MAX, LEN, mt, 1);
}

/* One field made wrong: refused. */
static void bad_field(const char *what, int off, unsigned char v)
{
	unsigned char f[RVIF_TX_HDR_MAX];
	struct rumpcomp_virt_meta mt;
	char msg[128];

	good(f, LEN, &mt);
	f[off] = v;
	snprintf(msg, sizeof(msg), "refused: %s", what);
	ok(check(f, &mt) == 0, msg);
}

static void bad_meta(const char *what, int flags, int type, int size,
		     int start, int coff, int tso)
{
	unsigned char f[RVIF_TX_HDR_MAX];
	struct rumpcomp_virt_meta mt;
	char msg[128];

	good(f, LEN, &mt);
	mt.flags = (unsigned char)flags;
	mt.gso_type = (unsigned char)type;
	mt.gso_size = (unsigned short)size;
	mt.csum_start = (unsigned short)start;
	mt.csum_offset = (unsigned short)coff;
	snprintf(msg, sizeof(msg), "refused: %s", what);
	ok(rvif_tx_check(f, RVIF_TX_HDR_MAX, LEN, &mt, tso) == 0, msg);
}

/* What a passing frame must be, whatever the input. */
static int sound(const unsigned char *f, size_t got, size_t len,
		 const struct rumpcomp_virt_meta *mt, size_t hdrs)
{
	size_t l4 = 14 + (size_t)(f[14] & 15) * 4;

	return hdrs <= got && hdrs > l4 && mt->csum_start == l4 &&
	       mt->csum_offset == 16 && f[23] == 6 &&
	       ((size_t)f[16] << 8 | f[17]) == len - 14 &&
	       (mt->gso_type == RUMPCOMP_VIRT_GSO_NONE ||
		(mt->gso_size >= RVIF_TX_GSO_MIN && len - hdrs > mt->gso_size));
}

static void random_frames(void)
{
	unsigned char f[RVIF_TX_HDR_MAX], *g;
	struct rumpcomp_virt_meta mt;
	long i, passed = 0, unsound = 0;
	size_t got, len, hdrs, k;

	srand(17);
	for (i = 0; i < 1000000; i++) {
		good(f, LEN, &mt);
		len = 34 + (size_t)(rand() % 65536);
		f[16] = (unsigned char)((len - 14) >> 8);
		f[17] = (unsigned char)(len - 14);
		for (k = rand() % 4; k > 0; k--)	/* a few bytes wrong */
			f[rand() % 80] = (unsigned char)rand();
		if (rand() % 2)
			mt.gso_size = (unsigned short)rand();
		if (rand() % 4 == 0)
			mt.csum_start = (unsigned short)(rand() % 100);
		if (rand() % 8 == 0)
			mt.gso_type = (unsigned char)(rand() % 3);
		got = len < sizeof(f) ? len : sizeof(f);
		if (rand() % 8 == 0)
			got = (size_t)(rand() % (int)(got + 1));
		/* Exactly got bytes: a read past them is AddressSanitizer's. */
		g = malloc(got ? got : 1);
		if (!g)
			abort();
		memcpy(g, f, got);
		hdrs = rvif_tx_check(g, got, len, &mt, rand() % 2);
		free(g);
		if (hdrs) {
			passed++;
			unsound += !sound(f, got, len, &mt, hdrs);
		}
	}
	printf("# %ld of 1000000 random frames passed\n", passed);
	ok(passed > 1000 && unsound == 0,
	   "random frames: what passes is sound, some pass");
}

int main(void)
{
	unsigned char f[RVIF_TX_HDR_MAX];
	struct rumpcomp_virt_meta mt;
	size_t got;
	int truncated = 0;

	printf("1..%d\n", NTESTS);
	good(f, LEN, &mt);
	ok(check(f, &mt) == 66, "a TSO frame passes; headers 14 + 20 + 32");
	mt.gso_type = RUMPCOMP_VIRT_GSO_NONE;
	mt.gso_size = 0;
	ok(check(f, &mt) == 66, "a checksum-only frame passes");
	bad_field("not IPv4 (ARP)", 13, 0x06);
	bad_field("IP version 6", 14, 0x65);
	bad_field("IP header length 16", 14, 0x44);
	bad_field("IP total length one more than the frame", 17,
		  (unsigned char)(LEN - 14 + 1));
	bad_field("a fragment (MF)", 20, 0x20);
	bad_field("a fragment (offset)", 21, 0x01);
	bad_field("UDP", 23, 17);
	bad_field("TCP header length 16", 46, 4 << 4);
	bad_meta("no NEEDS_CSUM", 0, 1, 1448, 34, 16, 1);
	bad_meta("unknown flags", 3, 1, 1448, 34, 16, 1);
	bad_meta("csum_start inside the IP header", 1, 1, 1448, 33, 16, 1);
	bad_meta("csum_offset of UDP", 1, 1, 1448, 34, 6, 1);
	bad_meta("unknown gso type", 1, 2, 1448, 34, 16, 1);
	bad_meta("TSO not granted", 1, 1, 1448, 34, 16, 0);
	bad_meta("gso_size 0", 1, 1, 0, 34, 16, 1);
	bad_meta("gso_size 63", 1, 1, 63, 34, 16, 1);
	bad_meta("gso_size the whole payload", 1, 1, LEN - 66, 34, 16, 1);
	good(f, LEN, &mt);
	for (got = 0; got < 66; got++)
		truncated += rvif_tx_check(f, got, LEN, &mt, 1) != 0;
	ok(truncated == 0, "refused: headers cut short (0..65 bytes seen)");
	good(f, 60, &mt);
	mt.gso_type = RUMPCOMP_VIRT_GSO_NONE;
	ok(rvif_tx_check(f, 60, 60, &mt, 1) == 0,
	   "refused: TCP header longer than the frame");
	random_frames();
	if (n != NTESTS)
		printf("# txcheck: %d tests run, %d planned\n", n, NTESTS);
	printf("# txcheck: %d of %d failed\n", failed, n);
	return failed != 0 || n != NTESTS;
}
