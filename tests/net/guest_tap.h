/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * TAP for the test programs that boot a guest and call into it from
 * outside (net-mbuf, net-input; guest-clock): the plan first (as
 * tests/tap.py expects), a line per check, the count at the end.
 */
#ifndef TESTS_NET_GUEST_TAP_H
#define TESTS_NET_GUEST_TAP_H

#include <rump/rump.h>

int printf(const char *fmt, ...);

static int tap_failed, tap_n;

static void ok(int good, const char *what)
{
	tap_n++;
	tap_failed += !good;
	printf("%sok %d - %s\n", good ? "" : "not ", tap_n, what);
}

/* Boot the guest, enter it, print the plan: false after a bail-out. */
static int tap_boot(int ntests)
{
	if (rump_init() != 0) {
		printf("Bail out! rump_init\n");
		return 0;
	}
	rump_schedule();
	printf("1..%d\n", ntests);
	return 1;
}

/* Leave the guest: the exit status (every check ran and passed). */
static int tap_end(const char *name, int ntests)
{
	rump_unschedule();
	printf("# %s: %d of %d failed\n", name, tap_failed, tap_n);
	return tap_failed != 0 || tap_n != ntests;
}

#endif
