/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The system-call layer.  A handler gets its arguments in NetBSD order,
 * one register_t slot each (NetBSD's amd64 syscallarg layout: every
 * argument, pointer or int, widened to a slot), so that remote calls from
 * hyp_syscall and local rump_sys_* wrappers share one path.  Handlers
 * return 0 or an RK_E* errno and put results in retval[0] (retval[1]
 * is zeroed before the call).
 */
#ifndef RK_SYSCALL_H
#define RK_SYSCALL_H

#include <rk/types.h>
#include <rk/sysnum.h>

struct lwp;

typedef int (*rk_sy_call_t)(struct lwp *l, const register_t *args,
			    register_t *retval);

struct rk_sysent {
	rk_sy_call_t sy_call;
	int sy_narg;
};

/* Indexed by NetBSD number; holes have sy_call == NULL (ENOSYS). */
extern const struct rk_sysent rk_sysent[RK_SYS_MAXSYSCALL];

/* Argument i of handler args as type t. */
#define RK_SCARG(args, i, t)	((t)(args)[i])
#define RK_SCARG_PTR(args, i, t) ((t)(uintptr_t)(args)[i])

/* Dispatch as the calling lwp, which must be scheduled. */
int rk_syscall(int num, const register_t *args, register_t *retval);
/* How many system calls are running now, the caller's included. */
int rk_syscalls_inflight(void);
/* Around every system call, before it enters the guest (halt's gate):
 * enter is 0 or RK_EIO once a halt has begun. */
int rk_syscall_enter(int num);
void rk_syscall_leave(void);

/*
 * The body of a rump_sys_* wrapper (kern/rump_syscalls.c, net/): pack the
 * arguments, rk_sys_call (sys_local.c in the guest, the client library
 * remotely), return retval[0] as type or -1 with the errno set.
 */
#define RK_CLIENT_CALL(type, num, ...) do {				\
	const register_t args_[] = { __VA_ARGS__ };			\
	register_t rv_[2];						\
									\
	if (rk_sys_call(RK_SYS_##num, args_, sizeof(args_), rv_) != 0)	\
		return (type)-1;					\
	return (type)rv_[0];						\
} while (0)
#define RK_R(x)	((register_t)(x))
#define RK_P(x)	((register_t)(uintptr_t)(x))

/* Core handlers (kern/sys_*.c). */
int rk_sys_exit(struct lwp *, const register_t *, register_t *);
int rk_sys_getpid(struct lwp *, const register_t *, register_t *);
int rk_sys_close(struct lwp *, const register_t *, register_t *);
int rk_sys_dup(struct lwp *, const register_t *, register_t *);
int rk_sys_dup2(struct lwp *, const register_t *, register_t *);
int rk_sys_reboot(struct lwp *, const register_t *, register_t *);
/* Descriptor I/O for every file type (kern/sys_generic.c, sys_poll.c). */
int rk_sys_read(struct lwp *, const register_t *, register_t *);
int rk_sys_write(struct lwp *, const register_t *, register_t *);
int rk_sys_readv(struct lwp *, const register_t *, register_t *);
int rk_sys_writev(struct lwp *, const register_t *, register_t *);
int rk_sys_pread(struct lwp *, const register_t *, register_t *);
int rk_sys_pwrite(struct lwp *, const register_t *, register_t *);
int rk_sys_ioctl(struct lwp *, const register_t *, register_t *);
int rk_sys_fcntl(struct lwp *, const register_t *, register_t *);
int rk_sys___fstat50(struct lwp *, const register_t *, register_t *);
int rk_sys_poll(struct lwp *, const register_t *, register_t *);
int rk_sys___select50(struct lwp *, const register_t *, register_t *);

/*
 * The socket calls of the network stack (guest/net).  The syscall table
 * refers to them weakly (kern/syscalls.c): a guest linked without the
 * stack answers them with ENOSYS.
 */
#define RK_NET_SYSCALL(name) \
	int rk_sys_##name(struct lwp *, const register_t *, register_t *)
RK_NET_SYSCALL(__socket30);
RK_NET_SYSCALL(bind);
RK_NET_SYSCALL(listen);
RK_NET_SYSCALL(accept);
RK_NET_SYSCALL(paccept);
RK_NET_SYSCALL(connect);
RK_NET_SYSCALL(sendto);
RK_NET_SYSCALL(recvfrom);
RK_NET_SYSCALL(sendmsg);
RK_NET_SYSCALL(recvmsg);
RK_NET_SYSCALL(shutdown);
RK_NET_SYSCALL(setsockopt);
RK_NET_SYSCALL(getsockopt);
RK_NET_SYSCALL(getsockname);
RK_NET_SYSCALL(getpeername);
#undef RK_NET_SYSCALL

/*
 * Moving data between the client and the guest.  Local clients share
 * the address space, so these are checked copies (RK_EFAULT for the
 * NULL page); remote clients go through rumpuser_sp_copy*.
 */
int rk_copyin(const void *uaddr, void *kaddr, size_t len);
int rk_copyout(const void *kaddr, void *uaddr, size_t len);
/* Copies a NUL-terminated string of at most len bytes including the
 * NUL; RK_ENAMETOOLONG if it does not fit.  *done counts the NUL. */
int rk_copyinstr(const void *uaddr, char *kaddr, size_t len, size_t *done);

/*
 * Remote clients (kern/sysproxy.c): the calling process's hypervisor
 * client (NULL for a local one) and copies through the syscall proxy.
 */
void *rk_client(void);
int rk_sp_copyin(void *client, const void *uaddr, void *kaddr, size_t len);
int rk_sp_copyout(void *client, const void *kaddr, void *uaddr, size_t len);
int rk_sp_copyinstr(void *client, const void *uaddr, char *kaddr, size_t len,
		    size_t *done);
/* Halt: stop serving remote clients. */
void rk_sp_fini(void);

/*
 * A system call by NetBSD number with its arguments packed in
 * register_t slots (argsize bytes), for the rump_sys_* wrappers: the
 * guest enters itself (kern/sys_local.c), the client library sends it
 * to a server.  0 with rv filled, or -1 with errno set.
 */
int rk_sys_call(int num, const register_t *args, size_t argsize,
		register_t *rv);

#endif /* RK_SYSCALL_H */
