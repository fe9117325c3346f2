/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Basic types of the reference guest.  The guest is freestanding: its
 * integer types come from the shared freestanding library's fl_types.h
 * (the compiler's predefined macros), so the same source agrees with both
 * the Linux kernel and a userspace build without including a host header.
 */
#ifndef RK_TYPES_H
#define RK_TYPES_H

/* The integer types (NetBSD's names and widths), bool, NULL, va_list. */
#include "../../../lib/freestanding/fl_types.h"

#define RK_NORETURN	__attribute__((__noreturn__))
#define RK_PRINTFLIKE(f, a) __attribute__((__format__(__printf__, f, a)))
#define RK_UNUSED	__attribute__((__unused__))
/* The kernel builds with -Wimplicit-fallthrough=5: only this counts. */
#define RK_FALLTHROUGH	__attribute__((__fallthrough__))
#define RK_LIKELY(x)	__builtin_expect(!!(x), 1)
#define RK_UNLIKELY(x)	__builtin_expect(!!(x), 0)
#define RK_CONTAINER_OF(p, type, member) \
	((type *)(void *)((char *)(p) - __builtin_offsetof(type, member)))
#define RK_OFFSETOF(type, member) __builtin_offsetof(type, member)
#define RK_NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Atomics from the compiler; sequentially consistent unless stated. */
#define rk_atomic_load(p)	__atomic_load_n((p), __ATOMIC_SEQ_CST)
#define rk_atomic_store(p, v)	__atomic_store_n((p), (v), __ATOMIC_SEQ_CST)
#define rk_atomic_add(p, v)	__atomic_add_fetch((p), (v), __ATOMIC_SEQ_CST)
#define rk_atomic_sub(p, v)	__atomic_sub_fetch((p), (v), __ATOMIC_SEQ_CST)
#define rk_atomic_inc(p)	rk_atomic_add((p), 1)
#define rk_atomic_dec(p)	rk_atomic_sub((p), 1)

#define RUMPUSER_TYPES_DEFINED 1
#include <rump/rumpuser.h>

#endif /* RK_TYPES_H */
