// SPDX-License-Identifier: BSD-2-Clause
/* rumpuser_init and rumpuser_dl_bootstrap. */
#include "ct_int.h"

void ct_t_init_report(int rv16, int rv18)
{
	ct_check(rv16 != 0, "init refuses version 16", "rumpuser_init(16) = 0");
	ct_check(rv18 != 0, "init refuses version 18", "rumpuser_init(18) = 0");
	ct_check(1, "init version 17 and boot", "-");
}

static int n_modinit, n_compload;

static void modinit(const struct modinfo *const *mi, size_t n)
{
	(void)mi;
	(void)n;
	n_modinit++;
}

static int symload(void *sym, uint64_t nsym, char *str, uint64_t nstr)
{
	(void)sym;
	(void)nsym;
	(void)str;
	(void)nstr;
	return 0;
}

static void compload(const struct rump_component *rc)
{
	(void)rc;
	n_compload++;
}

void ct_t_dl(void)
{
	/* With static linking it may do nothing; it must return. */
	rumpuser_dl_bootstrap(modinit, symload, compload);
	ct_check(tg_scheduled(), "dl_bootstrap returns, still scheduled",
		 "lost the CPU");
	ct_diag("dl_bootstrap: %d modinit, %d compload calls", n_modinit,
		n_compload);
}
