// SPDX-License-Identifier: BSD-2-Clause
/*
 * The "pair" backend: two guest processes that name the same link
 * ("pair:NAME") are wired back to back over a Unix stream socket in the
 * abstract namespace ("rumpvisor-pair-NAME": nothing in the file system,
 * nothing left behind, no root).  Whoever comes first listens, the other
 * connects; either may go away and come back.  Frames travel with a
 * 2-byte length in front.  Sending never waits more than a few
 * milliseconds: a full socket buffer drops the frame, as a full NIC
 * queue would.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <rump/rumpuser_component.h>

#include "virtif_user.h"

#define RXBUF		(512 * 1024)
#define SOCKBUF		(2 * 1024 * 1024)
#define SEND_WAIT_MS	20

struct pair {
	struct sockaddr_un addr;
	socklen_t addrlen;
	int listen_fd;
	int fd;			/* the link, -1 while unconnected */
	unsigned char *rx;
	size_t rxlen;
	uint64_t dropped;
};

static void set_bufs(int fd)
{
	int sz = SOCKBUF;

	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
}

static int pair_open(struct virtif_user *viu, const char *arg,
		     unsigned char *mac)
{
	struct pair *p = calloc(1, sizeof(*p));

	(void)mac;
	if (!p)
		return ENOMEM;
	p->rx = malloc(RXBUF);
	if (!p->rx) {
		free(p);
		return ENOMEM;
	}
	p->listen_fd = p->fd = -1;
	p->addr.sun_family = AF_UNIX;
	/* Abstract: a leading NUL, the name without terminator. */
	snprintf(p->addr.sun_path + 1, sizeof(p->addr.sun_path) - 1,
		 "rumpvisor-pair-%s", arg);
	p->addrlen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
				 strlen(p->addr.sun_path + 1));
	viu->viu_priv = p;
	return 0;
}

static void pair_setfd(struct virtif_user *viu, int fd)
{
	struct pair *p = viu->viu_priv;

	pthread_mutex_lock(&viu->viu_lock);
	if (p->fd >= 0)
		close(p->fd);
	p->fd = fd;
	p->rxlen = 0;
	pthread_mutex_unlock(&viu->viu_lock);
}

/* Not linked: connect to the other side, or wait for it. */
static void pair_link(struct virtif_user *viu)
{
	struct pair *p = viu->viu_priv;
	int fd;

	if (p->listen_fd < 0) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return;
		set_bufs(fd);
		if (connect(fd, (struct sockaddr *)&p->addr, p->addrlen) == 0) {
			fcntl(fd, F_SETFL, O_NONBLOCK);
			pair_setfd(viu, fd);
			return;
		}
		if (bind(fd, (struct sockaddr *)&p->addr, p->addrlen) != 0 ||
		    listen(fd, 1) != 0) {
			close(fd);	/* the other side got there first */
			return;
		}
		fcntl(fd, F_SETFL, O_NONBLOCK);
		p->listen_fd = fd;
	}
	fd = accept4(p->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (fd >= 0) {
		set_bufs(fd);
		pair_setfd(viu, fd);
	}
}

/* Hand complete frames in the buffer to the receive batch. */
static void pair_frames(struct virtif_user *viu, struct pair *p)
{
	size_t off = 0, len;

	while (p->rxlen - off >= 2) {
		len = (size_t)p->rx[off] << 8 | p->rx[off + 1];
		if (p->rxlen - off - 2 < len)
			break;
		viu_rx_frame(viu, p->rx + off + 2, len);
		off += 2 + len;
	}
	memmove(p->rx, p->rx + off, p->rxlen - off);
	p->rxlen -= off;
}

static int pair_poll(struct virtif_user *viu, int timeout_ms)
{
	struct pair *p = viu->viu_priv;
	struct pollfd pfd[2];
	ssize_t n;
	char c;

	if (p->fd < 0)
		pair_link(viu);
	pfd[0].fd = viu->viu_wake[0];
	pfd[0].events = POLLIN;
	pfd[1].fd = p->fd >= 0 ? p->fd : p->listen_fd;
	pfd[1].events = POLLIN;
	if (pfd[1].fd < 0)
		timeout_ms = timeout_ms < 20 ? timeout_ms : 20;
	if (poll(pfd, 2, timeout_ms) < 0 && errno != EINTR)
		return -1;
	if (viu->viu_dying) {
		while (read(viu->viu_wake[0], &c, 1) > 0)
			;
		return -1;
	}
	if (p->fd < 0 || !(pfd[1].revents & (POLLIN | POLLHUP | POLLERR)))
		return 0;
	for (;;) {
		n = read(p->fd, p->rx + p->rxlen, RXBUF - p->rxlen);
		if (n > 0) {
			p->rxlen += (size_t)n;
			pair_frames(viu, p);
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			pair_setfd(viu, -1);	/* the other side left */
		break;
	}
	return 0;
}

/* Write all of it; false if the link is gone or stays full. */
static bool write_full(int fd, struct iovec *iov, int iovcnt)
{
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = (size_t)iovcnt };
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	bool started = false;
	ssize_t n;

	while (msg.msg_iovlen > 0) {
		n = sendmsg(fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				return false;
			/* Half a frame must be completed; a whole one may
			 * wait a little, then go. */
			if (poll(&pfd, 1, started ? 1000 : SEND_WAIT_MS) <= 0 &&
			    !started)
				return false;
			continue;
		}
		started = true;
		while (msg.msg_iovlen > 0 && (size_t)n >= msg.msg_iov->iov_len) {
			n -= (ssize_t)msg.msg_iov->iov_len;
			msg.msg_iov++;
			msg.msg_iovlen--;
		}
		if (msg.msg_iovlen > 0) {
			msg.msg_iov->iov_base = (char *)msg.msg_iov->iov_base + n;
			msg.msg_iov->iov_len -= (size_t)n;
		}
	}
	return true;
}

static void pair_send(struct virtif_user *viu, const struct iovec *iov,
		      int iovcnt)
{
	struct pair *p = viu->viu_priv;
	struct iovec v[34];
	unsigned char hdr[2];
	size_t len = 0;
	void *cookie;
	int i;

	if (iovcnt > 32)
		return;
	for (i = 0; i < iovcnt; i++) {
		len += iov[i].iov_len;
		v[i + 1] = iov[i];
	}
	if (len > 0xffff)
		return;
	hdr[0] = (unsigned char)(len >> 8);
	hdr[1] = (unsigned char)len;
	v[0].iov_base = hdr;
	v[0].iov_len = 2;
	pthread_mutex_lock(&viu->viu_lock);
	if (p->fd < 0) {
		p->dropped++;
	} else {
		/* The write may wait a little: not on a virtual CPU. */
		cookie = rumpuser_component_unschedule();
		if (!write_full(p->fd, v, iovcnt + 1))
			p->dropped++;
		rumpuser_component_schedule(cookie);
	}
	pthread_mutex_unlock(&viu->viu_lock);
}

static void pair_close(struct virtif_user *viu)
{
	struct pair *p = viu->viu_priv;

	if (!p)
		return;
	if (p->fd >= 0)
		close(p->fd);
	if (p->listen_fd >= 0)
		close(p->listen_fd);
	free(p->rx);
	free(p);
	viu->viu_priv = NULL;
}

const struct viu_backend viu_backend_pair = {
	.name = "pair",
	.open = pair_open,
	.send = pair_send,
	.poll = pair_poll,
	.close = pair_close,
};
