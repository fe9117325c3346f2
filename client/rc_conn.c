// SPDX-License-Identifier: BSD-2-Clause
/*
 * librumpclient's connection: connecting by URL, the banner, frames, and
 * requests from many threads at once.  Whoever waits for an answer and
 * finds nobody reading becomes the reader: it reads frames for every
 * thread, hands each answer to its waiter by request number and serves
 * the server's own requests (copyin, copyout, anonmmap, raise) from this
 * process's memory, until its own answer is in.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "rc.h"
#include "../hyp/common/common.h"
#include "../hyp/user/sendall.h"

struct rc_conn rc_conn = {
	.fd = -1,
	.mtx = PTHREAD_MUTEX_INITIALIZER,
	.cv = PTHREAD_COND_INITIALIZER,
	.sendmtx = PTHREAD_MUTEX_INITIALIZER,
};

void rc_reset(struct rc_conn *c, int fd)
{
	struct sp_url url = c->url;

	memset(c, 0, sizeof(*c));
	c->url = url;
	c->fd = fd;
	c->nextreq = 1;
	pthread_mutex_init(&c->mtx, NULL);
	pthread_cond_init(&c->cv, NULL);
	pthread_mutex_init(&c->sendmtx, NULL);
}

static int send_all(struct rc_conn *c, struct iovec *iov, int n)
{
	int error;

	pthread_mutex_lock(&c->sendmtx);
	error = rv_sendmsg_all(c->fd, iov, n);
	pthread_mutex_unlock(&c->sendmtx);
	return error ? RC_ENOTCONN : 0;
}

static int send_frame(struct rc_conn *c, uint64_t reqno, int class, int type,
		      uint32_t word, const void *body, size_t len)
{
	struct sp_hdr h = { .len = SP_HDRSZ + len, .reqno = reqno,
			    .class = (uint16_t)class, .type = (uint16_t)type,
			    .word = word };
	struct iovec iov[2] = { { &h, SP_HDRSZ }, { (void *)body, len } };

	return send_all(c, iov, len ? 2 : 1);
}

static int recv_all(struct rc_conn *c, void *buf, size_t len)
{
	char *p = buf;

	while (len > 0) {
		ssize_t n = recv(c->fd, p, len, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return RC_ENOTCONN;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int skip(struct rc_conn *c, size_t len)
{
	char buf[512];
	int error = 0;

	while (len > 0 && !error) {
		size_t n = len < sizeof(buf) ? len : sizeof(buf);

		error = recv_all(c, buf, n);
		len -= n;
	}
	return error;
}

/* The server wants n bytes at addr (a string: up to its NUL). */
static int serve_copyin(struct rc_conn *c, const struct sp_hdr *h)
{
	struct sp_copydata cd;
	const char *addr;
	size_t n;
	int error = recv_all(c, &cd, sizeof(cd));

	if (error)
		return error;
	addr = (const char *)(uintptr_t)cd.addr;
	n = cd.len;
	if (h->type == SP_COPYINSTR)
		n = strnlen(addr, n) + (strnlen(addr, n) < n);
	return send_frame(c, h->reqno, SP_RESP, SP_COPYIN, 0, addr, n);
}

/* Data for our memory: read straight to its address. */
static int serve_copyout(struct rc_conn *c, size_t body)
{
	struct sp_copydata cd;
	int error = recv_all(c, &cd, sizeof(cd));

	if (error)
		return error;
	if (cd.len != body - sizeof(cd))
		return RC_EPROTO;
	return recv_all(c, (void *)(uintptr_t)cd.addr, cd.len);
}

static int serve_anonmmap(struct rc_conn *c, const struct sp_hdr *h)
{
	uint64_t size;
	void *p;
	int error = recv_all(c, &size, sizeof(size));

	if (error)
		return error;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
	if (p == MAP_FAILED)
		p = NULL;
	return send_frame(c, h->reqno, SP_RESP, SP_ANONMMAP, 0, &p,
			  sizeof(p));
}

static int serve(struct rc_conn *c, const struct sp_hdr *h, size_t body)
{
	int sig;

	switch (h->type) {
	case SP_COPYIN:
	case SP_COPYINSTR:
		return serve_copyin(c, h);
	case SP_COPYOUT:
	case SP_COPYOUTSTR:
		return serve_copyout(c, body);
	case SP_ANONMMAP:
		return serve_anonmmap(c, h);
	case SP_RAISE:
		sig = rv_signal_to_linux((int)h->word);
		if (sig > 0)
			raise(sig);
		return 0;
	default:
		return RC_EPROTO;
	}
}

/* An answer for some thread's request (maybe ours). */
static int route(struct rc_conn *c, const struct sp_hdr *h, size_t body)
{
	struct rc_wait *w;
	int error = 0;

	pthread_mutex_lock(&c->mtx);
	for (w = c->waits; w; w = w->next)
		if (w->reqno == h->reqno && w->state == RC_W_WAIT)
			break;
	/* Its waiter stays until the state is DONE. */
	if (w)
		w->state = RC_W_RECV;
	pthread_mutex_unlock(&c->mtx);
	if (!w)
		return skip(c, body);
	if (h->class == SP_ERROR) {
		w->error = sp_err_to_errno(h->word);
		if (w->error <= 0)
			w->error = RC_EPROTO;
		error = skip(c, body);
	} else if (body > w->len) {
		w->error = RC_EPROTO;
		error = skip(c, body);
	} else {
		error = recv_all(c, w->buf, body);
		w->got = body;
		if (error)
			w->error = error;
	}
	pthread_mutex_lock(&c->mtx);
	w->state = RC_W_DONE;
	pthread_cond_broadcast(&c->cv);
	pthread_mutex_unlock(&c->mtx);
	return error;
}

/* Read and handle one frame. */
static int pump(struct rc_conn *c)
{
	struct sp_hdr h;
	struct sp_check ck;
	int error = recv_all(c, &h, SP_HDRSZ);

	if (error)
		return error;
	ck = sp_check_client(&h);
	if (ck.verdict == SP_V_CLOSE)
		return RC_EPROTO;
	if (ck.verdict == SP_V_REFUSE) {
		error = skip(c, ck.bodylen);
		return error ?: send_frame(c, h.reqno, SP_ERROR, 0, ck.err,
					   NULL, 0);
	}
	if (h.class == SP_REQ)
		return serve(c, &h, ck.bodylen);
	return route(c, &h, ck.bodylen);
}

/* c->mtx held: the link is gone, fail every waiter not being served. */
static void mark_dead(struct rc_conn *c)
{
	struct rc_wait *w;

	c->dead = 1;
	for (w = c->waits; w; w = w->next) {
		if (w->state == RC_W_WAIT) {
			w->error = RC_ENOTCONN;
			w->state = RC_W_DONE;
		}
	}
	pthread_cond_broadcast(&c->cv);
}

/* Wait for w, reading for everyone while nobody else does. */
static void await(struct rc_conn *c, struct rc_wait *w)
{
	struct rc_wait **wp;
	int error;

	pthread_mutex_lock(&c->mtx);
	while (w->state != RC_W_DONE) {
		if (c->receiving || w->state == RC_W_RECV) {
			pthread_cond_wait(&c->cv, &c->mtx);
			continue;
		}
		c->receiving = 1;
		pthread_mutex_unlock(&c->mtx);
		error = pump(c);
		pthread_mutex_lock(&c->mtx);
		c->receiving = 0;
		if (error) {
			/* Unblock the server side too. */
			shutdown(c->fd, SHUT_RDWR);
			mark_dead(c);
		}
		pthread_cond_broadcast(&c->cv);
	}
	for (wp = &c->waits; *wp; wp = &(*wp)->next) {
		if (*wp == w) {
			*wp = w->next;
			break;
		}
	}
	pthread_mutex_unlock(&c->mtx);
}

int rc_request(struct rc_conn *c, int type, uint32_t word, const void *body,
	       size_t len, void *resp, size_t resplen, size_t *got)
{
	struct rc_wait w = { .buf = resp, .len = resplen, .state = RC_W_WAIT };
	int error;

	pthread_mutex_lock(&c->mtx);
	if (c->dead || c->fd < 0) {
		pthread_mutex_unlock(&c->mtx);
		return RC_ENOTCONN;
	}
	w.reqno = c->nextreq++;
	w.next = c->waits;
	c->waits = &w;
	pthread_mutex_unlock(&c->mtx);
	error = send_frame(c, w.reqno, SP_REQ, type, word, body, len);
	if (error) {
		pthread_mutex_lock(&c->mtx);
		shutdown(c->fd, SHUT_RDWR);
		mark_dead(c);
		pthread_mutex_unlock(&c->mtx);
	}
	await(c, &w);
	if (got)
		*got = w.got;
	return w.error;
}

int rc_send_only(struct rc_conn *c, int type, uint32_t word,
		 const void *body, size_t len)
{
	uint64_t reqno;

	pthread_mutex_lock(&c->mtx);
	reqno = c->nextreq++;
	pthread_mutex_unlock(&c->mtx);
	return send_frame(c, reqno, SP_REQ, type, word, body, len);
}

int rc_handshake(struct rc_conn *c, int kind, const void *body, size_t len)
{
	int answer = -1;
	size_t got = 0;
	int error = rc_request(c, SP_HANDSHAKE, (uint32_t)kind, body, len,
			       &answer, sizeof(answer), &got);

	if (error)
		return error;
	if (got != sizeof(answer))
		return RC_EPROTO;
	return answer;
}

static int sock_for(const struct sp_url *u, struct sockaddr_storage *ss,
		    socklen_t *sl)
{
	struct sockaddr_un *sun = (struct sockaddr_un *)ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	switch (u->kind) {
	case SP_URL_UNIX:
		sun->sun_family = AF_UNIX;
		memcpy(sun->sun_path, u->path, strlen(u->path) + 1);
		*sl = sizeof(*sun);
		return AF_UNIX;
	case SP_URL_TCP:
		if (u->wildcard)
			return -1;
		sin->sin_family = AF_INET;
		sin->sin_port = htons(u->port);
		memcpy(&sin->sin_addr, u->addr, 4);
		*sl = sizeof(*sin);
		return AF_INET;
	default:
		return -1;
	}
}

/* The banner: one line, newline included, at most SP_BANNER_MAX. */
static int read_banner(int fd)
{
	char ch;
	int n;

	for (n = 0; n < SP_BANNER_MAX; n++) {
		ssize_t k = recv(fd, &ch, 1, 0);

		if (k < 0 && errno == EINTR) {
			n--;
			continue;
		}
		if (k <= 0)
			return RC_ENOTCONN;
		if (ch == '\n')
			return 0;
	}
	return RC_EPROTO;
}

int rc_connect(const struct rc_conn *c)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, af, one = 1, error;

	af = sock_for(&c->url, &ss, &sl);
	if (af < 0)
		return -RC_EINVAL;
	fd = socket(af, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -rv_errno_to_netbsd(errno);
	while (connect(fd, (struct sockaddr *)&ss, sl) != 0) {
		if (errno == EINTR)
			continue;
		error = rv_errno_to_netbsd(errno);
		close(fd);
		return -error;
	}
	if (af == AF_INET)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	error = read_banner(fd);
	if (error) {
		close(fd);
		return -error;
	}
	return fd;
}

void rc_attach(struct rc_conn *c, int fd)
{
	pthread_mutex_lock(&c->mtx);
	while (c->receiving)
		pthread_cond_wait(&c->cv, &c->mtx);
	if (c->fd >= 0)
		close(c->fd);
	c->fd = fd;
	c->dead = 0;
	pthread_mutex_unlock(&c->mtx);
}

void rc_disconnect(struct rc_conn *c)
{
	pthread_mutex_lock(&c->mtx);
	if (c->fd >= 0) {
		shutdown(c->fd, SHUT_RDWR);
		mark_dead(c);
		/* A thread reading must not see the number reused. */
		while (c->receiving)
			pthread_cond_wait(&c->cv, &c->mtx);
		close(c->fd);
		c->fd = -1;
	}
	pthread_mutex_unlock(&c->mtx);
}
