// SPDX-License-Identifier: BSD-2-Clause
/* The suite's running order: several boots with different CPU counts. */
#include "ct_int.h"

static int reboot(int ncpu)
{
	int rv;

	tg_halt();
	rv = tg_boot(ncpu);
	if (rv) {
		ct_check(0, "reboot", "tg_boot(%d) = %d", ncpu, rv);
		ct_bail("cannot boot the guest again");
		return 0;
	}
	ct_diag("guest rebooted with %d virtual CPU(s)", ncpu);
	return 1;
}

#define RUN(group)			\
	do {				\
		group();		\
		if (ct_bailed())	\
			goto out;	\
	} while (0)

int ct_run(const struct ct_host *h)
{
	unsigned long anomalies;
	int rv16, rv18, rv;
	long live, kept;

	ct_host = h;
	ct_tap_reset();
	/* Before the real init: a wrong version must be refused. */
	rv16 = rumpuser_init(RUMPUSER_VERSION - 1, tg_hyperup());
	rv18 = rumpuser_init(RUMPUSER_VERSION + 1, tg_hyperup());
	rv = tg_boot(0);
	if (rv) {
		rumpuser_dprintf("not ok 1 - boot # tg_boot(0) = %d\n", rv);
		rumpuser_dprintf("Bail out! the guest does not boot\n");
		return 1;
	}
	ct_diag("rumpvisor conformance suite on host '%s', %d virtual CPU(s)%s",
		h->name, tg_ncpu(), h->quick ? ", quick" : "");
	ct_t_init_report(rv16, rv18);
	RUN(ct_t_param);
	RUN(ct_t_checks);
	RUN(ct_t_console);
	RUN(ct_t_memory);
	RUN(ct_t_clock);
	RUN(ct_t_proc);
	RUN(ct_t_random);
	RUN(ct_t_thread);
	RUN(ct_t_curlwp);
	RUN(ct_t_component);
	RUN(ct_t_dl);
	RUN(ct_t_file);
	RUN(ct_t_bio);

	/* Lock tests want real parallelism. */
	if (!reboot(4))
		goto out;
	RUN(ct_t_mutex);
	RUN(ct_t_rwlock);
	RUN(ct_t_cv);
	RUN(ct_t_stress);

	/* Blocking with a single CPU: the classic hypervisor deadlocks. */
	if (!reboot(1))
		goto out;
	RUN(ct_t_onecpu);

	tg_halt();
	kept = tg_lwp_hyp_count();
	if (kept)
		ct_diag("%ld lwp(s) kept by hypervisor threads", kept);
	live = tg_live_bytes() - kept * (long)tg_lwp_size();
	ct_check(live == 0, "guest memory all freed", "%ld bytes still live",
		 live);
	ct_check(tg_lwp_count() == kept, "every guest lwp destroyed",
		 "%ld left", tg_lwp_count() - kept);
	anomalies = tg_anomalies();
	ct_check(anomalies == 0, "no upcall in a forbidden state",
		 "%lu anomalies (schedule while scheduled, backend upcall "
		 "without lwp, ...)", anomalies);
out:
	rumpuser_dprintf("1..%d\n", ct_count());
	ct_diag("%s: %d of %d failed%s", h->name, ct_failures(), ct_count(),
		ct_bailed() ? " (bailed out)" : "");
	return ct_failures() + (ct_bailed() ? 1 : 0);
}
