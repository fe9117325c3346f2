// SPDX-License-Identifier: BSD-2-Clause
/*
 * TAP output.  Each line is formatted first and printed with one
 * rumpuser_dprintf call so that hosts that prefix lines keep them whole.
 */
#include "ct_int.h"

static int ntests, nfailed, bailed;

void ct_tap_reset(void)
{
	ntests = nfailed = bailed = 0;
}

int ct_failures(void)
{
	return nfailed;
}

int ct_count(void)
{
	return ntests;
}

int ct_bailed(void)
{
	return bailed;
}

int ct_check(int cond, const char *name, const char *fmt, ...)
{
	char detail[160], line[320];
	__builtin_va_list ap;

	ntests++;
	if (cond) {
		tg_snprintf(line, sizeof(line), "ok %d - %s\n", ntests, name);
	} else {
		nfailed++;
		__builtin_va_start(ap, fmt);
		tg_vsnprintf(detail, sizeof(detail), fmt, ap);
		__builtin_va_end(ap);
		tg_snprintf(line, sizeof(line), "not ok %d - %s # %s\n",
			    ntests, name, detail);
	}
	rumpuser_dprintf("%s", line);
	return cond;
}

void ct_skip(const char *name, const char *why)
{
	char line[320];

	ntests++;
	tg_snprintf(line, sizeof(line), "ok %d - %s # SKIP %s\n", ntests, name,
		    why);
	rumpuser_dprintf("%s", line);
}

void ct_diag(const char *fmt, ...)
{
	char msg[256], line[272];
	__builtin_va_list ap;

	__builtin_va_start(ap, fmt);
	tg_vsnprintf(msg, sizeof(msg), fmt, ap);
	__builtin_va_end(ap);
	tg_snprintf(line, sizeof(line), "# %s\n", msg);
	rumpuser_dprintf("%s", line);
}

void ct_bail(const char *why)
{
	char line[200];

	bailed = 1;
	tg_snprintf(line, sizeof(line), "Bail out! %s\n", why);
	rumpuser_dprintf("%s", line);
}
