// SPDX-License-Identifier: BSD-2-Clause
/*
 * rump_sys_*: the client entry points.  Each packs its arguments into
 * NetBSD's register_t slots (PAD slots included) and hands them to
 * rk_sys_call with NetBSD's number: the guest enters itself and
 * dispatches through the system-call table (kern/sys_local.c), the
 * client library (client/) sends the same bytes to a server.  One
 * source, freestanding, compiled into both.
 */
#include <rk/types.h>
#include <rk/syscall.h>
#include <rump/rump_syscalls.h>

#define R(x)	RK_R(x)
#define P(x)	RK_P(x)
#define CALL	RK_CLIENT_CALL


pid_t rump_sys_getpid(void)
{
	register_t rv[2];

	if (rk_sys_call(RK_SYS_getpid, NULL, 0, rv) != 0)
		return -1;
	return (pid_t)rv[0];
}

int rump_sys_open(const char *path, int flags, ...)
{
	int mode = 0;

	if (flags & RUMP_O_CREAT) {
		va_list ap;

		va_start(ap, flags);
		mode = va_arg(ap, int);
		va_end(ap);
	}
	CALL(int, open, P(path), R(flags), R(mode));
}

int rump_sys_close(int fd)
{
	CALL(int, close, R(fd));
}

ssize_t rump_sys_read(int fd, void *buf, size_t nbyte)
{
	CALL(ssize_t, read, R(fd), P(buf), R(nbyte));
}

ssize_t rump_sys_write(int fd, const void *buf, size_t nbyte)
{
	CALL(ssize_t, write, R(fd), P(buf), R(nbyte));
}

ssize_t rump_sys_pread(int fd, void *buf, size_t nbyte, off_t offset)
{
	CALL(ssize_t, pread, R(fd), P(buf), R(nbyte), 0, R(offset));
}

ssize_t rump_sys_pwrite(int fd, const void *buf, size_t nbyte, off_t offset)
{
	CALL(ssize_t, pwrite, R(fd), P(buf), R(nbyte), 0, R(offset));
}

off_t rump_sys_lseek(int fd, off_t offset, int whence)
{
	CALL(off_t, lseek, R(fd), 0, R(offset), R(whence));
}

int rump_sys_truncate(const char *path, off_t length)
{
	CALL(int, truncate, P(path), 0, R(length));
}

int rump_sys_ftruncate(int fd, off_t length)
{
	CALL(int, ftruncate, R(fd), 0, R(length));
}

int rump_sys_mkdir(const char *path, mode_t mode)
{
	CALL(int, mkdir, P(path), R(mode));
}

int rump_sys_rmdir(const char *path)
{
	CALL(int, rmdir, P(path));
}

int rump_sys_unlink(const char *path)
{
	CALL(int, unlink, P(path));
}

int rump_sys_rename(const char *from, const char *to)
{
	CALL(int, rename, P(from), P(to));
}

int rump_sys_symlink(const char *target, const char *path)
{
	CALL(int, symlink, P(target), P(path));
}

ssize_t rump_sys_readlink(const char *path, char *buf, size_t bufsize)
{
	CALL(ssize_t, readlink, P(path), P(buf), R(bufsize));
}

int rump_sys_fsync(int fd)
{
	CALL(int, fsync, R(fd));
}

int rump_sys_chdir(const char *path)
{
	CALL(int, chdir, P(path));
}

int rump_sys___getcwd(char *buf, size_t len)
{
	CALL(int, __getcwd, P(buf), R(len));
}

int rump___sysimpl_stat50(const char *path, struct rump_stat *sb)
{
	CALL(int, __stat50, P(path), P(sb));
}

int rump___sysimpl_fstat50(int fd, struct rump_stat *sb)
{
	CALL(int, __fstat50, R(fd), P(sb));
}

int rump___sysimpl_lstat50(const char *path, struct rump_stat *sb)
{
	CALL(int, __lstat50, P(path), P(sb));
}

int rump___sysimpl_getdents30(int fd, char *buf, size_t nbytes)
{
	CALL(int, __getdents30, R(fd), P(buf), R(nbytes));
}

ssize_t rump_sys_readv(int fd, const struct iovec *iov, int iovcnt)
{
	CALL(ssize_t, readv, R(fd), P(iov), R(iovcnt));
}

ssize_t rump_sys_writev(int fd, const struct iovec *iov, int iovcnt)
{
	CALL(ssize_t, writev, R(fd), P(iov), R(iovcnt));
}

int rump_sys_ioctl(int fd, unsigned long cmd, ...)
{
	va_list ap;
	void *data;

	va_start(ap, cmd);
	data = va_arg(ap, void *);
	va_end(ap);
	CALL(int, ioctl, R(fd), R(cmd), P(data));
}

int rump_sys_fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	CALL(int, fcntl, R(fd), R(cmd), R(arg));
}

int rump_sys_poll(struct pollfd *fds, unsigned int nfds, int timeout)
{
	CALL(int, poll, P(fds), R(nfds), R(timeout));
}

int rump___sysimpl_select50(int nd, void *in, void *ou, void *ex,
			    struct timeval *tv)
{
	CALL(int, __select50, R(nd), P(in), P(ou), P(ex), P(tv));
}

int rump_sys_dup(int fd)
{
	CALL(int, dup, R(fd));
}

int rump_sys_dup2(int from, int to)
{
	CALL(int, dup2, R(from), R(to));
}

int rump___sysimpl_mount50(const char *type, const char *path, int flags,
			   void *data, size_t data_len)
{
	CALL(int, __mount50, P(type), P(path), R(flags), P(data), R(data_len));
}

int rump_sys_unmount(const char *path, int flags)
{
	CALL(int, unmount, P(path), R(flags));
}

/* Halting does not return: the guest ends with rumpuser_exit. */
int rump_sys_reboot(int howto, char *bootstr)
{
	CALL(int, reboot, R(howto), P(bootstr));
}
