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

/* A word from p and to p, whatever p's alignment: a __builtin_memcpy of
 * a constant size is a plain load or store where the machine allows
 * unaligned ones (and bytes where it does not). */
static inline fl_word fl_load(const unsigned char *p)
{
	fl_word w;

	__builtin_memcpy(&w, p, FL_WORD);
	return w;
}

static inline void fl_store(unsigned char *p, fl_word w)
{
	__builtin_memcpy(p, &w, FL_WORD);
}

void *FL_NAME(memcpy)(void *d, const void *s, __SIZE_TYPE__ n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	/* Eight words a round, held in registers (an array would be kept
	 * on the stack: a store more per word).  File data and packets (an
	 * Ethernet header leaves the rest 2 bytes off) go through here, so
	 * this matters for throughput. */
	for (; n >= 8 * FL_WORD; n -= 8 * FL_WORD) {
		fl_word a = fl_load(sp), b = fl_load(sp + FL_WORD),
			c = fl_load(sp + 2 * FL_WORD),
			e = fl_load(sp + 3 * FL_WORD),
			f = fl_load(sp + 4 * FL_WORD),
			g = fl_load(sp + 5 * FL_WORD),
			h = fl_load(sp + 6 * FL_WORD),
			i = fl_load(sp + 7 * FL_WORD);

		fl_store(dp, a);
		fl_store(dp + FL_WORD, b);
		fl_store(dp + 2 * FL_WORD, c);
		fl_store(dp + 3 * FL_WORD, e);
		fl_store(dp + 4 * FL_WORD, f);
		fl_store(dp + 5 * FL_WORD, g);
		fl_store(dp + 6 * FL_WORD, h);
		fl_store(dp + 7 * FL_WORD, i);
		dp += 8 * FL_WORD;
		sp += 8 * FL_WORD;
	}
	for (; n >= FL_WORD; n -= FL_WORD) {
		fl_store(dp, fl_load(sp));
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
