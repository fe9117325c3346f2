// SPDX-License-Identifier: BSD-2-Clause
#include "cases.h"

const struct nt_case nt_cases_more[] = {
	{ NULL, { NULL, NULL }, { 0 }, 0, 0, false },
};
