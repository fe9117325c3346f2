/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lxnet: Linux's side of the network tests and benchmarks in the VM
 * (tests/vm/check-net.sh, bench/net): TCP and UDP peers that use the
 * same data streams as the guest (tests/net/stream.h), the error cases,
 * malformed frames, ICMP floods and netem, printing one result line
 * "key=value ..." each.  Static, for the VM's busybox system.
 */
#ifndef LXNET_H
#define LXNET_H

#include <stdint.h>
#include <sys/socket.h>

/* One subcommand: argv[0] is its name; exit status. */
struct lx_cmd {
	const char *name;
	const char *args;
	const char *help;
	int argc;		/* words after the name */
	int (*fn)(char **argv);
};

extern const struct lx_cmd lx_tcp_cmds[], lx_udp_cmds[], lx_raw_cmds[],
			   lx_netem_cmds[];

/* util.c */
double lx_now(void);
unsigned long long lx_num(const char *s);
int lx_sin(struct sockaddr_storage *ss, const char *host, int port);
int lx_listen(int port);
int lx_accept(int l, int timeout_ms);
int lx_dial(const char *host, int port, int retry_secs);
int lx_send_all(int s, const void *buf, size_t n);
unsigned short lx_cksum(const void *p, size_t len);
int lx_fail(const char *what);
void lx_result(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* LXNET_H */
