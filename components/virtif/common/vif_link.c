// SPDX-License-Identifier: BSD-2-Clause
/*
 * Link strings (virtif's devstr) for both host halves: which backend,
 * its argument and the options after the first comma.
 */
#include "vif_common.h"

static int vif_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static int vif_listed(const char *kind, const char *const *list)
{
	for (; list && *list; list++)
		if (vif_streq(kind, *list))
			return 1;
	return 0;
}

/* A bare unit number: 1 to 5 digits. */
static int vif_unit(const char *s)
{
	int n = 0, i;

	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 5)
			return -1;
		n = n * 10 + (s[i] - '0');
	}
	return i ? n : -1;
}

/* Copy s up to (not including) one of stop or the end; its length, or
 * -1 when it does not fit in size. */
static int vif_copy_until(char *dst, const char *s, int stop1, int stop2,
			  int size)
{
	int n;

	for (n = 0; s[n] && s[n] != stop1 && s[n] != stop2; n++)
		if (n + 1 >= size)
			return -1;
	for (int i = 0; i < n; i++)
		dst[i] = s[i];
	dst[n] = '\0';
	return n;
}

int vif_link_parse(const char *devstr, const char *const *kinds,
		   const char *const *need_arg, struct vif_link *out)
{
	const char *p;
	int n;

	out->kind[0] = out->arg[0] = '\0';
	out->opts = 0;
	out->unit = devstr ? vif_unit(devstr) : -1;
	if (!devstr || out->unit >= 0)
		return devstr ? 0 : VIF_EINVAL;
	n = vif_copy_until(out->kind, devstr, ':', ',', sizeof(out->kind));
	if (n <= 0 || !vif_listed(out->kind, kinds))
		return VIF_EINVAL;
	p = devstr + n;
	if (*p == ':') {
		n = vif_copy_until(out->arg, ++p, ',', ',', sizeof(out->arg));
		if (n <= 0)
			return VIF_EINVAL;
		p += n;
	} else if (vif_listed(out->kind, need_arg)) {
		return VIF_EINVAL;
	}
	if (*p == ',')
		out->opts = p + 1;
	return 0;
}
