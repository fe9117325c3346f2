// SPDX-License-Identifier: BSD-2-Clause
/*
 * The syscall proxy engine's host operations that userspace programs
 * share (hyp/user/sp.c, the fuzzer): malloc, pthread mutexes and
 * condition variables on the monotonic clock, detached pthreads with
 * every signal blocked.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sp_pthread.h"

static void *u_alloc(void *host, sp_size_t len)
{
	(void)host;
	return malloc(len);
}

static void u_free(void *host, void *p, sp_size_t len)
{
	(void)host;
	(void)len;
	free(p);
}

static void *u_lock_new(void *host)
{
	pthread_mutex_t *m = malloc(sizeof(*m));

	(void)host;
	if (m)
		pthread_mutex_init(m, NULL);
	return m;
}

static void u_lock_free(void *host, void *lock)
{
	(void)host;
	pthread_mutex_destroy(lock);
	free(lock);
}

static void u_lock(void *host, void *lock)
{
	(void)host;
	pthread_mutex_lock(lock);
}

static void u_unlock(void *host, void *lock)
{
	(void)host;
	pthread_mutex_unlock(lock);
}

static void *u_cond_new(void *host)
{
	pthread_cond_t *cv = malloc(sizeof(*cv));
	pthread_condattr_t attr;

	(void)host;
	if (!cv)
		return NULL;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(cv, &attr);
	pthread_condattr_destroy(&attr);
	return cv;
}

static void u_cond_free(void *host, void *cond)
{
	(void)host;
	pthread_cond_destroy(cond);
	free(cond);
}

static sp_u64 u_now(void *host)
{
	struct timespec ts;

	(void)host;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (sp_u64)ts.tv_sec * 1000000000ULL + (sp_u64)ts.tv_nsec;
}

static int u_cond_wait(void *host, void *cond, void *lock, sp_u64 timeout_ns)
{
	struct timespec ts;
	sp_u64 at;

	if (timeout_ns == 0) {
		pthread_cond_wait(cond, lock);
		return 0;
	}
	at = u_now(host) + timeout_ns;
	ts.tv_sec = (time_t)(at / 1000000000ULL);
	ts.tv_nsec = (long)(at % 1000000000ULL);
	if (pthread_cond_timedwait(cond, lock, &ts) == ETIMEDOUT)
		return SP_WAIT_TIMEDOUT;
	return 0;
}

static void u_cond_broadcast(void *host, void *cond)
{
	(void)host;
	pthread_cond_broadcast(cond);
}

static void u_cond_signal(void *host, void *cond)
{
	(void)host;
	pthread_cond_signal(cond);
}

struct u_start {
	void (*fn)(void *);
	void *arg;
	char name[16];
};

static void *u_trampoline(void *p)
{
	struct u_start s = *(struct u_start *)p;

	free(p);
	pthread_setname_np(pthread_self(), s.name);
	s.fn(s.arg);
	return NULL;
}

/* Detached, with every signal blocked: signals are the program's. */
static int u_thread_start(void *host, void (*fn)(void *), void *arg,
			  const char *name)
{
	struct u_start *s = malloc(sizeof(*s));
	pthread_attr_t attr;
	sigset_t all, old;
	pthread_t t;
	int rc;

	(void)host;
	if (!s)
		return 12;	/* NetBSD ENOMEM */
	s->fn = fn;
	s->arg = arg;
	snprintf(s->name, sizeof(s->name), "%s", name);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&t, &attr, u_trampoline, s);
	pthread_attr_destroy(&attr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc) {
		free(s);
		return rc == EAGAIN ? 35 : 12;	/* NetBSD EAGAIN, ENOMEM */
	}
	return 0;
}

void hyp_sp_pthread_ops(struct sp_host_ops *ops)
{
	ops->alloc = u_alloc;
	ops->free = u_free;
	ops->lock_new = u_lock_new;
	ops->lock_free = u_lock_free;
	ops->lock = u_lock;
	ops->unlock = u_unlock;
	ops->cond_new = u_cond_new;
	ops->cond_free = u_cond_free;
	ops->cond_wait = u_cond_wait;
	ops->cond_broadcast = u_cond_broadcast;
	ops->cond_signal = u_cond_signal;
	ops->thread_start = u_thread_start;
	ops->now_ns = u_now;
}
