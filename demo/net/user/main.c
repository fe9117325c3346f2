// SPDX-License-Identifier: BSD-2-Clause
/*
 * netdemo: the network demo as an ordinary program on the userspace
 * hypervisor (demo/net/netdemo.c is the same source the kernel module
 * runs).  Built like any rump client:
 *   cc netdemo.c main.c $(pkg-config --cflags --libs rump)
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#include "../netdemo.h"

static const char usage[] =
	"usage: netdemo --link LINK --addr A.B.C.D[/PREFIX] [--fetch SERVER]\n"
	"               [--path PATH] [--wait S] [--serve PORT] [--seconds S]\n"
	"               [--ping ADDR] [--count N]\n"
	"Boots the reference guest in this process with virt0 on LINK (tap:IFNAME\n"
	"or pair:NAME) and address A.B.C.D (prefix 24 by default), then:\n"
	"  --serve PORT   serves a page over HTTP (from the start, in the\n"
	"                 background) until the end\n"
	"  --fetch SERVER fetches http://SERVER/PATH (--path, default /) through\n"
	"                 the guest's TCP, trying to connect for --wait seconds\n"
	"                 (default 30), and prints the last 500 bytes\n"
	"  --ping ADDR    sends --count (default 3) ICMP echo requests to ADDR\n"
	"  --seconds S    then stays up S seconds (answering ping, serving;\n"
	"                 SIGINT or SIGTERM end it early), and halts the guest.\n"
	"Exit status 0 when every step worked.\n";

struct opts {
	const char *link, *addr, *fetch, *path, *ping;
	int prefix, wait, serve, seconds, count;
};

static volatile sig_atomic_t stop;

static void demo_print(const char *fmt, ...)
{
	va_list ap;

	fputs("netdemo: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static int demo_error(void)
{
	return errno;
}

static const struct netdemo_host host = {
	.print = demo_print,
	.error = demo_error,
	.where = "in a process (librumpuser)",
};

static int parse(int argc, char **argv, struct opts *o)
{
	static char addr[32];
	int i;

	*o = (struct opts){ .path = "/", .prefix = 24, .wait = 30,
			    .count = 3 };
	for (i = 1; i + 1 < argc; i += 2) {
		const char *k = argv[i], *v = argv[i + 1];

		if (!strcmp(k, "--link")) o->link = v;
		else if (!strcmp(k, "--addr")) o->addr = v;
		else if (!strcmp(k, "--fetch")) o->fetch = v;
		else if (!strcmp(k, "--path")) o->path = v;
		else if (!strcmp(k, "--ping")) o->ping = v;
		else if (!strcmp(k, "--wait")) o->wait = atoi(v);
		else if (!strcmp(k, "--serve")) o->serve = atoi(v);
		else if (!strcmp(k, "--seconds")) o->seconds = atoi(v);
		else if (!strcmp(k, "--count")) o->count = atoi(v);
		else return -1;
	}
	if (i != argc || !o->link || !o->addr)
		return -1;
	snprintf(addr, sizeof(addr), "%s", o->addr);
	if (strchr(addr, '/')) {
		o->prefix = atoi(strchr(addr, '/') + 1);
		*strchr(addr, '/') = '\0';
	}
	o->addr = addr;
	return 0;
}

static void *serve_main(void *arg)
{
	netdemo_serve(&host, *(int *)arg);
	return NULL;
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int run(const struct opts *o)
{
	pthread_t server;
	int fd = -1, failed = 0, i;

	if (netdemo_up(&host, o->link, o->addr, o->prefix))
		return 1;
	if (o->serve) {
		fd = netdemo_listen(&host, o->serve);
		if (fd < 0 || pthread_create(&server, NULL, serve_main, &fd))
			return 1;
	}
	if (o->fetch)
		failed += netdemo_fetch(&host, o->fetch, 80, o->path,
					o->wait) != 0;
	if (o->ping)
		failed += netdemo_ping(&host, o->ping, o->count) != o->count;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	for (i = 0; i < o->seconds * 10 && !stop; i++)
		usleep(100000);
	if (o->serve) {
		netdemo_stop(&host);
		pthread_join(server, NULL);
	}
	return failed != 0;
}

int main(int argc, char **argv)
{
	struct opts o;
	int rv;

	if (argc == 2 && !strcmp(argv[1], "--help")) {
		fputs(usage, stdout);
		return 0;
	}
	if (parse(argc, argv, &o)) {
		fputs(usage, stderr);
		return 2;
	}
	if (rump_init()) {
		fprintf(stderr, "netdemo: rump_init failed\n");
		return 1;
	}
	rv = run(&o);
	/* The halt ends the process (status 0): the verdict comes first. */
	demo_print(rv ? "FAILED: a step failed" : "done: all steps ok");
	demo_print("halting the rump kernel (rump_sys_reboot)");
	rump_sys_reboot(0, NULL);
	return rv;
}
