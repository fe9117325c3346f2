// SPDX-License-Identifier: BSD-2-Clause
/*
 * The address of a global: through the GOT with -fpic, as a zero-extended
 * 32-bit immediate with the small code model (-mcmodel=small).
 */
#include "sk.h"

int sk_bad_value = 3;
int *sk_bad_addr(void);
int *sk_bad_addr(void)
{
	return &sk_bad_value;
}
