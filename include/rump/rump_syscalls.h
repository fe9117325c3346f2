/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * System calls into the guest, NetBSD's rump names and signatures.  Each
 * returns -1 and sets errno (a NetBSD number) on error.  stat and getdents
 * use NetBSD's versioned symbols behind the usual names, as NetBSD does;
 * a client on another system passes struct rump_stat / rump_dirent
 * buffers (NetBSD layouts, <rump/rumpdefs.h>).
 */
#ifndef RUMP_RUMP_SYSCALLS_H
#define RUMP_RUMP_SYSCALLS_H

#ifndef RUMPUSER_TYPES_DEFINED
#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <sys/types.h>
#endif
#endif

#include <rump/rumpdefs.h>

#ifdef __cplusplus
extern "C" {
#endif

#define rump_sys_stat		rump___sysimpl_stat50
#define rump_sys_fstat		rump___sysimpl_fstat50
#define rump_sys_lstat		rump___sysimpl_lstat50
#define rump_sys_getdents	rump___sysimpl_getdents30
#define rump_sys_mount		rump___sysimpl_mount50
#define rump_sys_select		rump___sysimpl_select50
#define rump_sys_socket		rump___sysimpl_socket30

/* Structures of the caller's own system (same layouts as NetBSD's on
 * amd64: iovec; pollfd with RUMP_POLL* events; timeval as tv_sec, then
 * tv_usec read as an int) or of <rump/rumpdefs.h> (rump_sockaddr_in,
 * rump_msghdr...) passed through these opaque names. */
struct iovec;
struct pollfd;
struct timeval;
struct sockaddr;
struct msghdr;

pid_t rump_sys_getpid(void);
int rump_sys_open(const char *path, int flags, ...);
int rump_sys_close(int fd);
ssize_t rump_sys_read(int fd, void *buf, size_t nbyte);
ssize_t rump_sys_write(int fd, const void *buf, size_t nbyte);
ssize_t rump_sys_pread(int fd, void *buf, size_t nbyte, off_t offset);
ssize_t rump_sys_pwrite(int fd, const void *buf, size_t nbyte, off_t offset);
off_t rump_sys_lseek(int fd, off_t offset, int whence);
int rump_sys_truncate(const char *path, off_t length);
int rump_sys_ftruncate(int fd, off_t length);
int rump_sys_mkdir(const char *path, mode_t mode);
int rump_sys_rmdir(const char *path);
int rump_sys_unlink(const char *path);
int rump_sys_rename(const char *from, const char *to);
int rump_sys_symlink(const char *target, const char *path);
ssize_t rump_sys_readlink(const char *path, char *buf, size_t bufsize);
int rump_sys_fsync(int fd);
int rump_sys_chdir(const char *path);
int rump_sys___getcwd(char *buf, size_t len);
int rump___sysimpl_stat50(const char *path, struct rump_stat *sb);
int rump___sysimpl_fstat50(int fd, struct rump_stat *sb);
int rump___sysimpl_lstat50(const char *path, struct rump_stat *sb);
int rump___sysimpl_getdents30(int fd, char *buf, size_t nbytes);
ssize_t rump_sys_readv(int fd, const struct iovec *iov, int iovcnt);
ssize_t rump_sys_writev(int fd, const struct iovec *iov, int iovcnt);
int rump_sys_ioctl(int fd, unsigned long cmd, ...);
int rump_sys_fcntl(int fd, int cmd, ...);
int rump_sys_poll(struct pollfd *fds, unsigned int nfds, int timeout);
int rump___sysimpl_select50(int nd, void *in, void *ou, void *ex,
			    struct timeval *tv);
int rump_sys_dup(int fd);
int rump_sys_dup2(int from, int to);
int rump___sysimpl_mount50(const char *type, const char *path, int flags,
			   void *data, size_t data_len);
int rump_sys_unmount(const char *path, int flags);
int rump_sys_reboot(int howto, char *bootstr);

/* Sockets (the guest's network stack).  Addresses are NetBSD's
 * (struct rump_sockaddr_in, with sin_len); lengths are rump_socklen_t. */
int rump___sysimpl_socket30(int domain, int type, int protocol);
int rump_sys_bind(int s, const struct sockaddr *name, rump_socklen_t len);
int rump_sys_listen(int s, int backlog);
int rump_sys_accept(int s, struct sockaddr *name, rump_socklen_t *lenp);
int rump_sys_paccept(int s, struct sockaddr *name, rump_socklen_t *lenp,
		     const void *sigmask, int flags);
int rump_sys_connect(int s, const struct sockaddr *name, rump_socklen_t len);
ssize_t rump_sys_sendto(int s, const void *buf, size_t len, int flags,
			const struct sockaddr *to, rump_socklen_t tolen);
ssize_t rump_sys_recvfrom(int s, void *buf, size_t len, int flags,
			  struct sockaddr *from, rump_socklen_t *fromlenp);
ssize_t rump_sys_sendmsg(int s, const struct msghdr *msg, int flags);
ssize_t rump_sys_recvmsg(int s, struct msghdr *msg, int flags);
int rump_sys_shutdown(int s, int how);
int rump_sys_setsockopt(int s, int level, int name, const void *val,
			rump_socklen_t valsize);
int rump_sys_getsockopt(int s, int level, int name, void *val,
			rump_socklen_t *valsizep);
int rump_sys_getsockname(int s, struct sockaddr *name, rump_socklen_t *lenp);
int rump_sys_getpeername(int s, struct sockaddr *name, rump_socklen_t *lenp);

#ifdef __cplusplus
}
#endif

#endif /* RUMP_RUMP_SYSCALLS_H */
