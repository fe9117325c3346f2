// SPDX-License-Identifier: BSD-2-Clause
/* rumpuser_component_* and the lwproc upcalls they drive. */
#include "ct_int.h"
#include <rump/rumpuser_component.h>

struct kt {
	int got_lwp, not_temp, sched_ok, unsched_ok, released;
	long lwps_before, lwps_after;
};

/* A host thread that enters the guest like a driver's I/O thread. */
static void *kthread_fn(void *p)
{
	struct kt *k = p;
	struct lwp *l;
	void *cookie;

	rumpuser_component_kthread();
	l = rumpuser_curlwp();
	k->got_lwp = tg_lwp_valid(l) && !tg_scheduled();
	k->not_temp = !tg_lwp_temporary(l);
	rumpuser_component_schedule(NULL);
	k->sched_ok = tg_scheduled() && rumpuser_component_curlwp() == l;
	cookie = rumpuser_component_unschedule();
	k->unsched_ok = !tg_scheduled();
	rumpuser_component_schedule(cookie);
	rumpuser_component_unschedule();
	rumpuser_component_kthread_release();
	k->released = rumpuser_curlwp() == NULL;
	tg_host_thread_exit();
	return NULL;
}

void ct_t_component(void)
{
	struct lwp *boot = tg_curlwp(), *l;
	struct tg_stats s0, s1;
	struct kt k;
	void *cookie, *c;
	int rv, ok;
	long before;

	tg_stats(&s0);
	cookie = rumpuser_component_unschedule();
	ok = !tg_scheduled();
	rumpuser_component_schedule(cookie);
	tg_stats(&s1);
	ct_check(ok && tg_scheduled() && tg_curlwp() == boot &&
		 s1.backend_unsched == s0.backend_unsched + 1 &&
		 s1.backend_sched == s0.backend_sched + 1,
		 "component unschedule/schedule cookie round trip",
		 "unscheduled %d, back %d", ok, tg_scheduled());
	ct_check(rumpuser_component_curlwp() == boot, "component curlwp",
		 "%p != %p", rumpuser_component_curlwp(), boot);

	l = tg_lwp_alloc();
	rumpuser_component_switchlwp(l);
	ok = tg_curlwp() == l && tg_scheduled();
	rumpuser_component_switchlwp(boot);
	ct_check(ok && tg_curlwp() == boot && tg_scheduled(),
		 "component switchlwp moves the CPU along", "curlwp %p",
		 tg_curlwp());
	tg_lwp_dispose(l);

	before = tg_lwp_count();
	tg_memset(&k, 0, sizeof(k));
	rv = rumpuser_thread_create(kthread_fn, &k, "ct-kthread", 1, 0, -1, &c);
	if (rv == 0)
		rumpuser_thread_join(c);
	ct_check(rv == 0 && k.got_lwp && k.not_temp,
		 "component kthread gives a host thread its own lwp",
		 "create %d lwp %d not-temp %d", rv, k.got_lwp, k.not_temp);
	ct_check(k.sched_ok && k.unsched_ok,
		 "component schedule/unschedule from a kthread",
		 "sched %d unsched %d", k.sched_ok, k.unsched_ok);
	ct_check(k.released && tg_lwp_count() == before,
		 "component kthread_release drops the lwp",
		 "curlwp cleared %d, lwps %ld -> %ld", k.released, before,
		 tg_lwp_count());

	rv = rumpuser_component_errtrans(11);
	ct_check(rv == CT_EAGAIN, "errtrans(11 EAGAIN) == 35", "got %d", rv);
	rv = rumpuser_component_errtrans(110);
	ct_check(rv == CT_ETIMEDOUT, "errtrans(110 ETIMEDOUT) == 60",
		 "got %d", rv);
	rv = rumpuser_component_errtrans(2);
	ct_check(rv == CT_ENOENT, "errtrans(2) == 2", "got %d", rv);
}
