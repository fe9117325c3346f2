// SPDX-License-Identifier: BSD-2-Clause
/*
 * The clock thread: it ticks sk_hz times a second while the kernel runs
 * (a resident guest's own activity) and ends at rump_sys_reboot(0).
 */
#include "sk.h"

int sk_hz;		/* tentative: also in init.c (a common symbol) */
int sk_ticks;

static struct rumpuser_mtx *clock_mtx;
static struct rumpuser_cv *clock_cv;
static void *clock_cookie;
static int clock_stop;

static void sk_clock_main(void *arg)
{
	long nsec = 1000000000L / sk_hz;

	(void)arg;
	rumpuser_mutex_enter(clock_mtx);
	while (!clock_stop) {
		if (rumpuser_cv_timedwait(clock_cv, clock_mtx, 0, nsec) != 0)
			sk_ticks++;
	}
	rumpuser_mutex_exit(clock_mtx);
}

int sk_clock_start(void)
{
	int err;

	sk_hz = 100;
	clock_stop = 0;
	rumpuser_mutex_init(&clock_mtx, RUMPUSER_MTX_KMUTEX);
	rumpuser_cv_init(&clock_cv);
	err = sk_kthread_create(sk_clock_main, NULL, "sk_clock",
				&clock_cookie);
	if (err) {
		rumpuser_cv_destroy(clock_cv);
		rumpuser_mutex_destroy(clock_mtx);
	}
	return err;
}

void sk_clock_stop(void)
{
	rumpuser_mutex_enter(clock_mtx);
	clock_stop = 1;
	rumpuser_cv_signal(clock_cv);
	rumpuser_mutex_exit(clock_mtx);
	rumpuser_thread_join(clock_cookie);
	rumpuser_cv_destroy(clock_cv);
	rumpuser_mutex_destroy(clock_mtx);
}
