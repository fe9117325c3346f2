// SPDX-License-Identifier: BSD-2-Clause
/*
 * Guest commands of the network tests against Linux (gcmd.h).  Client
 * API only; one command at a time (static buffers keep kernel stacks
 * small).  Data streams and sums are stream.h's, as on Linux's side.
 */
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>
#include <rump/netconfig.h>

#include "gcmd.h"
#include "stream.h"

#define SA(p)		((struct sockaddr *)(void *)(p))
#define BUFSZ		65536
#define MAXCONN		128
#define MAXARG		8

const char gcmd_usage[] =
	"ping ADDR COUNT             ICMP echo requests; got=N\n"
	"recv PORT BYTES SEED        accept one TCP connection, check the stream\n"
	"send ADDR PORT BYTES SEED   connect, send the stream, close\n"
	"sink PORT BYTES             recv, counting the bytes only (benchmarks)\n"
	"source ADDR PORT BYTES      send one buffer over and over (benchmarks)\n"
	"echo PORT N                 echo server for N connections (poll)\n"
	"conns ADDR PORT N BYTES     N concurrent connections to an echo server\n"
	"connect ADDR PORT SECS      a connection attempt; errno=E\n"
	"reset ADDR PORT             connect, send, abort (SO_LINGER 0)\n"
	"expect-reset PORT           accept, read until an error; errno=E\n"
	"halfclose-server PORT       read to EOF, then answer and close\n"
	"halfclose-client ADDR PORT BYTES SEED  send, shut down, read answer\n"
	"simclose PORT               on a byte from the peer, shut down; EOF\n"
	"udp-echo PORT COUNT         echo COUNT UDP datagrams\n"
	"udp-error ADDR PORT         UDP to ADDR, the error it gets; errno=E\n"
	"http PORT N                 answer N HTTP requests with a small page\n"
	"ifdown, ifup                virt0 down or up\n";

static const struct gcmd_host *h;
static unsigned char buf[BUFSZ];
static struct rump_pollfd pfd[MAXCONN + 1];
static unsigned long long done_rx[MAXCONN], done_tx[MAXCONN];

static unsigned long long num(const char *s, int *ok)
{
	unsigned long long v = 0;

	if (!*s)
		*ok = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			*ok = 0;
		v = v * 10 + (unsigned long long)(*s - '0');
	}
	return v;
}

/* "a.b.c.d" and a port as a NetBSD sockaddr_in; 0 or -1. */
static int sin_of(struct rump_sockaddr_in *sin, const char *addr,
		  unsigned int port)
{
	unsigned char *a = (unsigned char *)&sin->sin_addr.s_addr;
	unsigned char *z = (unsigned char *)sin;
	unsigned int i, part = 0;
	int n = 0, digits = 0;

	for (i = 0; i < sizeof(*sin); i++)
		z[i] = 0;
	sin->sin_len = sizeof(*sin);
	sin->sin_family = RUMP_AF_INET;
	sin->sin_port = (unsigned short)((port >> 8) | ((port & 0xff) << 8));
	for (; addr; addr++) {
		if (*addr >= '0' && *addr <= '9' && digits++ < 3) {
			part = part * 10 + (unsigned int)(*addr - '0');
			continue;
		}
		if (!digits || part > 255 || n == 4 || (*addr && *addr != '.'))
			return -1;
		a[n++] = (unsigned char)part;
		part = 0;
		digits = 0;
		if (!*addr)
			break;
	}
	return n == 4 ? 0 : -1;
}

static void nap(int ms)
{
	rump_sys_poll((struct pollfd *)0, 0, ms);
}

static int fail(const char *what)
{
	int e = h->error();

	h->result(e ? e : RUMP_EIO, "%s: errno=%d", what, e);
	return -1;
}

static int tcp_listen(unsigned int port)
{
	struct rump_sockaddr_in sin;
	int s, on = 1;

	sin_of(&sin, "0.0.0.0", port);
	s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_STREAM, 0);
	if (s < 0)
		return fail("socket");
	rump_sys_setsockopt(s, RUMP_SOL_SOCKET, RUMP_SO_REUSEADDR, &on,
			    sizeof(on));
	if (rump_sys_bind(s, SA(&sin), sizeof(sin)) < 0 ||
	    rump_sys_listen(s, MAXCONN) < 0) {
		fail("listen");
		rump_sys_close(s);
		return -1;
	}
	return s;
}

/* Listen, say ready, accept one; the connection or -1 (result given). */
static int accept_one(unsigned int port)
{
	int l = tcp_listen(port), c;

	if (l < 0)
		return -1;
	h->ready();
	c = rump_sys_accept(l, (struct sockaddr *)0, (rump_socklen_t *)0);
	if (c < 0)
		fail("accept");
	rump_sys_close(l);
	return c;
}

/* Connect, retrying for secs while refused (the peer starting). */
static int dial(const char *addr, unsigned int port, int secs, int *err)
{
	struct rump_sockaddr_in sin;
	int s, i;

	*err = RUMP_EINVAL;
	if (sin_of(&sin, addr, port))
		return -1;
	for (i = 0; i <= secs * 10; i++) {
		s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_STREAM, 0);
		if (s < 0)
			break;
		if (rump_sys_connect(s, SA(&sin), sizeof(sin)) == 0)
			return s;
		*err = h->error();
		rump_sys_close(s);
		if (*err != RUMP_ECONNREFUSED)
			return -1;
		nap(100);
	}
	return -1;
}

static int dial_or_fail(const char *addr, unsigned int port)
{
	int err, s = dial(addr, port, 10, &err);

	if (s < 0)
		h->result(err, "connect: errno=%d", err);
	return s;
}

static int send_all(int s, const void *p, unsigned long n)
{
	const unsigned char *c = p;

	while (n > 0) {
		long w = rump_sys_write(s, c, n);

		if (w <= 0)
			return -1;
		c += w;
		n -= (unsigned long)w;
	}
	return 0;
}

/* Send len bytes of stream seed (or of buf: ST_NONE); 0 or -1; *sum
 * its FNV (ST_FNV_INIT for ST_NONE). */
static int send_stream(int s, unsigned long long seed, unsigned long long len,
		       unsigned long long *sum)
{
	unsigned long long off = 0, n;

	*sum = ST_FNV_INIT;
	while (off < len) {
		n = len - off < BUFSZ ? len - off : BUFSZ;
		if (seed != ST_NONE) {
			st_fill(seed, off, buf, n);
			*sum = st_fnv(*sum, buf, n);
		}
		if (send_all(s, buf, n))
			return -1;
		off += n;
	}
	return 0;
}

/* Read to EOF, checking stream seed (unless ST_NONE); bytes read, or
 * -errno. */
static long long recv_stream(int s, unsigned long long seed,
			     unsigned long long *sum, unsigned long long *bad)
{
	unsigned long long off = 0, b;
	long n;

	*sum = ST_FNV_INIT;
	*bad = 0;
	while ((n = rump_sys_read(s, buf, BUFSZ)) > 0) {
		off += (unsigned long long)n;
		if (seed == ST_NONE)
			continue;
		b = st_check(seed, off - (unsigned long long)n, buf,
			     (unsigned long)n);
		if (b && !*bad)
			*bad = b;
		*sum = st_fnv(*sum, buf, (unsigned long)n);
	}
	return n < 0 ? -h->error() : (long long)off;
}

/* ------------------------------------------------------------ commands */

static unsigned short cksum(const unsigned char *p, int len)
{
	unsigned long s = 0;

	for (; len > 1; len -= 2, p += 2)
		s += (unsigned long)(p[0] << 8 | p[1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (unsigned short)~s;
}

/* One echo request of 64 bytes; 1 if its reply came. */
static int ping_one(int s, struct rump_sockaddr_in *to, int seq)
{
	unsigned char *req = buf, *rep = buf + 128;
	unsigned short ck;
	long n;
	int i;

	for (i = 0; i < 64; i++)
		req[i] = (unsigned char)(i >= 8 ? i : 0);
	req[0] = 8;
	req[4] = 0x67;
	req[7] = (unsigned char)seq;
	ck = cksum(req, 64);
	req[2] = (unsigned char)(ck >> 8);
	req[3] = (unsigned char)ck;
	if (rump_sys_sendto(s, req, 64, 0, SA(to), sizeof(*to)) != 64)
		return 0;
	while ((n = rump_sys_recvfrom(s, rep, 512, 0, (struct sockaddr *)0,
				      (rump_socklen_t *)0)) >= 0) {
		if (n >= 84 && rep[20] == 0 && rep[24] == 0x67 &&
		    rep[27] == (unsigned char)seq)
			return cksum(rep + 20, 64) == 0 &&
			       !__builtin_memcmp(rep + 28, req + 8, 56);
	}
	return 0;
}

static void c_ping(char **a)
{
	struct rump_timeval tv = { 2, 0 };
	struct rump_sockaddr_in to;
	int ok = 1, count = (int)num(a[2], &ok), s, i, got = 0;

	if (!ok || sin_of(&to, a[1], 0)) {
		h->result(RUMP_EINVAL, "bad arguments");
		return;
	}
	s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_RAW, RUMP_IPPROTO_ICMP);
	if (s < 0) {
		fail("socket");
		return;
	}
	rump_sys_setsockopt(s, RUMP_SOL_SOCKET, RUMP_SO_RCVTIMEO, &tv,
			    sizeof(tv));
	for (i = 0; i < count; i++)
		got += ping_one(s, &to, i);
	rump_sys_close(s);
	h->result(got == count ? 0 : RUMP_EIO, "got=%d of %d", got, count);
}

/* recv PORT BYTES SEED, or sink PORT BYTES (checked false). */
static void recv_cmd(char **a, int checked)
{
	int ok = 1;
	unsigned int port = (unsigned int)num(a[1], &ok);
	unsigned long long len = num(a[2], &ok),
			   seed = checked ? num(a[3], &ok) : ST_NONE, sum, bad;
	long long got;
	int c;

	if (!ok || (c = accept_one(port)) < 0) {
		if (!ok)
			h->result(RUMP_EINVAL, "bad arguments");
		return;
	}
	got = recv_stream(c, seed, &sum, &bad);
	rump_sys_close(c);
	if (got < 0) {
		h->result((int)-got, "read: errno=%lld", -got);
		return;
	}
	h->result(got == (long long)len && !bad ? 0 : RUMP_EIO,
		  "bytes=%lld fnv=%016llx bad=%llu", got, sum, bad);
}

static void c_recv(char **a)
{
	recv_cmd(a, 1);
}

static void c_sink(char **a)
{
	recv_cmd(a, 0);
}

/* send ADDR PORT BYTES SEED, or source ADDR PORT BYTES (checked false). */
static void send_cmd(char **a, int checked)
{
	int ok = 1, s;
	unsigned int port = (unsigned int)num(a[2], &ok);
	unsigned long long len = num(a[3], &ok),
			   seed = checked ? num(a[4], &ok) : ST_NONE, sum;

	if (!ok) {
		h->result(RUMP_EINVAL, "bad arguments");
		return;
	}
	s = dial_or_fail(a[1], port);
	if (s < 0)
		return;
	h->ready();
	if (send_stream(s, seed, len, &sum)) {
		fail("write");
		rump_sys_close(s);
		return;
	}
	rump_sys_close(s);
	h->result(0, "bytes=%llu fnv=%016llx", len, sum);
}

static void c_send(char **a)
{
	send_cmd(a, 1);
}

static void c_source(char **a)
{
	send_cmd(a, 0);
}

/* Echo what connection i has to read; false when it is finished. */
static int echo_step(int i, unsigned long long *bytes)
{
	long n = rump_sys_read(pfd[i].fd, buf, 16384);

	if (n <= 0)
		return 0;
	*bytes += (unsigned long long)n;
	return send_all(pfd[i].fd, buf, (unsigned long)n) == 0;
}

static void c_echo(char **a)
{
	int ok = 1, n = (int)num(a[2], &ok), l, i, open = 0, closed = 0;
	unsigned long long bytes = 0;

	if (!ok || n > MAXCONN || (l = tcp_listen((unsigned int)num(a[1], &ok))) < 0) {
		if (!ok || n > MAXCONN)
			h->result(RUMP_EINVAL, "bad arguments");
		return;
	}
	pfd[0].fd = l;
	pfd[0].events = RUMP_POLLIN;
	h->ready();
	while (closed < n) {
		if (rump_sys_poll((struct pollfd *)(void *)pfd, 1 + open, 30000) <= 0)
			break;
		for (i = 1; i <= open; i++) {
			if (!pfd[i].revents || echo_step(i, &bytes))
				continue;
			rump_sys_close(pfd[i].fd);
			pfd[i--] = pfd[open--];
			closed++;
		}
		if ((pfd[0].revents & RUMP_POLLIN) && open < MAXCONN) {
			int c = rump_sys_accept(l, (struct sockaddr *)0,
						(rump_socklen_t *)0);

			if (c >= 0) {
				pfd[++open].fd = c;
				pfd[open].events = RUMP_POLLIN;
			}
		}
	}
	for (i = 0; i <= open; i++)
		rump_sys_close(pfd[i].fd);
	h->result(closed == n ? 0 : RUMP_ETIMEDOUT, "conns=%d bytes=%llu",
		  closed, bytes);
}

/* Connection i of conns: send its stream, check the echo; bytes left. */
static int conn_step(int i, unsigned long long len, int *bad)
{
	unsigned long long n;
	long r;

	if ((pfd[i].revents & RUMP_POLLOUT) && done_tx[i] < len) {
		n = len - done_tx[i] < 4096 ? len - done_tx[i] : 4096;
		st_fill((unsigned long long)i, done_tx[i], buf, n);
		r = rump_sys_write(pfd[i].fd, buf, n);
		if (r > 0)
			done_tx[i] += (unsigned long long)r;
		if (done_tx[i] == len)
			pfd[i].events = RUMP_POLLIN;
	}
	if (pfd[i].revents & (RUMP_POLLIN | RUMP_POLLHUP | RUMP_POLLERR)) {
		r = rump_sys_read(pfd[i].fd, buf, 16384);
		if (r <= 0)
			return -1;
		if (st_check((unsigned long long)i, done_rx[i], buf,
			     (unsigned long)r))
			*bad = 1;
		done_rx[i] += (unsigned long long)r;
	}
	return done_rx[i] < len;
}

static int conns_open(const char *addr, unsigned int port, int n)
{
	int i, err, nb = 1;

	for (i = 0; i < n; i++) {
		pfd[i].fd = dial(addr, port, 5, &err);
		if (pfd[i].fd < 0) {
			h->result(err, "connection %d: errno=%d", i, err);
			while (i-- > 0)
				rump_sys_close(pfd[i].fd);
			return -1;
		}
		rump_sys_ioctl(pfd[i].fd, RUMP_FIONBIO, &nb);
		pfd[i].events = RUMP_POLLIN | RUMP_POLLOUT;
		done_rx[i] = done_tx[i] = 0;
	}
	return 0;
}

static void c_conns(char **a)
{
	int ok = 1, n = (int)num(a[3], &ok), left, i, bad = 0, r;
	unsigned long long len = num(a[4], &ok);

	if (!ok || n > MAXCONN) {
		h->result(RUMP_EINVAL, "bad arguments");
		return;
	}
	if (conns_open(a[1], (unsigned int)num(a[2], &ok), n))
		return;
	h->ready();
	for (left = n; left > 0;) {
		if (rump_sys_poll((struct pollfd *)(void *)pfd, n, 30000) <= 0)
			break;
		for (left = 0, i = 0; i < n; i++) {
			if (pfd[i].fd < 0)
				continue;
			r = conn_step(i, len, &bad);
			if (r > 0) {
				left++;
				continue;
			}
			rump_sys_close(pfd[i].fd);
			pfd[i].fd = -1;
			bad |= r < 0;
		}
	}
	for (i = 0; i < n; i++)
		if (pfd[i].fd >= 0)
			rump_sys_close(pfd[i].fd);
	h->result(left || bad ? RUMP_EIO : 0, "conns=%d left=%d bad=%d", n,
		  left, bad);
}

static void c_connect(char **a)
{
	struct rump_sockaddr_in sin;
	int ok = 1, secs = (int)num(a[3], &ok), s, err = 0;

	if (!ok || sin_of(&sin, a[1], (unsigned int)num(a[2], &ok)) || !ok) {
		h->result(RUMP_EINVAL, "bad arguments");
		return;
	}
	s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_STREAM, 0);
	if (s < 0) {
		fail("socket");
		return;
	}
	rump_sys_setsockopt(s, RUMP_IPPROTO_TCP, RUMP_TCP_KEEPINIT, &secs,
			    sizeof(secs));
	if (rump_sys_connect(s, SA(&sin), sizeof(sin)) < 0)
		err = h->error();
	rump_sys_close(s);
	h->result(0, "errno=%d", err);
}

static void c_reset(char **a)
{
	struct rump_linger lg = { 1, 0 };
	int ok = 1, s = dial_or_fail(a[1], (unsigned int)num(a[2], &ok));

	if (s < 0)
		return;
	st_fill(1, 0, buf, 1000);
	send_all(s, buf, 1000);
	nap(200);	/* the peer has read it: the abort comes alone */
	rump_sys_setsockopt(s, RUMP_SOL_SOCKET, RUMP_SO_LINGER, &lg,
			    sizeof(lg));
	rump_sys_close(s);
	h->result(0, "aborted");
}

static void c_expect_reset(char **a)
{
	int ok = 1, c = accept_one((unsigned int)num(a[1], &ok));
	unsigned long long total = 0;
	long n;

	if (c < 0)
		return;
	while ((n = rump_sys_read(c, buf, BUFSZ)) > 0)
		total += (unsigned long long)n;
	h->result(0, "errno=%d bytes=%llu", n < 0 ? h->error() : 0, total);
	rump_sys_close(c);
}

static void c_halfclose_server(char **a)
{
	int ok = 1, c = accept_one((unsigned int)num(a[1], &ok)), m;
	unsigned long long sum = ST_FNV_INIT, total = 0;
	char *reply = (char *)buf + BUFSZ / 2;
	long n;

	if (c < 0)
		return;
	while ((n = rump_sys_read(c, buf, BUFSZ / 2)) > 0) {
		sum = st_fnv(sum, buf, (unsigned long)n);
		total += (unsigned long long)n;
	}
	/* Our half is still open: answer on it after the peer's EOF. */
	m = 0;
	for (int i = 0; i < 64; i++)
		reply[m++] = (char)('a' + i % 26);
	reply[m++] = '\n';
	ok = n == 0 && send_all(c, reply, (unsigned long)m) == 0;
	rump_sys_close(c);
	h->result(ok ? 0 : RUMP_EIO, "bytes=%llu fnv=%016llx answered=%d",
		  total, sum, ok);
}

static void c_halfclose_client(char **a)
{
	int ok = 1, s = dial_or_fail(a[1], (unsigned int)num(a[2], &ok));
	unsigned long long len = num(a[3], &ok), seed = num(a[4], &ok), sum,
			   got = 0;
	long n;

	if (s < 0)
		return;
	if (send_stream(s, seed, len, &sum) || rump_sys_shutdown(s, RUMP_SHUT_WR)) {
		fail("send");
		rump_sys_close(s);
		return;
	}
	while ((n = rump_sys_read(s, buf, BUFSZ)) > 0)
		got += (unsigned long long)n;
	rump_sys_close(s);
	h->result(n == 0 && got > 0 ? 0 : RUMP_EIO,
		  "sent=%llu fnv=%016llx answer=%llu", len, sum, got);
}

static void c_simclose(char **a)
{
	int ok = 1, c = accept_one((unsigned int)num(a[1], &ok));
	long n;

	if (c < 0)
		return;
	n = rump_sys_read(c, buf, 1);
	if (n == 1 && rump_sys_shutdown(c, RUMP_SHUT_WR) == 0)
		while ((n = rump_sys_read(c, buf, BUFSZ)) > 0)
			;
	h->result(n == 0 ? 0 : RUMP_EIO, "eof=%d errno=%d", n == 0,
		  n < 0 ? h->error() : 0);
	rump_sys_close(c);
}

static int udp_socket(unsigned int port)
{
	struct rump_sockaddr_in sin;
	int s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_DGRAM, 0);

	if (s < 0)
		return fail("socket");
	sin_of(&sin, "0.0.0.0", port);
	if (rump_sys_bind(s, SA(&sin), sizeof(sin)) < 0) {
		fail("bind");
		rump_sys_close(s);
		return -1;
	}
	return s;
}

static void c_udp_echo(char **a)
{
	struct rump_timeval tv = { 20, 0 };
	struct rump_sockaddr_in from;
	int ok = 1, count = (int)num(a[2], &ok), s, i;
	rump_socklen_t fl;
	long n = 0;

	s = ok ? udp_socket((unsigned int)num(a[1], &ok)) : -1;
	if (s < 0) {
		if (!ok)
			h->result(RUMP_EINVAL, "bad arguments");
		return;
	}
	rump_sys_setsockopt(s, RUMP_SOL_SOCKET, RUMP_SO_RCVTIMEO, &tv,
			    sizeof(tv));
	h->ready();
	for (i = 0; i < count; i++) {
		fl = sizeof(from);
		n = rump_sys_recvfrom(s, buf, BUFSZ, 0, SA(&from), &fl);
		if (n < 0 || rump_sys_sendto(s, buf, (unsigned long)n, 0,
					     SA(&from), fl) != n)
			break;
	}
	h->result(i == count ? 0 : h->error(), "echoed=%d last=%ld", i, n);
	rump_sys_close(s);
}

/* A datagram to ADDR:PORT on a connected socket, then the error the
 * ICMP answer leaves (port unreachable, fragmentation needed). */
static void c_udp_error(char **a)
{
	struct rump_timeval tv = { 5, 0 };
	struct rump_sockaddr_in to;
	int ok = 1, s, err = 0, i;

	if (sin_of(&to, a[1], (unsigned int)num(a[2], &ok)) || !ok) {
		h->result(RUMP_EINVAL, "bad arguments");
		return;
	}
	s = udp_socket(0);
	if (s < 0)
		return;
	rump_sys_setsockopt(s, RUMP_SOL_SOCKET, RUMP_SO_RCVTIMEO, &tv,
			    sizeof(tv));
	if (rump_sys_connect(s, SA(&to), sizeof(to)) < 0) {
		fail("connect");
		rump_sys_close(s);
		return;
	}
	/* The first may go before ARP: send until an error comes back. */
	for (i = 0; i < 5 && !err; i++) {
		if (rump_sys_sendto(s, "probe", 5, 0, (struct sockaddr *)0, 0) < 0 ||
		    rump_sys_recvfrom(s, buf, BUFSZ, 0, (struct sockaddr *)0,
				      (rump_socklen_t *)0) < 0)
			err = h->error();
		if (err == RUMP_EAGAIN)
			err = 0;
	}
	rump_sys_close(s);
	h->result(0, "errno=%d", err);
}

/* Read a request head; 0, or -1 on EOF or error. */
static int http_request(int c)
{
	long got = 0, n;

	while (got < 4096) {
		n = rump_sys_read(c, buf + got, 4096 - (unsigned long)got);
		if (n <= 0)
			return -1;
		got += n;
		if (got >= 4 && buf[got - 1] == '\n' &&
		    (buf[got - 2] == '\n' || buf[got - 3] == '\n'))
			return 0;
	}
	return 0;
}

static void c_http(char **a)
{
	static const char page[] = "HTTP/1.0 200 OK\r\n"
		"Content-Type: text/plain\r\nContent-Length: 32\r\n"
		"Connection: close\r\n\r\nserved by the rump kernel's TCP\n";
	int ok = 1, n = (int)num(a[2], &ok), l, c, i;

	l = ok ? tcp_listen((unsigned int)num(a[1], &ok)) : -1;
	if (l < 0) {
		if (!ok)
			h->result(RUMP_EINVAL, "bad arguments");
		return;
	}
	h->ready();
	for (i = 0; i < n; i++) {
		c = rump_sys_accept(l, (struct sockaddr *)0,
				    (rump_socklen_t *)0);
		if (c < 0)
			break;
		if (http_request(c) == 0)
			send_all(c, page, sizeof(page) - 1);
		rump_sys_close(c);
	}
	rump_sys_close(l);
	h->result(i == n ? 0 : h->error(), "served=%d", i);
}

static void c_ifdown(char **a)
{
	int err = rump_pub_netconfig_ifdown("virt0");

	h->result(err, "ifdown: %d", err);
}

static void c_ifup(char **a)
{
	int err = rump_pub_netconfig_ifup("virt0");

	h->result(err, "ifup: %d", err);
}

struct gcmd {
	const char *name;
	int argc;
	void (*fn)(char **argv);
};

static const struct gcmd cmds[] = {
	{ "ping", 3, c_ping }, { "recv", 4, c_recv }, { "send", 5, c_send },
	{ "sink", 3, c_sink }, { "source", 4, c_source },
	{ "echo", 3, c_echo }, { "conns", 5, c_conns },
	{ "connect", 4, c_connect }, { "reset", 3, c_reset },
	{ "expect-reset", 2, c_expect_reset },
	{ "halfclose-server", 2, c_halfclose_server },
	{ "halfclose-client", 5, c_halfclose_client },
	{ "simclose", 2, c_simclose }, { "udp-echo", 3, c_udp_echo },
	{ "udp-error", 3, c_udp_error }, { "http", 3, c_http },
	{ "ifdown", 1, c_ifdown }, { "ifup", 1, c_ifup },
};

static int same(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* Split line at blanks; the number of words. */
static int split(char *line, char **argv)
{
	int argc = 0;

	while (*line && argc < MAXARG) {
		while (*line == ' ' || *line == '\t' || *line == '\n')
			*line++ = '\0';
		if (!*line)
			break;
		argv[argc++] = line;
		while (*line && *line != ' ' && *line != '\t' && *line != '\n')
			line++;
	}
	return argc;
}

void gcmd_run(const struct gcmd_host *host, char *line)
{
	char *argv[MAXARG + 1] = { 0 };
	int argc;
	unsigned int i;

	h = host;
	argc = split(line, argv);
	for (i = 0; argc && i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (!same(argv[0], cmds[i].name))
			continue;
		if (argc != cmds[i].argc)
			break;
		cmds[i].fn(argv);
		return;
	}
	h->result(RUMP_EINVAL, "unknown command or wrong arguments");
}
