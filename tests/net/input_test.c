// SPDX-License-Identifier: BSD-2-Clause
/*
 * Who processes a received frame (guest/net/net_init.c) on a booted
 * guest: one queued while the net lock is held is taken by the holder
 * as it lets go (rk_net_unlock returns with it processed), a sleep on a
 * socket's condition with queued input returns at once instead of
 * sleeping past what the input changed, and with the lock free the
 * input thread takes it.  Frames go to lo0 (counted in ipackets as they
 * are taken, then dropped by IP: they are not packets).
 */
#include <rk/clock.h>
#include <rk/lock.h>
#include <rk/mbuf.h>
#include "guest_tap.h"

#include "net.h"

#define NTESTS		7	/* the plan comes first (tests/tap.py) */
#define MANY		1000
#define MS		1000000LL

static uint64_t taken(void)
{
	return __atomic_load_n(&rk_loif->if_stats.ipackets, __ATOMIC_RELAXED);
}

/* A 20-byte frame of zeros for lo0 (IP drops it: version 0). */
static void queue_one(void)
{
	struct rk_mbuf *m = rk_m_getchain(20, 0);

	rk_m_copyback(m, 0, 20, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0");
	rk_if_input(rk_loif, m);
}

static void held_then_let_go(void)
{
	uint64_t t0 = taken();
	int i;

	rk_net_lock();
	queue_one();
	ok(taken() == t0, "a frame queued under the net lock waits");
	rk_net_unlock();
	ok(taken() == t0 + 1, "... and is taken when its holder lets go");

	t0 = taken();
	rk_net_lock();
	for (i = 0; i < MANY; i++)
		queue_one();
	rk_net_unlock();
	ok(taken() == t0 + MANY, "1000 queued under the lock: all taken");
}

/* Nobody signals cv: only the queued input may end the wait early. */
static void wait_with_input(void)
{
	struct rk_cv cv;
	uint64_t t0 = taken();
	int64_t start, spent;
	int timedout;

	rk_cv_init(&cv);
	rk_net_lock();
	queue_one();
	start = rk_time_mono_ns();
	timedout = rk_net_timedwait(&cv, 5000 * MS);
	spent = rk_time_mono_ns() - start;
	rk_net_unlock();
	rk_cv_destroy(&cv);
	ok(!timedout && spent < 1000 * MS,
	   "a sleep with input queued returns at once, as woken");
	ok(taken() == t0 + 1, "... the input taken before it returned");
}

static void lock_free(void)
{
	uint64_t t0 = taken();
	int64_t end = rk_time_mono_ns() + 5000 * MS;

	queue_one();
	while (taken() == t0 && rk_time_mono_ns() < end)
		;
	ok(taken() == t0 + 1, "with the lock free, the input thread takes it");
}

int main(void)
{
	long before;

	if (!tap_boot(NTESTS))
		return 1;
	before = rk_m_count();
	held_then_let_go();
	wait_with_input();
	lock_free();
	ok(rk_m_count() == before, "every mbuf freed");
	return tap_end("input", NTESTS);
}
