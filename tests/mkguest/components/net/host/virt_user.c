// SPDX-License-Identifier: BSD-2-Clause
/*
 * The user-space host half of the synthetic virtif driver, as NetBSD's
 * component archives carry one (RUMPCOMP_USER_SRCS: built for user space,
 * with libc, into the same archive).  In the kernel those functions are
 * rumpvisor.ko's: rumpvisor-mkguest must leave this object out.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/uio.h>
#include <unistd.h>

#include "../virtif.h"

struct virtif_user {
	int fd;
};

int rumpcomp_virt_create(const char *devstr, struct virtif_sc *sc,
			 uint8_t *enaddr, struct virtif_user **viup)
{
	struct virtif_user *viu = malloc(sizeof(*viu));

	(void)devstr;
	(void)sc;
	(void)enaddr;
	if (!viu)
		return 12;
	viu->fd = open("/dev/net/tun", O_RDWR);
	*viup = viu;
	return 0;
}

void rumpcomp_virt_send(struct virtif_user *viu, struct iovec *iov,
			size_t iovcnt)
{
	if (writev(viu->fd, iov, (int)iovcnt) < 0)
		return;
}

int rumpcomp_virt_dying(struct virtif_user *viu)
{
	(void)viu;
	return 0;
}

void rumpcomp_virt_destroy(struct virtif_user *viu)
{
	close(viu->fd);
	free(viu);
}
