// SPDX-License-Identifier: BSD-2-Clause
/* lxnet: Linux's side of the network tests (lxnet.h); lxnet --help. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "lxnet.h"

static const struct lx_cmd *const tables[] = {
	lx_tcp_cmds, lx_udp_cmds, lx_raw_cmds, lx_netem_cmds,
};

static void usage(FILE *f)
{
	const struct lx_cmd *c;
	unsigned int t;

	fprintf(f, "usage: lxnet COMMAND ARGS...\n"
		"Linux's side of rumpvisor's network tests; each command "
		"prints one line of key=value\nresults and exits 0 when it "
		"worked.  Data streams are tests/net/stream.h's.\n");
	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (c = tables[t]; c->name; c++)
			fprintf(f, "  %s %s\n      %s\n", c->name, c->args,
				c->help);
}

int main(int argc, char **argv)
{
	const struct lx_cmd *c;
	unsigned int t;

	if (argc < 2 || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	signal(SIGPIPE, SIG_IGN);
	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (c = tables[t]; c->name; c++)
			if (!strcmp(argv[1], c->name)) {
				if (argc - 2 != c->argc) {
					fprintf(stderr, "usage: lxnet %s %s\n",
						c->name, c->args);
					return 2;
				}
				return c->fn(argv + 1);
			}
	fprintf(stderr, "lxnet: unknown command %s\n", argv[1]);
	usage(stderr);
	return 2;
}
