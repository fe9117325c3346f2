/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest's own small C library: strings, formatting, panic. */
#ifndef RK_LIB_H
#define RK_LIB_H

#include <rk/types.h>

void *rk_memcpy(void *d, const void *s, size_t n);
void *rk_memmove(void *d, const void *s, size_t n);
void *rk_memset(void *d, int c, size_t n);
int rk_memcmp(const void *a, const void *b, size_t n);
size_t rk_strlen(const char *s);
size_t rk_strnlen(const char *s, size_t max);
int rk_strcmp(const char *a, const char *b);
int rk_strncmp(const char *a, const char *b, size_t n);
/* Copies at most size-1 bytes, always terminates; returns strlen(src). */
size_t rk_strlcpy(char *d, const char *s, size_t size);
char *rk_strchr(const char *s, int c);
char *rk_strrchr(const char *s, int c);

/*
 * %d %i %u %x %X %o %c %s %p %% with h/hh/l/ll/z/j length modifiers,
 * field width (also *), precision for %s, flags 0 and -.  Returns the
 * length the full output would have, as C99 snprintf does.
 */
int rk_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap);
int rk_snprintf(char *buf, size_t len, const char *fmt, ...)
	RK_PRINTFLIKE(3, 4);

/*
 * Print the message and end the guest with rumpuser_exit(RUMPUSER_PANIC).
 * Never returns, but is not declared noreturn: objtool checks each object
 * of a kernel module on its own and would flag callers in other files.
 */
void rk_panic(const char *fmt, ...) RK_PRINTFLIKE(1, 2);

#define RK_ASSERT(x) do {						\
	if (RK_UNLIKELY(!(x)))						\
		rk_panic("assertion \"%s\" failed: %s:%d", #x,		\
			 __FILE__, __LINE__);				\
} while (0)

#define RK_MIN(a, b)		((a) < (b) ? (a) : (b))
#define RK_MAX(a, b)		((a) > (b) ? (a) : (b))
#define RK_HOWMANY(x, y)	(((x) + ((y) - 1)) / (y))
#define RK_ROUNDUP(x, y)	(RK_HOWMANY(x, y) * (y))
/* y must be a power of two. */
#define RK_ROUNDUP2(x, y)	(((x) + ((y) - 1)) & ~((__typeof__(x))(y) - 1))

/* Parse a decimal unsigned number with an optional k/m/g suffix. */
int rk_parse_size(const char *s, uint64_t *valp);

#endif /* RK_LIB_H */
