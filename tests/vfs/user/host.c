// SPDX-License-Identifier: BSD-2-Clause
/*
 * The VFS suite's host functions for a libc process (vfs-user runs the
 * guest in the process, vfs-remote is a client of a server): lines on
 * stdout, the C library's errno, pthreads.  Threads are plain pthreads:
 * client threads the guest has never seen, as in any rump client.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"

static void host_print(const char *s)
{
	/* One write per line: threads never interleave within a line. */
	printf("%s\n", s);
	fflush(stdout);
}

static int host_errno(void)
{
	return errno;
}

struct thr {
	pthread_t pt;
	void (*fn)(void *);
	void *arg;
};

static void *thr_main(void *p)
{
	struct thr *t = p;

	t->fn(t->arg);
	return NULL;
}

static int host_spawn(void (*fn)(void *), void *arg, void **cookie)
{
	struct thr *t = malloc(sizeof(*t));

	if (!t)
		return 12;	/* NetBSD ENOMEM */
	t->fn = fn;
	t->arg = arg;
	if (pthread_create(&t->pt, NULL, thr_main, t)) {
		free(t);
		return 35;	/* NetBSD EAGAIN */
	}
	*cookie = t;
	return 0;
}

static void host_join(void *cookie)
{
	struct thr *t = cookie;

	pthread_join(t->pt, NULL);
	free(t);
}

int vt_user_host(struct vt_host *h, const char *name, int argc,
		 char **argv, const char *usage)
{
	int i;

	memset(h, 0, sizeof(*h));
	h->name = name;
	h->print = host_print;
	h->geterrno = host_errno;
	h->spawn = host_spawn;
	h->join = host_join;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quick")) {
			h->quick = 1;
		} else {
			int help = !strcmp(argv[i], "--help");

			fputs(usage, help ? stdout : stderr);
			return help ? 0 : 2;
		}
	}
	return -1;
}
