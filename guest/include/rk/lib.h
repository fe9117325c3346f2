/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest's own small C library: strings, formatting, panic. */
#ifndef RK_LIB_H
#define RK_LIB_H

#include <rk/types.h>

/*
 * The shared freestanding library (lib/freestanding/fl.h) under the
 * guest's prefix: rk_memcpy, rk_memmove, rk_memset, rk_memcmp, rk_strlen,
 * rk_strnlen, rk_strcmp, rk_strncmp, rk_strlcpy, rk_strchr, rk_strrchr,
 * rk_vsnprintf and rk_snprintf (C99 formats without floating point: %d
 * %i %u %o %x %X %c %s %p %%, flags, width, precision, hh/h/l/ll/z/j/t).
 * guest/kern/lib.c compiles it.
 */
#define FL_PREFIX rk_
#include "../../../lib/freestanding/fl.h"

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
