/* SPDX-License-Identifier: BSD-2-Clause */
/* Internal to guest/vfs: shared between the VFS source files only. */
#ifndef RK_VFS_IMPL_H
#define RK_VFS_IMPL_H

#include <rk/vfs.h>

extern struct rk_mutex rk_vnode_interlock;
extern struct mount *rk_mountlist;

/* Kernel copy of a user path (RK_PATH_MAX buffer); free with rk_pathfree. */
int rk_pathcopy(const void *upath, char **kpathp);
void rk_pathfree(char *kpath);

/* The calling process's root and cwd (never NULL after mountroot). */
struct vnode *rk_vfs_procroot(void);

/* Set a file's size (truncate, ftruncate): EISDIR for a directory,
 * EROFS on a read-only mount, else the file system's answer. */
int rk_vn_truncate(struct vnode *vp, off_t len);

#endif
