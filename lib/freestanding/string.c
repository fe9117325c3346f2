// SPDX-License-Identifier: BSD-2-Clause
/*
 * String and memory functions of every freestanding part of the tree
 * (declared in fl.h).  Included by one source file of each consumer
 * after the consumer's header has set FL_PREFIX.
 */
#include "fl.h"

/* A machine word that may alias anything, for the bulk loops. */
typedef unsigned long __attribute__((__may_alias__)) fl_word;

#define FL_WORD		sizeof(fl_word)
#define FL_ALIGNED(p)	(((__UINTPTR_TYPE__)(p) & (FL_WORD - 1)) == 0)

void *FL_NAME(memcpy)(void *d, const void *s, __SIZE_TYPE__ n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;
	fl_word w[4];

	/* Words, whatever the alignment: a __builtin_memcpy of a constant
	 * size is a plain load or store where the machine allows unaligned
	 * ones (and bytes where it does not).  File data and packets (an
	 * Ethernet header leaves the rest 2 bytes off) go through here, so
	 * this matters for throughput. */
	for (; n >= sizeof(w); n -= sizeof(w)) {
		__builtin_memcpy(w, sp, sizeof(w));
		__builtin_memcpy(dp, w, sizeof(w));
		dp += sizeof(w);
		sp += sizeof(w);
	}
	for (; n >= FL_WORD; n -= FL_WORD) {
		__builtin_memcpy(w, sp, FL_WORD);
		__builtin_memcpy(dp, w, FL_WORD);
		dp += FL_WORD;
		sp += FL_WORD;
	}
	while (n--)
		*dp++ = *sp++;
	return d;
}

void *FL_NAME(memmove)(void *d, const void *s, __SIZE_TYPE__ n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	if (dp <= sp || dp >= sp + n)
		return FL_NAME(memcpy)(d, s, n);
	while (n--)
		dp[n] = sp[n];
	return d;
}

void *FL_NAME(memset)(void *d, int c, __SIZE_TYPE__ n)
{
	unsigned char *dp = d;
	/* The byte in every byte of a word. */
	fl_word w = (fl_word)-1 / 255 * (unsigned char)c;

	if (FL_ALIGNED(dp))
		for (; n >= FL_WORD; n -= FL_WORD) {
			*(fl_word *)(void *)dp = w;
			dp += FL_WORD;
		}
	while (n--)
		*dp++ = (unsigned char)c;
	return d;
}

int FL_NAME(memcmp)(const void *a, const void *b, __SIZE_TYPE__ n)
{
	const unsigned char *ap = a, *bp = b;

	for (; n; n--, ap++, bp++)
		if (*ap != *bp)
			return *ap - *bp;
	return 0;
}

__SIZE_TYPE__ FL_NAME(strlen)(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (__SIZE_TYPE__)(p - s);
}

__SIZE_TYPE__ FL_NAME(strnlen)(const char *s, __SIZE_TYPE__ max)
{
	__SIZE_TYPE__ n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int FL_NAME(strcmp)(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int FL_NAME(strncmp)(const char *a, const char *b, __SIZE_TYPE__ n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *FL_NAME(strchr)(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)(__UINTPTR_TYPE__)s;
		if (!*s)
			return (char *)0;
	}
}

char *FL_NAME(strrchr)(const char *s, int c)
{
	const char *last = (const char *)0;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)(__UINTPTR_TYPE__)last;
	}
}

__SIZE_TYPE__ FL_NAME(strlcpy)(char *d, const char *s, __SIZE_TYPE__ size)
{
	__SIZE_TYPE__ len = FL_NAME(strlen)(s);

	if (size) {
		__SIZE_TYPE__ n = len < size - 1 ? len : size - 1;

		FL_NAME(memcpy)(d, s, n);
		d[n] = '\0';
	}
	return len;
}
