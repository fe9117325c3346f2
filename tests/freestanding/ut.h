/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests of the freestanding library (lib/freestanding), a hosted
 * program: the library is compiled freestanding with the prefix ut_ and
 * compared with the C library's functions.
 */
#ifndef UT_UT_H
#define UT_UT_H

#define FL_PREFIX ut_
#include "../../lib/freestanding/fl.h"

/* One TAP test point; why is printed when ok is 0. */
void ut_report(int ok, const char *name, const char *why);

void ut_format_tests(void);
void ut_string_tests(void);

#endif /* UT_UT_H */
