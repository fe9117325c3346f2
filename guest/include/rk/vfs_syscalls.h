/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * System-call handlers of the VFS (guest/vfs), for the core's table.
 * Names follow rk/sysnum.h: rk_sys_<name> for RK_SYS_<name>.  Arguments
 * are NetBSD's, one register_t slot each, including NetBSD's PAD slots
 * (pread/pwrite: fd, buf, nbyte, PAD, offset; lseek: fd, PAD, offset,
 * whence; truncate, ftruncate: path or fd, PAD, length).
 */
#ifndef RK_VFS_SYSCALLS_H
#define RK_VFS_SYSCALLS_H

#include <rk/types.h>

struct lwp;

#define RK_VFS_SYSCALL(name) \
	int rk_sys_##name(struct lwp *, const register_t *, register_t *)

RK_VFS_SYSCALL(open);
RK_VFS_SYSCALL(unlink);
RK_VFS_SYSCALL(chdir);
RK_VFS_SYSCALL(unmount);
RK_VFS_SYSCALL(symlink);
RK_VFS_SYSCALL(readlink);
RK_VFS_SYSCALL(fsync);
RK_VFS_SYSCALL(rename);
RK_VFS_SYSCALL(mkdir);
RK_VFS_SYSCALL(rmdir);
RK_VFS_SYSCALL(lseek);
RK_VFS_SYSCALL(truncate);
RK_VFS_SYSCALL(ftruncate);
RK_VFS_SYSCALL(__getcwd);
RK_VFS_SYSCALL(__getdents30);
RK_VFS_SYSCALL(__mount50);
RK_VFS_SYSCALL(__stat50);
RK_VFS_SYSCALL(__lstat50);

#undef RK_VFS_SYSCALL

/* File operations for RK_DTYPE_VNODE files (set by open). */
struct rk_fileops;
extern const struct rk_fileops rk_vn_fileops;

#endif /* RK_VFS_SYSCALLS_H */
