// SPDX-License-Identifier: BSD-2-Clause
/*
 * The network stack's life: its lock, the input of received frames
 * (at once in a driver's receive thread when the lock is free, else by
 * whoever holds the lock as it lets go, or by the input thread when
 * nobody holds it), the timer, boot and halt.
 */
#include <rk/lib.h>
#include <rk/kmem.h>
#include <rk/errno.h>
#include <rk/clock.h>
#include <rk/kthread.h>
#include <rk/printf.h>
#include <rk/proc.h>
#include <rk/syscall.h>

#include <rump/rumpdefs.h>

#include "net.h"

static struct rk_mutex net_mtx;

/* Input queue: filled by drivers, emptied by the input thread. */
static struct rk_mutex inq_mtx;
static struct rk_cv inq_cv;
static struct rk_mbuf *inq_head, *inq_tail;
static int inq_len;
static bool inq_stop;
static void *inq_thread;
#define INQ_MAX		4096

static struct rk_callout net_callout;
static bool timer_armed;
static bool net_stopped;		/* halting: no more timer */
static uint32_t rnd_state[4];

/* Components that bring drivers (each registers its cloner). */
void rk_virtif_attach(void);
/*
 * The handlers the syscall table reaches through weak references: named
 * here so that a static link that uses the stack links them too (its
 * boot refers to this table).
 */
static const rk_sy_call_t rk_net_syscall_handlers[] __attribute__((__used__)) = {
	rk_sys___socket30, rk_sys_bind, rk_sys_listen, rk_sys_accept,
	rk_sys_paccept, rk_sys_connect, rk_sys_sendto, rk_sys_recvfrom,
	rk_sys_sendmsg, rk_sys_recvmsg, rk_sys_shutdown, rk_sys_setsockopt,
	rk_sys_getsockopt, rk_sys_getsockname, rk_sys_getpeername,
};

/*
 * The stack's clock, read once per hold of the net lock and per received
 * frame rather than at each of its several looks per segment: a read is
 * a hypercall (a device register in a VM), and what the stack times
 * (timers, RTT samples against a 200 ms minimum RTO) does not need the
 * nanosecond.  A time read early in a hold only lengthens an RTT sample.
 * Net lock held.
 */
static int64_t net_clock;		/* 0: read it again */

int64_t rk_net_now(void)
{
	if (!net_clock)
		net_clock = rk_time_mono_ns();
	return net_clock;
}

static void net_clock_forget(void)
{
	net_clock = 0;
}

/*
 * Frames that find the lock held wait in the input queue.  Whoever holds
 * the lock then takes them before it lets go (as Linux's release_sock
 * takes a socket's backlog): a sender processes the acknowledgements of
 * its own data, and nobody is woken for them.  net_busy says that a
 * holder will look; a driver queueing a frame wakes the input thread
 * only when none will.  The holder clears net_busy, then looks at the
 * queue; the driver queues, then looks at net_busy; with a full barrier
 * between each store and load, at least one of them sees the other.
 */
static int net_busy;
#define NET_DRAIN_ROUNDS	4	/* then the input thread takes over */

static void input_wake(void);
static struct rk_mbuf *input_take(void);
static void input_batch(struct rk_mbuf *m);

static void net_claim(void)
{
	__atomic_store_n(&net_busy, 1, __ATOMIC_RELAXED);
	net_clock_forget();
}

static bool inq_waiting(void)
{
	return __atomic_load_n(&inq_head, __ATOMIC_RELAXED) != NULL;
}

/*
 * The lock is held and about to be let go: nothing stays queued.  True
 * if frames were taken (they may have changed what a sleeper waits for).
 */
static bool net_let_go(void)
{
	bool took = false;
	int round;

	for (round = 0; round < NET_DRAIN_ROUNDS; round++) {
		if (inq_waiting()) {
			input_batch(input_take());
			took = true;
		}
		__atomic_store_n(&net_busy, 0, __ATOMIC_RELAXED);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (!inq_waiting())
			return took;
		net_claim();
	}
	__atomic_store_n(&net_busy, 0, __ATOMIC_RELAXED);
	input_wake();		/* still more: the input thread's turn */
	return took;
}

void rk_net_lock(void)
{
	rk_mutex_enter(&net_mtx);
	net_claim();
}

void rk_net_unlock(void)
{
	net_let_go();
	rk_mutex_exit(&net_mtx);
}

/*
 * Sleep on cv with the net lock as interlock.  Queued input is taken
 * first; if there was some, return at once as from a wake-up: the
 * caller looks at its condition again, as after any wake-up.
 */
void rk_net_wait(struct rk_cv *cv)
{
	if (!net_let_go())
		rk_cv_wait(cv, &net_mtx);
	net_claim();
}

/* The same for at most ns; nonzero when the time ran out. */
int rk_net_timedwait(struct rk_cv *cv, int64_t ns)
{
	int error = 0;

	if (!net_let_go())
		error = rk_cv_timedwait(cv, &net_mtx, ns);
	net_claim();
	return error;
}

bool rk_net_locked(void)
{
	return rk_mutex_owned(&net_mtx);
}

/* xoshiro128**: fast, seeded from the hypervisor's random source. */
uint32_t rk_net_random(void)
{
	uint32_t *s = rnd_state, r = s[1] * 5, t = s[1] << 9;

	r = ((r << 7) | (r >> 25)) * 9;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = (s[3] << 11) | (s[3] >> 21);
	return r;
}

static bool if_attached(const struct rk_ifnet *ifp)
{
	const struct rk_ifnet *it;

	for (it = rk_ifnet_list; it; it = it->if_next)
		if (it == ifp)
			return true;
	return false;
}

/* Process a chain of received frames (net lock held). */
static void input_batch(struct rk_mbuf *m)
{
	struct rk_mbuf *next;

	for (; m; m = next) {
		struct rk_ifnet *ifp = m->m_rcvif;

		next = m->m_nextpkt;
		m->m_nextpkt = NULL;
		net_clock_forget();
		/* The interface may have gone while we waited. */
		if (!if_attached(ifp)) {
			rk_m_freem(m);
			continue;
		}
		ifp->if_stats.ipackets++;
		ifp->if_stats.ibytes += m->m_pktlen;
		if (!(ifp->if_flags & RUMP_IFF_UP)) {
			rk_m_freem(m);
			continue;
		}
		if (ifp->if_type == RK_IFT_LOOP)
			rk_ip_input(ifp, m);
		else
			rk_ether_input(ifp, m);
	}
}

/* Wake the input thread if frames wait (it may be asleep). */
static void input_wake(void)
{
	rk_mutex_enter(&inq_mtx);
	if (inq_head)
		rk_cv_signal(&inq_cv);
	rk_mutex_exit(&inq_mtx);
}

/* Everything queued, in order (net lock held: see rk_if_input_direct). */
static struct rk_mbuf *input_take(void)
{
	struct rk_mbuf *m;

	rk_mutex_enter(&inq_mtx);
	m = inq_stop ? NULL : inq_head;
	if (m) {
		inq_head = inq_tail = NULL;
		inq_len = 0;
	}
	rk_mutex_exit(&inq_mtx);
	return m;
}

void rk_if_input(struct rk_ifnet *ifp, struct rk_mbuf *m)
{
	bool first;

	m->m_rcvif = ifp;
	m->m_nextpkt = NULL;
	rk_mutex_enter(&inq_mtx);
	if (inq_len >= INQ_MAX || inq_stop) {
		rk_mutex_exit(&inq_mtx);
		ifp->if_stats.iqdrops++;
		rk_m_freem(m);
		return;
	}
	if (inq_tail)
		inq_tail->m_nextpkt = m;
	else
		inq_head = m;
	inq_tail = m;
	first = inq_len++ == 0;
	rk_mutex_exit(&inq_mtx);
	/* The lock's holder takes it as it lets go (net_let_go). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (first && !__atomic_load_n(&net_busy, __ATOMIC_RELAXED))
		input_wake();
}

/*
 * A driver's receive thread: process the frame here and now when the
 * stack's lock is free and no earlier frame waits for the input thread
 * (the input thread takes frames only with the lock held, so an empty
 * queue under the lock means none is in flight); otherwise queue it.
 * Never waits for the lock: the thread that holds it may be waiting for
 * this one (an interface's destroy joins its receive thread).
 */
void rk_if_input_direct(struct rk_ifnet *ifp, struct rk_mbuf *m)
{
	bool now;

	if (!inq_waiting() && rk_mutex_tryenter(&net_mtx)) {
		net_claim();
		rk_mutex_enter(&inq_mtx);
		now = !inq_head && !inq_stop;
		rk_mutex_exit(&inq_mtx);
		if (now) {
			m->m_rcvif = ifp;
			m->m_nextpkt = NULL;
			input_batch(m);
		} else {
			rk_if_input(ifp, m);	/* behind the others */
		}
		rk_net_unlock();		/* which takes the queue */
		return;
	}
	rk_if_input(ifp, m);
}

/* Drop queued frames of an interface that goes away (net lock held). */
void rk_if_purge(struct rk_ifnet *ifp)
{
	struct rk_mbuf **mp, *m, *last = NULL;

	rk_mutex_enter(&inq_mtx);
	for (mp = &inq_head; (m = *mp) != NULL;) {
		if (m->m_rcvif == ifp) {
			*mp = m->m_nextpkt;
			inq_len--;
			rk_m_freem(m);
		} else {
			last = m;
			mp = &m->m_nextpkt;
		}
	}
	inq_tail = last;
	rk_mutex_exit(&inq_mtx);
}

static void input_thread(void *arg)
{
	(void)arg;
	rk_mutex_enter(&inq_mtx);
	while (!inq_stop) {
		if (!inq_head) {
			rk_cv_wait(&inq_cv, &inq_mtx);
			continue;
		}
		/* Take the frames with the net lock held (see
		 * rk_if_input_direct): lock order net, then queue. */
		rk_mutex_exit(&inq_mtx);
		rk_net_lock();
		input_batch(input_take());
		rk_net_unlock();
		rk_yield();
		rk_mutex_enter(&inq_mtx);
	}
	rk_mutex_exit(&inq_mtx);
}

static void net_tick(void *arg)
{
	int64_t now;
	bool more;

	(void)arg;
	rk_net_lock();
	now = rk_net_now();
	more = rk_tcp_timer(now);
	more |= rk_arp_timer(now);
	more |= rk_ip_reass_timer(now);
	timer_armed = more && !net_stopped;
	if (timer_armed)
		rk_callout_reset(&net_callout, RK_NET_TICK_NS, net_tick, NULL);
	rk_net_unlock();
}

/* Something timed exists now: make sure the timer runs (lock held). */
void rk_net_timer_kick(void)
{
	if (timer_armed || net_stopped)
		return;
	timer_armed = true;
	rk_callout_reset(&net_callout, RK_NET_TICK_NS, net_tick, NULL);
}

void rk_net_init(void)
{
	size_t got;

	rk_mutex_init(&net_mtx);
	rk_mutex_init(&inq_mtx);
	rk_m_init();
	rk_cv_init(&inq_cv);
	inq_head = inq_tail = NULL;
	inq_len = 0;
	inq_stop = false;
	timer_armed = false;
	net_stopped = false;
	rk_callout_init(&net_callout);
	if (rumpuser_getrandom(rnd_state, sizeof(rnd_state), 0, &got) != 0 ||
	    (rnd_state[0] | rnd_state[1] | rnd_state[2] | rnd_state[3]) == 0)
		rnd_state[0] = (uint32_t)rk_time_mono_ns() | 1;
	RK_ASSERT(rk_net_syscall_handlers[0] != NULL);
	rk_tcp_init();
	rk_net_lock();
	rk_loop_attach();
	rk_net_unlock();
	rk_virtif_attach();
	if (rk_kthread_create(input_thread, NULL, "rk_netinput", true,
			      &inq_thread) != 0)
		rk_panic("network: cannot start the input thread");
}

/* Halt, first step (before the clock and kernel threads stop): no more
 * input processing, no more timer. */
void rk_net_stop(void)
{
	rk_net_lock();
	net_stopped = true;
	rk_net_unlock();
	rk_callout_stop(&net_callout);
	rk_mutex_enter(&inq_mtx);
	inq_stop = true;
	rk_cv_broadcast(&inq_cv);
	rk_mutex_exit(&inq_mtx);
	rk_kthread_join(inq_thread);
}

/* Halt, last step: every descriptor is closed; free everything. */
void rk_net_shutdown(void)
{
	struct rk_ifnet *ifp;

	rk_net_lock();
	rk_soabortall();
	rk_tcp_fini();
	while ((ifp = rk_ifnet_list) != NULL) {
		if (ifp->if_detach)
			ifp->if_detach(ifp);
		else
			rk_if_detach(ifp);
	}
	rk_arp_fini();
	rk_ip_reass_fini();
	rk_rt_fini();
	rk_net_unlock();
	rk_m_freeq(inq_head);
	inq_head = inq_tail = NULL;
	rk_cv_destroy(&inq_cv);
	rk_mutex_destroy(&inq_mtx);
	rk_mutex_destroy(&net_mtx);
	rk_m_fini();
	if (rk_m_count() != 0)
		rk_printf("network: %ld packet buffers leaked\n", rk_m_count());
}
