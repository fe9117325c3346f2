// SPDX-License-Identifier: BSD-2-Clause
/*
 * The network demo, portable (see netdemo.h): the 2013 demo's steps,
 * fetching a page over the guest's TCP and being pinged, plus a web
 * server in the guest.  Only the rump client API; the host glue gives
 * output, errno and the threads.
 */
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>
#include <rump/netconfig.h>

#include "netdemo.h"

#define say(...)	h->print(__VA_ARGS__)
#define SA(p)		((struct sockaddr *)(void *)(p))
#define BUFSZ		4096

static int stop_req;		/* netdemo_stop asked */
static int serving;		/* netdemo_serve runs */
static char fetchbuf[BUFSZ];	/* one fetch at a time */
static char tail[NETDEMO_TAIL];
static char reqbuf[BUFSZ];	/* one server */
static char page[BUFSZ];

static unsigned short be16(unsigned short v)
{
	return (unsigned short)((v >> 8) | (v << 8));
}

/* "a.b.c.d" in network byte order; 0 and *ok = 0 when malformed. */
static rump_in_addr_t parse_addr(const char *s, int *ok)
{
	unsigned int part = 0, nparts = 0, digits = 0;
	unsigned char b[4];

	*ok = 0;
	for (;; s++) {
		if (*s >= '0' && *s <= '9' && digits < 3) {
			part = part * 10 + (unsigned int)(*s - '0');
			digits++;
			continue;
		}
		if (!digits || part > 255 || nparts == 4)
			return 0;
		b[nparts++] = (unsigned char)part;
		part = digits = 0;
		if (*s == '\0')
			break;
		if (*s != '.')
			return 0;
	}
	if (nparts != 4)
		return 0;
	*ok = 1;
	return (rump_in_addr_t)b[0] | (rump_in_addr_t)b[1] << 8 |
	       (rump_in_addr_t)b[2] << 16 | (rump_in_addr_t)b[3] << 24;
}

static int make_sin(struct rump_sockaddr_in *sin, const char *addr, int port)
{
	int ok = 1;
	char *p = (char *)sin;

	for (unsigned int i = 0; i < sizeof(*sin); i++)
		p[i] = 0;
	sin->sin_len = sizeof(*sin);
	sin->sin_family = RUMP_AF_INET;
	sin->sin_port = be16((unsigned short)port);
	sin->sin_addr.s_addr = addr ? parse_addr(addr, &ok) : 0;
	return ok;
}

/* Sleep ms in the guest (poll with nothing to wait for). */
static void nap(int ms)
{
	rump_sys_poll((struct pollfd *)0, 0, ms);
}

int netdemo_up(const struct netdemo_host *h, const char *link,
	       const char *addr, int prefix)
{
	int err = rump_pub_netconfig_ifcreate("virt0");

	if (!err && link)
		err = rump_pub_netconfig_ifsetlinkstr("virt0", link);
	if (!err)
		err = rump_pub_netconfig_ipv4_ifaddr_cidr("virt0", addr, prefix);
	if (err)
		say("FAILED: virt0 on %s with %s/%d: error %d",
		    link ? link : "the default link", addr, prefix, err);
	else
		say("virt0 is up on %s, address %s/%d",
		    link ? link : "the default link", addr, prefix);
	return err;
}

/* A TCP connection to server:port, tried for up to seconds; fd or -errno. */
static int dial(const struct netdemo_host *h, const char *server, int port,
		int seconds)
{
	struct rump_sockaddr_in sin;
	int s, t, keepinit = 1, err = 0;

	if (!make_sin(&sin, server, port))
		return -RUMP_EINVAL;
	for (t = 0; t < seconds && !__atomic_load_n(&stop_req, __ATOMIC_RELAXED);
	     t++) {
		s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_STREAM, 0);
		if (s < 0)
			return -h->error();
		/* A connection attempt gives up after a second. */
		rump_sys_setsockopt(s, RUMP_IPPROTO_TCP, RUMP_TCP_KEEPINIT,
				    &keepinit, sizeof(keepinit));
		if (rump_sys_connect(s, SA(&sin), sizeof(sin)) == 0)
			return s;
		err = h->error();
		rump_sys_close(s);
		if (err != RUMP_ETIMEDOUT)
			nap(1000);
	}
	return -(err ? err : RUMP_ETIMEDOUT);
}

static int send_all(int s, const char *p, long n)
{
	while (n > 0) {
		long w = rump_sys_write(s, p, (size_t)n);

		if (w <= 0)
			return -1;
		p += w;
		n -= w;
	}
	return 0;
}

/* Keep the last NETDEMO_TAIL bytes of the stream in tail (a ring). */
static void keep_tail(const char *p, long n, unsigned long *total)
{
	for (long i = 0; i < n; i++)
		tail[(*total + (unsigned long)i) % NETDEMO_TAIL] = p[i];
	*total += (unsigned long)n;
}

/* Print the tail line by line, oldest byte first. */
static void print_tail(const struct netdemo_host *h, unsigned long total)
{
	unsigned long n = total < NETDEMO_TAIL ? total : NETDEMO_TAIL;
	unsigned long first = total - n, i;
	char line[100];
	int len = 0;

	for (i = 0; i < n; i++) {
		char c = tail[(first + i) % NETDEMO_TAIL];

		if (c == '\r')
			continue;
		if (c != '\n' && len < (int)sizeof(line) - 1) {
			line[len++] = (c >= 32 && c < 127) ? c : '.';
			continue;
		}
		line[len] = '\0';
		say("| %s", line);
		len = 0;
		if (c != '\n')
			line[len++] = (c >= 32 && c < 127) ? c : '.';
	}
	if (len) {
		line[len] = '\0';
		say("| %s", line);
	}
}

/* Append s to buf (of size), keeping the NUL; the new length. */
static int append(char *buf, int len, int size, const char *s)
{
	while (*s && len < size - 1)
		buf[len++] = *s++;
	buf[len] = '\0';
	return len;
}

static int append_num(char *buf, int len, int size, unsigned long v)
{
	char digits[24];
	int n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n > 0 && len < size - 1)
		buf[len++] = digits[--n];
	buf[len] = '\0';
	return len;
}

/* The status line: the start of the stream up to its first CR/LF. */
static void status_line(const char *p, long n, char *out, int size)
{
	int i;

	for (i = 0; i < n && i < size - 1 && p[i] != '\r' && p[i] != '\n'; i++)
		out[i] = p[i] >= 32 && p[i] < 127 ? p[i] : '.';
	out[i] = '\0';
}

int netdemo_fetch(const struct netdemo_host *h, const char *server, int port,
		  const char *path, int seconds)
{
	unsigned long total = 0;
	char status[80] = "";
	int s, n;

	say("fetching http://%s:%d%s over the guest's TCP/IP stack", server,
	    port, path);
	s = dial(h, server, port, seconds);
	if (s < 0) {
		say("FAILED: connect to %s:%d: error %d", server, port, -s);
		return -s;
	}
	n = append(fetchbuf, 0, BUFSZ, "GET ");
	n = append(fetchbuf, n, BUFSZ, path);
	n = append(fetchbuf, n, BUFSZ, " HTTP/1.0\r\nHost: ");
	n = append(fetchbuf, n, BUFSZ, server);
	n = append(fetchbuf, n, BUFSZ, "\r\nUser-Agent: rump-netdemo\r\n\r\n");
	if (send_all(s, fetchbuf, n) < 0) {
		n = h->error();
		say("FAILED: sending the request: error %d", n);
		rump_sys_close(s);
		return n;
	}
	while ((n = (int)rump_sys_read(s, fetchbuf, BUFSZ)) > 0) {
		if (!total)
			status_line(fetchbuf, n, status, sizeof(status));
		keep_tail(fetchbuf, n, &total);
	}
	n = n < 0 ? h->error() : 0;
	rump_sys_close(s);
	if (n) {
		say("FAILED: reading the reply: error %d", n);
		return n;
	}
	say("fetched %lu bytes (\"%s\"); the last %d:", total, status,
	    total < NETDEMO_TAIL ? (int)total : NETDEMO_TAIL);
	print_tail(h, total);
	say("end of the page");
	return 0;
}

int netdemo_listen(const struct netdemo_host *h, int port)
{
	struct rump_sockaddr_in sin;
	int s, on = 1, err;

	make_sin(&sin, (const char *)0, port);
	s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_STREAM, 0);
	if (s < 0)
		return -h->error();
	rump_sys_setsockopt(s, RUMP_SOL_SOCKET, RUMP_SO_REUSEADDR, &on,
			    sizeof(on));
	if (rump_sys_bind(s, SA(&sin), sizeof(sin)) < 0 ||
	    rump_sys_listen(s, 64) < 0) {
		err = h->error();
		rump_sys_close(s);
		say("FAILED: listening on port %d: error %d", port, err);
		return -err;
	}
	say("serving HTTP on port %d", port);
	return s;
}

/* Read the request head (up to an empty line); the request line. */
static int read_request(int c, char *line, int size)
{
	long got = 0, n;
	int i;

	while (got < BUFSZ - 1) {
		n = rump_sys_read(c, reqbuf + got, (size_t)(BUFSZ - 1 - got));
		if (n <= 0)
			break;
		got += n;
		reqbuf[got] = '\0';
		for (i = 2; i < got; i++)
			if (reqbuf[i] == '\n' && (reqbuf[i - 1] == '\n' ||
			    (reqbuf[i - 1] == '\r' && reqbuf[i - 2] == '\n')))
				goto done;
	}
	if (got == 0)
		return -1;
done:
	status_line(reqbuf, got, line, size);
	return 0;
}

static int build_page(const struct netdemo_host *h, unsigned long nreq,
		      const char *request)
{
	static const char head[] = "HTTP/1.0 200 OK\r\n"
		"Content-Type: text/html\r\nConnection: close\r\n"
		"Content-Length: ";
	char body[1024];
	int b = 0, n;

	b = append(body, b, sizeof(body), "<html><head><title>rump kernel"
		   "</title></head><body>\n<h1>Hello from a rump kernel</h1>\n"
		   "<p>This page was served by the TCP/IP stack of a rump "
		   "kernel (rumpvisor's reference guest) running ");
	b = append(body, b, sizeof(body), h->where);
	b = append(body, b, sizeof(body), ".</p>\n<p>Request ");
	b = append_num(body, b, sizeof(body), nreq);
	b = append(body, b, sizeof(body), ": ");
	b = append(body, b, sizeof(body), request);
	b = append(body, b, sizeof(body), "</p>\n</body></html>\n");
	n = append(page, 0, BUFSZ, head);
	n = append_num(page, n, BUFSZ, (unsigned long)b);
	n = append(page, n, BUFSZ, "\r\n\r\n");
	return append(page, n, BUFSZ, body);
}

/* One connection: read the request, answer, close. */
static void serve_one(const struct netdemo_host *h, int c, unsigned long nreq)
{
	char line[120];
	struct rump_timeval tv = { 5, 0 };
	int n;

	rump_sys_setsockopt(c, RUMP_SOL_SOCKET, RUMP_SO_RCVTIMEO, &tv,
			    sizeof(tv));
	if (read_request(c, line, sizeof(line)) == 0) {
		n = build_page(h, nreq, line);
		send_all(c, page, n);
	}
	rump_sys_close(c);
}

long netdemo_serve(const struct netdemo_host *h, int fd)
{
	struct rump_pollfd pfd;
	unsigned long nreq = 0;
	int c, err = 0;

	__atomic_store_n(&serving, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&stop_req, __ATOMIC_SEQ_CST)) {
		pfd.fd = fd;
		pfd.events = RUMP_POLLIN;
		pfd.revents = 0;
		/* Wake up now and then to see whether to stop. */
		if (rump_sys_poll((struct pollfd *)(void *)&pfd, 1, 200) <= 0)
			continue;
		c = rump_sys_accept(fd, (struct sockaddr *)0,
				    (rump_socklen_t *)0);
		if (c < 0) {
			err = h->error();
			if (err == RUMP_ECONNABORTED || err == RUMP_EAGAIN)
				continue;
			say("FAILED: accept: error %d", err);
			break;
		}
		serve_one(h, c, ++nreq);
	}
	rump_sys_close(fd);
	say("the web server stops after %lu request(s)", nreq);
	__atomic_store_n(&serving, 0, __ATOMIC_SEQ_CST);
	return err ? -err : (long)nreq;
}

void netdemo_stop(const struct netdemo_host *h)
{
	int i;

	__atomic_store_n(&stop_req, 1, __ATOMIC_SEQ_CST);
	for (i = 0; i < 50 && __atomic_load_n(&serving, __ATOMIC_SEQ_CST); i++)
		nap(100);
	if (__atomic_load_n(&serving, __ATOMIC_SEQ_CST))
		say("the web server did not stop in 5 s");
}

/* The Internet checksum of an ICMP message. */
static unsigned short cksum(const unsigned char *p, int len)
{
	unsigned long s = 0;

	for (; len > 1; len -= 2, p += 2)
		s += (unsigned long)(p[0] << 8 | p[1]);
	if (len)
		s += (unsigned long)p[0] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (unsigned short)~s;
}

/* One echo request (id, seq); 1 when its reply came within a second. */
static int echo(int s, struct rump_sockaddr_in *to, int seq)
{
	unsigned char req[64], rep[128];
	unsigned short ck;
	long n;
	int i;

	for (i = 0; i < 64; i++)
		req[i] = (unsigned char)(i < 8 ? 0 : i);
	req[0] = 8;				/* echo request */
	req[4] = 0x4e;				/* id */
	req[6] = (unsigned char)(seq >> 8);
	req[7] = (unsigned char)seq;
	ck = cksum(req, 64);
	req[2] = (unsigned char)(ck >> 8);
	req[3] = (unsigned char)ck;
	if (rump_sys_sendto(s, req, 64, 0, SA(to), sizeof(*to)) != 64)
		return 0;
	for (;;) {
		n = rump_sys_recvfrom(s, rep, sizeof(rep), 0,
				      (struct sockaddr *)0,
				      (rump_socklen_t *)0);
		if (n < 0)
			return 0;
		/* IP header (20), then ICMP: an echo reply to this one. */
		if (n >= 20 + 64 && rep[20] == 0 && rep[24] == 0x4e &&
		    rep[27] == (unsigned char)seq)
			return cksum(rep + 20, 64) == 0;
	}
}

int netdemo_ping(const struct netdemo_host *h, const char *addr, int count)
{
	struct rump_timeval tv = { 1, 0 };
	struct rump_sockaddr_in to;
	int s, i, got = 0;

	if (!make_sin(&to, addr, 0))
		return 0;
	s = rump_sys_socket(RUMP_AF_INET, RUMP_SOCK_RAW, RUMP_IPPROTO_ICMP);
	if (s < 0) {
		say("FAILED: raw socket: error %d", h->error());
		return 0;
	}
	rump_sys_setsockopt(s, RUMP_SOL_SOCKET, RUMP_SO_RCVTIMEO, &tv,
			    sizeof(tv));
	for (i = 1; i <= count; i++) {
		int ok = echo(s, &to, i);

		got += ok;
		say("ping %s seq=%d: %s", addr, i, ok ? "reply" : "no reply");
		if (i < count)
			nap(ok ? 1000 : 1);
	}
	rump_sys_close(s);
	say("ping %s: %d of %d answered", addr, got, count);
	return got;
}
