/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest of no kernel, for test modules that call hypercalls directly
 * (tests/faults/linux/probe.c, tests/net/linux/hostile.c): upcalls that
 * do nothing, for rumpuser_init.  Kernel modules only.
 */
#ifndef RV_NOGUEST_H
#define RV_NOGUEST_H

#include <rump/rumpuser.h>

extern const struct rumpuser_hyperup rv_noguest_upcalls;

#endif
