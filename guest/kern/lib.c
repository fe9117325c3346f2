// SPDX-License-Identifier: BSD-2-Clause
/*
 * The guest's small C library: the shared freestanding library compiled
 * with the guest's rk_ names (rk/lib.h sets the prefix), and the guest's
 * own parsing helpers.
 */
#include <rk/lib.h>
#include <rk/errno.h>

#include "../../lib/freestanding/format.c"
#include "../../lib/freestanding/string.c"

int rk_parse_size(const char *s, uint64_t *valp)
{
	uint64_t v = 0, mult = 1;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return RK_EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (~(uint64_t)0 - 9) / 10)
			return RK_ERANGE;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	switch (*p) {
	case 'k': case 'K': mult = 1ULL << 10; p++; break;
	case 'm': case 'M': mult = 1ULL << 20; p++; break;
	case 'g': case 'G': mult = 1ULL << 30; p++; break;
	default: break;
	}
	if (*p != '\0')
		return RK_EINVAL;
	if (v > ~(uint64_t)0 / mult)
		return RK_ERANGE;
	*valp = v * mult;
	return 0;
}
