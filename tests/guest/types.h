/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Types of the test guest: the freestanding library's NetBSD integer
 * types (from the compiler's own definitions), so the guest includes no
 * host header, in userspace or in the kernel, and still agrees with both
 * on sizes.
 */
#ifndef TG_TYPES_H
#define TG_TYPES_H

#include "../../lib/freestanding/fl_types.h"

#define RUMPUSER_TYPES_DEFINED 1
#include <rump/rumpuser.h>

#endif /* TG_TYPES_H */
