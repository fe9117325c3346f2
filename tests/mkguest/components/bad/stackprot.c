// SPDX-License-Identifier: BSD-2-Clause
/* A buffer on the stack: a canary check with -fstack-protector. */
#include "sk.h"

void sk_bad_fill(char *out, size_t len);
void sk_bad_fill(char *out, size_t len)
{
	memset(out, 'x', len);
}

int sk_bad_guarded(void);
int sk_bad_guarded(void)
{
	char buf[64];

	sk_bad_fill(buf, sizeof(buf));
	return buf[1];
}
