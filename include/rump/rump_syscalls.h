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

pid_t rump_sys_getpid(void);
int rump_sys_open(const char *path, int flags, ...);
int rump_sys_close(int fd);
ssize_t rump_sys_read(int fd, void *buf, size_t nbyte);
ssize_t rump_sys_write(int fd, const void *buf, size_t nbyte);
ssize_t rump_sys_pread(int fd, void *buf, size_t nbyte, off_t offset);
ssize_t rump_sys_pwrite(int fd, const void *buf, size_t nbyte, off_t offset);
off_t rump_sys_lseek(int fd, off_t offset, int whence);
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
int rump_sys_dup(int fd);
int rump_sys_dup2(int from, int to);
int rump___sysimpl_mount50(const char *type, const char *path, int flags,
			   void *data, size_t data_len);
int rump_sys_unmount(const char *path, int flags);
int rump_sys_reboot(int howto, char *bootstr);

#ifdef __cplusplus
}
#endif

#endif /* RUMP_RUMP_SYSCALLS_H */
