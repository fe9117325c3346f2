// SPDX-License-Identifier: BSD-2-Clause
/*
 * rump_server: boot the reference guest in this process and serve its
 * system calls to remote clients (librumpclient, NetBSD's rump_sp(7)
 * protocol), like NetBSD's rump_server(1).  kernfs is mounted on /kern.
 * SIGTERM, SIGINT or SIGHUP halt the guest cleanly and end the server.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpuser.h>

static void usage(FILE *f)
{
	fprintf(f,
"usage: rump_server [-s] [-c NCPU] URL\n"
"Boots the rumpvisor reference guest (tmpfs root, kernfs on /kern) and\n"
"serves its system calls to remote clients on URL until SIGTERM/SIGINT.\n"
"  URL        unix://PATH (relative; unix:///PATH absolute) or\n"
"             tcp://ADDR:PORT (IPv4; * or 0 for every address)\n"
"  -s         stay in the foreground (default: detach once serving)\n"
"  -c NCPU    virtual CPUs of the guest (default: the host's)\n"
"  --help     this text\n"
"Clients: RUMP_SERVER=URL with librumpclient (pkg-config rumpclient).\n"
"Environment: RUMP_SP_COPYTIMEOUT_MS, RUMP_SP_MAXCLIENTS, RUMP_SP_STATS,\n"
"and the guest's RUMP_* parameters (RUMP_MEMLIMIT, RUMP_HOSTNAME, ...).\n");
}

static int parse_args(int argc, char **argv, int *fg, const char **url)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			exit(0);
		} else if (!strcmp(argv[i], "-s")) {
			*fg = 1;
		} else if (!strcmp(argv[i], "-c") && i + 1 < argc) {
			setenv("RUMP_NCPU", argv[++i], 1);
		} else if (argv[i][0] == '-' || *url) {
			return -1;
		} else {
			*url = argv[i];
		}
	}
	return *url ? 0 : -1;
}

/* The guest, kernfs and the server; a NetBSD errno and what failed. */
static int start(const char *url, const char **what)
{
	int error;

	*what = "rump_init";
	error = rump_init();
	if (error)
		return error;
	*what = "mounting kernfs on /kern";
	if (rump_sys_mkdir("/kern", 0755) != 0 ||
	    rump_sys_mount("kernfs", "/kern", 0, NULL, 0) != 0)
		return errno;
	*what = "rump_init_server";
	return rump_init_server(url);
}

int main(int argc, char **argv)
{
	const char *url = NULL, *what = "";
	sigset_t stop;
	int fg = 0, sig, error;

	if (parse_args(argc, argv, &fg, &url) != 0) {
		usage(stderr);
		return 2;
	}
	/* Every thread inherits this: the signals come to sigwait. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	if (!fg && rumpuser_daemonize_begin() != 0) {
		fprintf(stderr, "rump_server: cannot detach\n");
		return 1;
	}
	error = start(url, &what);
	if (!fg)
		rumpuser_daemonize_done(error);
	if (error) {
		/* NetBSD's errno numbers: say the number too. */
		fprintf(stderr, "rump_server: %s failed: NetBSD errno %d\n",
			what, error);
		return 1;
	}
	fprintf(stderr, "rump_server: serving %s (pid %d)\n", url,
		(int)getpid());
	while (sigwait(&stop, &sig) != 0)
		;
	fprintf(stderr, "rump_server: signal %d, halting\n", sig);
	/* Halting stops the server, frees the guest and exits 0. */
	rump_sys_reboot(0, NULL);
	fprintf(stderr, "rump_server: halt failed: NetBSD errno %d\n", errno);
	return 1;
}
