/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tmpfs mounts and nodes: mount creates the root directory, unmount
 * frees every node that is left; nodes are made with their vnode and
 * their directory entry in one step.
 */
#include <rk/types.h>
#include <rk/clock.h>
#include <rk/errno.h>
#include <rk/kmem.h>
#include <rk/lib.h>
#include <rk/vfs.h>

#include "tmpfs.h"

void
rk_tmpfs_now(struct rk_timespec *ts)
{
	int64_t sec;
	long nsec;

	rk_time_coarse(&sec, &nsec);
	ts->tv_sec = sec;
	ts->tv_nsec = nsec;
}

/* Change a node's link count (and its ctime, if asked) as getattr sees
 * them: under the vnode's lock. */
void
rk_tmpfs_nlink_add(struct tmpfs_node *node, int delta, bool ctime)
{
	rk_mutex_enter(&node->tn_vnode->v_lock);
	node->tn_nlink = (nlink_t)((int)node->tn_nlink + delta);
	if (ctime)
		rk_tmpfs_now(&node->tn_ctime);
	rk_mutex_exit(&node->tn_vnode->v_lock);
}

static void
node_data_free(struct tmpfs_node *node)
{
	switch (node->tn_type) {
	case RK_VDIR:
		rk_tmpfs_dir_fini(node);
		break;
	case RK_VREG:
		rk_tmpfs_reg_free(node);
		break;
	case RK_VLNK:
		if (node->tn_u.tn_lnk.tn_target != NULL)
			rk_kmem_free(node->tn_u.tn_lnk.tn_target,
			    node->tn_u.tn_lnk.tn_len + 1);
		break;
	default:
		break;
	}
}

/*
 * A new node of type in directory dnode under name (dnode NULL: the root).
 * Returns its vnode with one reference.  Every allocation may fail with
 * ENOSPC, and then nothing has changed.
 */
int
rk_tmpfs_newnode(struct mount *mp, struct tmpfs_node *dnode,
    enum rk_vtype type, mode_t mode, const char *name, size_t len,
    const char *target, struct vnode **vpp)
{
	struct tmpfs_mount *tm = mp->mnt_data;
	struct tmpfs_dirent *de = NULL;
	struct tmpfs_node *node;
	struct vnode *vp;
	int error = RK_ENOSPC;

	if (dnode != NULL && dnode->tn_nlink == 0)
		return RK_ENOENT;	/* the directory was removed */
	node = rk_kmem_zalloc(sizeof(*node), RK_KM_NOSLEEP);
	if (node == NULL)
		return RK_ENOSPC;
	node->tn_type = type;
	node->tn_mode = mode;
	if (type == RK_VDIR) {
		error = rk_tmpfs_dir_init(node);
		if (error != 0)
			goto fail;
	} else if (type == RK_VLNK) {
		node->tn_u.tn_lnk.tn_len = rk_strlen(target);
		node->tn_u.tn_lnk.tn_target = rk_kmem_alloc(
		    node->tn_u.tn_lnk.tn_len + 1, RK_KM_NOSLEEP);
		if (node->tn_u.tn_lnk.tn_target == NULL) {
			error = RK_ENOSPC;
			goto fail;
		}
		rk_memcpy(node->tn_u.tn_lnk.tn_target, target,
		    node->tn_u.tn_lnk.tn_len + 1);
		node->tn_size = (off_t)node->tn_u.tn_lnk.tn_len;
	}
	if (dnode != NULL) {
		de = rk_tmpfs_dirent_alloc(name, len);
		if (de == NULL) {
			error = RK_ENOSPC;
			goto fail;
		}
	}
	error = rk_vnode_alloc(mp, type, &rk_tmpfs_vnodeops, node, &vp);
	if (error != 0)
		goto fail;

	/* Nothing can fail from here on. */
	node->tn_vnode = vp;
	rk_tmpfs_now(&node->tn_birthtime);
	node->tn_atime = node->tn_mtime = node->tn_ctime = node->tn_birthtime;
	if (type == RK_VDIR) {
		node->tn_nlink = 2;
		node->tn_u.tn_dir.tn_parent = dnode != NULL ? dnode : node;
		node->tn_size = 2 * 32;
		if (dnode != NULL)
			rk_tmpfs_nlink_add(dnode, 1, false);
	} else
		node->tn_nlink = 1;

	rk_mutex_enter(&tm->tm_lock);
	node->tn_ino = tm->tm_nextino++;
	node->tn_gen = (uint32_t)node->tn_ino * 2654435761u;
	node->tn_next = tm->tm_nodes;
	if (tm->tm_nodes != NULL)
		tm->tm_nodes->tn_prev = node;
	tm->tm_nodes = node;
	rk_mutex_exit(&tm->tm_lock);
	/* Last: a lookup may find the node as soon as its entry is in. */
	if (dnode != NULL)
		rk_tmpfs_dir_attach(dnode, de, node);
	*vpp = vp;
	return 0;
fail:
	if (de != NULL)
		rk_tmpfs_dirent_free(de);
	node_data_free(node);
	rk_kmem_free(node, sizeof(*node));
	return error;
}

/* Free a node that has no links and no references (or at unmount). */
void
rk_tmpfs_freenode(struct tmpfs_node *node)
{
	struct tmpfs_mount *tm = node->tn_vnode->v_mount->mnt_data;

	rk_mutex_enter(&tm->tm_lock);
	if (node->tn_prev != NULL)
		node->tn_prev->tn_next = node->tn_next;
	else
		tm->tm_nodes = node->tn_next;
	if (node->tn_next != NULL)
		node->tn_next->tn_prev = node->tn_prev;
	rk_mutex_exit(&tm->tm_lock);
	node_data_free(node);
	rk_kmem_free(node, sizeof(*node));
}

static int
tmpfs_mount(struct mount *mp, const void *data, size_t datalen)
{
	struct tmpfs_mount *tm;
	struct vnode *vp;
	int error;

	/* NetBSD's tmpfs_args (size and inode limits, root owner and mode)
	 * are optional: the defaults are the memory limit and 0755. */
	(void)data;
	(void)datalen;
	tm = rk_kmem_zalloc(sizeof(*tm), RK_KM_SLEEP);
	rk_mutex_init(&tm->tm_lock);
	tm->tm_nextino = 2;		/* the root's number, as in UFS */
	mp->mnt_data = tm;
	error = rk_tmpfs_newnode(mp, NULL, RK_VDIR, 0755, NULL, 0, NULL, &vp);
	if (error != 0) {
		rk_mutex_destroy(&tm->tm_lock);
		rk_kmem_free(tm, sizeof(*tm));
		mp->mnt_data = NULL;
		return error;
	}
	tm->tm_root = VP_TO_TN(vp);
	mp->mnt_root = vp;
	return 0;
}

static void
tmpfs_unmount(struct mount *mp)
{
	struct tmpfs_mount *tm = mp->mnt_data;
	struct tmpfs_node *node;
	struct vnode *vp;

	while ((node = tm->tm_nodes) != NULL) {
		vp = node->tn_vnode;
		rk_tmpfs_freenode(node);
		rk_vnode_free(vp);
	}
	rk_mutex_destroy(&tm->tm_lock);
	rk_kmem_free(tm, sizeof(*tm));
	mp->mnt_data = NULL;
}

const struct rk_vfsops rk_tmpfs_vfsops = {
	.vfs_name = "tmpfs",
	.vfs_mount = tmpfs_mount,
	.vfs_unmount = tmpfs_unmount,
};
