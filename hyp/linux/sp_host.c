// SPDX-License-Identifier: BSD-2-Clause
/*
 * The syscall proxy engine's host operations in the kernel (struct
 * sp_host_ops, hyp/common/sp.h): connection sockets (kernel_sendmsg with
 * a send timeout, kernel_recvmsg), the instance's memory, mutexes,
 * condition variables (a wait queue and a generation count), the
 * instance's threads, the kernel's random pool and monotonic clock.
 * Every result is 0 or a NetBSD errno.
 *
 * The engine's threads are jobs of the instance: when it ends they are
 * sent SIGKILL like its other threads.  They never hold one of these
 * locks while they wait (the engine drops them around every wait and
 * every call into the guest), so a thread ended in cond_wait leaves
 * nothing locked; what the engine still held is the instance's memory
 * and sockets, released with the instance (rv_sp_reclaim).
 */
#include "proxy.h"

#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/sched/clock.h>
#include <linux/sched/signal.h>
#include <linux/socket.h>
#include <linux/uio.h>
#include <net/sock.h>

static unsigned int sp_copy_timeout_ms = 30000;
module_param(sp_copy_timeout_ms, uint, 0644);
MODULE_PARM_DESC(sp_copy_timeout_ms, "syscall proxy: milliseconds a remote client has to answer a copy request (and to take what we send) before it is disconnected");

static unsigned int sp_max_clients = 256;
module_param(sp_max_clients, uint, 0644);
MODULE_PARM_DESC(sp_max_clients, "syscall proxy: connections at once per instance");

static unsigned int sp_poll_ns = 50000;
module_param(sp_poll_ns, uint, 0644);
MODULE_PARM_DESC(sp_poll_ns, "syscall proxy: nanoseconds an engine thread polls for its wake-up before it sleeps (0: never)");

void rv_sp_params(struct sp_params *p)
{
	unsigned int ms = READ_ONCE(sp_copy_timeout_ms) ?: 30000;

	memset(p, 0, sizeof(*p));
	p->copy_timeout_ns = (sp_u64)ms * NSEC_PER_MSEC;
	p->max_conns = READ_ONCE(sp_max_clients) ?: 256;
}

/* ---- connections ---- */

static int k_send(void *host, void *hconn, const struct sp_iov *iov,
		  int iovcnt)
{
	struct rv_sp_sock *s = hconn;
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
	struct kvec v[4];
	size_t total = 0;
	int i, n = min(iovcnt, 4);

	for (i = 0; i < n; i++) {
		v[i].iov_base = (void *)iov[i].base;
		v[i].iov_len = iov[i].len;
		total += iov[i].len;
	}
	iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, v, n, total);
	while (msg_data_left(&msg)) {
		int ret = sock_sendmsg(s->sock, &msg);

		/* The send timeout ran out: a client that stopped reading. */
		if (ret == -EAGAIN)
			return RV_ETIMEDOUT;
		if (ret == -ERESTARTSYS || ret == -EINTR)
			return RV_EINTR;
		if (ret < 0)
			return rv_nb(ret);
	}
	return 0;
}

static long k_recv(void *host, void *hconn, void *buf, sp_size_t len)
{
	struct rv_sp_sock *s = hconn;
	struct msghdr msg = {};
	struct kvec v = { .iov_base = buf, .iov_len = len };
	int ret = kernel_recvmsg(s->sock, &msg, &v, 1, len, 0);

	if (ret == -ERESTARTSYS || ret == -EINTR)
		return -RV_EINTR;
	return ret < 0 ? -rv_nb(ret) : ret;
}

static void k_shutdown(void *host, void *hconn)
{
	struct rv_sp_sock *s = hconn;

	kernel_sock_shutdown(s->sock, SHUT_RDWR);
}

static void k_close(void *host, void *hconn)
{
	rv_sp_sock_close(host, hconn);
}

/* ---- memory ---- */

static void *k_alloc(void *host, sp_size_t len)
{
	struct rv_sp *sp = host;

	return rv_obj_alloc(sp->inst, len, GFP_KERNEL | __GFP_NOWARN);
}

static void k_free(void *host, void *p, sp_size_t len)
{
	struct rv_sp *sp = host;

	rv_obj_free(sp->inst, p, len);
}

/* ---- locks and condition variables ---- */

static void *k_lock_new(void *host)
{
	struct mutex *m = k_alloc(host, sizeof(*m));

	if (m) {
		mutex_init(m);
		/*
		 * The engine nests one of its locks in another (the server's,
		 * then a connection's); all come from here, one class for
		 * lockdep, which would call that recursion.
		 */
		lockdep_set_novalidate_class(m);
	}
	return m;
}

static void k_lock_free(void *host, void *lock)
{
	mutex_destroy(lock);
	k_free(host, lock, sizeof(struct mutex));
}

static void k_lock(void *host, void *lock)
{
	mutex_lock(lock);
}

static void k_unlock(void *host, void *lock)
{
	mutex_unlock(lock);
}

struct k_cond {
	wait_queue_head_t wq;
	unsigned long gen;		/* bumped by every wake-up call */
};

static void *k_cond_new(void *host)
{
	struct k_cond *c = k_alloc(host, sizeof(*c));

	if (c) {
		init_waitqueue_head(&c->wq);
		c->gen = 0;
	}
	return c;
}

static void k_cond_free(void *host, void *cond)
{
	k_free(host, cond, sizeof(struct k_cond));
}

/*
 * Waiters wait exclusively: a signal wakes one sleeper (and every
 * poller sees the generation move), a broadcast wakes them all.
 */
static void k_cond_broadcast(void *host, void *cond)
{
	struct k_cond *c = cond;

	WRITE_ONCE(c->gen, c->gen + 1);
	wake_up_all(&c->wq);
}

static void k_cond_signal(void *host, void *cond)
{
	struct k_cond *c = cond;

	WRITE_ONCE(c->gen, c->gen + 1);
	wake_up(&c->wq);
}

/*
 * Spin a little for a broadcast before sleeping (as condvar.c's waiters
 * do): the engine's hand-offs (a request from its reader to a worker)
 * come within microseconds, and a sleeping thread costs a wake-up.
 */
static bool k_cond_poll(struct k_cond *c, unsigned long gen)
{
	unsigned int ns = READ_ONCE(sp_poll_ns);
	u64 end;

	if (!ns || num_online_cpus() < 2)
		return false;
	end = local_clock() + ns;
	while (READ_ONCE(c->gen) == gen && !need_resched() &&
	       !signal_pending(current) && local_clock() < end)
		cpu_relax();
	return READ_ONCE(c->gen) != gen;
}

/*
 * Sleep until a broadcast after the call, the timeout, or (for our
 * threads) the instance ending, which ends the thread here: lock is not
 * held then.  An administrator's SIGKILL is dropped (rv_interrupted).
 */
static int k_cond_wait(void *host, void *cond, void *lock, sp_u64 timeout_ns)
{
	struct k_cond *c = cond;
	unsigned long gen = READ_ONCE(c->gen);
	long left = timeout_ns ? nsecs_to_jiffies(timeout_ns) + 1 :
				 MAX_SCHEDULE_TIMEOUT;
	int ret = 0;
	DEFINE_WAIT(w);

	mutex_unlock(lock);
	if (k_cond_poll(c, gen)) {
		mutex_lock(lock);
		return 0;
	}
	for (;;) {
		prepare_to_wait_exclusive(&c->wq, &w, rv_wait_state());
		if (READ_ONCE(c->gen) != gen)
			break;
		if (unlikely(rv_wait_cut())) {
			finish_wait(&c->wq, &w);
			rv_interrupted();	/* ends us if the instance ends */
			continue;
		}
		if (!left) {
			ret = SP_WAIT_TIMEDOUT;
			break;
		}
		left = schedule_timeout(left);
	}
	finish_wait(&c->wq, &w);
	mutex_lock(lock);
	return ret;
}

/* ---- threads ---- */

struct k_start {
	void (*fn)(void *);
	void *arg;
};

static int k_thread_main(void *p)
{
	struct k_start s = *(struct k_start *)p;
	struct rv_instance *inst = rv_current();

	rv_obj_free(inst, p, sizeof(s));
	s.fn(s.arg);
	return 0;
}

/* A job of the instance: the engine's threads call into the guest. */
static int k_thread_start(void *host, void (*fn)(void *), void *arg,
			  const char *name)
{
	struct rv_sp *sp = host;
	struct k_start *s = k_alloc(host, sizeof(*s));
	struct rv_job *job;
	int err;

	if (!s)
		return RV_ENOMEM;
	s->fn = fn;
	s->arg = arg;
	job = rv_job_new(sp->inst, name);
	if (!job) {
		k_free(host, s, sizeof(*s));
		return RV_ENOMEM;
	}
	job->run = k_thread_main;
	job->arg = s;
	job->guest = true;
	err = rv_job_start(job);
	if (err) {
		rv_job_put(job);
		k_free(host, s, sizeof(*s));
		return rv_nb(err);
	}
	return 0;
}

/* ---- the rest ---- */

static void k_random(void *host, void *buf, sp_size_t len)
{
	get_random_bytes(buf, len);
}

static sp_u64 k_now(void *host)
{
	return ktime_get_ns();
}

static void k_log(void *host, const char *msg)
{
	struct rv_sp *sp = host;

	pr_info("%s: %s\n", sp->inst->p.name, msg);
}

const struct sp_host_ops rv_sp_ops = {
	.send = k_send, .recv = k_recv, .shutdown = k_shutdown,
	.close = k_close, .alloc = k_alloc, .free = k_free,
	.lock_new = k_lock_new, .lock_free = k_lock_free, .lock = k_lock,
	.unlock = k_unlock, .cond_new = k_cond_new, .cond_free = k_cond_free,
	.cond_wait = k_cond_wait, .cond_broadcast = k_cond_broadcast,
	.cond_signal = k_cond_signal,
	.thread_start = k_thread_start, .random = k_random, .now_ns = k_now,
	.log = k_log,
};
