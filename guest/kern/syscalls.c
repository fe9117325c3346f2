// SPDX-License-Identifier: BSD-2-Clause
/* The system-call table (NetBSD numbers) and dispatch. */
#include <rk/lib.h>
#include <rk/errno.h>
#include <rk/syscall.h>
#include <rk/vfs_syscalls.h>
#include "kern.h"

/* The network stack's calls, when it is linked (guest/net). */
#pragma weak rk_sys___socket30
#pragma weak rk_sys_bind
#pragma weak rk_sys_listen
#pragma weak rk_sys_accept
#pragma weak rk_sys_paccept
#pragma weak rk_sys_connect
#pragma weak rk_sys_sendto
#pragma weak rk_sys_recvfrom
#pragma weak rk_sys_sendmsg
#pragma weak rk_sys_recvmsg
#pragma weak rk_sys_shutdown
#pragma weak rk_sys_setsockopt
#pragma weak rk_sys_getsockopt
#pragma weak rk_sys_getsockname
#pragma weak rk_sys_getpeername

#define SY(name, n)	[RK_SYS_##name] = { rk_sys_##name, n }

const struct rk_sysent rk_sysent[RK_SYS_MAXSYSCALL] = {
	SY(exit, 1),
	SY(read, 3),
	SY(write, 3),
	SY(open, 3),
	SY(close, 1),
	SY(unlink, 1),
	SY(chdir, 1),
	SY(getpid, 0),
	SY(unmount, 2),
	SY(recvmsg, 3),
	SY(sendmsg, 3),
	SY(recvfrom, 6),
	SY(accept, 3),
	SY(getpeername, 3),
	SY(getsockname, 3),
	SY(dup, 1),
	SY(ioctl, 3),
	SY(symlink, 2),
	SY(readlink, 3),
	SY(dup2, 2),
	SY(fcntl, 3),
	SY(fsync, 1),
	SY(connect, 3),
	SY(bind, 3),
	SY(setsockopt, 5),
	SY(listen, 2),
	SY(getsockopt, 5),
	SY(readv, 3),
	SY(writev, 3),
	SY(rename, 2),
	SY(sendto, 6),
	SY(shutdown, 2),
	SY(mkdir, 2),
	SY(rmdir, 1),
	SY(pread, 5),		/* fd, buf, nbyte, PAD, offset */
	SY(pwrite, 5),
	SY(lseek, 4),		/* fd, PAD, offset, whence */
	SY(truncate, 3),	/* path, PAD, length */
	SY(ftruncate, 3),	/* fd, PAD, length */
	SY(reboot, 2),
	SY(poll, 3),
	SY(__getcwd, 2),
	SY(__getdents30, 3),
	SY(__socket30, 3),
	SY(__mount50, 5),
	SY(__select50, 5),
	SY(__stat50, 2),
	SY(__fstat50, 2),
	SY(__lstat50, 2),
	SY(paccept, 5),
};

/* System calls in progress, the caller's included (for halt). */
static int inflight;

int rk_syscalls_inflight(void)
{
	return __atomic_load_n(&inflight, __ATOMIC_SEQ_CST);
}

/*
 * The gate halt closes, passed by every system call before it touches
 * the guest (even to take a virtual CPU): a call counts itself in, then
 * looks whether a halt has begun; halt marks itself, then counts the
 * calls in.  Both in sequentially consistent order, so either the call
 * backs out (EIO) or the halt sees it and does not free what it uses.
 */
int rk_syscall_enter(int num)
{
	__atomic_add_fetch(&inflight, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&rk_halting, __ATOMIC_SEQ_CST) &&
	    num != RK_SYS_reboot) {
		rk_syscall_leave();
		return RK_EIO;
	}
	return 0;
}

void rk_syscall_leave(void)
{
	__atomic_sub_fetch(&inflight, 1, __ATOMIC_SEQ_CST);
}

int rk_syscall(int num, const register_t *args, register_t *retval)
{
	struct lwp *l = rk_curlwp();
	rk_sy_call_t call;

	retval[0] = 0;
	retval[1] = 0;
	if (num < 0 || num >= RK_SYS_MAXSYSCALL)
		return RK_ENOSYS;
	call = rk_sysent[num].sy_call;
	if (!call || !l)
		return RK_ENOSYS;
	return call(l, args, retval);
}

/*
 * Copies to and from the client.  A local client shares our address
 * space: these are checked copies, and NULL-page addresses fault.  A
 * remote client's memory (p_client set) is reached through the syscall
 * proxy (sysproxy.c); the same address checks apply first.
 */
#define USER_MIN	4096

static bool bad_range(const void *uaddr, size_t len)
{
	return (uintptr_t)uaddr < USER_MIN || (uintptr_t)uaddr + len < len;
}

int rk_copyin(const void *uaddr, void *kaddr, size_t len)
{
	void *client;

	if (len == 0)
		return 0;
	if (bad_range(uaddr, len))
		return RK_EFAULT;
	if ((client = rk_client()) != NULL)
		return rk_sp_copyin(client, uaddr, kaddr, len);
	rk_memcpy(kaddr, uaddr, len);
	return 0;
}

int rk_copyout(const void *kaddr, void *uaddr, size_t len)
{
	void *client;

	if (len == 0)
		return 0;
	if (bad_range(uaddr, len))
		return RK_EFAULT;
	if ((client = rk_client()) != NULL)
		return rk_sp_copyout(client, kaddr, uaddr, len);
	rk_memcpy(uaddr, kaddr, len);
	return 0;
}

int rk_copyinstr(const void *uaddr, char *kaddr, size_t len, size_t *done)
{
	const char *u = uaddr;
	void *client;
	size_t i;

	if ((uintptr_t)uaddr < USER_MIN)
		return RK_EFAULT;
	if (len == 0)
		return RK_ENAMETOOLONG;
	if ((client = rk_client()) != NULL)
		return rk_sp_copyinstr(client, uaddr, kaddr, len, done);
	for (i = 0; i < len; i++) {
		kaddr[i] = u[i];
		if (u[i] == '\0') {
			if (done)
				*done = i + 1;
			return 0;
		}
	}
	kaddr[len - 1] = '\0';
	if (done)
		*done = len;
	return RK_ENAMETOOLONG;
}
