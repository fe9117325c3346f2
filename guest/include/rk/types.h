/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Basic types of the reference guest.  The guest is freestanding: it
 * takes integer types from the compiler's predefined macros, so the same
 * source agrees with both the Linux kernel and a userspace build without
 * including a host header.
 */
#ifndef RK_TYPES_H
#define RK_TYPES_H

typedef __INT8_TYPE__ int8_t;
typedef __INT16_TYPE__ int16_t;
typedef __INT32_TYPE__ int32_t;
typedef __INT64_TYPE__ int64_t;
typedef __UINT8_TYPE__ uint8_t;
typedef __UINT16_TYPE__ uint16_t;
typedef __UINT32_TYPE__ uint32_t;
typedef __UINT64_TYPE__ uint64_t;
typedef __SIZE_TYPE__ size_t;
typedef __PTRDIFF_TYPE__ ssize_t;
typedef __INTPTR_TYPE__ intptr_t;
typedef __UINTPTR_TYPE__ uintptr_t;

#ifndef __cplusplus
typedef _Bool bool;
#define true	1
#define false	0
#endif

#ifndef NULL
#define NULL ((void *)0)
#endif

/* NetBSD's widths for the kernel types (amd64). */
typedef int64_t off_t;
typedef uint32_t mode_t;
typedef uint32_t uid_t;
typedef uint32_t gid_t;
typedef uint64_t ino_t;
typedef uint64_t dev_t;
typedef uint32_t nlink_t;
typedef int32_t pid_t;
typedef long register_t;

typedef __builtin_va_list va_list;
#define va_start(ap, last)	__builtin_va_start(ap, last)
#define va_arg(ap, type)	__builtin_va_arg(ap, type)
#define va_end(ap)		__builtin_va_end(ap)
#define va_copy(d, s)		__builtin_va_copy(d, s)

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
