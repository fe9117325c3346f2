// SPDX-License-Identifier: BSD-2-Clause
/*
 * The synthetic kernel's small library.  memset and memcpy keep their C
 * names, as a kernel's libkern does (the compiler emits calls to them):
 * rumpvisor-mkguest must keep them from meeting Linux's.
 */
#include "sk.h"

size_t sk_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int sk_strncmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; a++, b++, n--) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

int sk_strcmp(const char *a, const char *b)
{
	return sk_strncmp(a, b, (size_t)-1);
}

void sk_strlcpy(char *dst, const char *src, size_t len)
{
	size_t i;

	if (!len)
		return;
	for (i = 0; i + 1 < len && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
}

/* Decimal; the number of characters written, -1 if it did not fit. */
int sk_itoa(long v, char *buf, size_t len)
{
	char tmp[24];
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
	int n = 0, i = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[n++] = '-';
	if ((size_t)n + 1 > len)
		return -1;
	while (n > 0)
		buf[i++] = tmp[--n];
	buf[i] = '\0';
	return i;
}

void *memset(void *p, int c, size_t n)
{
	unsigned char *d = p;

	while (n--)
		*d++ = (unsigned char)c;
	return p;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}
