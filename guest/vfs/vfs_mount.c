/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The mount table: file-system types, mounting and unmounting, the root
 * file system, and tearing everything down at halt.
 */
#include <rk/types.h>
#include <rk/errno.h>
#include <rk/kmem.h>
#include <rk/lib.h>
#include <rk/lock.h>
#include <rk/printf.h>
#include <rk/proc.h>
#include <rk/vfs.h>

#include "vfs_impl.h"

#define RK_VFS_MAXTYPES	8

struct rk_rwlock rk_vfs_nslock;
struct vnode *rk_rootvnode;
struct mount *rk_mountlist;		/* newest first; nslock */

static const struct rk_vfsops *vfs_types[RK_VFS_MAXTYPES];
static dev_t vfs_nextdev;

int
rk_vfs_register(const struct rk_vfsops *ops)
{
	int i;

	for (i = 0; i < RK_VFS_MAXTYPES; i++) {
		if (vfs_types[i] == ops)
			return RK_EEXIST;
		if (vfs_types[i] == NULL) {
			vfs_types[i] = ops;
			return 0;
		}
	}
	return RK_ENOMEM;
}

const struct rk_vfsops *
rk_vfs_byname(const char *name)
{
	int i;

	for (i = 0; i < RK_VFS_MAXTYPES && vfs_types[i] != NULL; i++)
		if (rk_strcmp(vfs_types[i]->vfs_name, name) == 0)
			return vfs_types[i];
	return NULL;
}

static struct rk_proc_hooks vfs_proc_hooks;

void
rk_vfs_init(void)
{
	rk_rw_init(&rk_vfs_nslock);
	rk_mutex_init(&rk_vnode_interlock);
	rk_memset(vfs_types, 0, sizeof(vfs_types));
	rk_mountlist = NULL;
	rk_rootvnode = NULL;
	vfs_nextdev = 1;
	rk_vfs_register(&rk_tmpfs_vfsops);
	rk_vfs_register(&rk_kernfs_vfsops);
	rk_proc_hooks_register(&vfs_proc_hooks);
}

int
rk_vfs_domount(const struct rk_vfsops *ops, struct vnode *covered,
    int flags, const void *data, size_t datalen, struct mount **mpp)
{
	struct rk_vattr va;
	struct mount *mp;
	int error;

	if (covered != NULL) {
		if (covered->v_type != RK_VDIR)
			return RK_ENOTDIR;
		/* One file system per mount point, and not on a mount's root
		 * (that would hide it; NetBSD refuses with EBUSY too). */
		if (covered->v_mountedhere != NULL ||
		    covered == covered->v_mount->mnt_root)
			return RK_EBUSY;
		/* A removed directory (still a cwd, say): a mount there
		 * could never be named, so never unmounted. */
		error = rk_vn_getattr(covered, &va);
		if (error != 0)
			return error;
		if (va.va_nlink == 0)
			return RK_ENOENT;
	}
	mp = rk_kmem_zalloc(sizeof(*mp), RK_KM_SLEEP);
	mp->mnt_op = ops;
	mp->mnt_flag = flags & RK_MNT_RDONLY;
	mp->mnt_dev = vfs_nextdev++;
	rk_mutex_init(&mp->mnt_vlock);
	error = ops->vfs_mount(mp, data, datalen);
	if (error != 0) {
		RK_ASSERT(mp->mnt_vnodes == NULL);
		rk_mutex_destroy(&mp->mnt_vlock);
		rk_kmem_free(mp, sizeof(*mp));
		return error;
	}
	if (covered != NULL) {
		rk_vref(covered);
		covered->v_mountedhere = mp;
	}
	mp->mnt_vnodecovered = covered;
	mp->mnt_next = rk_mountlist;
	rk_mountlist = mp;
	if (mpp != NULL)
		*mpp = mp;
	return 0;
}

/* Is any vnode of mp referenced beyond the mount's hold on its root? */
static bool
vfs_busy(struct mount *mp)
{
	struct vnode *vp;
	bool busy = false;

	rk_mutex_enter(&mp->mnt_vlock);
	for (vp = mp->mnt_vnodes; vp != NULL; vp = vp->v_mntnext) {
		unsigned int want = vp == mp->mnt_root ? 1 : 0;

		if (__atomic_load_n(&vp->v_usecount, __ATOMIC_ACQUIRE) !=
		    want) {
			busy = true;
			break;
		}
	}
	rk_mutex_exit(&mp->mnt_vlock);
	return busy;
}

int
rk_vfs_dounmount(struct mount *mp, bool force)
{
	struct mount *m, **mpp;

	/* Anything mounted below us must go first. */
	for (m = rk_mountlist; m != NULL; m = m->mnt_next)
		if (m->mnt_vnodecovered != NULL &&
		    m->mnt_vnodecovered->v_mount == mp)
			return RK_EBUSY;
	if (!force && vfs_busy(mp))
		return RK_EBUSY;

	for (mpp = &rk_mountlist; *mpp != mp; mpp = &(*mpp)->mnt_next)
		RK_ASSERT(*mpp != NULL);
	*mpp = mp->mnt_next;

	/* The root's last reference; the file system frees the rest. */
	__atomic_store_n(&mp->mnt_root->v_usecount, 0, __ATOMIC_RELEASE);
	mp->mnt_op->vfs_unmount(mp);
	RK_ASSERT(mp->mnt_vnodes == NULL);

	if (mp->mnt_vnodecovered != NULL) {
		mp->mnt_vnodecovered->v_mountedhere = NULL;
		rk_vrele(mp->mnt_vnodecovered);
	}
	rk_mutex_destroy(&mp->mnt_vlock);
	rk_kmem_free(mp, sizeof(*mp));
	return 0;
}

int
rk_vfs_mountroot(void)
{
	struct mount *mp;
	int error;

	rk_rw_enter(&rk_vfs_nslock, RK_RW_WRITER);
	error = rk_vfs_domount(&rk_tmpfs_vfsops, NULL, 0, NULL, 0, &mp);
	if (error == 0) {
		rk_rootvnode = mp->mnt_root;
		rk_vref(rk_rootvnode);
	}
	rk_rw_exit(&rk_vfs_nslock);
	if (error != 0)
		rk_printf("vfs: cannot mount the root tmpfs: error %d\n", error);
	return error;
}

void
rk_vfs_shutdown(void)
{
	rk_rw_enter(&rk_vfs_nslock, RK_RW_WRITER);
	if (rk_rootvnode != NULL) {
		rk_vrele(rk_rootvnode);
		rk_rootvnode = NULL;
	}
	/* Newest first, so every mount goes before the one it covers. */
	while (rk_mountlist != NULL) {
		if (vfs_busy(rk_mountlist))
			rk_printf("vfs: unmounting %s with files in use\n",
			    rk_mountlist->mnt_op->vfs_name);
		rk_vfs_dounmount(rk_mountlist, true);
	}
	rk_rw_exit(&rk_vfs_nslock);
	rk_mutex_destroy(&rk_vnode_interlock);
	rk_rw_destroy(&rk_vfs_nslock);
}

struct vnode *
rk_vfs_procroot(void)
{
	struct rk_proc *p = rk_curproc();

	if (p != NULL && p->p_rdir != NULL)
		return p->p_rdir;
	return rk_rootvnode;
}

static void
vfs_proc_fork(struct rk_proc *child, struct rk_proc *parent)
{
	struct vnode *cwd = NULL, *rdir = NULL;

	if (parent != NULL) {
		rk_mutex_enter(&parent->p_lock);
		cwd = parent->p_cwd;
		rdir = parent->p_rdir;
		if (cwd != NULL)
			rk_vref(cwd);
		if (rdir != NULL)
			rk_vref(rdir);
		rk_mutex_exit(&parent->p_lock);
	}
	if (cwd == NULL && rk_rootvnode != NULL) {
		cwd = rk_rootvnode;
		rk_vref(cwd);
	}
	rk_mutex_enter(&child->p_lock);
	child->p_cwd = cwd;
	child->p_rdir = rdir;
	rk_mutex_exit(&child->p_lock);
}

static void
vfs_proc_exit(struct rk_proc *p)
{
	struct vnode *cwd, *rdir;

	rk_mutex_enter(&p->p_lock);
	cwd = p->p_cwd;
	rdir = p->p_rdir;
	p->p_cwd = p->p_rdir = NULL;
	rk_mutex_exit(&p->p_lock);
	if (cwd != NULL)
		rk_vrele(cwd);
	if (rdir != NULL)
		rk_vrele(rdir);
}

static struct rk_proc_hooks vfs_proc_hooks = {
	.ph_fork = vfs_proc_fork,
	.ph_exit = vfs_proc_exit,
};
