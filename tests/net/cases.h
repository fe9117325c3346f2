/* SPDX-License-Identifier: BSD-2-Clause */
/* The two-guest test cases (one function per role). */
#ifndef NT_CASES_H
#define NT_CASES_H

#include "nt.h"

struct nt_case {
	const char *name;
	int (*role[2])(struct nt_ctx *c);	/* A, B; NULL: idle */
	const char *linkopts[2];		/* impairment per side */
	const char *issbase;			/* RUMP_TCP_ISSBASE */
	int timeout;				/* seconds */
	bool noaddr;				/* B configures itself */
	/* TCP counters (tcpstat at halt) that must be non-zero, summed
	 * over both guests, space separated; NULL: none checked. */
	const char *expect;
};

extern const struct nt_case nt_cases_basic[], nt_cases_tcp[],
			    nt_cases_more[];

#endif /* NT_CASES_H */
