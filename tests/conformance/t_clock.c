// SPDX-License-Identifier: BSD-2-Clause
/* rumpuser_clock_gettime and rumpuser_clock_sleep. */
#include "ct_int.h"

#define SAMPLES 9

static void t_gettime(void)
{
	int64_t sec, prev = 0, now;
	long nsec;
	int rv, i, back = 0;

	rv = rumpuser_clock_gettime(RUMPUSER_CLOCK_RELWALL, &sec, &nsec);
	ct_check(rv == 0 && sec > 1500000000LL && nsec >= 0 &&
		 nsec < 1000000000L, "clock_gettime wall time is plausible",
		 "rv %d sec %lld nsec %ld", rv, (long long)sec, nsec);
	rv = rumpuser_clock_gettime(RUMPUSER_CLOCK_ABSMONO, &sec, &nsec);
	ct_check(rv == 0 && sec >= 0 && nsec >= 0 && nsec < 1000000000L,
		 "clock_gettime monotonic", "rv %d sec %lld nsec %ld", rv,
		 (long long)sec, nsec);
	for (i = 0; i < 10000; i++) {
		now = tg_now_ns();
		if (now < prev)
			back++;
		prev = now;
	}
	ct_check(back == 0, "monotonic clock never goes back",
		 "%d of 10000 reads went back", back);
}

/* Sleep SAMPLES times; report min and median overshoot in ns. */
static void sample_rel(int64_t ns, int64_t *min, int64_t *med)
{
	int64_t v[SAMPLES], t0;
	int i;

	for (i = 0; i < SAMPLES; i++) {
		t0 = tg_now_ns();
		rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, ns / 1000000000LL,
				     (long)(ns % 1000000000LL));
		v[i] = tg_now_ns() - t0;
	}
	ct_sort(v, SAMPLES);
	*min = v[0];
	*med = v[SAMPLES / 2];
}

static void t_sleep(void)
{
	int64_t min, med, v[SAMPLES], early = 0, t0, dl;
	struct tg_stats s0, s1;
	int i, rv;

	sample_rel(2 * CT_MS, &min, &med);
	ct_check(min >= 2 * CT_MS, "relative sleep 2 ms never short",
		 "shortest %lld ns", (long long)min);
	/*
	 * Emulation and host load only ever add delay, so the shortest of
	 * several sleeps is the honest measure of precision: a tick-based
	 * sleep (4 ms ticks at HZ=250) can never come within 1.5 ms.
	 */
	ct_check(min < 2 * CT_MS + 1500000, "relative sleep 2 ms: best < 3.5 ms",
		 "shortest %lld ns (jiffies rounding?)", (long long)min);
	ct_diag("2 ms sleeps: min %lld us, median %lld us",
		(long long)min / 1000, (long long)med / 1000);
	sample_rel(20 * CT_MS, &min, &med);
	ct_check(min >= 20 * CT_MS && min < 25 * CT_MS,
		 "relative sleep 20 ms", "min %lld median %lld ns",
		 (long long)min, (long long)med);

	for (i = 0; i < SAMPLES; i++) {
		dl = tg_now_ns() + 3 * CT_MS;
		rv = rumpuser_clock_sleep(RUMPUSER_CLOCK_ABSMONO,
					  dl / 1000000000LL,
					  (long)(dl % 1000000000LL));
		v[i] = tg_now_ns() - dl;
		if (v[i] < 0 || rv)
			early++;
	}
	ct_sort(v, SAMPLES);
	ct_check(early == 0, "absolute sleep never wakes early",
		 "%lld early (earliest %lld ns)", (long long)early,
		 (long long)v[0]);
	ct_check(v[0] < 1500000, "absolute sleep: best < 1.5 ms late",
		 "least late %lld ns, median %lld ns", (long long)v[0],
		 (long long)v[SAMPLES / 2]);

	t0 = tg_now_ns();
	dl = t0 - 5 * CT_MS;
	rv = rumpuser_clock_sleep(RUMPUSER_CLOCK_ABSMONO, dl / 1000000000LL,
				  (long)(dl % 1000000000LL));
	t0 = tg_now_ns() - t0;
	ct_check(rv == 0 && t0 < CT_PROMPT, "absolute sleep in the past returns",
		 "rv %d took %lld ns", rv, (long long)t0);
	t0 = tg_now_ns();
	rv = rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 0);
	t0 = tg_now_ns() - t0;
	ct_check(rv == 0 && t0 < CT_PROMPT, "relative sleep 0 returns",
		 "rv %d took %lld ns", rv, (long long)t0);

	tg_stats(&s0);
	rv = rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 1000000);
	tg_stats(&s1);
	ct_check(rv == 0 && s1.backend_unsched == s0.backend_unsched + 1 &&
		 s1.backend_sched == s0.backend_sched + 1 &&
		 s1.last_interlock == NULL && tg_scheduled(),
		 "sleep unschedules once with no interlock, then reschedules",
		 "unsched +%lu sched +%lu interlock %p scheduled %d",
		 s1.backend_unsched - s0.backend_unsched,
		 s1.backend_sched - s0.backend_sched, s1.last_interlock,
		 tg_scheduled());
}

void ct_t_clock(void)
{
	t_gettime();
	t_sleep();
}
