/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ioctl command encoding (NetBSD <sys/ioccom.h>): the command word holds
 * the argument's size and whether it is copied in, out or both, so the
 * generic ioctl(2) moves the argument and file types see guest memory.
 */
#ifndef RK_IOCTL_H
#define RK_IOCTL_H

#define RK_IOCPARM_MASK		0x1fff
#define RK_IOCPARM_LEN(c)	(((c) >> 16) & RK_IOCPARM_MASK)
#define RK_IOCGROUP(c)		(((c) >> 8) & 0xff)
#define RK_IOCPARM_MAX		4096
#define RK_IOC_VOID		0x20000000UL
#define RK_IOC_OUT		0x40000000UL
#define RK_IOC_IN		0x80000000UL
#define RK_IOC_INOUT		(RK_IOC_IN | RK_IOC_OUT)
#define RK_IOC_DIRMASK		0xe0000000UL

#define RK_IOC(dir, g, n, len)	((dir) | (((len) & RK_IOCPARM_MASK) << 16) | \
				 ((g) << 8) | (n))
#define RK_IO(g, n)		RK_IOC(RK_IOC_VOID, (g), (n), 0UL)
#define RK_IOR(g, n, len)	RK_IOC(RK_IOC_OUT, (g), (n), (unsigned long)(len))
#define RK_IOW(g, n, len)	RK_IOC(RK_IOC_IN, (g), (n), (unsigned long)(len))
#define RK_IOWR(g, n, len)	RK_IOC(RK_IOC_INOUT, (g), (n), (unsigned long)(len))

/* Generic file ioctls (NetBSD <sys/filio.h>). */
#define RK_FIOCLEX		RK_IO('f', 1)
#define RK_FIONCLEX		RK_IO('f', 2)
#define RK_FIOASYNC		RK_IOW('f', 125, 4)
#define RK_FIONBIO		RK_IOW('f', 126, 4)
#define RK_FIONREAD		RK_IOR('f', 127, 4)

#endif /* RK_IOCTL_H */
