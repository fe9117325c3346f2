// SPDX-License-Identifier: BSD-2-Clause
/*
 * The freestanding library's string and memory functions against the C
 * library's: every alignment and length up to a few words, overlapping
 * moves both ways, signs of comparisons, and strlcpy's contract.
 */
#include <stdio.h>
#include <string.h>

#include "ut.h"

#define AREA	256
#define MAXLEN	200	/* three rounds of memcpy's 64-byte loop and a tail */

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 37 + 11);
}

static void fill(unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = pattern(i);
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

/* memcpy and memset for every source/destination alignment and length;
 * the bytes around the destination must stay as they were. */
static void copy_and_set(void)
{
	unsigned char src[AREA], a[AREA], b[AREA];
	size_t so, doff, n;
	int bad = 0;

	fill(src, AREA);
	for (so = 0; so < 16 && !bad; so++)
		for (doff = 0; doff < 16 && !bad; doff++)
			for (n = 0; n <= MAXLEN && !bad; n++) {
				memset(a, 0xee, AREA);
				memset(b, 0xee, AREA);
				memcpy(a + doff, src + so, n);
				if (ut_memcpy(b + doff, src + so, n) != b + doff)
					bad = 1;
				bad |= memcmp(a, b, AREA) != 0;
				memset(a + doff, (int)(n + 0x100), n);
				ut_memset(b + doff, (int)(n + 0x100), n);
				bad |= memcmp(a, b, AREA) != 0;
			}
	ut_report(!bad, "string: memcpy and memset at every alignment and "
		  "length 0..200", "differs from libc");
}

/* Overlapping moves in both directions and every distance. */
static void move(void)
{
	unsigned char a[AREA], b[AREA];
	size_t from, to, n;
	int bad = 0;

	for (from = 0; from < 24 && !bad; from++)
		for (to = 0; to < 24 && !bad; to++)
			for (n = 0; n <= MAXLEN && !bad; n++) {
				fill(a, AREA);
				fill(b, AREA);
				memmove(a + to, a + from, n);
				if (ut_memmove(b + to, b + from, n) != b + to)
					bad = 1;
				bad |= memcmp(a, b, AREA) != 0;
			}
	ut_report(!bad, "string: memmove of overlapping areas both ways",
		  "differs from libc");
}

static void compare(void)
{
	static const char *s[] = { "", "a", "ab", "abc", "abd", "b", "\x80",
				   "a\x80", "abcdefgh", "abcdefgi" };
	size_t i, j, n;
	int bad = 0;

	for (i = 0; i < 10; i++)
		for (j = 0; j < 10; j++) {
			bad |= sign(ut_strcmp(s[i], s[j])) !=
			       sign(strcmp(s[i], s[j]));
			for (n = 0; n < 10; n++) {
				bad |= sign(ut_strncmp(s[i], s[j], n)) !=
				       sign(strncmp(s[i], s[j], n));
				if (n <= strlen(s[i]) && n <= strlen(s[j]))
					bad |= sign(ut_memcmp(s[i], s[j], n)) !=
					       sign(memcmp(s[i], s[j], n));
			}
		}
	ut_report(!bad, "string: strcmp, strncmp and memcmp signs as libc's "
		  "(bytes compared unsigned)", "differs from libc");
}

static void search(void)
{
	static const char *s[] = { "", "a", "abcabc", "xyz/", "/a/b/c" };
	static const int c[] = { 'a', 'c', '/', 'z', 0, 'q', 'a' + 256 };
	size_t i, j;
	int bad = 0;

	for (i = 0; i < 5; i++) {
		bad |= ut_strlen(s[i]) != strlen(s[i]);
		for (j = 0; j < 8; j++)
			bad |= ut_strnlen(s[i], j) != strnlen(s[i], j);
		for (j = 0; j < 7; j++) {
			bad |= ut_strchr(s[i], c[j]) != strchr(s[i], c[j]);
			bad |= ut_strrchr(s[i], c[j]) != strrchr(s[i], c[j]);
		}
	}
	ut_report(!bad, "string: strlen, strnlen, strchr, strrchr as libc's "
		  "(including the terminating NUL)", "differs from libc");
}

/* strlcpy (not in glibc 2.36): copies size-1 bytes at most, terminates
 * when size > 0, returns the length of the source. */
static void lcpy(void)
{
	char buf[16];
	const char *src = "0123456789";
	size_t size;
	int bad = 0;

	for (size = 0; size < sizeof(buf); size++) {
		memset(buf, '#', sizeof(buf));
		bad |= ut_strlcpy(buf, src, size) != 10;
		if (size == 0) {
			bad |= buf[0] != '#';
			continue;
		}
		bad |= strlen(buf) != (size - 1 < 10 ? size - 1 : 10);
		bad |= strncmp(buf, src, strlen(buf)) != 0;
		bad |= size < sizeof(buf) - 1 && buf[size] != '#' &&
		       size <= 10;
	}
	ut_report(!bad, "string: strlcpy truncates, terminates and returns "
		  "the source length", "wrong");
}

void ut_string_tests(void)
{
	copy_and_set();
	move();
	compare();
	search();
	lcpy();
}
