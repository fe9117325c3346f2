// SPDX-License-Identifier: BSD-2-Clause
/* Guest threads are plain pthreads. */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hyp.h"

/* The cookie handed back for joinable threads is the pthread_t itself. */
_Static_assert(sizeof(pthread_t) <= sizeof(void *), "pthread_t fits a cookie");

struct thread_start {
	void *(*fn)(void *);
	void *arg;
	int cpuidx;
	char name[16];		/* the kernel's limit, NUL included */
};

/*
 * Runs first in the new thread: naming and binding ourselves is a cheap
 * prctl/sched_setaffinity, where doing it from the creator would go
 * through /proc and cost more than the thread creation itself.
 */
static void *thread_trampoline(void *p)
{
	struct thread_start ts = *(struct thread_start *)p;

	free(p);
	if (ts.name[0])
		pthread_setname_np(pthread_self(), ts.name);
	if (ts.cpuidx >= 0 && ts.cpuidx < CPU_SETSIZE) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(ts.cpuidx, &set);
		/* A CPU the host does not have simply leaves us unbound. */
		(void)sched_setaffinity(0, sizeof(set), &set);
	}
	return ts.fn(ts.arg);
}

int rumpuser_thread_create(void *(*fn)(void *), void *arg, const char *name,
			   int mustjoin, int priority, int cpuidx,
			   void **cookie)
{
	struct thread_start *ts;
	pthread_attr_t attr;
	pthread_t t;
	int rc;

	(void)priority;	/* host priorities are not the guest's business */
	ts = malloc(sizeof(*ts));
	if (ts == NULL)
		return RV_ENOMEM;
	ts->fn = fn;
	ts->arg = arg;
	ts->cpuidx = cpuidx;
	ts->name[0] = '\0';
	if (name) {
		strncpy(ts->name, name, sizeof(ts->name) - 1);
		ts->name[sizeof(ts->name) - 1] = '\0';
	}

	rc = pthread_attr_init(&attr);
	if (rc == 0) {
		rc = pthread_attr_setdetachstate(&attr, mustjoin ?
		    PTHREAD_CREATE_JOINABLE : PTHREAD_CREATE_DETACHED);
		if (rc == 0)
			rc = pthread_create(&t, &attr, thread_trampoline, ts);
		pthread_attr_destroy(&attr);
	}
	if (rc != 0) {
		free(ts);
		return rv_errno_to_netbsd(rc);
	}
	if (mustjoin && cookie)
		*cookie = (void *)t;
	return 0;
}

void rumpuser_thread_exit(void)
{
	pthread_exit(NULL);
}

int rumpuser_thread_join(void *cookie)
{
	int nlocks, rc;

	rv_up_backend_unschedule(&nlocks, NULL);
	rc = pthread_join((pthread_t)cookie, NULL);
	rv_up_backend_schedule(nlocks, NULL);
	return rv_errno_to_netbsd(rc);
}
