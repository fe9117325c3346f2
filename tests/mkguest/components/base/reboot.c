// SPDX-License-Identifier: BSD-2-Clause
/*
 * rump_sys_reboot with NetBSD's semantics: RB_DUMP panics
 * (rumpuser_exit(RUMPUSER_PANIC)); RB_HALT stops the syscall proxy and
 * then sleeps for ever without exiting, so the hypervisor must end the
 * kernel; anything else shuts down and exits with rumpuser_exit(0).
 * Unlike NetBSD's, the clean path frees everything first, so a test can
 * see that the hypervisor got every byte back.
 */
#include "sk.h"

static void sk_halt_forever(void)
{
	sk_printf("sk: rump kernel halted (with RB_HALT, not exiting)\n");
	for (;;)
		rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 10, 0);
}

static void sk_shutdown(struct lwp *l)
{
	int ticks = sk_ticks;

	sk_clock_stop();
	sk_components_fini();
	sk_sysctl_teardown();
	sk_booted = 0;
	sk_leave(l);
	sk_printf("sk: halted after %d ticks; %ld bytes in %ld allocations "
		  "left\n", ticks, sk_kmem_bytes, sk_kmem_allocs);
}

int rump_sys_reboot(int howto, char *bootstr);
int rump_sys_reboot(int howto, char *bootstr)
{
	struct lwp *l = sk_enter();

	(void)bootstr;
	sk_printf("sk: rump kernel halting (howto 0x%x)\n", howto);
	if (howto & SK_RB_DUMP)
		rumpuser_exit(RUMPUSER_PANIC);
	if (sk_sysproxy_fini)
		sk_sysproxy_fini();
	if (howto & SK_RB_HALT)
		sk_halt_forever();
	if (!l || !sk_booted)
		rumpuser_exit(0);
	sk_shutdown(l);
	rumpuser_exit(0);
}
