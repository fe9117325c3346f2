// SPDX-License-Identifier: BSD-2-Clause
/*
 * The suite's own copy of the freestanding library (vt_ names, set in
 * vt_int.h): the guest under test is not trusted to format the report.
 */
#include "vt_int.h"

#include "../../lib/freestanding/format.c"
#include "../../lib/freestanding/string.c"
