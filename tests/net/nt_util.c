// SPDX-License-Identifier: BSD-2-Clause
/* Helpers of the network tests (nt.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "nt.h"
#include "stream.h"

int nt_fail(struct nt_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof(c->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void nt_note(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("# %s\n", buf);
	fflush(stdout);
}

void nt_signal(struct nt_ctx *c, uint64_t v)
{
	ssize_t n = write(c->to_peer, &v, sizeof(v));

	(void)n;
}

uint64_t nt_wait(struct nt_ctx *c)
{
	uint64_t v = ~0ULL;
	ssize_t n = read(c->from_peer, &v, sizeof(v));

	return n == sizeof(v) ? v : ~0ULL;
}

void nt_sin(struct rump_sockaddr_in *sin, const char *addr, int port)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_len = sizeof(*sin);
	sin->sin_family = RUMP_AF_INET;
	sin->sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, addr, &sin->sin_addr.s_addr);
}

void nt_fill(uint64_t seed, uint64_t off, void *buf, size_t len)
{
	st_fill(seed, off, buf, len);
}

uint64_t nt_check(uint64_t seed, uint64_t off, const void *buf, size_t len)
{
	return st_check(seed, off, buf, len);
}

uint64_t nt_fnv(uint64_t h, const void *buf, size_t len)
{
	return st_fnv(h, buf, len);
}

int nt_errno(void)
{
	return errno;
}

double nt_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

long nt_send_stream(int s, uint64_t seed, uint64_t len, uint64_t *sum)
{
	static __thread unsigned char buf[65536];
	uint64_t off = 0;
	ssize_t n;
	size_t chunk;

	*sum = NT_FNV_INIT;
	while (off < len) {
		chunk = len - off < sizeof(buf) ? (size_t)(len - off) : sizeof(buf);
		nt_fill(seed, off, buf, chunk);
		*sum = nt_fnv(*sum, buf, chunk);
		n = rump_sys_write(s, buf, chunk);
		if (n <= 0)
			return n < 0 ? -errno : -1;
		/* A short write: send the rest of this chunk first. */
		while ((size_t)n < chunk) {
			ssize_t m = rump_sys_write(s, buf + n, chunk - (size_t)n);

			if (m <= 0)
				return m < 0 ? -errno : -1;
			n += m;
		}
		off += chunk;
	}
	return 0;
}

long nt_recv_stream(int s, uint64_t seed, uint64_t len, uint64_t *sum,
		    uint64_t *bad)
{
	static __thread unsigned char buf[65536];
	uint64_t off = 0, b;
	ssize_t n;

	*sum = NT_FNV_INIT;
	*bad = 0;
	while (off < len) {
		size_t want = len - off < sizeof(buf) ? (size_t)(len - off) :
			      sizeof(buf);

		n = rump_sys_read(s, buf, want);
		if (n < 0)
			return -errno;
		if (n == 0)
			return -1;	/* early EOF */
		b = nt_check(seed, off, buf, (size_t)n);
		if (b && !*bad)
			*bad = b;
		*sum = nt_fnv(*sum, buf, (size_t)n);
		off += (uint64_t)n;
	}
	return 0;
}
