// SPDX-License-Identifier: BSD-2-Clause
/*
 * Argument checks: both hypervisors refuse the same bad calls with the
 * same NetBSD errno (hyp/common/checks.c), before doing anything, and
 * keep the virtual CPU while doing so.
 */
#include "ct_int.h"

#define CT_EOPNOTSUPP	45

static void t_clock_args(void)
{
	int rv;

	rv = rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 1000000000L);
	ct_check(rv == CT_EINVAL, "clock_sleep with nsec of a whole second is EINVAL",
		 "rv %d", rv);
	rv = rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, -1);
	ct_check(rv == CT_EINVAL, "clock_sleep with negative nsec is EINVAL",
		 "rv %d", rv);
	rv = rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, -1, 0);
	ct_check(rv == CT_EINVAL, "clock_sleep of a negative duration is EINVAL",
		 "rv %d", rv);
	rv = rumpuser_clock_sleep(RUMPUSER_CLOCK_ABSMONO, -1, 0);
	ct_check(rv == 0, "clock_sleep until a deadline before boot returns 0",
		 "rv %d", rv);
	rv = rumpuser_clock_sleep(7, 0, 1);
	ct_check(rv == CT_EINVAL, "clock_sleep on an unknown clock is EINVAL",
		 "rv %d", rv);
}

static void t_memory_args(void)
{
	void *m = NULL;
	int rv;

	rv = rumpuser_malloc(64, 3, &m);
	ct_check(rv == CT_EINVAL, "malloc with alignment 3 is EINVAL", "rv %d",
		 rv);
	rv = rumpuser_malloc(64, -8, &m);
	ct_check(rv == CT_EINVAL, "malloc with a negative alignment is EINVAL",
		 "rv %d", rv);
	rv = rumpuser_anonmmap(NULL, 0, 0, 0, &m);
	ct_check(rv == CT_EINVAL, "anonmmap of 0 bytes is EINVAL", "rv %d", rv);
	rv = rumpuser_anonmmap(NULL, 4096, -1, 0, &m);
	ct_check(rv == CT_EINVAL, "anonmmap with a negative alignment bit is EINVAL",
		 "rv %d", rv);
	rv = rumpuser_anonmmap(NULL, 4096, 41, 0, &m);
	ct_check(rv == CT_EINVAL, "anonmmap aligned to 2^41 is EINVAL", "rv %d",
		 rv);
	/* Executable memory: mapped where the host can (a process), refused
	 * with EOPNOTSUPP where it cannot (the kernel heap); nothing else. */
	rv = rumpuser_anonmmap(NULL, 4096, 0, 1, &m);
	ct_check(rv == 0 || rv == CT_EOPNOTSUPP,
		 "anonmmap executable: mapped, or EOPNOTSUPP", "rv %d", rv);
	if (rv == 0)
		rumpuser_unmap(m, 4096);
	ct_diag("anonmmap executable on %s: %s", ct_host->name,
		rv ? "EOPNOTSUPP" : "mapped");
}

static void t_param_args(void)
{
	char buf[16];
	int rv;

	rv = rumpuser_getparam(NULL, buf, sizeof(buf));
	ct_check(rv == CT_EINVAL, "getparam with a NULL name is EINVAL", "rv %d",
		 rv);
	rv = rumpuser_getparam(RUMPUSER_PARAM_NCPU, NULL, 8);
	ct_check(rv == CT_EINVAL, "getparam into a NULL buffer is EINVAL",
		 "rv %d", rv);
}

static void t_file_args(void)
{
	uint64_t size;
	int fd, type, rv;

	rv = rumpuser_open(NULL, RUMPUSER_OPEN_RDONLY, &fd);
	ct_check(rv == CT_EINVAL, "open of a NULL name is EINVAL", "rv %d", rv);
	rv = rumpuser_open(ct_host->scratch, RUMPUSER_OPEN_ACCMODE, &fd);
	ct_check(rv == CT_EINVAL, "open with access mode 3 is EINVAL", "rv %d",
		 rv);
	rv = rumpuser_getfileinfo(NULL, &size, &type);
	ct_check(rv == CT_EINVAL, "getfileinfo of a NULL name is EINVAL", "rv %d",
		 rv);
}

void ct_t_checks(void)
{
	t_clock_args();
	t_memory_args();
	t_param_args();
	t_file_args();
	ct_check(tg_scheduled(), "refused calls keep the CPU", "unscheduled");
}
