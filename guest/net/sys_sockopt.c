// SPDX-License-Identifier: BSD-2-Clause
/* setsockopt(2) and getsockopt(2): socket-level options here, the rest
 * by the protocol's pr_ctloutput. */
#include <rk/lib.h>
#include <rk/errno.h>
#include <rk/file.h>
#include <rk/proc.h>
#include <rk/syscall.h>
#include <rump/rumpdefs.h>

#include "net.h"
#include "uipc.h"

#define OPT_MAX		64
#define SB_MAX		(4U * 1024 * 1024)
#define SB_MIN		512U


static bool bool_opt(int name)
{
	switch (name) {
	case RUMP_SO_DEBUG:
	case RUMP_SO_REUSEADDR:
	case RUMP_SO_KEEPALIVE:
	case RUMP_SO_DONTROUTE:
	case RUMP_SO_BROADCAST:
	case RUMP_SO_OOBINLINE:
	case RUMP_SO_REUSEPORT:
	case RUMP_SO_NOSIGPIPE:
		return true;
	}
	return false;
}

static int opt_int(const void *val, size_t len, int *v)
{
	if (len < sizeof(int))
		return RK_EINVAL;
	rk_memcpy(v, val, sizeof(int));
	return 0;
}

static int64_t tv_ns(const struct rump_timeval *tv)
{
	return tv->tv_sec * 1000000000LL + (int64_t)tv->tv_usec * 1000;
}

/* Buffer sizes and low-water marks (bytes). */
static int sol_set_size(struct rk_socket *so, int name, int v)
{
	if (v < 1)
		return RK_EINVAL;
	switch (name) {
	case RUMP_SO_SNDBUF:
		so->so_snd.sb_hiwat = RK_MAX(RK_MIN((uint32_t)v, SB_MAX), SB_MIN);
		break;
	case RUMP_SO_RCVBUF:
		so->so_rcv.sb_hiwat = RK_MAX(RK_MIN((uint32_t)v, SB_MAX), SB_MIN);
		break;
	case RUMP_SO_SNDLOWAT:
		so->so_snd.sb_lowat = RK_MIN((uint32_t)v, so->so_snd.sb_hiwat);
		break;
	default:
		so->so_rcv.sb_lowat = RK_MIN((uint32_t)v, so->so_rcv.sb_hiwat);
		break;
	}
	return 0;
}

static int sol_set_timeo(struct rk_socket *so, int name, const void *val,
			 size_t len)
{
	struct rump_timeval tv;

	if (len < sizeof(tv))
		return RK_EINVAL;
	rk_memcpy(&tv, val, sizeof(tv));
	if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000 ||
	    tv.tv_sec > 100000000)
		return RK_EDOM;
	if (name == RUMP_SO_SNDTIMEO)
		so->so_snd.sb_timeo = tv_ns(&tv);
	else
		so->so_rcv.sb_timeo = tv_ns(&tv);
	return 0;
}

static int sol_set(struct rk_socket *so, int name, const void *val,
		   size_t len)
{
	struct rump_linger lg;
	int v = 0, error;

	switch (name) {
	case RUMP_SO_LINGER:
		if (len < sizeof(lg))
			return RK_EINVAL;
		rk_memcpy(&lg, val, sizeof(lg));
		if (lg.l_linger < 0 || lg.l_linger > 32767)
			return RK_EINVAL;
		so->so_linger = lg.l_linger;
		if (lg.l_onoff)
			so->so_options |= RUMP_SO_LINGER;
		else
			so->so_options &= ~RUMP_SO_LINGER;
		return 0;
	case RUMP_SO_SNDTIMEO:
	case RUMP_SO_RCVTIMEO:
		return sol_set_timeo(so, name, val, len);
	}
	error = opt_int(val, len, &v);
	if (error)
		return error;
	switch (name) {
	case RUMP_SO_SNDBUF:
	case RUMP_SO_RCVBUF:
	case RUMP_SO_SNDLOWAT:
	case RUMP_SO_RCVLOWAT:
		return sol_set_size(so, name, v);
	}
	if (!bool_opt(name))
		return RK_ENOPROTOOPT;
	if (v)
		so->so_options |= name;
	else
		so->so_options &= ~name;
	return 0;
}

static int sol_get(struct rk_socket *so, int name, void *val, size_t *len)
{
	struct rump_linger lg;
	struct rump_timeval tv;
	int64_t ns;
	int v;

	switch (name) {
	case RUMP_SO_LINGER:
		lg.l_onoff = (so->so_options & RUMP_SO_LINGER) != 0;
		lg.l_linger = so->so_linger;
		rk_memcpy(val, &lg, sizeof(lg));
		*len = sizeof(lg);
		return 0;
	case RUMP_SO_SNDTIMEO:
	case RUMP_SO_RCVTIMEO:
		ns = name == RUMP_SO_SNDTIMEO ? so->so_snd.sb_timeo :
						so->so_rcv.sb_timeo;
		rk_memset(&tv, 0, sizeof(tv));
		tv.tv_sec = ns / 1000000000LL;
		tv.tv_usec = (int)(ns % 1000000000LL / 1000);
		rk_memcpy(val, &tv, sizeof(tv));
		*len = sizeof(tv);
		return 0;
	case RUMP_SO_ERROR:
		v = so->so_error;
		so->so_error = 0;
		break;
	case RUMP_SO_TYPE:
		v = so->so_type;
		break;
	case RUMP_SO_ACCEPTCONN:
		v = (so->so_options & RUMP_SO_ACCEPTCONN) != 0;
		break;
	case RUMP_SO_SNDBUF:
		v = (int)so->so_snd.sb_hiwat;
		break;
	case RUMP_SO_RCVBUF:
		v = (int)so->so_rcv.sb_hiwat;
		break;
	case RUMP_SO_SNDLOWAT:
		v = (int)so->so_snd.sb_lowat;
		break;
	case RUMP_SO_RCVLOWAT:
		v = (int)so->so_rcv.sb_lowat;
		break;
	default:
		if (!bool_opt(name))
			return RK_ENOPROTOOPT;
		v = (so->so_options & name) ? name : 0;
		break;
	}
	rk_memcpy(val, &v, sizeof(v));
	*len = sizeof(v);
	return 0;
}

int rk_sys_setsockopt(struct lwp *l, const register_t *args,
		      register_t *retval)
{
	int level = RK_SCARG(args, 1, int), name = RK_SCARG(args, 2, int);
	size_t len = RK_SCARG(args, 4, size_t);
	uint8_t val[OPT_MAX];
	struct rk_socket *so;
	struct file *fp;
	int error;

	(void)retval;
	if (len > OPT_MAX)
		return RK_EINVAL;
	error = rk_getsock(l, RK_SCARG(args, 0, int), &fp, &so);
	if (error)
		return error;
	rk_memset(val, 0, sizeof(val));
	if (len)
		error = rk_copyin(RK_SCARG_PTR(args, 3, const void *), val, len);
	if (error == 0) {
		rk_net_lock();
		if (level == RUMP_SOL_SOCKET)
			error = sol_set(so, name, val, len);
		else if (!so->so_pcb)
			error = RK_EINVAL;
		else
			error = so->so_proto->pr_ctloutput(so, true, level,
							   name, val, &len);
		rk_net_unlock();
	}
	rk_file_release(fp);
	return error;
}

int rk_sys_getsockopt(struct lwp *l, const register_t *args,
		      register_t *retval)
{
	int level = RK_SCARG(args, 1, int), name = RK_SCARG(args, 2, int);
	void *uval = RK_SCARG_PTR(args, 3, void *);
	void *ulen = RK_SCARG_PTR(args, 4, void *);
	uint8_t val[OPT_MAX];
	rump_socklen_t ulenv;
	struct rk_socket *so;
	struct file *fp;
	size_t len = sizeof(val);
	int error;

	(void)retval;
	error = rk_copyin(ulen, &ulenv, sizeof(ulenv));
	if (error)
		return error;
	error = rk_getsock(l, RK_SCARG(args, 0, int), &fp, &so);
	if (error)
		return error;
	rk_memset(val, 0, sizeof(val));
	rk_net_lock();
	if (level == RUMP_SOL_SOCKET)
		error = sol_get(so, name, val, &len);
	else if (!so->so_pcb)
		error = RK_EINVAL;
	else
		error = so->so_proto->pr_ctloutput(so, false, level, name, val,
						   &len);
	rk_net_unlock();
	rk_file_release(fp);
	if (error)
		return error;
	len = RK_MIN(len, (size_t)ulenv);
	error = rk_copyout(val, uval, len);
	ulenv = (rump_socklen_t)len;
	if (error == 0)
		error = rk_copyout(&ulenv, ulen, sizeof(ulenv));
	return error;
}
