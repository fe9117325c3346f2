// SPDX-License-Identifier: BSD-2-Clause
/* Floating point: SSE or x87 instructions unless built with -mno-sse/-mno-80387. */
#include "sk.h"

long sk_bad_scale(long v);
long sk_bad_scale(long v)
{
	double d = (double)v * 1.5;

	return (long)d;
}
