/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The device of an in-kernel guest, /dev/rumpvisor/NAME: the local fast
 * path of the syscall proxy.  Shared by rumpvisor.ko and its user-space
 * clients (librumpclient's dev://NAME).
 *
 * Each open of the device is a process in the guest (with no
 * descriptors, as a new remote client's); processes that share the open
 * file (fork, dup, SCM_RIGHTS) share that guest process, and every
 * thread that calls gets an lwp of its own for the call.  One ioctl is
 * one guest system call, run by the calling thread itself; the guest
 * reaches the caller's memory directly (a bad pointer is EFAULT).  A
 * signal interrupts a blocking call (it returns EINTR, as NetBSD's
 * interruptible sleeps do); the guest ending fails calls with ENXIO.
 * Only root and the instance's server group may open it.
 */
#ifndef RUMPVISOR_DEV_H
#define RUMPVISOR_DEV_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define RUMPVISOR_DEV_DIR	"/dev/rumpvisor"
#define RUMPVISOR_DEV_VERSION	1

/* NetBSD passes at most 8 register-sized arguments. */
#define RUMPVISOR_SYSCALL_ARGS	8

/*
 * RUMPVISOR_IOC_SYSCALL: system call num with NetBSD's argument
 * structure (argsize bytes of args, register_t slots).  The ioctl
 * returns 0 when the guest ran the call (error: its NetBSD errno, 0 for
 * success; retval as the call set it), or -1 with errno: EFAULT (this
 * structure), EINVAL (argsize, reserved), ENXIO (the guest is gone or
 * halting).
 */
struct rumpvisor_syscall {
	__u32 num;
	__u32 argsize;
	__u64 args[RUMPVISOR_SYSCALL_ARGS];
	__s64 retval[2];
	__s32 error;
	__u32 reserved;			/* 0 */
};

/* RUMPVISOR_IOC_INFO: what this open file is in the guest. */
struct rumpvisor_devinfo {
	__u32 version;			/* RUMPVISOR_DEV_VERSION */
	__s32 pid;			/* the guest process */
	char instance[32];		/* the instance's name */
};

/*
 * RUMPVISOR_IOC_FORK: a new descriptor (close-on-exec; the ioctl's
 * return value) whose guest process is a copy of this one's, descriptors
 * included: NetBSD's fork for a child (rumpclient_fork).
 */

/* RUMPVISOR_IOC_EXEC: the process runs a new program (its name). */
struct rumpvisor_exec {
	char comm[32];
};

#define RUMPVISOR_IOC_SYSCALL	_IOWR('R', 1, struct rumpvisor_syscall)
#define RUMPVISOR_IOC_INFO	_IOR('R', 2, struct rumpvisor_devinfo)
#define RUMPVISOR_IOC_FORK	_IO('R', 3)
#define RUMPVISOR_IOC_EXEC	_IOW('R', 4, struct rumpvisor_exec)

#endif /* RUMPVISOR_DEV_H */
