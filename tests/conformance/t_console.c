// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpuser_putchar and rumpuser_dprintf.  The guest cannot read its own
 * console back: the host runner greps for the exact lines printed here.
 */
#include "ct_int.h"

void ct_t_console(void)
{
	const char *msg = "# console: putchar ok\n";
	unsigned long long big = 18446744073709551615ULL;

	while (*msg)
		rumpuser_putchar(*msg++);
	rumpuser_dprintf("# console: dprintf %d %u %s %x %lld %llu %c %%\n",
			 -7, 42u, "abc", 255u, -9000000000LL, big, 'z');
	ct_check(tg_scheduled(), "putchar and dprintf return",
		 "lost the CPU");
}
