/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tmpfs vnode operations.  The VFS holds the locks (rk/vfs.h) and has
 * done the generic checks; these change the in-memory tree.
 */
#include <rk/types.h>
#include <rk/errno.h>
#include <rk/kmem.h>
#include <rk/lib.h>
#include <rk/vfs.h>

#include "tmpfs.h"

static int
tmpfs_lookup(struct vnode *dvp, const char *name, size_t len,
    struct vnode **vpp)
{
	struct tmpfs_node *dnode = VP_TO_TN(dvp), *node;
	struct tmpfs_dirent *de;

	if (len == 2 && name[0] == '.' && name[1] == '.') {
		node = dnode->tn_u.tn_dir.tn_parent;
		if (node == NULL)
			return RK_ENOENT;
	} else {
		de = rk_tmpfs_dir_lookup(dnode, name, len);
		if (de == NULL)
			return RK_ENOENT;
		node = de->td_node;
	}
	rk_vref(node->tn_vnode);
	*vpp = node->tn_vnode;
	return 0;
}

static int
tmpfs_create(struct vnode *dvp, const char *name, size_t len, mode_t mode,
    struct vnode **vpp)
{
	return rk_tmpfs_newnode(dvp->v_mount, VP_TO_TN(dvp), RK_VREG, mode,
	    name, len, NULL, vpp);
}

static int
tmpfs_mkdir(struct vnode *dvp, const char *name, size_t len, mode_t mode,
    struct vnode **vpp)
{
	return rk_tmpfs_newnode(dvp->v_mount, VP_TO_TN(dvp), RK_VDIR, mode,
	    name, len, NULL, vpp);
}

static int
tmpfs_symlink(struct vnode *dvp, const char *name, size_t len, mode_t mode,
    const char *target, struct vnode **vpp)
{
	return rk_tmpfs_newnode(dvp->v_mount, VP_TO_TN(dvp), RK_VLNK, mode,
	    name, len, target, vpp);
}

/* Unlink name from dnode; the node is freed by its last vrele. */
static void
drop_entry(struct tmpfs_node *dnode, struct tmpfs_dirent *de)
{
	struct tmpfs_node *node = de->td_node;

	rk_tmpfs_dir_detach(dnode, de);
	rk_tmpfs_dirent_free(de);
	if (node->tn_type == RK_VDIR) {
		/* Its "." link and ours go; so does its ".." in dnode. */
		rk_tmpfs_nlink_add(node, -(int)node->tn_nlink, true);
		node->tn_u.tn_dir.tn_parent = NULL;
		rk_tmpfs_nlink_add(dnode, -1, false);
	} else
		rk_tmpfs_nlink_add(node, -1, true);
}

static int
tmpfs_remove(struct vnode *dvp, struct vnode *vp, const char *name,
    size_t len)
{
	struct tmpfs_dirent *de;

	de = rk_tmpfs_dir_lookup(VP_TO_TN(dvp), name, len);
	if (de == NULL || de->td_node != VP_TO_TN(vp))
		return RK_ENOENT;
	drop_entry(VP_TO_TN(dvp), de);
	return 0;
}

static int
tmpfs_rmdir(struct vnode *dvp, struct vnode *vp, const char *name,
    size_t len)
{
	struct tmpfs_node *node = VP_TO_TN(vp);

	if (node->tn_u.tn_dir.tn_nentries != 0)
		return RK_ENOTEMPTY;
	return tmpfs_remove(dvp, vp, name, len);
}

static int
tmpfs_rename(struct vnode *fdvp, struct vnode *fvp, const char *fname,
    size_t flen, struct vnode *tdvp, struct vnode *tvp, const char *tname,
    size_t tlen)
{
	struct tmpfs_node *fdnode = VP_TO_TN(fdvp), *tdnode = VP_TO_TN(tdvp);
	struct tmpfs_node *fnode = VP_TO_TN(fvp);
	struct tmpfs_dirent *fde, *tde = NULL, *nde;

	fde = rk_tmpfs_dir_lookup(fdnode, fname, flen);
	if (fde == NULL || fde->td_node != fnode)
		return RK_ENOENT;
	if (tvp != NULL) {
		tde = rk_tmpfs_dir_lookup(tdnode, tname, tlen);
		if (tde == NULL || tde->td_node != VP_TO_TN(tvp))
			return RK_ENOENT;
		if (tvp->v_type == RK_VDIR &&
		    VP_TO_TN(tvp)->tn_u.tn_dir.tn_nentries != 0)
			return RK_ENOTEMPTY;
	}
	if (tdnode->tn_nlink == 0)
		return RK_ENOENT;
	/* The only allocation, before anything changes. */
	nde = rk_tmpfs_dirent_alloc(tname, tlen);
	if (nde == NULL)
		return RK_ENOSPC;

	if (tde != NULL)
		drop_entry(tdnode, tde);
	rk_tmpfs_dir_detach(fdnode, fde);
	rk_tmpfs_dirent_free(fde);
	rk_tmpfs_dir_attach(tdnode, nde, fnode);
	if (fnode->tn_type == RK_VDIR && fdnode != tdnode) {
		fnode->tn_u.tn_dir.tn_parent = tdnode;
		rk_tmpfs_nlink_add(fdnode, -1, false);
		rk_tmpfs_nlink_add(tdnode, 1, false);
	}
	rk_tmpfs_nlink_add(fnode, 0, true);
	return 0;
}

static int
tmpfs_readdir(struct vnode *vp, struct rk_uio *uio)
{
	return rk_tmpfs_dir_readdir(VP_TO_TN(vp), uio);
}

static int
tmpfs_getattr(struct vnode *vp, struct rk_vattr *va)
{
	struct tmpfs_node *node = VP_TO_TN(vp);

	va->va_type = node->tn_type;
	va->va_mode = node->tn_mode;
	va->va_nlink = node->tn_nlink;
	va->va_uid = 0;
	va->va_gid = 0;
	va->va_fileid = node->tn_ino;
	va->va_size = node->tn_size;
	if (node->tn_type == RK_VREG)
		va->va_bytes = node->tn_u.tn_reg.tn_npages * TMPFS_PAGE;
	else
		va->va_bytes = RK_ROUNDUP(node->tn_size, 512);
	va->va_blocksize = TMPFS_PAGE;
	va->va_gen = node->tn_gen;
	va->va_atime = node->tn_atime;
	va->va_mtime = node->tn_mtime;
	va->va_ctime = node->tn_ctime;
	va->va_birthtime = node->tn_birthtime;
	return 0;
}

static int
tmpfs_truncate(struct vnode *vp, off_t len)
{
	if (vp->v_type == RK_VDIR)
		return RK_EISDIR;
	if (vp->v_type != RK_VREG)
		return RK_EINVAL;
	return rk_tmpfs_reg_truncate(VP_TO_TN(vp), len);
}

static int
tmpfs_read(struct vnode *vp, struct rk_uio *uio)
{
	if (vp->v_type != RK_VREG)
		return RK_EINVAL;
	return rk_tmpfs_reg_read(VP_TO_TN(vp), uio);
}

static int
tmpfs_write(struct vnode *vp, struct rk_uio *uio, int ioflag)
{
	if (vp->v_type != RK_VREG)
		return RK_EINVAL;
	return rk_tmpfs_reg_write(VP_TO_TN(vp), uio, ioflag);
}

static int
tmpfs_readlink(struct vnode *vp, struct rk_uio *uio)
{
	struct tmpfs_node *node = VP_TO_TN(vp);

	if (vp->v_type != RK_VLNK)
		return RK_EINVAL;
	return rk_uiomove(node->tn_u.tn_lnk.tn_target,
	    node->tn_u.tn_lnk.tn_len, uio, false);
}

static int
tmpfs_fsync(struct vnode *vp)
{
	(void)vp;
	return 0;		/* memory is the backing store */
}

static bool
tmpfs_inactive(struct vnode *vp)
{
	return VP_TO_TN(vp)->tn_nlink == 0;
}

static void
tmpfs_reclaim(struct vnode *vp)
{
	rk_tmpfs_freenode(VP_TO_TN(vp));
	vp->v_data = NULL;
}

const struct rk_vnodeops rk_tmpfs_vnodeops = {
	.vop_lookup = tmpfs_lookup,
	.vop_create = tmpfs_create,
	.vop_mkdir = tmpfs_mkdir,
	.vop_symlink = tmpfs_symlink,
	.vop_remove = tmpfs_remove,
	.vop_rmdir = tmpfs_rmdir,
	.vop_rename = tmpfs_rename,
	.vop_readdir = tmpfs_readdir,
	.vop_getattr = tmpfs_getattr,
	.vop_truncate = tmpfs_truncate,
	.vop_read = tmpfs_read,
	.vop_write = tmpfs_write,
	.vop_readlink = tmpfs_readlink,
	.vop_fsync = tmpfs_fsync,
	.vop_open = NULL,
	.vop_inactive = tmpfs_inactive,
	.vop_reclaim = tmpfs_reclaim,
};
