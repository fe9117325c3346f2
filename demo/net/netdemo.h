/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The network demo: one portable source (demo/net/netdemo.c) that uses
 * only the rump client API, and a glue per host (demo/net/linux: a
 * resident guest in the Linux kernel; demo/net/user: a program).  The
 * guest gets an address on virt0, fetches a page over TCP and prints
 * its last 500 bytes, answers ping (its stack does, by itself) and
 * serves a page over HTTP.  The glue boots the guest (rump_init), runs
 * the server on a thread of its own and halts the guest at the end.
 */
#ifndef NETDEMO_H
#define NETDEMO_H

struct netdemo_host {
	/* Print one line (printf-style, no trailing newline). */
	void (*print)(const char *fmt, ...)
		__attribute__((__format__(__printf__, 1, 2)));
	/* The errno (NetBSD numbering) a failed rump_sys_* call left. */
	int (*error)(void);
	/* Where the guest runs, for the page it serves. */
	const char *where;
};

#define NETDEMO_TAIL	500	/* bytes of the fetched page printed */

/*
 * virt0 on link (NULL: the host's default backend) with addr/prefix.
 * 0 or a NetBSD errno.
 */
int netdemo_up(const struct netdemo_host *h, const char *link,
	       const char *addr, int prefix);
/*
 * GET http://server:port/path over TCP; prints the status line, the size
 * and the last NETDEMO_TAIL bytes.  Connecting is tried for up to
 * seconds (the other side may still be coming up).  0 or an errno.
 */
int netdemo_fetch(const struct netdemo_host *h, const char *server, int port,
		  const char *path, int seconds);
/* A listening TCP socket on port (any address); the fd, or -errno. */
int netdemo_listen(const struct netdemo_host *h, int port);
/*
 * Serve HTTP/1.0 on the listening socket until netdemo_stop: each
 * request gets a small page.  Returns the number of requests served
 * (the socket is closed), or -errno.
 */
long netdemo_serve(const struct netdemo_host *h, int fd);
/* Ask netdemo_serve to end and wait for it (a few seconds at most). */
void netdemo_stop(const struct netdemo_host *h);
/* count ICMP echo requests to addr, one a second; replies received. */
int netdemo_ping(const struct netdemo_host *h, const char *addr, int count);

#endif /* NETDEMO_H */
