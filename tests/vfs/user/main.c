// SPDX-License-Identifier: BSD-2-Clause
/*
 * vfs-user: the VFS suite as an ordinary process on the userspace
 * hypervisor (librump + librumpuser).  TAP on stdout.
 *   vfs-user [--quick]
 * Threads of the suite are plain pthreads: client threads the guest has
 * never seen, as in any rump client.  Exit status 0 when all passed and
 * the guest halted.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../vt.h"

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

int main(int argc, char **argv)
{
	struct vt_host h = {
		.name = "user",
		.print = host_print,
		.geterrno = host_errno,
		.spawn = host_spawn,
		.join = host_join,
	};
	int i, rv;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quick")) {
			h.quick = 1;
		} else {
			int help = !strcmp(argv[i], "--help");

			fprintf(help ? stdout : stderr,
				"usage: vfs-user [--quick]\n"
				"Boots the reference guest in this process, runs the "
				"VFS suite on it (TAP on stdout)\nand halts it; "
				"--quick makes the big and concurrent cases smaller.\n");
			return help ? 0 : 2;
		}
	}
	if (vt_run(&h))
		return 1;
	/*
	 * Halting ends the guest: its threads stop and its memory goes back
	 * to the hypervisor.  It may also end the process (status 0), so
	 * the report is complete before this point.
	 */
	fflush(stdout);
	rv = vt_halt();
	printf("# vfs: rump_sys_reboot(0) returned %d (errno %d)\n", rv,
	       rv ? errno : 0);
	return rv ? 1 : 0;
}
