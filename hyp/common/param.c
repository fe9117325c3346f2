// SPDX-License-Identifier: BSD-2-Clause
/* The rules of rumpuser_getparam() that do not depend on the host. */
#include "common.h"

int rv_param_copy(const char *value, void *buf, unsigned long buflen)
{
	unsigned long n = 0;
	char *out = buf;

	while (value[n])
		n++;
	if (n + 1 > buflen)
		return RV_E2BIG;
	for (unsigned long i = 0; i <= n; i++)
		out[i] = value[i];
	return 0;
}

int rv_param_unknown(const char *name)
{
	/* Names starting with '_' are the interface's own: asking for one
	 * we do not know is a caller bug, not a missing setting. */
	return name[0] == '_' ? RV_EINVAL : RV_ENOENT;
}
