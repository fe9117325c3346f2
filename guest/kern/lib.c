// SPDX-License-Identifier: BSD-2-Clause
/* Freestanding string and memory helpers. */
#include <rk/lib.h>
#include <rk/errno.h>

void *rk_memcpy(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	/* Word copies when both sides are aligned: file data goes through
	 * here, so this matters for throughput. */
	if ((((uintptr_t)dp | (uintptr_t)sp) & (sizeof(long) - 1)) == 0) {
		while (n >= 4 * sizeof(long)) {
			long *dl = (long *)(void *)dp;
			const long *sl = (const long *)(const void *)sp;

			dl[0] = sl[0];
			dl[1] = sl[1];
			dl[2] = sl[2];
			dl[3] = sl[3];
			dp += 4 * sizeof(long);
			sp += 4 * sizeof(long);
			n -= 4 * sizeof(long);
		}
		while (n >= sizeof(long)) {
			*(long *)(void *)dp = *(const long *)(const void *)sp;
			dp += sizeof(long);
			sp += sizeof(long);
			n -= sizeof(long);
		}
	}
	while (n--)
		*dp++ = *sp++;
	return d;
}

void *rk_memmove(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	if (dp <= sp || dp >= sp + n)
		return rk_memcpy(d, s, n);
	while (n--)
		dp[n] = sp[n];
	return d;
}

void *rk_memset(void *d, int c, size_t n)
{
	unsigned char *dp = d;

	if (((uintptr_t)dp & (sizeof(long) - 1)) == 0) {
		unsigned long w = (unsigned char)c;

		w |= w << 8;
		w |= w << 16;
		w |= w << 32;
		while (n >= sizeof(long)) {
			*(unsigned long *)(void *)dp = w;
			dp += sizeof(long);
			n -= sizeof(long);
		}
	}
	while (n--)
		*dp++ = (unsigned char)c;
	return d;
}

int rk_memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *ap = a, *bp = b;

	for (; n; n--, ap++, bp++)
		if (*ap != *bp)
			return *ap - *bp;
	return 0;
}

size_t rk_strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t rk_strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int rk_strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int rk_strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

size_t rk_strlcpy(char *d, const char *s, size_t size)
{
	size_t len = rk_strlen(s);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		rk_memcpy(d, s, n);
		d[n] = '\0';
	}
	return len;
}

char *rk_strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)(uintptr_t)s;
		if (!*s)
			return NULL;
	}
}

char *rk_strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)(uintptr_t)last;
	}
}

int rk_parse_size(const char *s, uint64_t *valp)
{
	uint64_t v = 0, mult = 1;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return RK_EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (~(uint64_t)0 - 9) / 10)
			return RK_ERANGE;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	switch (*p) {
	case 'k': case 'K': mult = 1ULL << 10; p++; break;
	case 'm': case 'M': mult = 1ULL << 20; p++; break;
	case 'g': case 'G': mult = 1ULL << 30; p++; break;
	default: break;
	}
	if (*p != '\0')
		return RK_EINVAL;
	if (v > ~(uint64_t)0 / mult)
		return RK_ERANGE;
	*valp = v * mult;
	return 0;
}
