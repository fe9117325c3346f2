// SPDX-License-Identifier: BSD-2-Clause
/* lxnet's helpers: sockets, numbers, time, results. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lxnet.h"

double lx_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

unsigned long long lx_num(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);

	if (*s == '\0' || *end) {
		fprintf(stderr, "lxnet: not a number: %s\n", s);
		exit(2);
	}
	return v;
}

int lx_sin(struct sockaddr_storage *ss, const char *host, int port)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	sin->sin_family = AF_INET;
	sin->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host, &sin->sin_addr) == 1 ? 0 : -1;
}

int lx_fail(const char *what)
{
	int e = errno;

	printf("error=%d what=%s (%s)\n", e, what, strerror(e));
	return 1;
}

void lx_result(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

int lx_listen(int port)
{
	struct sockaddr_storage ss;
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), on = 1;

	if (s < 0)
		return -1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	lx_sin(&ss, "0.0.0.0", port);
	if (bind(s, (struct sockaddr *)&ss, sizeof(struct sockaddr_in)) ||
	    listen(s, 256)) {
		close(s);
		return -1;
	}
	return s;
}

/* Accept one connection within timeout_ms; -1 with errno otherwise. */
int lx_accept(int l, int timeout_ms)
{
	struct pollfd p = { .fd = l, .events = POLLIN };
	int r = poll(&p, 1, timeout_ms);

	if (r <= 0) {
		errno = r == 0 ? ETIMEDOUT : errno;
		return -1;
	}
	return accept4(l, NULL, NULL, SOCK_CLOEXEC);
}

/* Connect, retrying for retry_secs while refused. */
int lx_dial(const char *host, int port, int retry_secs)
{
	struct sockaddr_storage ss;
	double end = lx_now() + retry_secs;
	int s;

	if (lx_sin(&ss, host, port)) {
		errno = EINVAL;
		return -1;
	}
	for (;;) {
		s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (s < 0)
			return -1;
		if (connect(s, (struct sockaddr *)&ss,
			    sizeof(struct sockaddr_in)) == 0)
			return s;
		close(s);
		if (errno != ECONNREFUSED || lx_now() > end)
			return -1;
		usleep(100000);
	}
}

int lx_send_all(int s, const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t w = send(s, p, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The Internet checksum (RFC 1071) of len bytes, in network order. */
unsigned short lx_cksum(const void *p, size_t len)
{
	const unsigned char *b = p;
	unsigned long s = 0;

	for (; len > 1; len -= 2, b += 2)
		s += (unsigned long)(b[0] << 8 | b[1]);
	if (len)
		s += (unsigned long)b[0] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return htons((unsigned short)~s);
}
