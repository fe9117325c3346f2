// SPDX-License-Identifier: BSD-2-Clause
/* Boot and halt of the test guest. */
#include "guest.h"

static int hyp_inited;

static int parse_ncpu(void)
{
	char buf[16];
	int n = 0, i;

	if (rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf, sizeof(buf)) != 0)
		return -1;
	for (i = 0; buf[i] >= '0' && buf[i] <= '9' && n < 4096; i++)
		n = n * 10 + (buf[i] - '0');
	return (i > 0 && buf[i] == '\0') ? n : -1;
}

int tg_boot(int ncpu)
{
	struct lwp *l;
	int rv;

	/* The hypervisor keeps our (static) upcall table across halts, so
	 * a re-boot with another CPU count need not init again. */
	if (!hyp_inited) {
		rv = rumpuser_init(RUMPUSER_VERSION, &tg_hyp);
		if (rv)
			return rv;
		hyp_inited = 1;
	}
	if (ncpu <= 0)
		ncpu = parse_ncpu();
	if (ncpu <= 0)
		return 22;
	rv = tg_cpus_init(ncpu);
	if (rv)
		return rv;
	l = tg_lwp_new(0, 0);
	if (!l) {
		tg_cpus_fini();
		return 12;
	}
	rumpuser_curlwpop(RUMPUSER_LWP_SET, l);
	tg_cpu_take(l);
	return 0;
}

void tg_halt(void)
{
	struct lwp *l = rumpuser_curlwp();

	if (l) {
		if (l->l_cpu >= 0)
			tg_cpu_give(l);
		rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, l);
		tg_lwp_free(l);
	}
	tg_cpus_fini();
}
