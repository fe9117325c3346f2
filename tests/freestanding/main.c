// SPDX-License-Identifier: BSD-2-Clause
/* The freestanding library's unit tests: TAP on stdout, exit 1 on failure. */
#include <stdio.h>
#include <string.h>

#include "ut.h"

static int ntest, nfail;

void ut_report(int ok, const char *name, const char *why)
{
	ntest++;
	nfail += !ok;
	printf("%s %d - %s%s%s\n", ok ? "ok" : "not ok", ntest, name,
	       ok ? "" : " # ", ok ? "" : why);
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		fprintf(strcmp(argv[1], "--help") ? stderr : stdout,
			"usage: %s\nUnit tests of lib/freestanding (vsnprintf "
			"against libc, string functions); TAP on stdout.\n",
			argv[0]);
		return strcmp(argv[1], "--help") ? 2 : 0;
	}
	ut_format_tests();
	ut_string_tests();
	printf("1..%d\n", ntest);
	return nfail ? 1 : 0;
}
