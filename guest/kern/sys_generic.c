// SPDX-License-Identifier: BSD-2-Clause
/*
 * Descriptor I/O for every file type: read, write, readv, writev, pread,
 * pwrite, ioctl, fcntl and fstat dispatch through the file's operations
 * (rk/file.h).  The offset of a seekable file is kept consistent for
 * threads sharing it by f_lock; non-seekable files (sockets) are never
 * serialised here, so one thread may block reading while another writes.
 */
#include <rk/lib.h>
#include <rk/kmem.h>
#include <rk/errno.h>
#include <rk/file.h>
#include <rk/ioctl.h>
#include <rk/proc.h>
#include <rk/syscall.h>
#include <rump/rumpdefs.h>

#define RK_SSIZE_MAX	((size_t)(~(size_t)0 >> 1))

int rk_iov_total(const struct rk_iov *iov, int iovcnt, size_t *lenp)
{
	size_t total = 0;
	int i;

	for (i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len > RK_SSIZE_MAX - total)
			return RK_EINVAL;
		total += iov[i].iov_len;
	}
	*lenp = total;
	return 0;
}

/* The client's iovec array, copied in (kmem, freed by iov_free). */
static int iov_copyin(const void *uiov, int iovcnt, struct rk_iov **iovp)
{
	struct rk_iov *iov;
	size_t len;
	int error;

	if (iovcnt <= 0 || iovcnt > RK_IOV_MAX)
		return RK_EINVAL;
	len = sizeof(*iov) * (size_t)iovcnt;
	iov = rk_kmem_alloc(len, RK_KM_SLEEP);
	error = rk_copyin(uiov, iov, len);
	if (error == 0)
		error = rk_iov_total(iov, iovcnt, &len);
	if (error) {
		rk_kmem_free(iov, sizeof(*iov) * (size_t)iovcnt);
		return error;
	}
	*iovp = iov;
	return 0;
}

static void iov_free(struct rk_iov *iov, int iovcnt)
{
	rk_kmem_free(iov, sizeof(*iov) * (size_t)iovcnt);
}

/*
 * One transfer: offp NULL means the file's own offset (updated), else a
 * positioned transfer that leaves it alone.
 */
static int dofileio(struct lwp *l, int fd, const struct rk_iov *iov,
		    int iovcnt, const off_t *offp, bool write,
		    register_t *retval)
{
	struct file *fp;
	size_t len, done = 0;
	off_t off;
	int error;

	error = rk_iov_total(iov, iovcnt, &len);
	if (error)
		return error;
	error = rk_fd_get(l->l_proc, fd, &fp);
	if (error)
		return error;
	if (!(fp->f_flag & (write ? RK_FWRITE : RK_FREAD))) {
		error = RK_EBADF;
	} else if (offp && !fp->f_ops->fo_seek) {
		error = RK_ESPIPE;
	} else if (offp && *offp < 0) {
		error = RK_EINVAL;
	} else if (!(write ? (void *)fp->f_ops->fo_write
			   : (void *)fp->f_ops->fo_read)) {
		error = RK_EOPNOTSUPP;
	} else if (offp) {
		off = *offp;
		error = write ? fp->f_ops->fo_write(fp, &off, iov, iovcnt, &done)
			      : fp->f_ops->fo_read(fp, &off, iov, iovcnt, &done);
	} else if (!fp->f_ops->fo_seek) {
		off = 0;
		error = write ? fp->f_ops->fo_write(fp, &off, iov, iovcnt, &done)
			      : fp->f_ops->fo_read(fp, &off, iov, iovcnt, &done);
	} else {
		rk_mutex_enter(&fp->f_lock);
		off = fp->f_offset;
		error = write ? fp->f_ops->fo_write(fp, &off, iov, iovcnt, &done)
			      : fp->f_ops->fo_read(fp, &off, iov, iovcnt, &done);
		fp->f_offset = off;
		rk_mutex_exit(&fp->f_lock);
	}
	rk_file_release(fp);
	if (error == 0)
		retval[0] = (register_t)done;
	return error;
}

static int dorw(struct lwp *l, const register_t *args, register_t *retval,
		bool write, bool positioned)
{
	struct rk_iov iov;
	off_t off;

	iov.iov_base = RK_SCARG_PTR(args, 1, void *);
	iov.iov_len = RK_SCARG(args, 2, size_t);
	if (iov.iov_len > RK_SSIZE_MAX)
		return RK_EINVAL;
	if (!positioned)
		return dofileio(l, RK_SCARG(args, 0, int), &iov, 1, NULL,
				write, retval);
	off = RK_SCARG(args, 4, off_t);
	return dofileio(l, RK_SCARG(args, 0, int), &iov, 1, &off, write,
			retval);
}

int rk_sys_read(struct lwp *l, const register_t *args, register_t *retval)
{
	return dorw(l, args, retval, false, false);
}

int rk_sys_write(struct lwp *l, const register_t *args, register_t *retval)
{
	return dorw(l, args, retval, true, false);
}

int rk_sys_pread(struct lwp *l, const register_t *args, register_t *retval)
{
	return dorw(l, args, retval, false, true);
}

int rk_sys_pwrite(struct lwp *l, const register_t *args, register_t *retval)
{
	return dorw(l, args, retval, true, true);
}

static int dorwv(struct lwp *l, const register_t *args, register_t *retval,
		 bool write)
{
	int iovcnt = RK_SCARG(args, 2, int);
	struct rk_iov *iov;
	int error;

	error = iov_copyin(RK_SCARG_PTR(args, 1, const void *), iovcnt, &iov);
	if (error)
		return error;
	error = dofileio(l, RK_SCARG(args, 0, int), iov, iovcnt, NULL, write,
			 retval);
	iov_free(iov, iovcnt);
	return error;
}

int rk_sys_readv(struct lwp *l, const register_t *args, register_t *retval)
{
	return dorwv(l, args, retval, false);
}

int rk_sys_writev(struct lwp *l, const register_t *args, register_t *retval)
{
	return dorwv(l, args, retval, true);
}

int rk_sys___fstat50(struct lwp *l, const register_t *args, register_t *retval)
{
	struct file *fp;
	int error;

	(void)retval;
	error = rk_fd_get(l->l_proc, RK_SCARG(args, 0, int), &fp);
	if (error)
		return error;
	if (!fp->f_ops->fo_stat)
		error = RK_EOPNOTSUPP;
	else
		error = fp->f_ops->fo_stat(fp, RK_SCARG_PTR(args, 1, void *));
	rk_file_release(fp);
	return error;
}

/* Set or clear O_NONBLOCK and tell the file type (it may ignore it). */
static int set_nonblock(struct file *fp, bool on)
{
	int arg = on, error = 0;

	rk_mutex_enter(&fp->f_lock);
	if (on)
		fp->f_flag |= RUMP_O_NONBLOCK;
	else
		fp->f_flag &= ~RUMP_O_NONBLOCK;
	rk_mutex_exit(&fp->f_lock);
	if (fp->f_ops->fo_ioctl)
		error = fp->f_ops->fo_ioctl(fp, RK_FIONBIO, &arg);
	return error == RK_ENOTTY ? 0 : error;
}

/* The commands the descriptor layer serves itself; RK_ENOTTY if not. */
static int generic_ioctl(struct lwp *l, int fd, struct file *fp,
			 unsigned long cmd, void *data)
{
	switch (cmd) {
	case RK_FIOCLEX:
		return rk_fd_setflags(l->l_proc, fd, RK_FD_CLOEXEC);
	case RK_FIONCLEX:
		return rk_fd_setflags(l->l_proc, fd, 0);
	case RK_FIONBIO:
		return set_nonblock(fp, *(int *)data != 0);
	case RK_FIOASYNC:
		return *(int *)data ? RK_EOPNOTSUPP : 0;
	default:
		return RK_ENOTTY;
	}
}

static int ioctl_call(struct lwp *l, int fd, struct file *fp,
		      unsigned long cmd, void *data)
{
	int error = generic_ioctl(l, fd, fp, cmd, data);

	if (error != RK_ENOTTY)
		return error;
	if (!fp->f_ops->fo_ioctl)
		return RK_ENOTTY;
	return fp->f_ops->fo_ioctl(fp, cmd, data);
}

int rk_sys_ioctl(struct lwp *l, const register_t *args, register_t *retval)
{
	int fd = RK_SCARG(args, 0, int);
	unsigned long cmd = (unsigned long)RK_SCARG(args, 1, register_t) &
			    0xffffffffUL;
	void *udata = RK_SCARG_PTR(args, 2, void *);
	size_t len = RK_IOCPARM_LEN(cmd);
	uint64_t small[32];
	struct file *fp;
	void *data;
	int error;

	(void)retval;
	if (len > RK_IOCPARM_MAX)
		return RK_ENOTTY;
	error = rk_fd_get(l->l_proc, fd, &fp);
	if (error)
		return error;
	data = len > sizeof(small) ? rk_kmem_zalloc(len, RK_KM_SLEEP) : small;
	if (len > 0 && (cmd & RK_IOC_IN))
		error = rk_copyin(udata, data, len);
	else if (len > 0)
		rk_memset(data, 0, len);
	else if (cmd & RK_IOC_VOID)
		data = udata;	/* the argument itself (or nothing) */
	if (error == 0)
		error = ioctl_call(l, fd, fp, cmd, data);
	if (error == 0 && len > 0 && (cmd & RK_IOC_OUT))
		error = rk_copyout(data, udata, len);
	if (len > sizeof(small))
		rk_kmem_free(data, len);
	rk_file_release(fp);
	return error;
}

/* fcntl(2) commands (NetBSD <sys/fcntl.h>). */
#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_DUPFD_CLOEXEC	12
#define FD_CLOEXEC	1
/* Status flags F_SETFL may change. */
#define SETFL_MASK	(RUMP_O_NONBLOCK | RUMP_O_APPEND)

static int fcntl_setfl(struct file *fp, int arg)
{
	bool nb = (arg & RUMP_O_NONBLOCK) != 0;
	int error;

	if (nb != ((fp->f_flag & RUMP_O_NONBLOCK) != 0)) {
		error = set_nonblock(fp, nb);
		if (error)
			return error;
	}
	rk_mutex_enter(&fp->f_lock);
	fp->f_flag = (fp->f_flag & ~SETFL_MASK) | (arg & SETFL_MASK);
	rk_mutex_exit(&fp->f_lock);
	return 0;
}

int rk_sys_fcntl(struct lwp *l, const register_t *args, register_t *retval)
{
	int fd = RK_SCARG(args, 0, int), cmd = RK_SCARG(args, 1, int);
	int arg = RK_SCARG(args, 2, int), flags, error;
	struct file *fp;

	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg < 0 || arg >= RK_FD_MAX)
			return RK_EINVAL;
		error = rk_fd_dup(l->l_proc, fd, arg, &flags);
		if (error == 0 && cmd == F_DUPFD_CLOEXEC)
			rk_fd_setflags(l->l_proc, flags, RK_FD_CLOEXEC);
		if (error == 0)
			retval[0] = flags;
		return error;
	case F_GETFD:
		error = rk_fd_getflags(l->l_proc, fd, &flags);
		if (error == 0)
			retval[0] = (flags & RK_FD_CLOEXEC) ? FD_CLOEXEC : 0;
		return error;
	case F_SETFD:
		return rk_fd_setflags(l->l_proc, fd,
				      (arg & FD_CLOEXEC) ? RK_FD_CLOEXEC : 0);
	case F_GETFL:
	case F_SETFL:
		break;
	default:
		return RK_EINVAL;
	}
	error = rk_fd_get(l->l_proc, fd, &fp);
	if (error)
		return error;
	if (cmd == F_GETFL)
		retval[0] = RK_FFLAGS_TO_OFLAGS(fp->f_flag) &
			    ~(int)RUMP_O_CLOEXEC;
	else
		error = fcntl_setfl(fp, arg);
	rk_file_release(fp);
	return error;
}
