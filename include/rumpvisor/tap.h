/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Handing a tap device to rumpvisor.ko: the kernel cannot attach to a
 * tap device by itself (that takes the TUNSETIFF ioctl, whose argument
 * lives in user memory), so a program does it, as for vhost-net: it
 * opens /dev/net/tun, attaches it to the tap device (IFF_TAP |
 * IFF_NO_PI), and passes the descriptor to rumpvisor with
 * RUMPVISOR_TAP_ADD on /dev/rumpvisor-tap.  rumpvisor keeps the file
 * (the tap device lives while it does) until RUMPVISOR_TAP_DEL or its
 * unload; a guest interface with the link string "tap:NAME" uses it.
 * Reading /dev/rumpvisor-tap lists the files held ("NAME free|in-use").
 * rumptap(8) does all of this.  Both need CAP_NET_ADMIN.
 *
 * For user space and the kernel alike.
 */
#ifndef RUMPVISOR_TAP_H
#define RUMPVISOR_TAP_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define RUMPVISOR_TAP_DEV	"/dev/rumpvisor-tap"
#define RUMPVISOR_TAP_NAMESIZ	16	/* IFNAMSIZ */

struct rumpvisor_tap {
	__s32 fd;			/* ADD: the attached /dev/net/tun file */
	__u32 flags;			/* 0 */
	char name[RUMPVISOR_TAP_NAMESIZ];	/* the tap device's name */
};

/* EEXIST: a file of that name is held; EINVAL: fd is no tun/tap file. */
#define RUMPVISOR_TAP_ADD	_IOW('r', 0x40, struct rumpvisor_tap)
/* ENOENT: none of that name; EBUSY: a guest interface uses it. */
#define RUMPVISOR_TAP_DEL	_IOW('r', 0x41, struct rumpvisor_tap)

#endif /* RUMPVISOR_TAP_H */
