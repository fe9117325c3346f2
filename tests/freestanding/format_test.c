// SPDX-License-Identifier: BSD-2-Clause
/*
 * The freestanding library's vsnprintf against the C library's, for the
 * formats it supports: each case is formatted into buffers of every size
 * from 0 to its length + 1, and output, return value and the bytes past
 * the buffer must agree (the library is linked under the prefix ut_).
 * Then random conversions from the whole supported grammar, and the
 * cases where the library prints as NetBSD does rather than as glibc.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "ut.h"

#define BIG	512
#define CANARY	0x5a

/* Compare ut_vsnprintf with vsnprintf into every buffer size; 0 or a
 * description of the first difference in why. */
static int compare_sizes(char *why, size_t whylen, const char *fmt,
			 va_list ap)
{
	char want[BIG + 8], got[BIG + 8];
	int wn, gn;
	size_t size, i;
	va_list a1, a2;

	va_copy(a1, ap);
	wn = vsnprintf(want, BIG, fmt, a1);
	va_end(a1);
	if (wn < 0 || wn >= BIG - 1) {
		snprintf(why, whylen, "case too long (%d)", wn);
		return -1;
	}
	for (size = 0; size <= (size_t)wn + 1; size++) {
		memset(want, CANARY, sizeof(want));
		memset(got, CANARY, sizeof(got));
		va_copy(a1, ap);
		va_copy(a2, ap);
		wn = vsnprintf(size ? want : NULL, size, fmt, a1);
		gn = ut_vsnprintf(size ? got : NULL, size, fmt, a2);
		va_end(a1);
		va_end(a2);
		if (gn != wn) {
			snprintf(why, whylen, "size %zu: returned %d, libc %d",
				 size, gn, wn);
			return -1;
		}
		for (i = 0; i < sizeof(got); i++)
			if (got[i] != want[i]) {
				snprintf(why, whylen,
					 "size %zu: byte %zu is 0x%02x, libc "
					 "0x%02x (\"%.*s\" vs \"%.*s\")", size,
					 i, (unsigned char)got[i],
					 (unsigned char)want[i],
					 (int)(size ? size - 1 : 0), got,
					 (int)(size ? size - 1 : 0), want);
				return -1;
			}
	}
	return 0;
}

/* One TAP test: fmt with its arguments agrees with libc at every size. */
static void like_libc(int line, const char *fmt, ...)
{
	char why[600], name[200];
	va_list ap;
	int rv;

	va_start(ap, fmt);
	rv = compare_sizes(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(name, sizeof(name), "format:%d \"%s\" as libc", line, fmt);
	ut_report(rv == 0, name, why);
}

#define LIKE(...)	like_libc(__LINE__, __VA_ARGS__)

static void integers(void)
{
	LIKE("%d %i %u", 0, -1, 42u);
	LIKE("%d|%d", INT_MAX, INT_MIN);
	LIKE("%u|%x|%X|%o", UINT_MAX, UINT_MAX, 0xabcdefu, 0777u);
	LIKE("%ld|%ld", LONG_MAX, LONG_MIN);
	LIKE("%lu|%lx", ULONG_MAX, 0x123456789abcdefUL);
	LIKE("%lld|%lld", LLONG_MAX, LLONG_MIN);
	LIKE("%llu|%llx|%llo", ULLONG_MAX, ULLONG_MAX, ULLONG_MAX);
	LIKE("%hd|%hu|%hx", (short)-12345, (unsigned short)65535,
	     (unsigned short)0xbeef);
	LIKE("%hd|%hu", 70000, 70000);		/* converted to short */
	LIKE("%hhd|%hhu|%hhx", -200, 300, 0x1ff);	/* to char */
	LIKE("%zu|%zd|%zx", (size_t)-1, (ssize_t)-5, (size_t)4096);
	LIKE("%jd|%ju", (intmax_t)INT64_MIN, (uintmax_t)UINT64_MAX);
	LIKE("%td|%tx", (ptrdiff_t)-77, (ptrdiff_t)255);
	LIKE("[%5d][%-5d][%05d]", 42, 42, 42);
	LIKE("[%5d][%-5d][%05d]", -42, -42, -42);
	LIKE("[%+d][%+d][% d][% d][%+ d]", 7, -7, 7, -7, 7);
	LIKE("[%.3d][%.0d][%.0d][%5.3d][%-5.3d]", 7, 0, 1, -7, 7);
	LIKE("[%08.3d][%-08d][%+05d][% 05d]", 12, 12, 12, 12);
	LIKE("[%.10u][%.0u][%3.0u]", 123u, 0u, 0u);
	LIKE("[%#x][%#X][%#o][%#x][%#o]", 255u, 255u, 8u, 0u, 0u);
	LIKE("[%#.0o][%#5o][%#08x][%#-8x][%#.5o]", 0u, 8u, 255u, 255u, 8u);
	LIKE("[%*d][%-*d][%*d]", 6, 1, 6, 2, -6, 3);
	LIKE("[%.*d][%.*d][%*.*d]", 4, 5, -1, 5, 7, 3, 9);
	LIKE("[%0*d][%0-*d]", 5, -1, 5, -1);
	LIKE("%d%d%d%u%x", 1, 2, 3, 4u, 5u);
	LIKE("[%20lld][%-20llu][%020llx]", -1LL, 1ULL, 1ULL);
}

static void strings(void)
{
	static const char unterminated[3] = { 'a', 'b', 'c' };

	LIKE("%s", "");
	LIKE("%s|%s", "hello", "world");
	LIKE("[%10s][%-10s][%2s]", "abc", "abc", "abcdef");
	LIKE("[%.2s][%.0s][%.10s][%5.1s][%-5.1s]", "abc", "abc", "abc",
	     "abc", "abc");
	LIKE("[%*s][%-*s][%*s]", 6, "x", 6, "y", -6, "z");
	LIKE("[%.*s][%.*s]", 2, "abcdef", -1, "abcdef");
	LIKE("[%.3s]", unterminated);	/* reads at most 3 bytes */
	LIKE("%s", (char *)NULL);
	LIKE("[%10s][%-10s]", (char *)NULL, (char *)NULL);
	LIKE("[%c][%c][%c]", 'a', 0x41, '%');
	LIKE("[%3c][%-3c]", 'x', 'y');
	LIKE("%c%c%c", 'a', 0, 'b');		/* a NUL inside the output */
	LIKE("100%% [%%] %5%");
	LIKE("plain text, no conversions");
	LIKE("");
}

static void pointers(void)
{
	int x;

	LIKE("%p", (void *)&x);
	LIKE("%p|%p", (void *)1, (void *)~(uintptr_t)0);
	LIKE("[%20p][%-20p]", (void *)0x1234, (void *)0x1234);
}

/* The formatted text is at most 100 million (FL_NUM_MAX) wide: widths
 * are counted, not written, so a huge one is quick and agrees with libc
 * on the length; past INT_MAX the result is -1, as C says. */
static void huge(void)
{
	/* volatile: the compiler would see through constants and warn */
	volatile int wide = 99999999, widest = INT_MAX;
	char a[16], b[16];
	int wn, gn;

	wn = snprintf(a, sizeof(a), "%*d|", wide, 1);
	gn = ut_snprintf(b, sizeof(b), "%*d|", wide, 1);
	ut_report(wn == gn && !memcmp(a, b, sizeof(a)),
	       "format: a width of 99999999 is counted", "differs");
	/* (glibc takes seconds to pad this: only ours is run) */
	gn = ut_snprintf(b, sizeof(b), "%*d%*d", widest, 1, widest, 1);
	ut_report(gn == -1, "format: output longer than INT_MAX returns -1",
		  "not -1");
}

/* Where C leaves the result open, the library prints as NetBSD does. */
static void netbsd_cases(void)
{
	static const struct {
		const char *fmt, *want;
		int what;	/* 0 pointer NULL, 1 string NULL, 2 no arg */
	} cases[] = {
		{ "%p", "0x0", 0 },
		{ "[%5p]", "[  0x0]", 0 },
		{ "%.3s", "(nu", 1 },
		{ "[%.0s]", "[]", 1 },
		{ "%y|%n|%Lf|%5k", "%y|%n|%Lf|%5k", 2 },
		{ "50%", "50", 2 },		/* a lone % at the end */
		{ "%-", "", 2 },
	};
	char buf[64], name[128];
	unsigned i;
	int n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].what == 0)
			n = ut_snprintf(buf, sizeof(buf), cases[i].fmt, NULL);
		else if (cases[i].what == 1)
			n = ut_snprintf(buf, sizeof(buf), cases[i].fmt,
					(char *)NULL);
		else
			n = ut_snprintf(buf, sizeof(buf), cases[i].fmt);
		snprintf(name, sizeof(name), "format: \"%s\" gives \"%s\"",
			 cases[i].fmt, cases[i].want);
		ut_report(!strcmp(buf, cases[i].want) &&
		       n == (int)strlen(cases[i].want), name, buf);
	}
}

/* ---- random conversions ---- */

static int compare_one(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;
	int rv;

	va_start(ap, fmt);
	rv = compare_sizes(why, whylen, fmt, ap);
	va_end(ap);
	return rv;
}


static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* A random 64-bit value, biased to edges and small numbers. */
static uint64_t rnd_value(void)
{
	switch (rnd() % 4) {
	case 0: return rnd() % 10;
	case 1: return (uint64_t)1 << (rnd() % 64);
	case 2: return -(rnd() % 1000);
	default: return rnd();
	}
}

/* Append flags from allowed, a width and a precision to spec. */
static char *rnd_spec(char *p, const char *allowed, int prec_ok)
{
	*p++ = '%';
	while (*allowed && rnd() % 3 == 0)
		*p++ = allowed[rnd() % strlen(allowed)];
	if (rnd() % 2)
		p += sprintf(p, "%d", (int)(rnd() % 25));
	if (prec_ok && rnd() % 2)
		p += sprintf(p, ".%d", (int)(rnd() % 25));
	return p;
}

struct conv {
	const char *lengths[8];	/* length modifiers to pick from */
	const char *convs;
	const char *flags;
};

static const struct conv signed_conv = {
	{ "", "hh", "h", "l", "ll", "z", "j", "t" }, "di", "-0+ " };
static const struct conv unsigned_conv = {
	{ "", "hh", "h", "l", "ll", "z", "j", "t" }, "uoxX", "-0#" };

/* One random integer conversion, formatted both ways. */
static int random_integer(char *why, size_t whylen)
{
	const struct conv *c = rnd() % 2 ? &signed_conv : &unsigned_conv;
	const char *len = c->lengths[rnd() % 8];
	char fmt[64], *p;
	uint64_t v = rnd_value();

	p = rnd_spec(fmt, c->flags, 1);
	p += sprintf(p, "%s%c|", len, c->convs[rnd() % strlen(c->convs)]);
	*p = '\0';
	/* Every type here is passed as a 64-bit or promoted int value. */
	if (!strcmp(len, "") || !strcmp(len, "hh") || !strcmp(len, "h"))
		return compare_one(why, whylen, fmt, (int)v);
	return compare_one(why, whylen, fmt, (long long)v);
}

static int random_text(char *why, size_t whylen)
{
	static const char *words[] = { "", "a", "hello", "0123456789abcdef",
				       "with space", "%d" };
	char fmt[64], *p;

	if (rnd() % 2) {
		p = rnd_spec(fmt, "-", 1);
		strcpy(p, "s|");
		return compare_one(why, whylen, fmt, words[rnd() % 6]);
	}
	p = rnd_spec(fmt, "-", 0);
	strcpy(p, "c|");
	return compare_one(why, whylen, fmt, (int)(rnd() % 95 + 32));
}

static int random_pointer(char *why, size_t whylen)
{
	char fmt[64], *p;

	p = rnd_spec(fmt, "-", 0);
	strcpy(p, "p|");
	return compare_one(why, whylen, fmt, (void *)(uintptr_t)(rnd() | 1));
}

static void random_cases(int n)
{
	char why[600], name[100];
	int i, bad = 0;

	for (i = 0; i < n && !bad; i++) {
		switch (rnd() % 4) {
		case 0:
			bad = random_text(why, sizeof(why));
			break;
		case 1:
			bad = random_pointer(why, sizeof(why));
			break;
		default:
			bad = random_integer(why, sizeof(why));
			break;
		}
	}
	snprintf(name, sizeof(name), "format: %d random conversions agree "
		 "with libc at every buffer size", n);
	ut_report(!bad, name, why);
}

void ut_format_tests(void)
{
	integers();
	strings();
	pointers();
	huge();
	netbsd_cases();
	random_cases(20000);
}
