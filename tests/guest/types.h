/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Integer types for freestanding guest code, from the compiler's own
 * definitions: the guest includes no host header, in userspace or in the
 * kernel, and still agrees with both on sizes.
 */
#ifndef TG_TYPES_H
#define TG_TYPES_H

typedef __SIZE_TYPE__ size_t;
typedef __PTRDIFF_TYPE__ ssize_t;
typedef __INT8_TYPE__ int8_t;
typedef __INT16_TYPE__ int16_t;
typedef __INT32_TYPE__ int32_t;
typedef __INT64_TYPE__ int64_t;
typedef __UINT8_TYPE__ uint8_t;
typedef __UINT16_TYPE__ uint16_t;
typedef __UINT32_TYPE__ uint32_t;
typedef __UINT64_TYPE__ uint64_t;
typedef __INTPTR_TYPE__ intptr_t;
typedef __UINTPTR_TYPE__ uintptr_t;
typedef int pid_t;

#ifndef NULL
#define NULL ((void *)0)
#endif

#define RUMPUSER_TYPES_DEFINED 1
#include <rump/rumpuser.h>

#endif /* TG_TYPES_H */
