/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The freestanding helper library: formatted output (one vsnprintf
 * engine), string and memory functions.  It is compiled into each
 * consumer under that consumer's symbol prefix, so that the reference
 * guest (rk_), the test guest (tg_) and the VFS suite (vt_) each carry
 * their own copy and the copies never clash, in one kernel module or one
 * program:
 *
 *	#define FL_PREFIX rk_		(in the consumer's own header)
 *	#include ".../lib/freestanding/fl.h"
 *
 * declares rk_snprintf, rk_memcpy, ...; one source file of the consumer
 * includes format.c and string.c after that header, which defines them.
 *
 * Self-contained: only compiler-provided types, so a freestanding guest,
 * the Linux kernel and a hosted test program can all include it.  The
 * NetBSD integer types for freestanding code are in fl_types.h.
 */
#ifndef FL_FL_H
#define FL_FL_H

#ifndef FL_PREFIX
#error "define FL_PREFIX (the consumer's symbol prefix, e.g. rk_) first"
#endif

#define FL_CAT_(a, b)	a##b
#define FL_CAT(a, b)	FL_CAT_(a, b)
/* FL_NAME(snprintf) is rk_snprintf in the reference guest. */
#define FL_NAME(name)	FL_CAT(FL_PREFIX, name)

#define FL_PRINTFLIKE(f, a) __attribute__((__format__(__printf__, f, a)))

/*
 * C99 snprintf without floating point: conversions d i u o x X c s p %,
 * flags - 0 + space #, field width and precision (digits or *), length
 * modifiers hh h l ll z j t.  Writes at most len bytes including the
 * terminating NUL (nothing when len is 0; buf may then be NULL) and
 * returns the length the whole output has, or -1 when that exceeds
 * INT_MAX.  Where C leaves the output open it prints as NetBSD does:
 * %p is 0x and hex digits (0x0 for NULL), a NULL %s is "(null)" cut to
 * the precision.  %n and unknown conversions are printed as written and
 * take no argument.
 */
int FL_NAME(vsnprintf)(char *buf, __SIZE_TYPE__ len, const char *fmt,
		       __builtin_va_list ap);
int FL_NAME(snprintf)(char *buf, __SIZE_TYPE__ len, const char *fmt, ...)
	FL_PRINTFLIKE(3, 4);

/* The C library's functions of the same names. */
void *FL_NAME(memcpy)(void *d, const void *s, __SIZE_TYPE__ n);
void *FL_NAME(memmove)(void *d, const void *s, __SIZE_TYPE__ n);
void *FL_NAME(memset)(void *d, int c, __SIZE_TYPE__ n);
int FL_NAME(memcmp)(const void *a, const void *b, __SIZE_TYPE__ n);
__SIZE_TYPE__ FL_NAME(strlen)(const char *s);
__SIZE_TYPE__ FL_NAME(strnlen)(const char *s, __SIZE_TYPE__ max);
int FL_NAME(strcmp)(const char *a, const char *b);
int FL_NAME(strncmp)(const char *a, const char *b, __SIZE_TYPE__ n);
char *FL_NAME(strchr)(const char *s, int c);
char *FL_NAME(strrchr)(const char *s, int c);
/* Copies at most size-1 bytes, terminates when size > 0; returns strlen(s). */
__SIZE_TYPE__ FL_NAME(strlcpy)(char *d, const char *s, __SIZE_TYPE__ size);

#endif /* FL_FL_H */
