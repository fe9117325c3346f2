// SPDX-License-Identifier: BSD-2-Clause
/*
 * The fuzz build links the guest with -Wl,--wrap=rumpuser_free: every
 * block the guest gives back to the hypervisor passes here first, and
 * the size it names must be the size AddressSanitizer knows for it (the
 * hypervisor in the kernel frees by that size: a wrong one corrupts it).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sanitizer/allocator_interface.h>

void __real_rumpuser_free(void *mem, size_t len);
void __wrap_rumpuser_free(void *mem, size_t len);

void __wrap_rumpuser_free(void *mem, size_t len)
{
	size_t real;

	if (mem && __sanitizer_get_ownership(mem)) {
		real = __sanitizer_get_allocated_size(mem);
		if (real != len) {
			fprintf(stderr, "fuzz: the guest frees %p as %zu bytes, "
				"it has %zu\n", mem, len, real);
			abort();
		}
	}
	__real_rumpuser_free(mem, len);
}
