// SPDX-License-Identifier: BSD-2-Clause
/* The raw protocol client of the syscall proxy tests (raw.h). */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "raw.h"
#include "../../hyp/common/sp_url.h"

static int wait_readable(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n;

	do {
		n = poll(&p, 1, timeout_ms);
	} while (n < 0 && errno == EINTR);
	return n > 0 ? 0 : -1;
}

static int read_all(int fd, void *buf, size_t len, int timeout_ms)
{
	char *p = buf;

	while (len > 0) {
		ssize_t n;

		if (wait_readable(fd, timeout_ms) != 0)
			return -1;
		n = recv(fd, p, len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int raw_connect(void)
{
	struct sp_url u;
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct sockaddr_in sin = { .sin_family = AF_INET };
	char ch;
	int fd, i;

	if (sp_url_parse(getenv("RUMP_SERVER"), &u, NULL) != 0)
		return -1;
	fd = socket(u.kind == SP_URL_UNIX ? AF_UNIX : AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	if (u.kind == SP_URL_UNIX) {
		strcpy(sun.sun_path, u.path);
		i = connect(fd, (struct sockaddr *)&sun, sizeof(sun));
	} else {
		sin.sin_port = htons(u.port);
		memcpy(&sin.sin_addr, u.addr, 4);
		i = connect(fd, (struct sockaddr *)&sin, sizeof(sin));
	}
	for (i = i ? SP_BANNER_MAX : 0; i < SP_BANNER_MAX; i++) {
		if (read_all(fd, &ch, 1, 5000) != 0)
			break;
		if (ch == '\n')
			return fd;
	}
	close(fd);
	return -1;
}

int raw_write(int fd, const void *buf, size_t len)
{
	return send(fd, buf, len, MSG_NOSIGNAL) == (ssize_t)len ? 0 : -1;
}

int raw_send(int fd, uint64_t reqno, int class, int type, uint32_t word,
	     const void *body, size_t len)
{
	struct sp_hdr h = { .len = SP_HDRSZ + len, .reqno = reqno,
			    .class = (uint16_t)class, .type = (uint16_t)type,
			    .word = word };

	if (raw_write(fd, &h, SP_HDRSZ) != 0)
		return -1;
	return len ? raw_write(fd, body, len) : 0;
}

int raw_recv(int fd, struct sp_hdr *h, void *body, size_t cap,
	     int timeout_ms)
{
	size_t len, keep;
	char junk[256];

	if (read_all(fd, h, SP_HDRSZ, timeout_ms) != 0 || h->len < SP_HDRSZ)
		return -1;
	len = h->len - SP_HDRSZ;
	keep = len < cap ? len : cap;
	if (keep && read_all(fd, body, keep, timeout_ms) != 0)
		return -1;
	for (len -= keep; len > 0;) {
		size_t n = len < sizeof(junk) ? len : sizeof(junk);

		if (read_all(fd, junk, n, timeout_ms) != 0)
			return -1;
		len -= n;
	}
	return 0;
}

int raw_wait_closed(int fd, int timeout_ms)
{
	char buf[256];

	for (;;) {
		ssize_t n;

		if (wait_readable(fd, timeout_ms) != 0)
			return -1;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
	}
}

int raw_guest(int fd, const char *comm)
{
	struct sp_hdr h;
	int answer = -1;

	if (raw_send(fd, 1, SP_REQ, SP_HANDSHAKE, SP_HS_GUEST, comm,
		     strlen(comm) + 1) != 0 ||
	    raw_recv(fd, &h, &answer, sizeof(answer), 5000) != 0 ||
	    h.class != SP_RESP || h.type != SP_HANDSHAKE)
		return -1;
	return answer;
}

/* The server asks for our memory while our call runs. */
static int serve(int fd, const struct sp_hdr *h, const void *body)
{
	const struct sp_copydata *cd = body;
	const char *addr = (const char *)(uintptr_t)cd->addr;
	size_t n = cd->len;

	switch (h->type) {
	case SP_COPYIN:
		return raw_send(fd, h->reqno, SP_RESP, SP_COPYIN, 0, addr, n);
	case SP_COPYINSTR:
		n = strnlen(addr, n) + (strnlen(addr, n) < n);
		return raw_send(fd, h->reqno, SP_RESP, SP_COPYIN, 0, addr, n);
	case SP_COPYOUT:
	case SP_COPYOUTSTR:
		if (h->len - SP_HDRSZ - sizeof(*cd) != n)
			return -1;
		memcpy((void *)(uintptr_t)cd->addr, cd + 1, n);
		return 0;
	default:
		return -1;
	}
}

int raw_syscall(int fd, int num, const long *args, int nargs, int *error,
		long *rv)
{
	static uint64_t reqno = 1000;
	uint64_t me = __atomic_add_fetch(&reqno, 1, __ATOMIC_RELAXED);
	struct sp_hdr h;
	char *body = malloc(SP_MAX_COPY + 64);
	int rc = -1;

	if (!body || raw_send(fd, me, SP_REQ, SP_SYSCALL, (uint32_t)num, args,
			      (size_t)nargs * sizeof(long)) != 0)
		goto out;
	while (raw_recv(fd, &h, body, SP_MAX_COPY + 64, 10000) == 0) {
		if (h.class == SP_REQ) {
			if (serve(fd, &h, body) != 0)
				break;
			continue;
		}
		if (h.reqno != me || h.class != SP_RESP)
			break;
		{
			struct sp_sysresp *r = (void *)body;

			*error = r->error;
			rv[0] = r->retval[0];
			rv[1] = r->retval[1];
			rc = 0;
		}
		break;
	}
out:
	free(body);
	return rc;
}
