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
#include "txlies.h"

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

/* A TCP/IPv4 frame of len bytes with TSO metadata (txlies.h). */
static void good(unsigned char *f, size_t len, struct rumpcomp_virt_meta *mt)
{
	memset(f, 0, RVIF_TX_HDR_MAX);
	txl_good(f, len, mt);
}

#define LEN	TXL_LEN

static size_t check(const unsigned char *f, const struct rumpcomp_virt_meta *mt)
{
	return rvif_tx_check(f, RVIF_TX_HDR_MAX, LEN, mt, 1);
}

/* Each lie of txlies.h: refused. */
static void lies(void)
{
	unsigned char f[RVIF_TX_HDR_MAX];
	struct rumpcomp_virt_meta mt;
	char msg[128];
	size_t i;

	for (i = 0; i < TXL_N(txl_fields); i++) {
		good(f, LEN, &mt);
		f[txl_fields[i].off] = txl_fields[i].v;
		snprintf(msg, sizeof(msg), "refused: %s", txl_fields[i].what);
		ok(check(f, &mt) == 0, msg);
	}
	for (i = 0; i < TXL_N(txl_metas); i++) {
		good(f, LEN, &mt);
		txl_apply(&txl_metas[i], &mt);
		snprintf(msg, sizeof(msg), "refused: %s", txl_metas[i].what);
		ok(rvif_tx_check(f, RVIF_TX_HDR_MAX, LEN, &mt,
				 txl_metas[i].tso) == 0, msg);
	}
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
	lies();
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
