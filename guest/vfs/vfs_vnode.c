/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Vnodes: allocation, the per-mount vnode list and reference counting.
 *
 * References are counted with atomics.  Only the drop to zero is
 * serialised (rk_vnode_interlock): it asks the file system whether the
 * node is gone (no links left); such a node can no longer be found by
 * name, so once the last reference is dropped nobody can revive it and
 * it is reclaimed outside the lock.  A node that still has links stays
 * cached with no references and may be found again by lookup (0 -> 1
 * under its directory's lock, which excludes removing its last link),
 * which the interlock orders against a concurrent inactive check.
 */
#include <rk/types.h>
#include <rk/errno.h>
#include <rk/kmem.h>
#include <rk/lib.h>
#include <rk/lock.h>
#include <rk/vfs.h>

#include "vfs_impl.h"

struct rk_mutex rk_vnode_interlock;

int
rk_vnode_alloc(struct mount *mp, enum rk_vtype type,
    const struct rk_vnodeops *ops, void *data, struct vnode **vpp)
{
	struct vnode *vp;

	vp = rk_kmem_zalloc(sizeof(*vp), RK_KM_NOSLEEP);
	if (vp == NULL)
		return RK_ENOSPC;
	rk_mutex_init(&vp->v_lock);
	if (type == RK_VDIR)
		rk_rw_init(&vp->v_dirlock);
	vp->v_usecount = 1;
	vp->v_type = type;
	vp->v_mount = mp;
	vp->v_op = ops;
	vp->v_data = data;

	rk_mutex_enter(&mp->mnt_vlock);
	vp->v_mntnext = mp->mnt_vnodes;
	if (mp->mnt_vnodes != NULL)
		mp->mnt_vnodes->v_mntprev = vp;
	mp->mnt_vnodes = vp;
	rk_mutex_exit(&mp->mnt_vlock);

	*vpp = vp;
	return 0;
}

void
rk_vnode_free(struct vnode *vp)
{
	struct mount *mp = vp->v_mount;

	rk_mutex_enter(&mp->mnt_vlock);
	if (vp->v_mntprev != NULL)
		vp->v_mntprev->v_mntnext = vp->v_mntnext;
	else
		mp->mnt_vnodes = vp->v_mntnext;
	if (vp->v_mntnext != NULL)
		vp->v_mntnext->v_mntprev = vp->v_mntprev;
	rk_mutex_exit(&mp->mnt_vlock);

	rk_mutex_destroy(&vp->v_lock);
	rk_rw_destroy(&vp->v_dirlock);	/* no-op for non-directories */
	rk_kmem_free(vp, sizeof(*vp));
}

void
rk_vref(struct vnode *vp)
{
	__atomic_add_fetch(&vp->v_usecount, 1, __ATOMIC_ACQ_REL);
}

void
rk_vrele(struct vnode *vp)
{
	unsigned int c;
	bool reclaim = false;

	/* Fast path: not the last reference. */
	c = __atomic_load_n(&vp->v_usecount, __ATOMIC_RELAXED);
	while (c > 1) {
		if (__atomic_compare_exchange_n(&vp->v_usecount, &c, c - 1,
		    false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			return;
	}

	rk_mutex_enter(&rk_vnode_interlock);
	c = __atomic_sub_fetch(&vp->v_usecount, 1, __ATOMIC_ACQ_REL);
	RK_ASSERT(c != (unsigned int)-1);
	if (c == 0 && vp->v_op->vop_inactive != NULL)
		reclaim = vp->v_op->vop_inactive(vp);
	rk_mutex_exit(&rk_vnode_interlock);

	if (reclaim) {
		vp->v_op->vop_reclaim(vp);
		rk_vnode_free(vp);
	}
}
