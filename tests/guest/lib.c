// SPDX-License-Identifier: BSD-2-Clause
/*
 * Freestanding helpers: the shared library with the test guest's tg_
 * names (tg.h sets the prefix), and the guest's clock.
 */
#include "guest.h"

#include "../../lib/freestanding/format.c"
#include "../../lib/freestanding/string.c"

int64_t tg_now_ns(void)
{
	int64_t sec;
	long nsec;

	if (rumpuser_clock_gettime(RUMPUSER_CLOCK_ABSMONO, &sec, &nsec))
		return -1;
	return sec * 1000000000LL + nsec;
}
