// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuzz-net: libFuzzer entry points around the guest side (fuzz_net.c).
 * The guest boots once, with every allocation straight from the host
 * (RUMP_KMEM_DIRECT) so that AddressSanitizer sees object bounds.
 *   fuzz-net [libFuzzer options] [corpus dirs]
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <rump/rump.h>

void rk_fuzz_init(void);
void rk_fuzz_input(const uint8_t *data, size_t len);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("RUMP_KMEM_DIRECT", "1", 1);
	setenv("RUMP_NCPU", "1", 1);
	if (rump_init() != 0) {
		fprintf(stderr, "fuzz-net: rump_init failed\n");
		exit(1);
	}
	rump_schedule();
	rk_fuzz_init();
	rump_unschedule();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rump_schedule();
	rk_fuzz_input(data, size);
	rump_unschedule();
	return 0;
}
