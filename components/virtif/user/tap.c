// SPDX-License-Identifier: BSD-2-Clause
/*
 * The "tap" backend: attach to a Linux tap device (/dev/net/tun,
 * IFF_TAP | IFF_NO_PI), made beforehand by an administrator
 * (`ip tuntap add NAME mode tap`) or created here when root may.  Each
 * read is one frame, each write one frame.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "virtif_user.h"

struct tap {
	int fd;
	unsigned char *rx;
};

static int tap_open(struct virtif_user *viu, const char *arg,
		    unsigned char *mac)
{
	struct ifreq ifr;
	struct tap *t;
	int error;

	(void)mac;	/* the guest keeps its own address */
	if (strlen(arg) >= IFNAMSIZ)
		return EINVAL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return ENOMEM;
	t->rx = malloc(VIU_MAXFRAME);
	t->fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
	if (!t->rx || t->fd < 0) {
		error = t->rx ? errno : ENOMEM;
		goto fail;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	strncpy(ifr.ifr_name, arg, IFNAMSIZ - 1);
	if (ioctl(t->fd, TUNSETIFF, &ifr) != 0) {
		error = errno;
		goto fail;
	}
	viu->viu_priv = t;
	return 0;
fail:
	if (t->fd >= 0)
		close(t->fd);
	free(t->rx);
	free(t);
	return error;
}

static int tap_poll(struct virtif_user *viu, int timeout_ms)
{
	struct tap *t = viu->viu_priv;
	struct pollfd pfd[2];
	ssize_t n;
	int i;

	pfd[0].fd = viu->viu_wake[0];
	pfd[0].events = POLLIN;
	pfd[1].fd = t->fd;
	pfd[1].events = POLLIN;
	if (poll(pfd, 2, timeout_ms) < 0 && errno != EINTR)
		return -1;
	if (viu->viu_dying)
		return -1;
	for (i = 0; i < 64; i++) {
		n = read(t->fd, t->rx, VIU_MAXFRAME);
		if (n <= 0)
			break;
		viu_rx_frame(viu, t->rx, (size_t)n);
	}
	return 0;
}

static void tap_send(struct virtif_user *viu, const struct iovec *iov,
		     int iovcnt)
{
	struct tap *t = viu->viu_priv;
	ssize_t n;

	/* A tap device takes a frame or refuses it at once. */
	n = writev(t->fd, iov, iovcnt);
	(void)n;
}

static void tap_close(struct virtif_user *viu)
{
	struct tap *t = viu->viu_priv;

	if (!t)
		return;
	close(t->fd);
	free(t->rx);
	free(t);
	viu->viu_priv = NULL;
}

const struct viu_backend viu_backend_tap = {
	.name = "tap",
	.open = tap_open,
	.send = tap_send,
	.poll = tap_poll,
	.close = tap_close,
};
