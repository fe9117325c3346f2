// SPDX-License-Identifier: BSD-2-Clause
/*
 * rump_sys_* entry points of the socket calls (NetBSD's signatures), in
 * the guest and in librumpclient (which sends them to a server).
 */
#include <rk/types.h>
#include <rk/syscall.h>
#include <rump/rump_syscalls.h>

#define R(x)	RK_R(x)
#define P(x)	RK_P(x)
#define CALL	RK_CLIENT_CALL

int rump___sysimpl_socket30(int domain, int type, int protocol)
{
	CALL(int, __socket30, R(domain), R(type), R(protocol));
}

int rump_sys_bind(int s, const struct sockaddr *name, rump_socklen_t len)
{
	CALL(int, bind, R(s), P(name), R(len));
}

int rump_sys_listen(int s, int backlog)
{
	CALL(int, listen, R(s), R(backlog));
}

int rump_sys_accept(int s, struct sockaddr *name, rump_socklen_t *lenp)
{
	CALL(int, accept, R(s), P(name), P(lenp));
}

int rump_sys_paccept(int s, struct sockaddr *name, rump_socklen_t *lenp,
		     const void *sigmask, int flags)
{
	CALL(int, paccept, R(s), P(name), P(lenp), P(sigmask), R(flags));
}

int rump_sys_connect(int s, const struct sockaddr *name, rump_socklen_t len)
{
	CALL(int, connect, R(s), P(name), R(len));
}

ssize_t rump_sys_sendto(int s, const void *buf, size_t len, int flags,
			const struct sockaddr *to, rump_socklen_t tolen)
{
	CALL(ssize_t, sendto, R(s), P(buf), R(len), R(flags), P(to), R(tolen));
}

ssize_t rump_sys_recvfrom(int s, void *buf, size_t len, int flags,
			  struct sockaddr *from, rump_socklen_t *fromlenp)
{
	CALL(ssize_t, recvfrom, R(s), P(buf), R(len), R(flags), P(from),
	     P(fromlenp));
}

ssize_t rump_sys_sendmsg(int s, const struct msghdr *msg, int flags)
{
	CALL(ssize_t, sendmsg, R(s), P(msg), R(flags));
}

ssize_t rump_sys_recvmsg(int s, struct msghdr *msg, int flags)
{
	CALL(ssize_t, recvmsg, R(s), P(msg), R(flags));
}

int rump_sys_shutdown(int s, int how)
{
	CALL(int, shutdown, R(s), R(how));
}

int rump_sys_setsockopt(int s, int level, int name, const void *val,
			rump_socklen_t valsize)
{
	CALL(int, setsockopt, R(s), R(level), R(name), P(val), R(valsize));
}

int rump_sys_getsockopt(int s, int level, int name, void *val,
			rump_socklen_t *valsizep)
{
	CALL(int, getsockopt, R(s), R(level), R(name), P(val), P(valsizep));
}

int rump_sys_getsockname(int s, struct sockaddr *name, rump_socklen_t *lenp)
{
	CALL(int, getsockname, R(s), P(name), P(lenp));
}

int rump_sys_getpeername(int s, struct sockaddr *name, rump_socklen_t *lenp)
{
	CALL(int, getpeername, R(s), P(name), P(lenp));
}
