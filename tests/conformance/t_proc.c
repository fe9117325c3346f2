// SPDX-License-Identifier: BSD-2-Clause
/* rumpuser_kill and rumpuser_seterrno. */
#include "ct_int.h"

struct errno_arg {
	int value;
	int *arrived;
	int seen;
};

static void *errno_thread(void *p)
{
	struct errno_arg *a = p;

	rumpuser_seterrno(a->value);
	tg_atomic_inc(a->arrived);
	/* Wait until the other thread has set its value too. */
	while (tg_atomic_load(a->arrived) < 2)
		ct_sleep_ms(1);
	a->seen = ct_host->geterrno();
	return NULL;
}

void ct_t_proc(void)
{
	struct errno_arg a = { 11, NULL, -1 }, b = { 22, NULL, -1 };
	void *ca = NULL, *cb = NULL;
	int arrived = 0, rv, ra, rb;

	rv = rumpuser_kill(RUMPUSER_PID_SELF, 0);
	ct_check(rv == 0, "kill(-1, 0) is 0", "rv %d", rv);
	rv = rumpuser_kill(RUMPUSER_PID_SELF, 1000);
	ct_check(rv == CT_EINVAL, "kill with signal 1000 is EINVAL", "rv %d",
		 rv);
	rv = rumpuser_kill(RUMPUSER_PID_SELF, -3);
	ct_check(rv == CT_EINVAL, "kill with signal -3 is EINVAL", "rv %d", rv);

	rumpuser_seterrno(5);
	rv = ct_host->geterrno();
	ct_check(rv == 5, "seterrno is seen by the host", "read %d", rv);
	rumpuser_seterrno(0);

	a.arrived = b.arrived = &arrived;
	ra = ct_spawn(errno_thread, &a, "ct-errno-a", &ca);
	rb = ct_spawn(errno_thread, &b, "ct-errno-b", &cb);
	if (ra == 0)
		tg_thread_join(ca);
	if (rb == 0)
		tg_thread_join(cb);
	ct_check(ra == 0 && rb == 0 && a.seen == 11 && b.seen == 22,
		 "seterrno is per thread",
		 "create %d/%d, thread A set 11 read %d, B set 22 read %d",
		 ra, rb, a.seen, b.seen);
}
