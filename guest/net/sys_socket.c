// SPDX-License-Identifier: BSD-2-Clause
/*
 * The socket system calls (NetBSD numbers and argument slots) and the
 * file operations of socket descriptors.
 */
#include <rk/lib.h>
#include <rk/kmem.h>
#include <rk/errno.h>
#include <rk/file.h>
#include <rk/ioctl.h>
#include <rk/proc.h>
#include <rk/syscall.h>
#include <rump/rumpdefs.h>

#include "net.h"
#include "uipc.h"

#define SOCK_FLAGS	(RUMP_SOCK_CLOEXEC | RUMP_SOCK_NONBLOCK | \
			 RUMP_SOCK_NOSIGPIPE)

/* ---- file operations ---- */

static bool nbio(const struct file *fp)
{
	return (rk_atomic_load(&((struct file *)fp)->f_flag) &
		RUMP_O_NONBLOCK) != 0;
}

static int soo_read(struct file *fp, off_t *offp, const struct rk_iov *iov,
		    int iovcnt, size_t *done)
{
	struct rk_uio_net u;
	uint32_t a;
	uint16_t p;
	int fl, error;

	(void)offp;
	rk_uio_init(&u, iov, iovcnt);
	rk_net_lock();
	error = rk_soreceive(fp->f_data, &u, 0, nbio(fp), done, &a, &p, &fl);
	rk_net_unlock();
	return error;
}

static int soo_write(struct file *fp, off_t *offp, const struct rk_iov *iov,
		     int iovcnt, size_t *done)
{
	struct rk_uio_net u;
	int error;

	(void)offp;
	rk_uio_init(&u, iov, iovcnt);
	rk_net_lock();
	error = rk_sosend(fp->f_data, &u, 0, 0, false, 0, nbio(fp), done);
	rk_net_unlock();
	return error;
}

static int soo_ioctl(struct file *fp, unsigned long cmd, void *data)
{
	struct rk_socket *so = fp->f_data;
	int error = 0;

	rk_net_lock();
	switch (cmd) {
	case RK_FIONBIO:
		break;
	case RK_FIONREAD:
		*(int *)data = so->so_type == RUMP_SOCK_STREAM ||
			       !so->so_rcv.sb_mb ? (int)so->so_rcv.sb_cc :
			       (int)so->so_rcv.sb_mb->m_pktlen;
		break;
	default:
		if (RK_IOCGROUP(cmd) == 'i')
			error = rk_if_ioctl(cmd, data);
		else
			error = RK_ENOTTY;
		break;
	}
	rk_net_unlock();
	return error;
}

static int soo_poll(struct file *fp, int events, struct rk_pollwait *pw)
{
	struct rk_socket *so = fp->f_data;
	int rev = 0;

	rk_net_lock();
	if (events & (RK_POLLIN | RK_POLLRDNORM)) {
		if (so->so_rcv.sb_cc >= RK_MAX(so->so_rcv.sb_lowat, 1U) ||
		    (so->so_type != RUMP_SOCK_STREAM && so->so_rcv.sb_mb) ||
		    (so->so_state & RK_SS_CANTRCVMORE) || so->so_error ||
		    so->so_qlen > 0)
			rev |= events & (RK_POLLIN | RK_POLLRDNORM);
	}
	if (events & (RK_POLLOUT | RK_POLLWRNORM)) {
		bool conn = so->so_type != RUMP_SOCK_STREAM ||
			    (so->so_state & RK_SS_ISCONNECTED);

		if ((conn && rk_sbspace(&so->so_snd) >= so->so_snd.sb_lowat) ||
		    (so->so_state & RK_SS_CANTSENDMORE) || so->so_error)
			rev |= events & (RK_POLLOUT | RK_POLLWRNORM);
	}
	if (so->so_error)
		rev |= RK_POLLERR;
	if ((so->so_state & RK_SS_CANTRCVMORE) &&
	    (so->so_state & RK_SS_CANTSENDMORE))
		rev |= RK_POLLHUP;
	if (rev == 0) {
		if (events & (RK_POLLIN | RK_POLLRDNORM))
			rk_selrecord(&so->so_rcv.sb_sel, pw);
		if (events & (RK_POLLOUT | RK_POLLWRNORM))
			rk_selrecord(&so->so_snd.sb_sel, pw);
	}
	rk_net_unlock();
	return rev;
}

static int soo_stat(struct file *fp, void *ustat)
{
	struct rk_socket *so = fp->f_data;
	struct rump_stat st;

	rk_memset(&st, 0, sizeof(st));
	st.st_mode = RUMP_S_IFSOCK | 0666;
	rk_net_lock();
	st.st_size = so->so_rcv.sb_cc;
	rk_net_unlock();
	st.st_blksize = so->so_snd.sb_hiwat;
	return rk_copyout(&st, ustat, sizeof(st));
}

static int soo_close(struct file *fp)
{
	rk_net_lock();
	rk_soclose(fp->f_data);
	rk_net_unlock();
	fp->f_data = NULL;
	return 0;
}

static const struct rk_fileops soo_fileops = {
	.fo_read = soo_read,
	.fo_write = soo_write,
	.fo_ioctl = soo_ioctl,
	.fo_poll = soo_poll,
	.fo_stat = soo_stat,
	.fo_close = soo_close,
};

/* ---- helpers ---- */

static int sock_install(struct lwp *l, struct rk_socket *so, int flags,
			register_t *retval)
{
	struct file *fp = rk_file_alloc();
	int fd, error;

	fp->f_type = RK_DTYPE_SOCKET;
	fp->f_flag = RK_FREAD | RK_FWRITE |
		     ((flags & RUMP_SOCK_NONBLOCK) ? RUMP_O_NONBLOCK : 0);
	fp->f_ops = &soo_fileops;
	fp->f_data = so;
	error = rk_fd_alloc(l->l_proc, fp, 0, &fd);
	if (error) {
		rk_file_release(fp);	/* closes the socket */
		return error;
	}
	if (flags & RUMP_SOCK_CLOEXEC)
		rk_fd_setflags(l->l_proc, fd, RK_FD_CLOEXEC);
	retval[0] = fd;
	return 0;
}

/* The socket of descriptor fd, with a file reference held. */
int rk_getsock(struct lwp *l, int fd, struct file **fpp,
		   struct rk_socket **sop)
{
	struct file *fp;
	int error = rk_fd_get(l->l_proc, fd, &fp);

	if (error)
		return error;
	if (fp->f_type != RK_DTYPE_SOCKET) {
		rk_file_release(fp);
		return RK_ENOTSOCK;
	}
	*fpp = fp;
	*sop = fp->f_data;
	return 0;
}

static int sa_in(const void *uaddr, size_t len, uint32_t *addr,
		 uint16_t *port, int *family)
{
	struct rump_sockaddr_in sin;
	int error;

	if (len < 2 || len > sizeof(struct rump_sockaddr_storage))
		return RK_EINVAL;
	rk_memset(&sin, 0, sizeof(sin));
	error = rk_copyin(uaddr, &sin, RK_MIN(len, sizeof(sin)));
	if (error)
		return error;
	*family = sin.sin_family;
	if (sin.sin_family == RUMP_AF_UNSPEC)
		return 0;
	if (sin.sin_family != RUMP_AF_INET)
		return RK_EAFNOSUPPORT;
	if (len < sizeof(sin))
		return RK_EINVAL;
	*addr = sin.sin_addr.s_addr;
	*port = sin.sin_port;
	return 0;
}

/* Copy an address out to (uaddr, ulenp), as much as fits. */
static int sa_out(void *uaddr, void *ulenp, uint32_t addr, uint16_t port)
{
	struct rump_sockaddr_in sin;
	rump_socklen_t len;
	int error;

	if (!uaddr || !ulenp)
		return 0;
	error = rk_copyin(ulenp, &len, sizeof(len));
	if (error)
		return error;
	if ((int)len < 0)
		return RK_EINVAL;
	rk_memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = RUMP_AF_INET;
	sin.sin_addr.s_addr = addr;
	sin.sin_port = port;
	error = rk_copyout(&sin, uaddr, RK_MIN((size_t)len, sizeof(sin)));
	len = sizeof(sin);
	if (error == 0)
		error = rk_copyout(&len, ulenp, sizeof(len));
	return error;
}

/* ---- the calls ---- */

int rk_sys___socket30(struct lwp *l, const register_t *args,
		      register_t *retval)
{
	int domain = RK_SCARG(args, 0, int), type = RK_SCARG(args, 1, int);
	int flags = type & SOCK_FLAGS, error;
	struct rk_socket *so;

	if (domain != RUMP_AF_INET)
		return RK_EAFNOSUPPORT;
	if ((type & ~SOCK_FLAGS) & 0xf0000000)
		return RK_EINVAL;
	rk_net_lock();
	error = rk_socreate(type & ~SOCK_FLAGS, RK_SCARG(args, 2, int), &so);
	rk_net_unlock();
	if (error)
		return error;
	return sock_install(l, so, flags, retval);
}

/* The socket of args[0] and the address of args[1], args[2]. */
static int sock_and_addr(struct lwp *l, const register_t *args,
			 struct file **fpp, struct rk_socket **sop,
			 uint32_t *addr, uint16_t *port, int *family)
{
	int error = rk_getsock(l, RK_SCARG(args, 0, int), fpp, sop);

	if (error)
		return error;
	*addr = 0;
	*port = 0;
	error = sa_in(RK_SCARG_PTR(args, 1, void *), RK_SCARG(args, 2, size_t),
		      addr, port, family);
	if (error)
		rk_file_release(*fpp);
	return error;
}

int rk_sys_bind(struct lwp *l, const register_t *args, register_t *retval)
{
	struct rk_socket *so;
	struct file *fp;
	uint32_t addr;
	uint16_t port;
	int family, error;

	(void)retval;
	error = sock_and_addr(l, args, &fp, &so, &addr, &port, &family);
	if (error)
		return error;
	if (family != RUMP_AF_INET)
		error = RK_EAFNOSUPPORT;
	if (error == 0) {
		rk_net_lock();
		error = so->so_pcb ? so->so_proto->pr_bind(so, addr, port) :
				     RK_EINVAL;
		rk_net_unlock();
	}
	rk_file_release(fp);
	return error;
}

int rk_sys_listen(struct lwp *l, const register_t *args, register_t *retval)
{
	int backlog = RK_SCARG(args, 1, int), error;
	struct rk_socket *so;
	struct file *fp;

	(void)retval;
	error = rk_getsock(l, RK_SCARG(args, 0, int), &fp, &so);
	if (error)
		return error;
	rk_net_lock();
	if (!so->so_proto->pr_listen)
		error = RK_EOPNOTSUPP;
	else if (so->so_state & (RK_SS_ISCONNECTED | RK_SS_ISCONNECTING))
		error = RK_EINVAL;
	else if (!so->so_pcb)
		error = RK_EINVAL;
	else
		error = so->so_proto->pr_listen(so);
	if (error == 0) {
		if (backlog < 0 || backlog > RUMP_SOMAXCONN)
			backlog = RUMP_SOMAXCONN;
		so->so_qlimit = backlog;
		so->so_options |= RUMP_SO_ACCEPTCONN;
	}
	rk_net_unlock();
	rk_file_release(fp);
	return error;
}

static int do_accept(struct lwp *l, const register_t *args,
		     register_t *retval, int flags)
{
	struct rk_socket *head, *so;
	struct rk_inpcb *inp;
	struct file *fp;
	uint32_t fa = 0;
	uint16_t fpt = 0;
	int error;

	error = rk_getsock(l, RK_SCARG(args, 0, int), &fp, &head);
	if (error)
		return error;
	rk_net_lock();
	for (;;) {
		if (!(head->so_options & RUMP_SO_ACCEPTCONN)) {
			error = RK_EINVAL;
			break;
		}
		if (head->so_error) {
			error = head->so_error;
			head->so_error = 0;
			break;
		}
		if (head->so_q)
			break;
		if (nbio(fp)) {
			error = RK_EWOULDBLOCK;
			break;
		}
		error = rk_sbwait(&head->so_rcv);
		if (error)
			break;
	}
	so = NULL;
	if (error == 0) {
		so = head->so_q;
		head->so_q = so->so_qnext;
		head->so_qlen--;
		so->so_head = NULL;
		so->so_qnext = NULL;
		so->so_onq = false;
		so->so_state &= ~RK_SS_NOFDREF;
		inp = so->so_pcb;
		if (inp) {
			fa = inp->inp_faddr;
			fpt = inp->inp_fport;
		}
	}
	rk_net_unlock();
	rk_file_release(fp);
	if (error)
		return error;
	/* The connection may have been reset already: still a descriptor
	 * (reads report the error), as BSD does. */
	error = sock_install(l, so, flags, retval);
	if (error == 0)
		error = sa_out(RK_SCARG_PTR(args, 1, void *),
			       RK_SCARG_PTR(args, 2, void *), fa, fpt);
	return error;
}

int rk_sys_accept(struct lwp *l, const register_t *args, register_t *retval)
{
	return do_accept(l, args, retval, 0);
}

int rk_sys_paccept(struct lwp *l, const register_t *args, register_t *retval)
{
	int flags = RK_SCARG(args, 4, int);

	if (flags & ~(RUMP_SOCK_CLOEXEC | RUMP_SOCK_NONBLOCK |
		      RUMP_SOCK_NOSIGPIPE))
		return RK_EINVAL;
	return do_accept(l, args, retval, flags);
}

static int connect_wait(struct rk_socket *so, bool nb)
{
	int error = 0;

	if (nb && (so->so_state & RK_SS_ISCONNECTING))
		return RK_EINPROGRESS;
	while ((so->so_state & RK_SS_ISCONNECTING) && !so->so_error)
		rk_net_wait(&so->so_cv);
	if (so->so_error) {
		error = so->so_error;
		so->so_error = 0;
	}
	return error;
}

int rk_sys_connect(struct lwp *l, const register_t *args, register_t *retval)
{
	struct rk_socket *so;
	struct file *fp;
	uint32_t addr;
	uint16_t port;
	int family, error;

	(void)retval;
	error = sock_and_addr(l, args, &fp, &so, &addr, &port, &family);
	if (error)
		return error;
	rk_net_lock();
	if (so->so_options & RUMP_SO_ACCEPTCONN)
		error = RK_EOPNOTSUPP;
	else if (so->so_state & RK_SS_ISCONNECTING)
		error = RK_EALREADY;
	else if (so->so_type == RUMP_SOCK_STREAM &&
		 (so->so_state & (RK_SS_ISCONNECTED | RK_SS_ISDISCONNECTED)))
		error = (so->so_state & RK_SS_ISCONNECTED) ? RK_EISCONN :
							     RK_EINVAL;
	else if (!so->so_pcb)
		error = RK_EINVAL;
	else if (family == RUMP_AF_UNSPEC)
		error = so->so_type == RUMP_SOCK_STREAM ? RK_EAFNOSUPPORT :
			so->so_proto->pr_disconnect(so);
	else
		error = so->so_proto->pr_connect(so, addr, port);
	if (error == 0 && family != RUMP_AF_UNSPEC)
		error = connect_wait(so, nbio(fp));
	rk_net_unlock();
	rk_file_release(fp);
	return error;
}

/* sendmsg/sendto and recvmsg/recvfrom share these. */
static int do_send(struct lwp *l, int s, const struct rk_iov *iov,
		   int iovcnt, const void *to, size_t tolen, int flags,
		   register_t *retval)
{
	struct rk_uio_net u;
	struct rk_socket *so;
	struct file *fp;
	uint32_t addr = 0;
	uint16_t port = 0;
	int family = RUMP_AF_INET, error;
	size_t sent;

	error = rk_getsock(l, s, &fp, &so);
	if (error)
		return error;
	if (to)
		error = sa_in(to, tolen, &addr, &port, &family);
	if (error == 0 && to && family != RUMP_AF_INET)
		error = RK_EAFNOSUPPORT;
	if (error == 0) {
		rk_uio_init(&u, iov, iovcnt);
		rk_net_lock();
		error = rk_sosend(so, &u, addr, port, to != NULL, flags,
				  nbio(fp) || (flags & RUMP_MSG_DONTWAIT),
				  &sent);
		rk_net_unlock();
		if (error == 0)
			retval[0] = (register_t)sent;
	}
	rk_file_release(fp);
	return error;
}

static int do_recv(struct lwp *l, int s, const struct rk_iov *iov,
		   int iovcnt, void *from, void *fromlenp, int flags,
		   int *oflags, register_t *retval)
{
	struct rk_uio_net u;
	struct rk_socket *so;
	struct file *fp;
	uint32_t addr;
	uint16_t port;
	size_t got;
	int error;

	error = rk_getsock(l, s, &fp, &so);
	if (error)
		return error;
	rk_uio_init(&u, iov, iovcnt);
	rk_net_lock();
	error = rk_soreceive(so, &u, flags, nbio(fp), &got, &addr, &port,
			     oflags);
	rk_net_unlock();
	if (error == 0 && from)
		error = sa_out(from, fromlenp, addr, port);
	if (error == 0)
		retval[0] = (register_t)got;
	rk_file_release(fp);
	return error;
}

int rk_sys_sendto(struct lwp *l, const register_t *args, register_t *retval)
{
	struct rk_iov iov;

	iov.iov_base = RK_SCARG_PTR(args, 1, void *);
	iov.iov_len = RK_SCARG(args, 2, size_t);
	if (iov.iov_len > 0x7fffffff)
		return RK_EINVAL;
	return do_send(l, RK_SCARG(args, 0, int), &iov, 1,
		       RK_SCARG_PTR(args, 4, const void *),
		       RK_SCARG(args, 5, size_t), RK_SCARG(args, 3, int),
		       retval);
}

int rk_sys_recvfrom(struct lwp *l, const register_t *args, register_t *retval)
{
	struct rk_iov iov;
	int oflags;

	iov.iov_base = RK_SCARG_PTR(args, 1, void *);
	iov.iov_len = RK_SCARG(args, 2, size_t);
	if (iov.iov_len > 0x7fffffff)
		return RK_EINVAL;
	return do_recv(l, RK_SCARG(args, 0, int), &iov, 1,
		       RK_SCARG_PTR(args, 4, void *),
		       RK_SCARG_PTR(args, 5, void *), RK_SCARG(args, 3, int),
		       &oflags, retval);
}

static int msg_in(const void *umsg, struct rump_msghdr *msg,
		  struct rk_iov **iovp)
{
	size_t len;
	int error;

	error = rk_copyin(umsg, msg, sizeof(*msg));
	if (error)
		return error;
	if (msg->msg_iovlen <= 0 || msg->msg_iovlen > RK_IOV_MAX)
		return RK_EMSGSIZE;
	len = sizeof(struct rk_iov) * (size_t)msg->msg_iovlen;
	*iovp = rk_kmem_alloc(len, RK_KM_SLEEP);
	error = rk_copyin(msg->msg_iov, *iovp, len);
	if (error == 0)
		error = rk_iov_total(*iovp, msg->msg_iovlen, &len);
	if (error)
		rk_kmem_free(*iovp, sizeof(struct rk_iov) *
			     (size_t)msg->msg_iovlen);
	return error;
}

int rk_sys_sendmsg(struct lwp *l, const register_t *args, register_t *retval)
{
	struct rump_msghdr msg;
	struct rk_iov *iov;
	int error;

	error = msg_in(RK_SCARG_PTR(args, 1, const void *), &msg, &iov);
	if (error)
		return error;
	error = do_send(l, RK_SCARG(args, 0, int), iov, msg.msg_iovlen,
			msg.msg_name, msg.msg_namelen, RK_SCARG(args, 2, int),
			retval);
	rk_kmem_free(iov, sizeof(*iov) * (size_t)msg.msg_iovlen);
	return error;
}

int rk_sys_recvmsg(struct lwp *l, const register_t *args, register_t *retval)
{
	void *umsg = RK_SCARG_PTR(args, 1, void *);
	struct rump_msghdr msg;
	struct rk_iov *iov;
	int oflags = 0, error;

	error = msg_in(umsg, &msg, &iov);
	if (error)
		return error;
	error = do_recv(l, RK_SCARG(args, 0, int), iov, msg.msg_iovlen,
			msg.msg_name,
			msg.msg_name ? (char *)umsg +
			RK_OFFSETOF(struct rump_msghdr, msg_namelen) : NULL,
			RK_SCARG(args, 2, int), &oflags, retval);
	rk_kmem_free(iov, sizeof(*iov) * (size_t)msg.msg_iovlen);
	if (error == 0) {
		msg.msg_flags = oflags;
		msg.msg_controllen = 0;
		error = rk_copyout(&msg.msg_flags, (char *)umsg +
				   RK_OFFSETOF(struct rump_msghdr, msg_flags),
				   sizeof(int));
		if (error == 0)
			error = rk_copyout(&msg.msg_controllen, (char *)umsg +
				RK_OFFSETOF(struct rump_msghdr,
					    msg_controllen),
				sizeof(rump_socklen_t));
	}
	return error;
}

int rk_sys_shutdown(struct lwp *l, const register_t *args, register_t *retval)
{
	int how = RK_SCARG(args, 1, int), error;
	struct rk_socket *so;
	struct file *fp;

	(void)retval;
	if (how < RUMP_SHUT_RD || how > RUMP_SHUT_RDWR)
		return RK_EINVAL;
	error = rk_getsock(l, RK_SCARG(args, 0, int), &fp, &so);
	if (error)
		return error;
	rk_net_lock();
	if (!(so->so_state & (RK_SS_ISCONNECTED | RK_SS_ISCONNECTING |
			      RK_SS_ISDISCONNECTING)))
		error = RK_ENOTCONN;
	if (error == 0 && how != RUMP_SHUT_WR) {
		rk_socantrcvmore(so);
		rk_sbflush(&so->so_rcv);
	}
	if (error == 0 && how != RUMP_SHUT_RD && so->so_pcb)
		error = so->so_proto->pr_shutdown(so);
	rk_net_unlock();
	rk_file_release(fp);
	return error;
}

static int do_name(struct lwp *l, const register_t *args, bool peer)
{
	struct rk_socket *so;
	struct rk_inpcb *inp;
	struct file *fp;
	uint32_t a = 0;
	uint16_t p = 0;
	int error;

	error = rk_getsock(l, RK_SCARG(args, 0, int), &fp, &so);
	if (error)
		return error;
	rk_net_lock();
	inp = so->so_pcb;
	if (peer && !(so->so_state & RK_SS_ISCONNECTED))
		error = RK_ENOTCONN;
	else if (inp) {
		a = peer ? inp->inp_faddr : inp->inp_laddr;
		p = peer ? inp->inp_fport : inp->inp_lport;
	} else if (peer) {
		error = RK_ENOTCONN;
	}
	rk_net_unlock();
	if (error == 0)
		error = sa_out(RK_SCARG_PTR(args, 1, void *),
			       RK_SCARG_PTR(args, 2, void *), a, p);
	rk_file_release(fp);
	return error;
}

int rk_sys_getsockname(struct lwp *l, const register_t *args,
		       register_t *retval)
{
	(void)retval;
	return do_name(l, args, false);
}

int rk_sys_getpeername(struct lwp *l, const register_t *args,
		       register_t *retval)
{
	(void)retval;
	return do_name(l, args, true);
}
