// SPDX-License-Identifier: BSD-2-Clause
/* rumpuser_rw_*. */
#include "ct_int.h"

enum { OP_TRYREAD, OP_TRYWRITE, OP_HELD, OP_ENTER_READ, OP_HOLDREAD };

struct rwa {
	struct rumpuser_rw *rw;
	int op;
	int rv, rv2;
	int hr, hw;		/* held READER / WRITER as seen by the thread */
	int entering, holding, release;
	struct tg_stats d;
};

static void *rw_thread(void *p)
{
	struct rwa *a = p;
	struct tg_stats s0, s1;

	switch (a->op) {
	case OP_TRYREAD:
	case OP_TRYWRITE:
		a->rv = rumpuser_rw_tryenter(a->op == OP_TRYREAD ?
					     RUMPUSER_RW_READER :
					     RUMPUSER_RW_WRITER, a->rw);
		if (a->rv == 0)
			rumpuser_rw_exit(a->rw);
		break;
	case OP_HELD:
		rumpuser_rw_held(RUMPUSER_RW_READER, a->rw, &a->hr);
		rumpuser_rw_held(RUMPUSER_RW_WRITER, a->rw, &a->hw);
		break;
	case OP_ENTER_READ:
	case OP_HOLDREAD:
		tg_stats(&s0);
		tg_atomic_store(&a->entering, 1);
		rumpuser_rw_enter(RUMPUSER_RW_READER, a->rw);
		tg_stats(&s1);
		a->d.backend_unsched = s1.backend_unsched - s0.backend_unsched;
		a->d.last_interlock = s1.last_interlock;
		tg_atomic_store(&a->holding, 1);
		while (!tg_atomic_load(&a->release))
			ct_sleep_ms(1);
		rumpuser_rw_exit(a->rw);
		break;
	}
	return NULL;
}

static int run(struct rumpuser_rw *rw, struct rwa *a, int op)
{
	void *c;
	int rv;

	tg_memset(a, 0, sizeof(*a));
	a->rw = rw;
	a->op = op;
	rv = ct_spawn(rw_thread, a, "ct-rw", &c);
	if (rv)
		return rv;
	return tg_thread_join(c);
}

static int held(struct rumpuser_rw *rw, int lk)
{
	int h = -1;

	rumpuser_rw_held(lk, rw, &h);
	return h;
}

void ct_t_rwlock(void)
{
	struct rumpuser_rw *rw;
	struct tg_stats s0, s1;
	struct rwa a, b;
	void *c;
	int rv, hr, hw;

	rumpuser_rw_init(&rw);
	ct_check(held(rw, RUMPUSER_RW_READER) == 0 &&
		 held(rw, RUMPUSER_RW_WRITER) == 0, "rw_held on a free lock",
		 "reader %d writer %d", held(rw, 0), held(rw, 1));

	tg_stats(&s0);
	rumpuser_rw_enter(RUMPUSER_RW_READER, rw);
	tg_stats(&s1);
	ct_check(s1.backend_unsched == s0.backend_unsched,
		 "uncontended rw_enter does not unschedule", "unsched +%lu",
		 s1.backend_unsched - s0.backend_unsched);
	hr = held(rw, RUMPUSER_RW_READER);
	hw = held(rw, RUMPUSER_RW_WRITER);
	ct_check(hr && !hw, "rw_held while reading", "reader %d writer %d",
		 hr, hw);
	rv = run(rw, &a, OP_TRYREAD);
	ct_check(rv == 0 && a.rv == 0, "second reader tryenter succeeds",
		 "rv %d", a.rv);
	rv = run(rw, &a, OP_TRYWRITE);
	ct_check(rv == 0 && a.rv == CT_EBUSY, "writer tryenter vs reader is EBUSY",
		 "rv %d", a.rv);

	rv = rumpuser_rw_tryupgrade(rw);
	ct_check(rv == 0, "tryupgrade by the sole reader succeeds", "rv %d",
		 rv);
	if (rv == 0) {
		hw = held(rw, RUMPUSER_RW_WRITER);
		ct_check(hw, "upgraded lock is held for writing", "writer %d",
			 hw);
		rumpuser_rw_downgrade(rw);
	}
	hr = held(rw, RUMPUSER_RW_READER);
	hw = held(rw, RUMPUSER_RW_WRITER);
	ct_check(hr && !hw, "downgrade leaves a read hold",
		 "reader %d writer %d", hr, hw);
	rv = run(rw, &a, OP_TRYREAD);
	ct_check(rv == 0 && a.rv == 0, "reader gets in after downgrade",
		 "rv %d", a.rv);

	/* Two readers: no upgrade. */
	tg_memset(&b, 0, sizeof(b));
	b.rw = rw;
	b.op = OP_HOLDREAD;
	rv = ct_spawn(rw_thread, &b, "ct-rw-hold", &c);
	if (rv == 0) {
		while (!tg_atomic_load(&b.holding))
			ct_sleep_ms(1);
		rv = rumpuser_rw_tryupgrade(rw);
		ct_check(rv == CT_EBUSY, "tryupgrade with two readers is EBUSY",
			 "rv %d", rv);
		if (rv == 0)
			rumpuser_rw_downgrade(rw);
		tg_atomic_store(&b.release, 1);
		tg_thread_join(c);
	} else {
		ct_check(0, "tryupgrade with two readers is EBUSY",
			 "thread create %d", rv);
	}
	rumpuser_rw_exit(rw);
	ct_check(held(rw, RUMPUSER_RW_READER) == 0, "rw_exit drops the read hold",
		 "still held");

	rumpuser_rw_enter(RUMPUSER_RW_WRITER, rw);
	hr = held(rw, RUMPUSER_RW_READER);
	hw = held(rw, RUMPUSER_RW_WRITER);
	ct_check(hw && !hr, "rw_held while writing", "reader %d writer %d",
		 hr, hw);
	rv = run(rw, &a, OP_HELD);
	ct_check(rv == 0 && a.hw == 0 && a.hr == 0,
		 "WRITER held is by the caller only",
		 "other thread sees writer %d reader %d", a.hw, a.hr);
	rv = run(rw, &a, OP_TRYREAD);
	ct_check(rv == 0 && a.rv == CT_EBUSY, "reader tryenter vs writer is EBUSY",
		 "rv %d", a.rv);
	rv = run(rw, &a, OP_TRYWRITE);
	ct_check(rv == 0 && a.rv == CT_EBUSY, "writer tryenter vs writer is EBUSY",
		 "rv %d", a.rv);

	/* A reader blocking on the writer unschedules. */
	tg_memset(&b, 0, sizeof(b));
	b.rw = rw;
	b.op = OP_ENTER_READ;
	rv = ct_spawn(rw_thread, &b, "ct-rw-block", &c);
	if (rv == 0) {
		while (!tg_atomic_load(&b.entering))
			ct_sleep_ms(1);
		ct_sleep_ms(30);
		hr = tg_atomic_load(&b.holding);
		rumpuser_rw_exit(rw);
		tg_atomic_store(&b.release, 1);
		tg_thread_join(c);
		ct_check(!hr, "reader waits for the writer", "got in");
		ct_check(b.d.backend_unsched >= 1 && b.d.last_interlock == NULL,
			 "contended rw_enter unschedules with no interlock",
			 "unsched +%lu interlock %p", b.d.backend_unsched,
			 b.d.last_interlock);
	} else {
		rumpuser_rw_exit(rw);
		ct_check(0, "contended rw_enter unschedules", "create %d", rv);
	}
	rv = rumpuser_rw_tryenter(RUMPUSER_RW_WRITER, rw);
	ct_check(rv == 0, "writer tryenter on a free lock", "rv %d", rv);
	if (rv == 0)
		rumpuser_rw_exit(rw);
	rumpuser_rw_destroy(rw);
}
