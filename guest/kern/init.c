// SPDX-License-Identifier: BSD-2-Clause
/*
 * Boot (rump_init) and halt (reboot).  Halting returns every resource to
 * the hypervisor: threads end, processes, files and lwps are freed, the
 * allocator gives back its slabs, and then rumpuser_exit ends the guest.
 */
#include <rk/lib.h>
#include <rk/kmem.h>
#include <rk/errno.h>
#include <rk/clock.h>
#include <rk/kthread.h>
#include <rk/printf.h>
#include <rk/poll.h>
#include <rk/syscall.h>
#include <rk/vfs.h>
#include <rump/rump.h>
#include <rump/rumpdefs.h>
#include <rk/syscall.h>
#include "kern.h"

#define NCPU_MAX	256

int rk_halting;
static int boot_state;		/* 0 never, 1 booting, 2 up */
static int boot_error;

/*
 * The network stack (guest/net), when the guest is linked with it: boot
 * brings it up once processes exist; halt stops its threads and timer
 * before the clock, and frees it after every descriptor is closed.  Weak, so a guest without it links and runs.
 */
extern void rk_net_init(void) __attribute__((__weak__));
extern void rk_net_stop(void) __attribute__((__weak__));
extern void rk_net_shutdown(void) __attribute__((__weak__));

/* Not visibly noreturn to objtool (see rk_panic in rk/lib.h). */
static void (*volatile exit_fn)(int) = rumpuser_exit;

static int get_ncpu(void)
{
	char buf[16];
	uint64_t n;

	if (rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf, sizeof(buf)) != 0 ||
	    rk_parse_size(buf, &n) != 0 || n == 0)
		return 1;
	return n > NCPU_MAX ? NCPU_MAX : (int)n;
}

static int boot(void)
{
	struct lwp *l;
	int error, ncpu;

	error = rumpuser_init(RUMPUSER_VERSION, &rk_hyperup);
	if (error)
		return error;
	ncpu = get_ncpu();
	rk_kmem_init();
	rk_proc_init();
	rk_sched_init(ncpu);

	/* The calling thread runs the boot as an lwp of proc 0. */
	l = rk_lwp_alloc(&rk_proc0, 0);
	rumpuser_curlwpop(RUMPUSER_LWP_SET, l);
	rk_cpu_take(l);

	error = rk_clock_init();
	if (error)
		rk_panic("cannot start the clock thread: %d", error);
	rk_printf("rump kernel (rumpvisor reference guest), %d CPU%s\n",
		  ncpu, ncpu == 1 ? "" : "s");
	rk_sel_init();
	rk_vfs_init();
	error = rk_vfs_mountroot();
	if (error)
		rk_panic("cannot mount the root file system: %d", error);
	rk_proc_create_default();
	rk_implicit_fill();
	if (rk_net_init)
		rk_net_init();

	rk_cpu_give(l);
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, l);
	rk_lwp_free(l);
	return 0;
}

int rump_init(void)
{
	int expect = 0;

	if (!__atomic_compare_exchange_n(&boot_state, &expect, 1, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
		/* Booted or booting elsewhere: wait for the outcome. */
		while (rk_atomic_load(&boot_state) == 1)
			rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 1000000);
		return rk_atomic_load(&boot_error);
	}
	boot_error = boot();
	rk_atomic_store(&boot_state, boot_error ? 0 : 2);
	return boot_error;
}

int rump_getversion(void)
{
	return RUMP_VERSION_NUMBER;
}

void rump_schedule(void)
{
	rk_schedule();
}

void rump_unschedule(void)
{
	rk_unschedule();
}

/*
 * The clean halt: every kernel thread stops, file systems are unmounted,
 * every process, lwp and byte goes back, then the guest exits.  Only when
 * the caller is the guest's last client: with system calls still running
 * elsewhere, freeing what they use would pull the guest from under them.
 */
static void halt_clean(void)
{
	struct lwp *me = rk_curlwp();
	struct rk_proc *myproc = me->l_proc;

	if (rk_net_stop)
		rk_net_stop();
	rk_clock_fini();
	if (rk_kthread_wait_all(5 * RK_NSEC_PER_SEC) != 0)
		rk_printf("halt: %d kernel threads did not end\n",
			  rk_kthread_count());
	rk_proc_teardown_all();
	if (rk_net_shutdown)
		rk_net_shutdown();
	rk_vfs_shutdown();

	rk_implicit_forget();
	rk_lwp_reap_all(me);
	rk_proc_free_all(myproc);
	rk_cpu_give(me);
	rk_lwp_free_last(me);
	rk_proc_free_last(myproc);
	rk_lwp_fini();
	rk_sel_fini();
	rk_sched_fini();
	rk_kmem_fini();
	rk_atomic_store(&boot_state, 0);
	exit_fn(0);
}

/*
 * reboot(2), called scheduled, with NetBSD's meaning of howto: RB_DUMP
 * ends the guest as a panic; RB_HALT halts it and does not exit (the
 * calling thread sleeps for good; the hypervisor ends the guest when it
 * wants); anything else exits, cleanly when nothing else runs.
 */
void rk_halt(int howto)
{
	/* From here on new system calls fail (kern/syscalls.c). */
	__atomic_store_n(&rk_halting, 1, __ATOMIC_SEQ_CST);
	if (howto & RUMP_RB_DUMP) {
		rk_printf("rump kernel halting: dump requested\n");
		exit_fn(RUMPUSER_PANIC);
	}
	/* Remote clients go first (as NetBSD's): their threads use the guest. */
	rk_sp_fini();
	if (howto & RUMP_RB_HALT) {
		rk_printf("rump kernel halted (RB_HALT): not exiting\n");
		for (;;)
			rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 10, 0);
	}
	if (rk_syscalls_inflight() > 1) {
		rk_printf("rump kernel exiting with %d system call(s) still running\n",
			  rk_syscalls_inflight() - 1);
		exit_fn(0);
	}
	rk_printf("rump kernel halting\n");
	halt_clean();
}
