// SPDX-License-Identifier: BSD-2-Clause
/* rumpuser_getrandom. */
#include "ct_int.h"

/*
 * Is every 8-byte chunk of b[0..len) touched (not all zero)?  A chunk of
 * random bytes is all zero with probability 2^-64: a buffer filled only
 * in part, while got claims all of it, shows up here.
 */
static int all_chunks_set(const unsigned char *b, size_t len)
{
	size_t i, k;

	for (i = 0; i + 8 <= len; i += 8) {
		for (k = 0; k < 8 && b[i + k] == 0; k++)
			;
		if (k == 8)
			return 0;
	}
	return 1;
}

void ct_t_random(void)
{
	unsigned char a[64], b[64], z[64];
	size_t got1 = 0, got2 = 0, got3 = 0, got4 = 0;
	int r1, r2, r3, r4;
	unsigned char *big;

	tg_memset(a, 0, sizeof(a));
	tg_memset(b, 0, sizeof(b));
	tg_memset(z, 0, sizeof(z));
	r1 = rumpuser_getrandom(a, sizeof(a), 0, &got1);
	r2 = rumpuser_getrandom(b, sizeof(b), 0, &got2);
	ct_check(r1 == 0 && r2 == 0 && got1 == sizeof(a) && got2 == sizeof(b),
		 "getrandom fills the buffer", "rv %d/%d got %zu/%zu", r1, r2,
		 got1, got2);
	ct_check(tg_memcmp(a, b, sizeof(a)) != 0 &&
		 tg_memcmp(a, z, sizeof(a)) != 0,
		 "getrandom bytes change between calls", "same or zero bytes");
	ct_check(all_chunks_set(a, got1) && all_chunks_set(b, got2),
		 "getrandom writes all the bytes it reports",
		 "an 8-byte chunk left zero");
	r3 = rumpuser_getrandom(a, sizeof(a), RUMPUSER_RANDOM_NOWAIT, &got3);
	ct_check(r3 == 0 && got3 > 0 && got3 <= sizeof(a),
		 "getrandom NOWAIT", "rv %d got %zu", r3, got3);
	big = tg_alloc(65536);
	if (!big) {
		ct_check(0, "getrandom 64 KiB", "no memory");
		return;
	}
	tg_memset(big, 0, 65536);
	r4 = rumpuser_getrandom(big, 65536, RUMPUSER_RANDOM_HARD, &got4);
	ct_check(r4 == 0 && got4 > 0 && got4 <= 65536 &&
		 all_chunks_set(big, got4),
		 "getrandom HARD 64 KiB", "rv %d got %zu%s", r4, got4,
		 got4 && !all_chunks_set(big, got4) ?
		 ", an 8-byte chunk left zero" : "");
	tg_free(big, 65536);
}
