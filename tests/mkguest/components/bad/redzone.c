// SPDX-License-Identifier: BSD-2-Clause
/* A leaf function with locals in memory: below %rsp unless -mno-red-zone. */
#include "sk.h"

int sk_bad_sum(int n);
int sk_bad_sum(int n)
{
	volatile int a = n, b = n * 3;

	return a + b;
}
