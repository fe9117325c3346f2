// SPDX-License-Identifier: BSD-2-Clause
/* The console: guest output to stdout, diagnostics to stderr. */
#include <stdarg.h>
#include <stdio.h>

#include "hyp.h"

void rumpuser_putchar(int ch)
{
	/* stdout is line buffered (rumpuser_init): one write per line. */
	putchar(ch);
}

void rumpuser_dprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}
