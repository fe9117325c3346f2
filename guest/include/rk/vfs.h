/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtual file system layer: vnodes, mounts, file-system operation
 * tables, path lookup.
 *
 * Locking, in this order:
 *  1. rk_vfs_nslock (rwlock): the shape of the name space.  Every lookup
 *     and every change inside one directory holds it as reader; rename,
 *     mount and unmount, which change the tree across directories or the
 *     mount table, hold it as writer and take no directory locks.
 *     v_mountedhere, mount roots and a directory's parent change only
 *     under it as writer.
 *  2. v_dirlock (rwlock, directories): the directory's entries.  Readers
 *     look names up in it or read it; writers add or remove entries (and
 *     so change its link count).  A thread holds one directory lock at a
 *     time, except rmdir: the parent's, then the victim's.
 *  3. vnode v_lock (mutex): a node's data and attributes (file contents,
 *     size, times, link count as getattr reports it).  File I/O takes only
 *     this lock; it is the innermost lock.
 *  rk_vnode_interlock (internal) only orders the last-reference path.
 * File-system operations are called with the locks above already held by
 * the VFS: lookup and readdir with nslock reader and the directory lock
 * reader; create, mkdir, symlink, remove, rmdir with nslock reader and
 * the directory lock writer (rmdir: the victim's too); rename with nslock
 * writer; data ops (read, write, truncate, getattr, readlink) with v_lock.
 */
#ifndef RK_VFS_H
#define RK_VFS_H

#include <rk/types.h>
#include <rk/lock.h>

#define RK_NAME_MAX	511	/* NetBSD MAXNAMLEN */
#define RK_PATH_MAX	1024	/* NetBSD MAXPATHLEN, includes the NUL */
#define RK_MAXSYMLINKS	32

enum rk_vtype { RK_VNON = 0, RK_VREG, RK_VDIR, RK_VLNK };

struct rk_timespec {
	int64_t tv_sec;
	long tv_nsec;
};

/* File attributes as a file system reports them. */
struct rk_vattr {
	enum rk_vtype va_type;
	mode_t va_mode;		/* permission bits only */
	nlink_t va_nlink;
	uid_t va_uid;
	gid_t va_gid;
	ino_t va_fileid;
	dev_t va_fsid;
	off_t va_size;
	int64_t va_bytes;	/* storage actually used */
	uint32_t va_blocksize;
	uint32_t va_gen;
	struct rk_timespec va_atime, va_mtime, va_ctime, va_birthtime;
};

/* A transfer between a file system and a caller's buffer. */
enum rk_uio_seg { RK_UIO_USERSPACE, RK_UIO_SYSSPACE };
struct rk_uio {
	char *uio_base;
	size_t uio_resid;
	off_t uio_offset;
	enum rk_uio_seg uio_seg;
};
/* Move up to n bytes between kbuf and the uio (direction: toward the uio
 * when tokbuf is false).  Advances base, resid and offset. */
int rk_uiomove(void *kbuf, size_t n, struct rk_uio *uio, bool tokbuf);
/*
 * Append one NetBSD struct dirent record to a readdir uio.  Returns 0,
 * or RK_ENOSPC when the record does not fit (nothing written; the file
 * system stops and leaves uio_offset at this entry's cookie), or a copy
 * error.  Does not change uio_offset: the file system sets it to the
 * cookie of the next entry.
 */
#define RK_DT_UNKNOWN	0
#define RK_DT_DIR	4
#define RK_DT_REG	8
#define RK_DT_LNK	10
int rk_dirent_emit(struct rk_uio *uio, ino_t ino, const char *name,
    size_t namelen, uint8_t type);
uint8_t rk_vtype_to_dt(enum rk_vtype t);

struct vnode;
struct mount;

/* ioflag for vop_write */
#define RK_IO_APPEND	0x1

struct rk_vnodeops {
	/* Name-space operations (locks: see the top of this file). */
	/* Directory lock reader.  name is never "." (the VFS handles it);
	 * ".." is the parent.  Returns a referenced vnode or RK_ENOENT. */
	int (*vop_lookup)(struct vnode *dvp, const char *name, size_t len,
	    struct vnode **vpp);
	int (*vop_create)(struct vnode *dvp, const char *name, size_t len,
	    mode_t mode, struct vnode **vpp);
	int (*vop_mkdir)(struct vnode *dvp, const char *name, size_t len,
	    mode_t mode, struct vnode **vpp);
	int (*vop_symlink)(struct vnode *dvp, const char *name, size_t len,
	    mode_t mode, const char *target, struct vnode **vpp);
	int (*vop_remove)(struct vnode *dvp, struct vnode *vp,
	    const char *name, size_t len);
	/* Returns RK_ENOTEMPTY for a non-empty directory. */
	int (*vop_rmdir)(struct vnode *dvp, struct vnode *vp,
	    const char *name, size_t len);
	/*
	 * The VFS has checked types, same mount, ancestry and ".": the file
	 * system replaces tvp (if any; RK_ENOTEMPTY for a full directory)
	 * and moves the entry.
	 */
	int (*vop_rename)(struct vnode *fdvp, struct vnode *fvp,
	    const char *fname, size_t flen, struct vnode *tdvp,
	    struct vnode *tvp, const char *tname, size_t tlen);
	/* Directory lock reader; uio_offset is the cookie. */
	int (*vop_readdir)(struct vnode *vp, struct rk_uio *uio);

	/* Data operations (v_lock held). */
	int (*vop_getattr)(struct vnode *vp, struct rk_vattr *va);
	int (*vop_truncate)(struct vnode *vp, off_t len);
	int (*vop_read)(struct vnode *vp, struct rk_uio *uio);
	int (*vop_write)(struct vnode *vp, struct rk_uio *uio, int ioflag);
	int (*vop_readlink)(struct vnode *vp, struct rk_uio *uio);
	int (*vop_fsync)(struct vnode *vp);
	/* No lock: may refuse an open mode (fflags RK_FREAD/RK_FWRITE). */
	int (*vop_open)(struct vnode *vp, int fflags);

	/* Lifecycle (no locks held). */
	/* Last reference gone: return true to have the vnode reclaimed. */
	bool (*vop_inactive)(struct vnode *vp);
	/* Free the file system's node; the VFS then frees the vnode. */
	void (*vop_reclaim)(struct vnode *vp);
};

struct vnode {
	struct rk_mutex v_lock;
	struct rk_rwlock v_dirlock;	/* directories: their entries */
	unsigned int v_usecount;	/* atomic */
	enum rk_vtype v_type;
	struct mount *v_mount;
	struct mount *v_mountedhere;	/* nslock */
	const struct rk_vnodeops *v_op;
	void *v_data;
	struct vnode *v_mntnext, *v_mntprev;	/* mnt_vlock */
};

struct rk_vfsops {
	const char *vfs_name;
	/* Set mp->mnt_data and mp->mnt_root (one reference, kept by the
	 * mount).  data/datalen are the caller's (user) argument. */
	int (*vfs_mount)(struct mount *mp, const void *data, size_t datalen);
	/* The VFS has checked it is not busy and dropped the root's
	 * reference: free every vnode (rk_vnode_free) and all fs state. */
	void (*vfs_unmount)(struct mount *mp);
};

#define RK_MNT_RDONLY	0x1	/* RUMP_MNT_RDONLY */

struct mount {
	const struct rk_vfsops *mnt_op;
	struct vnode *mnt_vnodecovered;	/* referenced; NULL for "/" */
	struct vnode *mnt_root;
	void *mnt_data;
	int mnt_flag;
	dev_t mnt_dev;
	struct rk_mutex mnt_vlock;	/* the vnode list */
	struct vnode *mnt_vnodes;
	struct mount *mnt_next;		/* nslock */
};

extern struct rk_rwlock rk_vfs_nslock;
extern struct vnode *rk_rootvnode;	/* "/" (one reference held) */

/* Vnodes. */
int rk_vnode_alloc(struct mount *mp, enum rk_vtype type,
    const struct rk_vnodeops *ops, void *data, struct vnode **vpp);
void rk_vnode_free(struct vnode *vp);
void rk_vref(struct vnode *vp);
void rk_vrele(struct vnode *vp);

/* File-system types. */
int rk_vfs_register(const struct rk_vfsops *ops);
extern const struct rk_vfsops rk_tmpfs_vfsops;
extern const struct rk_vfsops rk_kernfs_vfsops;

/*
 * Boot and halt (called by the core).  rk_vfs_init registers the VFS's
 * process hooks (rk/proc.h).  Before rk_vfs_shutdown the core must have
 * closed every file and run the exit hooks of every process: shutdown
 * frees all vnodes.
 */
void rk_vfs_init(void);
int rk_vfs_mountroot(void);
void rk_vfs_shutdown(void);

/* Mounting (nslock writer held). */
int rk_vfs_domount(const struct rk_vfsops *ops, struct vnode *covered,
    int flags, const void *data, size_t datalen, struct mount **mpp);
int rk_vfs_dounmount(struct mount *mp, bool force);
const struct rk_vfsops *rk_vfs_byname(const char *name);

/*
 * Path lookup (nslock held by the caller).  A PARENT lookup returns with
 * the parent's directory lock held as writer (unless RK_NI_NSWRITER),
 * until rk_namei_done or rk_namei_unlockparent, so the last name cannot
 * appear or go away under the caller.
 */
#define RK_NI_FOLLOW	0x1	/* follow a symlink in the last component */
#define RK_NI_PARENT	0x2	/* return the parent and the last name too */
#define RK_NI_NSWRITER	0x4	/* the caller holds nslock as writer */
struct rk_nameidata {
	/* in */
	const char *ni_path;	/* kernel copy, NUL-terminated */
	int ni_flags;
	/* out */
	struct vnode *ni_dvp;	/* RK_NI_PARENT: referenced parent */
	struct vnode *ni_vp;	/* referenced result, or NULL (PARENT only) */
	const char *ni_name;	/* RK_NI_PARENT: last component */
	size_t ni_namelen;
	bool ni_trailslash;	/* the path ended in '/' */
	bool ni_dirlocked;	/* ni_dvp's directory lock is held */
	char *ni_buf;		/* internal */
};
int rk_namei(struct rk_nameidata *nd);
void rk_namei_unlockparent(struct rk_nameidata *nd);
void rk_namei_done(struct rk_nameidata *nd);

/* Helpers for system calls. */
int rk_vn_getattr(struct vnode *vp, struct rk_vattr *va);
/* Fill a client's struct rump_stat. */
int rk_vn_stat(struct vnode *vp, void *ustat);
int rk_vn_getcwd(struct vnode *cwd, struct vnode *root, char *buf,
    size_t len, size_t *lenp);

#endif /* RK_VFS_H */
