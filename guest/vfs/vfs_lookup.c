/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Path name lookup.  The caller holds rk_vfs_nslock (reader, or writer
 * for rename and mounts), so the tree's shape stays put; each name is
 * looked up under its directory's lock, one directory at a time.  A
 * PARENT lookup keeps the last directory locked as writer for the
 * caller's change.  Symbolic links are expanded in place in one
 * RK_PATH_MAX buffer: the link's text replaces the component, the rest
 * of the path follows.
 */
#include <rk/types.h>
#include <rk/errno.h>
#include <rk/kmem.h>
#include <rk/lib.h>
#include <rk/proc.h>
#include <rk/vfs.h>

#include "vfs_impl.h"

static void
vswap(struct vnode **slot, struct vnode *nvp)
{
	rk_vref(nvp);
	rk_vrele(*slot);
	*slot = nvp;
}

/* Replace the component ending at rest with the link's text. */
static int
namei_expand(struct vnode *lvp, char *buf, const char *rest)
{
	struct rk_uio uio;
	size_t restlen, linklen;
	char *lbuf;
	int error;

	lbuf = rk_kmem_alloc(RK_PATH_MAX, RK_KM_SLEEP);
	uio.uio_base = lbuf;
	uio.uio_resid = RK_PATH_MAX;
	uio.uio_offset = 0;
	uio.uio_seg = RK_UIO_SYSSPACE;
	rk_mutex_enter(&lvp->v_lock);
	error = lvp->v_op->vop_readlink(lvp, &uio);
	rk_mutex_exit(&lvp->v_lock);
	if (error != 0)
		goto out;
	linklen = RK_PATH_MAX - uio.uio_resid;
	if (linklen == 0) {
		error = RK_ENOENT;
		goto out;
	}
	restlen = rk_strlen(rest);
	if (linklen + restlen + 1 > RK_PATH_MAX) {
		error = RK_ENAMETOOLONG;
		goto out;
	}
	rk_memmove(buf + linklen, rest, restlen + 1);
	rk_memcpy(buf, lbuf, linklen);
out:
	rk_kmem_free(lbuf, RK_PATH_MAX);
	return error;
}

static bool
isdotdot(const char *name, size_t len)
{
	return len == 2 && name[0] == '.' && name[1] == '.';
}

/*
 * Look name up in *dvpp; ".." first climbs from mount roots to the
 * vnodes they cover, never above root.  The directory is locked as
 * reader for the lookup, or, when keep (the last name of a PARENT
 * lookup), as writer and left locked (nd->ni_dirlocked).
 */
static int
namei_lookup(struct rk_nameidata *nd, struct vnode *root,
    struct vnode **dvpp, const char *name, size_t len, bool keep,
    struct vnode **vpp)
{
	bool nolock = (nd->ni_flags & RK_NI_NSWRITER) != 0, self;
	struct vnode *dvp;
	int error = 0;

	if (isdotdot(name, len))
		while (*dvpp != root && *dvpp != rk_rootvnode &&
		    *dvpp == (*dvpp)->v_mount->mnt_root &&
		    (*dvpp)->v_mount->mnt_vnodecovered != NULL)
			vswap(dvpp, (*dvpp)->v_mount->mnt_vnodecovered);
	dvp = *dvpp;
	self = (len == 1 && name[0] == '.') ||
	    (isdotdot(name, len) && (dvp == root || dvp == rk_rootvnode));
	keep = keep && !nolock;
	if (keep)
		rk_rw_enter(&dvp->v_dirlock, RK_RW_WRITER);
	else if (!self && !nolock)
		rk_rw_enter(&dvp->v_dirlock, RK_RW_READER);
	if (self) {
		rk_vref(dvp);
		*vpp = dvp;
	} else
		error = dvp->v_op->vop_lookup(dvp, name, len, vpp);
	if (keep)
		nd->ni_dirlocked = true;
	else if (!self && !nolock)
		rk_rw_exit(&dvp->v_dirlock);
	return error;
}

/* Drop the lock namei_lookup kept on dvp, if any. */
static void
namei_unlock(struct rk_nameidata *nd, struct vnode *dvp)
{
	if (nd->ni_dirlocked) {
		rk_rw_exit(&dvp->v_dirlock);
		nd->ni_dirlocked = false;
	}
}

/* The start of a walk: a private copy of the path, and the directory it
 * starts from (referenced): root for an absolute path, else the cwd. */
static int
namei_start(struct rk_nameidata *nd, struct vnode **rootp,
    struct vnode **dvpp)
{
	struct rk_proc *p = rk_curproc();
	struct vnode *dvp = NULL;
	size_t plen;

	nd->ni_dvp = nd->ni_vp = NULL;
	nd->ni_name = NULL;
	nd->ni_namelen = 0;
	nd->ni_trailslash = false;
	nd->ni_dirlocked = false;
	nd->ni_buf = NULL;

	plen = rk_strnlen(nd->ni_path, RK_PATH_MAX);
	if (plen == 0)
		return RK_ENOENT;
	if (plen >= RK_PATH_MAX)
		return RK_ENAMETOOLONG;
	nd->ni_buf = rk_kmem_alloc(RK_PATH_MAX, RK_KM_SLEEP);
	rk_memcpy(nd->ni_buf, nd->ni_path, plen + 1);

	*rootp = rk_vfs_procroot();
	if (*rootp == NULL)
		return RK_ENOENT;
	if (nd->ni_buf[0] != '/' && p != NULL) {
		rk_mutex_enter(&p->p_lock);
		dvp = p->p_cwd;
		if (dvp != NULL)
			rk_vref(dvp);
		rk_mutex_exit(&p->p_lock);
	}
	if (dvp == NULL) {
		dvp = *rootp;
		rk_vref(dvp);
	}
	*dvpp = dvp;
	return 0;
}

/* The result of a PARENT lookup: dvp (its reference and lock pass to
 * nd), the last name, and what it names (vp, or NULL for nothing). */
static void
namei_parent(struct rk_nameidata *nd, struct vnode *dvp, struct vnode *vp,
    const char *name, size_t len, bool trail)
{
	nd->ni_dvp = dvp;
	nd->ni_vp = vp;
	nd->ni_name = name;
	nd->ni_namelen = len;
	nd->ni_trailslash = trail;
}

/* The path ran out in slashes: the result is the directory itself ("/",
 * or a link to "/"). */
static int
namei_self(struct rk_nameidata *nd, struct vnode *dvp)
{
	if (nd->ni_flags & RK_NI_PARENT) {
		if (!(nd->ni_flags & RK_NI_NSWRITER)) {
			rk_rw_enter(&dvp->v_dirlock, RK_RW_WRITER);
			nd->ni_dirlocked = true;
		}
		rk_vref(dvp);
		namei_parent(nd, dvp, dvp, ".", 1, false);
		return 0;
	}
	nd->ni_vp = dvp;
	return 0;
}

int
rk_namei(struct rk_nameidata *nd)
{
	bool parent = (nd->ni_flags & RK_NI_PARENT) != 0, last, trail;
	struct vnode *root, *dvp, *vp;
	char *cp, *name, *next;
	int nlinks = 0, error;
	size_t len;

	error = namei_start(nd, &root, &dvp);
	if (error != 0)
		return error;
	for (cp = nd->ni_buf;;) {
		while (*cp == '/')
			cp++;
		if (*cp == '\0')
			return namei_self(nd, dvp);
		name = cp;
		while (*cp != '\0' && *cp != '/')
			cp++;
		len = (size_t)(cp - name);
		for (next = cp; *next == '/'; next++)
			continue;
		last = *next == '\0';
		trail = last && next != cp;

		if (len > RK_NAME_MAX) {
			error = RK_ENAMETOOLONG;
			goto fail;
		}
		if (dvp->v_type != RK_VDIR) {
			error = RK_ENOTDIR;
			goto fail;
		}
		error = namei_lookup(nd, root, &dvp, name, len,
		    last && parent, &vp);
		if (error == RK_ENOENT && last && parent) {
			*cp = '\0';
			namei_parent(nd, dvp, NULL, name, len, trail);
			return 0;
		}
		if (error != 0)
			goto fail;

		/* Down into what is mounted here, except for the last name
		 * of a PARENT lookup (rmdir/rename must see the mount point
		 * itself to refuse it). */
		if (!(last && parent))
			while (vp->v_mountedhere != NULL)
				vswap(&vp, vp->v_mountedhere->mnt_root);

		if (vp->v_type == RK_VLNK &&
		    (!last || trail || (nd->ni_flags & RK_NI_FOLLOW))) {
			namei_unlock(nd, dvp);
			error = ++nlinks > RK_MAXSYMLINKS ? RK_ELOOP :
			    namei_expand(vp, nd->ni_buf, cp);
			rk_vrele(vp);
			if (error != 0)
				goto fail;
			cp = nd->ni_buf;
			if (cp[0] == '/')
				vswap(&dvp, root);
			continue;
		}

		if (!last) {
			rk_vrele(dvp);
			dvp = vp;
			continue;
		}
		if (trail && vp->v_type != RK_VDIR) {
			rk_vrele(vp);
			error = RK_ENOTDIR;
			goto fail;
		}
		if (parent) {
			*cp = '\0';
			namei_parent(nd, dvp, vp, name, len, trail);
		} else {
			nd->ni_vp = vp;
			nd->ni_trailslash = trail;
			rk_vrele(dvp);
		}
		return 0;
	}
fail:
	namei_unlock(nd, dvp);
	rk_vrele(dvp);
	return error;
}

void
rk_namei_unlockparent(struct rk_nameidata *nd)
{
	namei_unlock(nd, nd->ni_dvp);
}

void
rk_namei_done(struct rk_nameidata *nd)
{
	rk_namei_unlockparent(nd);
	if (nd->ni_dvp != NULL)
		rk_vrele(nd->ni_dvp);
	if (nd->ni_vp != NULL)
		rk_vrele(nd->ni_vp);
	if (nd->ni_buf != NULL)
		rk_kmem_free(nd->ni_buf, RK_PATH_MAX);
	nd->ni_dvp = nd->ni_vp = NULL;
	nd->ni_buf = NULL;
}
