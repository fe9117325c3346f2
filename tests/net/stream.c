// SPDX-License-Identifier: BSD-2-Clause
/* The network tests' data streams and sums (stream.h). */
#include "stream.h"

static unsigned long long st_mix(unsigned long long z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The stream's byte at off; *blk and *w cache the current 8-byte word. */
static unsigned char st_at(unsigned long long seed, unsigned long long off,
			   unsigned long long *blk, unsigned long long *w)
{
	if (off / 8 != *blk) {
		*blk = off / 8;
		*w = st_mix(seed * 0x9e3779b97f4a7c15ULL + *blk);
	}
	return (unsigned char)(*w >> (8 * (off % 8)));
}

void st_fill(unsigned long long seed, unsigned long long off, void *buf,
	     __SIZE_TYPE__ len)
{
	unsigned char *p = buf;
	unsigned long long w = 0, blk = ~0ULL;
	__SIZE_TYPE__ i;

	for (i = 0; i < len; i++, off++)
		p[i] = st_at(seed, off, &blk, &w);
}

unsigned long long st_check(unsigned long long seed, unsigned long long off,
			    const void *buf, __SIZE_TYPE__ len)
{
	const unsigned char *p = buf;
	unsigned long long w = 0, blk = ~0ULL;
	__SIZE_TYPE__ i;

	for (i = 0; i < len; i++, off++)
		if (p[i] != st_at(seed, off, &blk, &w))
			return off + 1;
	return 0;
}

unsigned long long st_fnv(unsigned long long h, const void *buf,
			  __SIZE_TYPE__ len)
{
	const unsigned char *p = buf;
	__SIZE_TYPE__ i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}
