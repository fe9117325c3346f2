// SPDX-License-Identifier: BSD-2-Clause
/* TAP for the syscall proxy's test programs (tap.h). */
#include <stdarg.h>
#include <stdio.h>

#include "tap.h"

static int ntest, nfailed;

int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", cond ? "" : "not ", ++ntest);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	nfailed += !cond;
	return cond;
}

int tap_done(const char *name)
{
	printf("1..%d\n# %s: %d of %d failed\n", ntest, name, nfailed, ntest);
	return nfailed ? 1 : 0;
}
