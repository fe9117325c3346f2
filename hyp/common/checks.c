// SPDX-License-Identifier: BSD-2-Clause
/*
 * Argument checks both hypervisors make before doing any work, so that
 * they refuse the same calls with the same NetBSD errno (common.h).
 */
#include <rump/rumpuser.h>

#include "common.h"

#define NSEC_PER_SECOND	1000000000L

int rv_check_anonmmap(__SIZE_TYPE__ size, int alignbit, int exec, int exec_ok)
{
	if (size == 0 || size > RV_MAP_MAX)
		return RV_EINVAL;
	if (alignbit < 0 || alignbit > RV_ALIGNBIT_MAX)
		return RV_EINVAL;
	if (exec && !exec_ok)
		return RV_EOPNOTSUPP;
	return 0;
}

int rv_check_clock_sleep(int clock, __INT64_TYPE__ sec, long nsec)
{
	if (clock != RUMPUSER_CLOCK_RELWALL && clock != RUMPUSER_CLOCK_ABSMONO)
		return RV_EINVAL;
	if (nsec < 0 || nsec >= NSEC_PER_SECOND)
		return RV_EINVAL;
	/* A duration cannot be negative; a past deadline returns at once. */
	if (clock == RUMPUSER_CLOCK_RELWALL && sec < 0)
		return RV_EINVAL;
	return 0;
}

int rv_check_getparam(const char *name, const void *buf)
{
	return name && buf ? 0 : RV_EINVAL;
}
