// SPDX-License-Identifier: BSD-2-Clause
/* lxnet's TCP peers: streams, concurrent connections, closing cases. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lxnet.h"
#include "../stream.h"

#define BUFSZ	65536
#define MAXCONN	256

static unsigned char buf[BUFSZ];

static void rate(const char *what, unsigned long long bytes,
		 unsigned long long sum, unsigned long long bad, double secs)
{
	lx_result("%s bytes=%llu fnv=%016llx bad=%llu secs=%.3f mbps=%.1f",
		  what, bytes, sum, bad, secs,
		  secs > 0 ? bytes * 8 / secs / 1e6 : 0.0);
}

/*
 * send HOST PORT BYTES SEED: the stream, then wait for the peer's EOF;
 * source HOST PORT BYTES (seed ST_NONE): buf over and over.
 */
static int send_cmd(char **a, unsigned long long seed)
{
	unsigned long long len = lx_num(a[3]);
	unsigned long long off = 0, sum = ST_FNV_INIT, n;
	int s = lx_dial(a[1], (int)lx_num(a[2]), 10);
	double t0;

	if (s < 0)
		return lx_fail("connect");
	t0 = lx_now();
	while (off < len) {
		n = len - off < BUFSZ ? len - off : BUFSZ;
		if (seed != ST_NONE) {
			st_fill(seed, off, buf, n);
			sum = st_fnv(sum, buf, n);
		}
		if (lx_send_all(s, buf, n))
			return lx_fail("send");
		off += n;
	}
	shutdown(s, SHUT_WR);
	while (read(s, buf, BUFSZ) > 0)
		;
	rate("sent", len, sum, 0, lx_now() - t0);
	close(s);
	return 0;
}

static int c_send(char **a)
{
	return send_cmd(a, lx_num(a[4]));
}

static int c_source(char **a)
{
	return send_cmd(a, ST_NONE);
}

/*
 * recv PORT BYTES SEED: accept one, read to EOF, check the stream;
 * sink PORT BYTES (seed ST_NONE): only count.
 */
static int recv_cmd(char **a, unsigned long long seed)
{
	unsigned long long len = lx_num(a[2]);
	unsigned long long off = 0, sum = ST_FNV_INIT, bad = 0, b;
	int l = lx_listen((int)lx_num(a[1])), c;
	double t0 = 0;
	ssize_t n;

	if (l < 0)
		return lx_fail("listen");
	c = lx_accept(l, 60000);
	if (c < 0)
		return lx_fail("accept");
	while ((n = read(c, buf, BUFSZ)) > 0) {
		if (!off)
			t0 = lx_now();
		off += (unsigned long long)n;
		if (seed == ST_NONE)
			continue;
		b = st_check(seed, off - (unsigned long long)n, buf, (size_t)n);
		if (b && !bad)
			bad = b;
		sum = st_fnv(sum, buf, (size_t)n);
	}
	if (n < 0)
		return lx_fail("read");
	rate("received", off, sum, bad, lx_now() - t0);
	close(c);
	close(l);
	return off == len && !bad ? 0 : 1;
}

static int c_recv(char **a)
{
	return recv_cmd(a, lx_num(a[3]));
}

static int c_sink(char **a)
{
	return recv_cmd(a, ST_NONE);
}

/* conns HOST PORT N BYTES: N connections at once to an echo server. */
struct conn {
	int fd;
	unsigned long long tx, rx;
};

static int conn_step(struct conn *c, struct pollfd *p, int i,
		     unsigned long long len, int *bad)
{
	unsigned long long n;
	ssize_t r;

	if ((p->revents & POLLOUT) && c->tx < len) {
		n = len - c->tx < 4096 ? len - c->tx : 4096;
		st_fill((unsigned long long)i + 1000, c->tx, buf, n);
		r = send(c->fd, buf, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (r > 0)
			c->tx += (unsigned long long)r;
	}
	if (p->revents & (POLLIN | POLLHUP | POLLERR)) {
		r = recv(c->fd, buf, BUFSZ, MSG_DONTWAIT);
		if (r <= 0)
			return r < 0 && errno == EAGAIN ? 1 : -1;
		if (st_check((unsigned long long)i + 1000, c->rx, buf,
			     (size_t)r))
			*bad = 1;
		c->rx += (unsigned long long)r;
	}
	p->events = c->tx < len ? POLLIN | POLLOUT : POLLIN;
	return c->rx < len;
}

static int c_conns(char **a)
{
	int n = (int)lx_num(a[3]), i, left = n, bad = 0, r;
	unsigned long long len = lx_num(a[4]);
	static struct conn c[MAXCONN];
	static struct pollfd p[MAXCONN];
	double t0 = lx_now();

	if (n < 1 || n > MAXCONN)
		return lx_fail("count");
	for (i = 0; i < n; i++) {
		c[i] = (struct conn){ .fd = lx_dial(a[1], (int)lx_num(a[2]), 5) };
		if (c[i].fd < 0)
			return lx_fail("connect");
		p[i] = (struct pollfd){ .fd = c[i].fd, .events = POLLIN | POLLOUT };
	}
	while (left > 0 && poll(p, (nfds_t)n, 30000) > 0) {
		for (left = 0, i = 0; i < n; i++) {
			if (p[i].fd < 0)
				continue;
			r = conn_step(&c[i], &p[i], i, len, &bad);
			if (r > 0) {
				left++;
				continue;
			}
			bad |= r < 0;
			close(p[i].fd);
			p[i].fd = -1;
		}
	}
	lx_result("conns=%d left=%d bad=%d secs=%.3f", n, left, bad,
		  lx_now() - t0);
	return left || bad;
}

/* echo PORT N: echo server for N connections (poll). */
static int c_echo(char **a)
{
	static struct pollfd p[MAXCONN + 1];
	int n = (int)lx_num(a[2]), open = 0, closed = 0, i;
	unsigned long long bytes = 0;
	ssize_t r;

	p[0] = (struct pollfd){ .fd = lx_listen((int)lx_num(a[1])),
				.events = POLLIN };
	if (p[0].fd < 0 || n > MAXCONN)
		return lx_fail("listen");
	while (closed < n && poll(p, (nfds_t)open + 1, 60000) > 0) {
		for (i = 1; i <= open; i++) {
			if (!p[i].revents)
				continue;
			r = read(p[i].fd, buf, 16384);
			if (r > 0 && lx_send_all(p[i].fd, buf, (size_t)r) == 0) {
				bytes += (unsigned long long)r;
				continue;
			}
			close(p[i].fd);
			p[i--] = p[open--];
			closed++;
		}
		if ((p[0].revents & POLLIN) && open < MAXCONN) {
			p[++open] = (struct pollfd){ .fd = accept(p[0].fd, NULL, NULL),
						     .events = POLLIN };
			if (p[open].fd < 0)
				open--;
		}
	}
	lx_result("conns=%d bytes=%llu", closed, bytes);
	return closed != n;
}

/* connect HOST PORT SECS: one attempt with a deadline; errno=E. */
static int c_connect(char **a)
{
	struct sockaddr_storage ss;
	struct pollfd p;
	int s, err = 0;
	socklen_t l = sizeof(err);

	if (lx_sin(&ss, a[1], (int)lx_num(a[2])))
		return lx_fail("address");
	s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (connect(s, (struct sockaddr *)&ss, sizeof(struct sockaddr_in)) &&
	    errno != EINPROGRESS)
		err = errno;
	p = (struct pollfd){ .fd = s, .events = POLLOUT };
	if (!err && poll(&p, 1, (int)lx_num(a[3]) * 1000) == 0)
		err = ETIMEDOUT;
	else if (!err)
		getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &l);
	lx_result("errno=%d", err);
	close(s);
	return 0;
}

/* reset HOST PORT: send, then abort with SO_LINGER 0. */
static int c_reset(char **a)
{
	struct linger lg = { 1, 0 };
	int s = lx_dial(a[1], (int)lx_num(a[2]), 10);

	if (s < 0)
		return lx_fail("connect");
	st_fill(2, 0, buf, 1000);
	lx_send_all(s, buf, 1000);
	usleep(200000);
	setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(s);
	lx_result("aborted");
	return 0;
}

/* expect-reset PORT: accept, read until an error; errno=E. */
static int c_expect_reset(char **a)
{
	int l = lx_listen((int)lx_num(a[1])), c;
	unsigned long long total = 0;
	ssize_t n;

	c = l < 0 ? -1 : lx_accept(l, 60000);
	if (c < 0)
		return lx_fail("accept");
	while ((n = read(c, buf, BUFSZ)) > 0)
		total += (unsigned long long)n;
	lx_result("errno=%d bytes=%llu", n < 0 ? errno : 0, total);
	close(c);
	close(l);
	return 0;
}

/* halfclose HOST PORT BYTES SEED: send, shut down, read the answer. */
static int c_halfclose(char **a)
{
	unsigned long long len = lx_num(a[3]), seed = lx_num(a[4]), off = 0;
	unsigned long long sum = ST_FNV_INIT, n, got = 0;
	int s = lx_dial(a[1], (int)lx_num(a[2]), 10);
	ssize_t r;

	if (s < 0)
		return lx_fail("connect");
	for (; off < len; off += n) {
		n = len - off < BUFSZ ? len - off : BUFSZ;
		st_fill(seed, off, buf, n);
		sum = st_fnv(sum, buf, n);
		if (lx_send_all(s, buf, n))
			return lx_fail("send");
	}
	shutdown(s, SHUT_WR);
	while ((r = read(s, buf, BUFSZ)) > 0)
		got += (unsigned long long)r;
	lx_result("sent=%llu fnv=%016llx answer=%llu eof=%d", len, sum, got,
		  r == 0);
	close(s);
	return r != 0 || !got;
}

/* halfclose-server PORT: read to EOF, answer, close. */
static int c_halfclose_server(char **a)
{
	int l = lx_listen((int)lx_num(a[1])), c;
	unsigned long long sum = ST_FNV_INIT, total = 0;
	static const char answer[] = "answered after your EOF\n";
	ssize_t n;

	c = l < 0 ? -1 : lx_accept(l, 60000);
	if (c < 0)
		return lx_fail("accept");
	while ((n = read(c, buf, BUFSZ)) > 0) {
		sum = st_fnv(sum, buf, (size_t)n);
		total += (unsigned long long)n;
	}
	if (n == 0)
		lx_send_all(c, answer, sizeof(answer) - 1);
	lx_result("bytes=%llu fnv=%016llx eof=%d", total, sum, n == 0);
	close(c);
	close(l);
	return n != 0;
}

/*
 * simclose HOST PORT DELAY_MS: send one byte, shut down DELAY_MS later,
 * read to EOF.  With the link delaying Linux's frames by 2 * DELAY_MS,
 * the guest's FIN (sent when the byte arrives) and ours cross.
 */
static int c_simclose(char **a)
{
	int s = lx_dial(a[1], (int)lx_num(a[2]), 10), state;
	struct tcp_info ti;
	socklen_t l = sizeof(ti);
	ssize_t n;

	if (s < 0)
		return lx_fail("connect");
	lx_send_all(s, "C", 1);
	usleep((useconds_t)lx_num(a[3]) * 1000);
	shutdown(s, SHUT_WR);
	while ((n = read(s, buf, BUFSZ)) > 0)
		;
	getsockopt(s, IPPROTO_TCP, TCP_INFO, &ti, &l);
	state = ti.tcpi_state;
	lx_result("eof=%d errno=%d state=%d", n == 0, n < 0 ? errno : 0,
		  state);
	close(s);
	return n != 0;
}

const struct lx_cmd lx_tcp_cmds[] = {
	{ "send", "HOST PORT BYTES SEED", "send a stream, wait for EOF", 4, c_send },
	{ "recv", "PORT BYTES SEED", "accept one, check the stream", 3, c_recv },
	{ "source", "HOST PORT BYTES", "send one buffer over and over (benchmarks)", 3, c_source },
	{ "sink", "PORT BYTES", "accept one, count to EOF (benchmarks)", 2, c_sink },
	{ "conns", "HOST PORT N BYTES", "N connections at once to an echo server", 4, c_conns },
	{ "echo", "PORT N", "echo server for N connections", 2, c_echo },
	{ "connect", "HOST PORT SECS", "one attempt; errno=E", 3, c_connect },
	{ "reset", "HOST PORT", "send, then abort (SO_LINGER 0)", 2, c_reset },
	{ "expect-reset", "PORT", "accept, read until an error", 1, c_expect_reset },
	{ "halfclose", "HOST PORT BYTES SEED", "send, shut down, read the answer", 4, c_halfclose },
	{ "halfclose-server", "PORT", "read to EOF, answer, close", 1, c_halfclose_server },
	{ "simclose", "HOST PORT DELAY_MS", "both sides shut down at once", 3, c_simclose },
	{ NULL, NULL, NULL, 0, NULL },
};
