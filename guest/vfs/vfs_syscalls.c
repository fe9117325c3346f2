/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Name-based system calls: mkdir, rmdir, unlink, rename, symlink,
 * readlink, stat, lstat, chdir, __getcwd, mount, unmount.  Paths are
 * copied in before any lock is taken (a remote client's copy is a round
 * trip).  A change inside one directory holds nslock as reader and that
 * directory's lock as writer across its checks and the change; rename
 * and mounts hold nslock as writer.  Either way the checks and the change
 * see the same tree (rk/vfs.h).
 */
#include <rk/types.h>
#include <rk/errno.h>
#include <rk/kmem.h>
#include <rk/lib.h>
#include <rk/proc.h>
#include <rk/syscall.h>
#include <rk/vfs.h>
#include <rk/vfs_syscalls.h>
#include <rump/rumpdefs.h>

#include "vfs_impl.h"

static bool
isdot(const char *name, size_t len)
{
	return len == 1 && name[0] == '.';
}

static bool
isdotdot(const char *name, size_t len)
{
	return len == 2 && name[0] == '.' && name[1] == '.';
}

static bool
rdonly(struct vnode *vp)
{
	return (vp->v_mount->mnt_flag & RK_MNT_RDONLY) != 0;
}

/*
 * Copy a client's path (argument i) in, then look it up with nslock held
 * as writer (RK_NI_NSWRITER in flags) or reader.  On success nslock stays
 * held and nd holds what rk_namei returned; lookup_end undoes it all.  On
 * failure nothing is held.
 */
static int
lookup_begin(const register_t *args, int i, int flags,
    struct rk_nameidata *nd, char **kpathp)
{
	int error;

	error = rk_pathcopy(RK_SCARG_PTR(args, i, const void *), kpathp);
	if (error != 0)
		return error;
	rk_rw_enter(&rk_vfs_nslock, (flags & RK_NI_NSWRITER) ?
	    RK_RW_WRITER : RK_RW_READER);
	nd->ni_path = *kpathp;
	nd->ni_flags = flags;
	error = rk_namei(nd);
	if (error != 0) {
		rk_namei_done(nd);
		rk_rw_exit(&rk_vfs_nslock);
		rk_pathfree(*kpathp);
		*kpathp = NULL;
	}
	return error;
}

static void
lookup_end(struct rk_nameidata *nd, char *kpath)
{
	rk_namei_done(nd);
	rk_rw_exit(&rk_vfs_nslock);
	rk_pathfree(kpath);
}

/* A lookup whose result is only used, not changed: nd holds a reference
 * to it and no lock; release with lookup_release. */
static int
lookup_ref(const register_t *args, int i, int flags,
    struct rk_nameidata *nd, char **kpathp)
{
	int error;

	error = lookup_begin(args, i, flags, nd, kpathp);
	if (error == 0)
		rk_rw_exit(&rk_vfs_nslock);
	return error;
}

static void
lookup_release(struct rk_nameidata *nd, char *kpath)
{
	rk_namei_done(nd);
	rk_pathfree(kpath);
}

int
rk_sys_mkdir(struct lwp *l, const register_t *args, register_t *retval)
{
	struct rk_nameidata nd;
	struct vnode *vp = NULL, *dvp;
	char *path;
	int error;

	(void)l;
	(void)retval;
	error = lookup_begin(args, 0, RK_NI_PARENT, &nd, &path);
	if (error == 0) {
		dvp = nd.ni_dvp;
		if (nd.ni_vp != NULL)
			error = RK_EEXIST;
		else if (rdonly(dvp))
			error = RK_EROFS;
		else if (dvp->v_op->vop_mkdir == NULL)
			error = RK_EOPNOTSUPP;
		else
			error = dvp->v_op->vop_mkdir(dvp, nd.ni_name,
			    nd.ni_namelen, RK_SCARG(args, 1, mode_t) & 07777,
			    &vp);
		if (vp != NULL)
			rk_vrele(vp);
		lookup_end(&nd, path);
	}
	return error;
}

/* The victim's entries must not change while it goes: its lock too,
 * after its parent's (which the caller holds). */
static int
rmdir_locked(struct vnode *dvp, struct vnode *vp, const char *name,
    size_t len)
{
	int error;

	rk_rw_enter(&vp->v_dirlock, RK_RW_WRITER);
	error = dvp->v_op->vop_rmdir(dvp, vp, name, len);
	rk_rw_exit(&vp->v_dirlock);
	return error;
}

int
rk_sys_rmdir(struct lwp *l, const register_t *args, register_t *retval)
{
	struct rk_nameidata nd;
	struct vnode *vp, *dvp;
	char *path;
	int error;

	(void)l;
	(void)retval;
	error = lookup_begin(args, 0, RK_NI_PARENT, &nd, &path);
	if (error == 0) {
		dvp = nd.ni_dvp;
		vp = nd.ni_vp;
		if (vp == NULL)
			error = RK_ENOENT;
		else if (vp->v_type != RK_VDIR)
			error = RK_ENOTDIR;
		else if (isdot(nd.ni_name, nd.ni_namelen))
			error = RK_EINVAL;
		else if (isdotdot(nd.ni_name, nd.ni_namelen))
			error = RK_ENOTEMPTY;
		else if (vp->v_mountedhere != NULL ||
		    vp == vp->v_mount->mnt_root)
			error = RK_EBUSY;
		else if (rdonly(dvp))
			error = RK_EROFS;
		else if (dvp->v_op->vop_rmdir == NULL)
			error = RK_EOPNOTSUPP;
		else
			error = rmdir_locked(dvp, vp, nd.ni_name,
			    nd.ni_namelen);
		lookup_end(&nd, path);
	}
	return error;
}

int
rk_sys_unlink(struct lwp *l, const register_t *args, register_t *retval)
{
	struct rk_nameidata nd;
	struct vnode *vp, *dvp;
	char *path;
	int error;

	(void)l;
	(void)retval;
	error = lookup_begin(args, 0, RK_NI_PARENT, &nd, &path);
	if (error == 0) {
		dvp = nd.ni_dvp;
		vp = nd.ni_vp;
		if (vp == NULL)
			error = RK_ENOENT;
		else if (vp->v_type == RK_VDIR)
			error = RK_EPERM;	/* NetBSD (and POSIX) */
		else if (rdonly(dvp))
			error = RK_EROFS;
		else if (dvp->v_op->vop_remove == NULL)
			error = RK_EOPNOTSUPP;
		else
			error = dvp->v_op->vop_remove(dvp, vp, nd.ni_name,
			    nd.ni_namelen);
		lookup_end(&nd, path);
	}
	return error;
}

/* Is vp (a directory) dvp or one of its ancestors within the mount? */
static int
isancestor(struct vnode *vp, struct vnode *dvp, bool *resultp)
{
	struct vnode *cur, *up;
	int error = 0;

	cur = dvp;
	rk_vref(cur);
	*resultp = false;
	for (;;) {
		if (cur == vp) {
			*resultp = true;
			break;
		}
		if (cur == cur->v_mount->mnt_root)
			break;
		error = cur->v_op->vop_lookup(cur, "..", 2, &up);
		if (error != 0 || up == cur) {
			if (error == 0)
				rk_vrele(up);
			break;
		}
		rk_vrele(cur);
		cur = up;
	}
	rk_vrele(cur);
	return error;
}

/*
 * What rename(2) refuses, in POSIX's order of checks; 0 to go on.
 * *noop is set when both names are one file (nothing to do).
 */
static int
rename_check(struct rk_nameidata *fnd, struct rk_nameidata *tnd,
    bool *noop)
{
	struct vnode *fdvp = fnd->ni_dvp, *fvp = fnd->ni_vp;
	struct vnode *tdvp = tnd->ni_dvp, *tvp = tnd->ni_vp;
	bool inside;
	int error;

	*noop = false;
	if (fvp == NULL)
		return RK_ENOENT;
	if (isdot(fnd->ni_name, fnd->ni_namelen) ||
	    isdotdot(fnd->ni_name, fnd->ni_namelen) ||
	    isdot(tnd->ni_name, tnd->ni_namelen) ||
	    isdotdot(tnd->ni_name, tnd->ni_namelen))
		return RK_EINVAL;
	if (fvp->v_type != RK_VDIR && tvp == NULL && tnd->ni_trailslash)
		return RK_ENOTDIR;
	if (fdvp->v_mount != tdvp->v_mount ||
	    (tvp != NULL && tvp->v_mount != fvp->v_mount))
		return RK_EXDEV;
	if (fvp == tvp) {	/* two names of one file: nothing to do */
		*noop = true;
		return 0;
	}
	if (fvp->v_mountedhere != NULL ||
	    (tvp != NULL && tvp->v_mountedhere != NULL))
		return RK_EBUSY;
	if (tvp != NULL && fvp->v_type == RK_VDIR && tvp->v_type != RK_VDIR)
		return RK_ENOTDIR;
	if (tvp != NULL && fvp->v_type != RK_VDIR && tvp->v_type == RK_VDIR)
		return RK_EISDIR;
	if (fvp->v_type == RK_VDIR && fdvp != tdvp) {
		/* A directory cannot move below itself. */
		error = isancestor(fvp, tdvp, &inside);
		if (error != 0)
			return error;
		if (inside)
			return RK_EINVAL;
	}
	if (rdonly(fdvp))
		return RK_EROFS;
	if (fdvp->v_op->vop_rename == NULL)
		return RK_EOPNOTSUPP;
	return 0;
}

/* Both names are looked up, checked and changed with nslock held as
 * writer: the whole tree holds still. */
int
rk_sys_rename(struct lwp *l, const register_t *args, register_t *retval)
{
	const int flags = RK_NI_PARENT | RK_NI_NSWRITER;
	struct rk_nameidata fnd, tnd;
	char *fpath = NULL, *tpath = NULL;
	bool noop;
	int error;

	(void)l;
	(void)retval;
	error = rk_pathcopy(RK_SCARG_PTR(args, 0, const void *), &fpath);
	if (error == 0)
		error = rk_pathcopy(RK_SCARG_PTR(args, 1, const void *),
		    &tpath);
	if (error != 0)
		goto out0;
	rk_rw_enter(&rk_vfs_nslock, RK_RW_WRITER);
	fnd.ni_path = fpath;
	fnd.ni_flags = flags;
	error = rk_namei(&fnd);
	if (error != 0)
		goto out1;
	tnd.ni_path = tpath;
	tnd.ni_flags = flags;
	error = rk_namei(&tnd);
	if (error == 0)
		error = rename_check(&fnd, &tnd, &noop);
	if (error == 0 && !noop)
		error = fnd.ni_dvp->v_op->vop_rename(fnd.ni_dvp, fnd.ni_vp,
		    fnd.ni_name, fnd.ni_namelen, tnd.ni_dvp, tnd.ni_vp,
		    tnd.ni_name, tnd.ni_namelen);
	rk_namei_done(&tnd);
out1:
	rk_namei_done(&fnd);
	rk_rw_exit(&rk_vfs_nslock);
out0:
	if (tpath != NULL)
		rk_pathfree(tpath);
	if (fpath != NULL)
		rk_pathfree(fpath);
	return error;
}

int
rk_sys_symlink(struct lwp *l, const register_t *args, register_t *retval)
{
	struct rk_nameidata nd;
	struct vnode *vp = NULL, *dvp;
	char *target, *path;
	int error;

	(void)l;
	(void)retval;
	error = rk_pathcopy(RK_SCARG_PTR(args, 0, const void *), &target);
	if (error != 0)
		return error;
	error = lookup_begin(args, 1, RK_NI_PARENT, &nd, &path);
	if (error == 0) {
		dvp = nd.ni_dvp;
		if (nd.ni_vp != NULL)
			error = RK_EEXIST;
		else if (nd.ni_trailslash)
			error = RK_ENOENT;
		else if (rdonly(dvp))
			error = RK_EROFS;
		else if (dvp->v_op->vop_symlink == NULL)
			error = RK_EOPNOTSUPP;
		else
			error = dvp->v_op->vop_symlink(dvp, nd.ni_name,
			    nd.ni_namelen, 0777, target, &vp);
		if (vp != NULL)
			rk_vrele(vp);
		lookup_end(&nd, path);
	}
	rk_pathfree(target);
	return error;
}

int
rk_sys_readlink(struct lwp *l, const register_t *args, register_t *retval)
{
	struct rk_nameidata nd;
	struct rk_uio uio;
	struct vnode *vp;
	size_t len = RK_SCARG(args, 2, size_t);
	char *path;
	int error;

	(void)l;
	error = lookup_ref(args, 0, 0, &nd, &path);
	if (error != 0)
		return error;
	vp = nd.ni_vp;
	if (vp->v_type != RK_VLNK) {
		error = RK_EINVAL;
	} else {
		uio.uio_base = RK_SCARG_PTR(args, 1, char *);
		uio.uio_resid = len;
		uio.uio_offset = 0;
		uio.uio_seg = RK_UIO_USERSPACE;
		rk_mutex_enter(&vp->v_lock);
		error = vp->v_op->vop_readlink(vp, &uio);
		rk_mutex_exit(&vp->v_lock);
		if (error == 0)
			retval[0] = (register_t)(len - uio.uio_resid);
	}
	lookup_release(&nd, path);
	return error;
}

static int
dostat(const register_t *args, int flags)
{
	struct rk_nameidata nd;
	char *path;
	int error;

	error = lookup_ref(args, 0, flags, &nd, &path);
	if (error != 0)
		return error;
	error = rk_vn_stat(nd.ni_vp, RK_SCARG_PTR(args, 1, void *));
	lookup_release(&nd, path);
	return error;
}

int
rk_sys___stat50(struct lwp *l, const register_t *args, register_t *retval)
{
	(void)l;
	(void)retval;
	return dostat(args, RK_NI_FOLLOW);
}

int
rk_sys___lstat50(struct lwp *l, const register_t *args, register_t *retval)
{
	(void)l;
	(void)retval;
	return dostat(args, 0);
}

int
rk_sys_truncate(struct lwp *l, const register_t *args, register_t *retval)
{
	off_t len = RK_SCARG(args, 2, off_t);
	struct rk_nameidata nd;
	char *path;
	int error;

	(void)l;
	(void)retval;
	if (len < 0)
		return RK_EINVAL;
	error = lookup_ref(args, 0, RK_NI_FOLLOW, &nd, &path);
	if (error != 0)
		return error;
	error = rk_vn_truncate(nd.ni_vp, len);
	lookup_release(&nd, path);
	return error;
}

int
rk_sys_chdir(struct lwp *l, const register_t *args, register_t *retval)
{
	struct rk_proc *p = l->l_proc;
	struct rk_nameidata nd;
	struct vnode *old;
	char *path;
	int error;

	(void)retval;
	error = lookup_ref(args, 0, RK_NI_FOLLOW, &nd, &path);
	if (error != 0)
		return error;
	if (nd.ni_vp->v_type != RK_VDIR) {
		error = RK_ENOTDIR;
	} else {
		rk_mutex_enter(&p->p_lock);
		old = p->p_cwd;
		p->p_cwd = nd.ni_vp;
		rk_mutex_exit(&p->p_lock);
		nd.ni_vp = old;		/* released by lookup_release */
	}
	lookup_release(&nd, path);
	return error;
}

int
rk_sys___getcwd(struct lwp *l, const register_t *args, register_t *retval)
{
	struct rk_proc *p = l->l_proc;
	size_t len = RK_SCARG(args, 1, size_t), used;
	struct vnode *cwd, *root;
	char *kbuf;
	int error;

	if (len < 2)
		return RK_ERANGE;
	if (len > 4 * RK_PATH_MAX)
		len = 4 * RK_PATH_MAX;
	kbuf = rk_kmem_alloc(len, RK_KM_SLEEP);
	rk_rw_enter(&rk_vfs_nslock, RK_RW_READER);
	root = rk_vfs_procroot();
	rk_mutex_enter(&p->p_lock);
	cwd = p->p_cwd != NULL ? p->p_cwd : root;
	rk_vref(cwd);
	rk_mutex_exit(&p->p_lock);
	error = rk_vn_getcwd(cwd, root, kbuf, len, &used);
	rk_vrele(cwd);
	rk_rw_exit(&rk_vfs_nslock);
	if (error == 0)
		error = rk_copyout(kbuf, RK_SCARG_PTR(args, 0, void *), used);
	if (error == 0)
		retval[0] = (register_t)used;
	rk_kmem_free(kbuf, len);
	return error;
}

int
rk_sys___mount50(struct lwp *l, const register_t *args, register_t *retval)
{
	const struct rk_vfsops *ops;
	struct rk_nameidata nd;
	char type[32], *path;
	int flags = RK_SCARG(args, 2, int);
	size_t done;
	int error;

	(void)l;
	(void)retval;
	error = rk_copyinstr(RK_SCARG_PTR(args, 0, const void *), type,
	    sizeof(type), &done);
	if (error == RK_ENAMETOOLONG)
		return RK_ENODEV;
	if (error != 0)
		return error;
	if (flags & RUMP_MNT_UPDATE)
		return RK_EOPNOTSUPP;
	ops = rk_vfs_byname(type);	/* the table is fixed after boot */
	if (ops == NULL)
		return RK_ENODEV;
	error = lookup_begin(args, 1, RK_NI_FOLLOW | RK_NI_NSWRITER, &nd,
	    &path);
	if (error != 0)
		return error;
	error = rk_vfs_domount(ops, nd.ni_vp, flags,
	    RK_SCARG_PTR(args, 3, const void *), RK_SCARG(args, 4, size_t),
	    NULL);
	lookup_end(&nd, path);
	return error;
}

int
rk_sys_unmount(struct lwp *l, const register_t *args, register_t *retval)
{
	struct rk_nameidata nd;
	struct mount *mp;
	char *path;
	int error;

	(void)l;
	(void)retval;
	error = lookup_begin(args, 0, RK_NI_FOLLOW | RK_NI_NSWRITER, &nd,
	    &path);
	if (error != 0)
		return error;
	mp = nd.ni_vp->v_mount;
	if (nd.ni_vp != mp->mnt_root)
		error = RK_EINVAL;
	else if (mp->mnt_vnodecovered == NULL)
		error = RK_EBUSY;	/* the root file system stays */
	/* Drop the lookup's references (the mount must not be busy with
	 * them), keeping nslock across the unmount. */
	rk_namei_done(&nd);
	rk_pathfree(path);
	/* MNT_FORCE is not honoured: vnodes cannot be revoked from the
	 * files and directories that still use them. */
	if (error == 0)
		error = rk_vfs_dounmount(mp, false);
	rk_rw_exit(&rk_vfs_nslock);
	return error;
}
