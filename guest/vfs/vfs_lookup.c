/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Path name lookup.  The caller holds rk_vfs_nslock (reader, or writer
 * when it goes on to change the name space), so the names walked stay
 * put.  Symbolic links are expanded in place in one RK_PATH_MAX buffer:
 * the link's text replaces the component, the rest of the path follows.
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

int
rk_namei(struct rk_nameidata *nd)
{
	struct rk_proc *p = rk_curproc();
	struct vnode *root, *dvp, *vp;
	char *buf, *cp, *name, *next;
	size_t len, plen;
	int nlinks = 0, error;
	bool last, trail;

	nd->ni_dvp = nd->ni_vp = NULL;
	nd->ni_name = NULL;
	nd->ni_namelen = 0;
	nd->ni_trailslash = false;
	nd->ni_buf = NULL;

	plen = rk_strnlen(nd->ni_path, RK_PATH_MAX);
	if (plen == 0)
		return RK_ENOENT;
	if (plen >= RK_PATH_MAX)
		return RK_ENAMETOOLONG;
	buf = rk_kmem_alloc(RK_PATH_MAX, RK_KM_SLEEP);
	rk_memcpy(buf, nd->ni_path, plen + 1);
	nd->ni_buf = buf;

	root = rk_vfs_procroot();
	if (root == NULL)
		return RK_ENOENT;
	dvp = NULL;
	if (buf[0] != '/' && p != NULL) {
		rk_mutex_enter(&p->p_lock);
		dvp = p->p_cwd;
		if (dvp != NULL)
			rk_vref(dvp);
		rk_mutex_exit(&p->p_lock);
	}
	if (dvp == NULL) {
		dvp = root;
		rk_vref(dvp);
	}
	cp = buf;

	for (;;) {
		while (*cp == '/')
			cp++;
		if (*cp == '\0') {
			/* Only slashes left: the result is the directory
			 * itself ("/", or a link to "/"). */
			if (nd->ni_flags & RK_NI_PARENT) {
				rk_vref(dvp);
				nd->ni_dvp = dvp;
				nd->ni_name = ".";
				nd->ni_namelen = 1;
			}
			nd->ni_vp = dvp;
			return 0;
		}
		name = cp;
		while (*cp != '\0' && *cp != '/')
			cp++;
		len = (size_t)(cp - name);
		next = cp;
		while (*next == '/')
			next++;
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

		if (len == 1 && name[0] == '.') {
			vp = dvp;
			rk_vref(vp);
			error = 0;
		} else if (len == 2 && name[0] == '.' && name[1] == '.') {
			/* Up through the roots of mounts to the vnodes they
			 * cover, but never above the process's root. */
			while (dvp != root && dvp != rk_rootvnode &&
			    dvp == dvp->v_mount->mnt_root &&
			    dvp->v_mount->mnt_vnodecovered != NULL)
				vswap(&dvp, dvp->v_mount->mnt_vnodecovered);
			if (dvp == root || dvp == rk_rootvnode) {
				vp = dvp;
				rk_vref(vp);
				error = 0;
			} else
				error = dvp->v_op->vop_lookup(dvp, name, len,
				    &vp);
		} else
			error = dvp->v_op->vop_lookup(dvp, name, len, &vp);

		if (error == RK_ENOENT && last &&
		    (nd->ni_flags & RK_NI_PARENT)) {
			nd->ni_dvp = dvp;
			nd->ni_name = name;
			nd->ni_namelen = len;
			nd->ni_trailslash = trail;
			*cp = '\0';
			return 0;
		}
		if (error != 0)
			goto fail;

		/* Down into what is mounted here, except for the last name
		 * of a PARENT lookup (rmdir/rename must see the mount point
		 * itself to refuse it). */
		if (!(last && (nd->ni_flags & RK_NI_PARENT)))
			while (vp->v_mountedhere != NULL)
				vswap(&vp, vp->v_mountedhere->mnt_root);

		if (vp->v_type == RK_VLNK &&
		    (!last || trail || (nd->ni_flags & RK_NI_FOLLOW))) {
			if (++nlinks > RK_MAXSYMLINKS) {
				rk_vrele(vp);
				error = RK_ELOOP;
				goto fail;
			}
			error = namei_expand(vp, buf, cp);
			rk_vrele(vp);
			if (error != 0)
				goto fail;
			cp = buf;
			if (buf[0] == '/')
				vswap(&dvp, root);
			continue;
		}

		if (last) {
			if (trail && vp->v_type != RK_VDIR) {
				rk_vrele(vp);
				error = RK_ENOTDIR;
				goto fail;
			}
			nd->ni_vp = vp;
			nd->ni_trailslash = trail;
			if (nd->ni_flags & RK_NI_PARENT) {
				nd->ni_dvp = dvp;
				nd->ni_name = name;
				nd->ni_namelen = len;
				*cp = '\0';
			} else
				rk_vrele(dvp);
			return 0;
		}
		rk_vrele(dvp);
		dvp = vp;
	}
fail:
	rk_vrele(dvp);
	return error;
}

void
rk_namei_done(struct rk_nameidata *nd)
{
	if (nd->ni_dvp != NULL)
		rk_vrele(nd->ni_dvp);
	if (nd->ni_vp != NULL)
		rk_vrele(nd->ni_vp);
	if (nd->ni_buf != NULL)
		rk_kmem_free(nd->ni_buf, RK_PATH_MAX);
	nd->ni_dvp = nd->ni_vp = NULL;
	nd->ni_buf = NULL;
}
