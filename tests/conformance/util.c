// SPDX-License-Identifier: BSD-2-Clause
/* Helpers shared by the test groups. */
#include "ct_int.h"

const struct ct_host *ct_host;

void ct_sleep_ms(int ms)
{
	rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, ms / 1000,
			     (long)(ms % 1000) * 1000000L);
}

int ct_await(const int *counter, int target, int timeout_ms)
{
	int64_t end = tg_now_ns() + timeout_ms * CT_MS;

	/* Unscheduled, so that a stuck hypervisor cannot keep us from
	 * noticing: our sleeps give back no CPU and need none. */
	tg_unschedule();
	while (__atomic_load_n(counter, __ATOMIC_SEQ_CST) < target) {
		if (tg_now_ns() > end)
			return 0;
		ct_sleep_ms(2);
	}
	tg_schedule();
	return 1;
}

int ct_spawn(void *(*fn)(void *), void *arg, const char *name, void **cookie)
{
	return tg_thread_create(fn, arg, name, cookie != NULL, -1, cookie);
}

/* A scratch file name unique to this run, so that runs can repeat. */
void ct_path(char *buf, size_t len, const char *base)
{
	static unsigned int run_id;
	size_t got;

	if (!run_id) {
		if (rumpuser_getrandom(&run_id, sizeof(run_id),
				       RUMPUSER_RANDOM_NOWAIT, &got) != 0 ||
		    !run_id)
			run_id = (unsigned int)tg_now_ns() | 1;
	}
	tg_snprintf(buf, len, "%s/%s-%x", ct_host->scratch, base, run_id);
}

void ct_sort(int64_t *v, int n)
{
	int i, j;

	for (i = 1; i < n; i++) {
		int64_t x = v[i];

		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}
