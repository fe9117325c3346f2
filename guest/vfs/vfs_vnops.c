/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Open vnode files: the file operations for RK_DTYPE_VNODE (read, write,
 * pread, pwrite, fstat come through them from the descriptor layer),
 * opening by name, and the vnode-only descriptor calls (lseek, getdents,
 * fsync).
 */
#include <rk/types.h>
#include <rk/errno.h>
#include <rk/file.h>
#include <rk/ioctl.h>
#include <rk/lib.h>
#include <rk/proc.h>
#include <rk/syscall.h>
#include <rk/vfs.h>
#include <rk/vfs_syscalls.h>
#include <rump/rumpdefs.h>

#include "vfs_impl.h"

#define RK_SSIZE_MAX	((size_t)(~(size_t)0 >> 1))
#define RK_OFF_MAX	((off_t)(~(uint64_t)0 >> 1))

int
rk_vn_stat(struct vnode *vp, void *ustat)
{
	struct rk_vattr va;
	struct rump_stat st;
	mode_t fmt;
	int error;

	error = rk_vn_getattr(vp, &va);
	if (error != 0)
		return error;
	switch (va.va_type) {
	case RK_VDIR:
		fmt = RUMP_S_IFDIR;
		break;
	case RK_VLNK:
		fmt = RUMP_S_IFLNK;
		break;
	default:
		fmt = RUMP_S_IFREG;
		break;
	}
	rk_memset(&st, 0, sizeof(st));
	st.st_dev = va.va_fsid;
	st.st_mode = fmt | (va.va_mode & 07777);
	st.st_ino = va.va_fileid;
	st.st_nlink = va.va_nlink;
	st.st_uid = va.va_uid;
	st.st_gid = va.va_gid;
	st.st_atimespec.tv_sec = va.va_atime.tv_sec;
	st.st_atimespec.tv_nsec = va.va_atime.tv_nsec;
	st.st_mtimespec.tv_sec = va.va_mtime.tv_sec;
	st.st_mtimespec.tv_nsec = va.va_mtime.tv_nsec;
	st.st_ctimespec.tv_sec = va.va_ctime.tv_sec;
	st.st_ctimespec.tv_nsec = va.va_ctime.tv_nsec;
	st.st_birthtimespec.tv_sec = va.va_birthtime.tv_sec;
	st.st_birthtimespec.tv_nsec = va.va_birthtime.tv_nsec;
	st.st_size = va.va_size;
	st.st_blocks = (va.va_bytes + 511) / 512;
	st.st_blksize = va.va_blocksize;
	st.st_gen = va.va_gen;
	return rk_copyout(&st, ustat, sizeof(st));
}

static int
vn_rdwr(struct vnode *vp, off_t *offp, void *buf, size_t len, size_t *done,
    bool write, int ioflag)
{
	struct rk_uio uio;
	int error;

	if (vp->v_type == RK_VDIR)
		return RK_EISDIR;
	if (len > RK_SSIZE_MAX)
		return RK_EINVAL;
	uio.uio_base = buf;
	uio.uio_resid = len;
	uio.uio_offset = *offp;
	uio.uio_seg = RK_UIO_USERSPACE;
	rk_mutex_enter(&vp->v_lock);
	if (write)
		error = vp->v_op->vop_write(vp, &uio, ioflag);
	else
		error = vp->v_op->vop_read(vp, &uio);
	rk_mutex_exit(&vp->v_lock);
	*done = len - uio.uio_resid;
	/* A short transfer is a success (POSIX): report the error only
	 * when nothing moved. */
	if (*done > 0)
		error = 0;
	*offp = uio.uio_offset;
	return error;
}

/* Each iovec in turn; stops at a short transfer or an error. */
static int
vn_rdwrv(struct file *fp, off_t *offp, const struct rk_iov *iov, int iovcnt,
    size_t *done, bool write)
{
	int ioflag = (write && (fp->f_flag & RUMP_O_APPEND)) ? RK_IO_APPEND : 0;
	size_t n, total = 0;
	int i, error = 0;

	/* Even a transfer of nothing: a directory is not read this way. */
	*done = 0;
	if (fp->f_vnode->v_type == RK_VDIR)
		return RK_EISDIR;
	for (i = 0; i < iovcnt && error == 0; i++) {
		if (iov[i].iov_len == 0)
			continue;
		n = 0;
		error = vn_rdwr(fp->f_vnode, offp, iov[i].iov_base,
		    iov[i].iov_len, &n, write, ioflag);
		total += n;
		if (n < iov[i].iov_len)
			break;
	}
	*done = total;
	return total > 0 ? 0 : error;
}

static int
vn_fo_read(struct file *fp, off_t *offp, const struct rk_iov *iov,
    int iovcnt, size_t *done)
{
	return vn_rdwrv(fp, offp, iov, iovcnt, done, false);
}

static int
vn_fo_write(struct file *fp, off_t *offp, const struct rk_iov *iov,
    int iovcnt, size_t *done)
{
	return vn_rdwrv(fp, offp, iov, iovcnt, done, true);
}

/* FIONREAD: the bytes between the offset and the end of a regular file. */
static int
vn_fo_ioctl(struct file *fp, unsigned long cmd, void *data)
{
	struct rk_vattr va;
	int error;

	if (cmd != RK_FIONREAD)
		return RK_ENOTTY;
	if (fp->f_vnode->v_type != RK_VREG) {
		*(int *)data = 0;
		return 0;
	}
	error = rk_vn_getattr(fp->f_vnode, &va);
	if (error != 0)
		return error;
	rk_mutex_enter(&fp->f_lock);
	*(int *)data = va.va_size > fp->f_offset ?
	    (int)RK_MIN(va.va_size - fp->f_offset, (off_t)0x7fffffff) : 0;
	rk_mutex_exit(&fp->f_lock);
	return 0;
}

static int
vn_fo_stat(struct file *fp, void *ustat)
{
	return rk_vn_stat(fp->f_vnode, ustat);
}

static int
vn_fo_seek(struct file *fp, off_t newoff)
{
	(void)fp;
	return newoff < 0 ? RK_EINVAL : 0;
}

static int
vn_fo_close(struct file *fp)
{
	if (fp->f_vnode != NULL) {
		rk_vrele(fp->f_vnode);
		fp->f_vnode = NULL;
	}
	return 0;
}

const struct rk_fileops rk_vn_fileops = {
	.fo_read = vn_fo_read,
	.fo_write = vn_fo_write,
	.fo_ioctl = vn_fo_ioctl,
	.fo_stat = vn_fo_stat,
	.fo_seek = vn_fo_seek,
	.fo_close = vn_fo_close,
};

/* Open a vnode by name with open(2)'s flags; returns a referenced vnode. */
static int
vn_open(const char *path, int oflags, mode_t mode, struct vnode **vpp)
{
	struct rk_nameidata nd;
	struct vnode *vp = NULL, *dvp;
	int fflags = RK_OFLAGS_TO_FFLAGS(oflags), error;
	bool created = false;

	nd.ni_path = path;
	if (oflags & RUMP_O_CREAT) {
		nd.ni_flags = RK_NI_PARENT;
		/* O_EXCL: a symlink in the last place counts as existing. */
		if (!(oflags & (RUMP_O_EXCL | RUMP_O_NOFOLLOW)))
			nd.ni_flags |= RK_NI_FOLLOW;
	} else
		nd.ni_flags = (oflags & RUMP_O_NOFOLLOW) ? 0 : RK_NI_FOLLOW;
	/* A PARENT lookup keeps the directory locked for the create. */
	rk_rw_enter(&rk_vfs_nslock, RK_RW_READER);
	error = rk_namei(&nd);
	if (error != 0)
		goto out;
	if (nd.ni_vp == NULL) {
		dvp = nd.ni_dvp;
		if (nd.ni_trailslash)
			error = RK_EISDIR;
		else if (dvp->v_mount->mnt_flag & RK_MNT_RDONLY)
			error = RK_EROFS;
		else if (dvp->v_op->vop_create == NULL)
			error = RK_EOPNOTSUPP;
		else
			error = dvp->v_op->vop_create(dvp, nd.ni_name,
			    nd.ni_namelen, mode & 07777, &vp);
		created = true;
	} else if ((oflags & RUMP_O_CREAT) && (oflags & RUMP_O_EXCL)) {
		error = RK_EEXIST;
	} else {
		vp = nd.ni_vp;
		nd.ni_vp = NULL;
		if (vp->v_type == RK_VLNK)
			error = RK_ELOOP;	/* O_NOFOLLOW */
		/* A PARENT lookup stops on a mount point: open what is
		 * mounted there. */
		while (vp->v_mountedhere != NULL) {
			struct vnode *root = vp->v_mountedhere->mnt_root;

			rk_vref(root);
			rk_vrele(vp);
			vp = root;
		}
	}
out:
	rk_namei_done(&nd);
	rk_rw_exit(&rk_vfs_nslock);
	if (error != 0)
		goto fail;

	if (vp->v_type == RK_VDIR && (fflags & RK_FWRITE))
		error = RK_EISDIR;
	else if ((oflags & RUMP_O_DIRECTORY) && vp->v_type != RK_VDIR)
		error = RK_ENOTDIR;
	else if ((fflags & RK_FWRITE) &&
	    (vp->v_mount->mnt_flag & RK_MNT_RDONLY))
		error = RK_EROFS;
	else if (vp->v_op->vop_open != NULL)
		error = vp->v_op->vop_open(vp, fflags);
	if (error == 0 && (oflags & RUMP_O_TRUNC) && (fflags & RK_FWRITE) &&
	    vp->v_type == RK_VREG && !created)
		error = rk_vn_truncate(vp, 0);
fail:
	if (error != 0) {
		if (vp != NULL)
			rk_vrele(vp);
		return error;
	}
	*vpp = vp;
	return 0;
}

int
rk_sys_open(struct lwp *l, const register_t *args, register_t *retval)
{
	int oflags = RK_SCARG(args, 1, int);
	mode_t mode = RK_SCARG(args, 2, mode_t);
	struct rk_proc *p = l->l_proc;
	struct vnode *vp;
	struct file *fp;
	char *path;
	int fd, error;

	if ((oflags & RUMP_O_ACCMODE) == RUMP_O_ACCMODE)
		return RK_EINVAL;
	error = rk_pathcopy(RK_SCARG_PTR(args, 0, const void *), &path);
	if (error != 0)
		return error;
	error = vn_open(path, oflags, mode, &vp);
	rk_pathfree(path);
	if (error != 0)
		return error;
	fp = rk_file_alloc();
	fp->f_type = RK_DTYPE_VNODE;
	fp->f_flag = RK_OFLAGS_TO_FFLAGS(oflags & (RUMP_O_ACCMODE |
	    RUMP_O_APPEND | RUMP_O_NONBLOCK));
	fp->f_vnode = vp;
	fp->f_ops = &rk_vn_fileops;
	error = rk_fd_alloc(p, fp, 0, &fd);
	if (error != 0) {
		rk_file_release(fp);
		return error;
	}
	if (oflags & RUMP_O_CLOEXEC)
		rk_fd_setflags(p, fd, RK_FD_CLOEXEC);
	retval[0] = fd;
	return 0;
}

static int
getvnfile(struct lwp *l, int fd, int need, struct file **fpp)
{
	struct file *fp;
	int error;

	error = rk_fd_get(l->l_proc, fd, &fp);
	if (error != 0)
		return error;
	if (fp->f_type != RK_DTYPE_VNODE || (fp->f_flag & need) != need) {
		rk_file_release(fp);
		return RK_EBADF;
	}
	*fpp = fp;
	return 0;
}

int
rk_sys_lseek(struct lwp *l, const register_t *args, register_t *retval)
{
	off_t off = RK_SCARG(args, 2, off_t), base, newoff;
	int whence = RK_SCARG(args, 3, int);
	struct rk_vattr va;
	struct file *fp;
	int error;

	error = rk_fd_get(l->l_proc, RK_SCARG(args, 0, int), &fp);
	if (error != 0)
		return error;
	if (fp->f_type != RK_DTYPE_VNODE) {
		rk_file_release(fp);
		return RK_ESPIPE;
	}
	rk_mutex_enter(&fp->f_lock);
	switch (whence) {
	case RUMP_SEEK_SET:
		base = 0;
		break;
	case RUMP_SEEK_CUR:
		base = fp->f_offset;
		break;
	case RUMP_SEEK_END:
		error = rk_vn_getattr(fp->f_vnode, &va);
		base = va.va_size;
		break;
	default:
		error = RK_EINVAL;
		base = 0;
		break;
	}
	if (error == 0) {
		if ((off > 0 && base > RK_OFF_MAX - off))
			error = RK_EOVERFLOW;
		else {
			newoff = base + off;
			error = fp->f_ops->fo_seek(fp, newoff);
			if (error == 0) {
				fp->f_offset = newoff;
				retval[0] = (register_t)newoff;
			}
		}
	}
	rk_mutex_exit(&fp->f_lock);
	rk_file_release(fp);
	return error;
}

int
rk_vn_truncate(struct vnode *vp, off_t len)
{
	int error;

	if (vp->v_type == RK_VDIR)
		return RK_EISDIR;
	if (vp->v_mount->mnt_flag & RK_MNT_RDONLY)
		return RK_EROFS;
	rk_mutex_enter(&vp->v_lock);
	error = vp->v_op->vop_truncate(vp, len);
	rk_mutex_exit(&vp->v_lock);
	return error;
}

/* As NetBSD: EINVAL for a length below 0, a descriptor that is not a
 * file's, or one not open for writing. */
int
rk_sys_ftruncate(struct lwp *l, const register_t *args, register_t *retval)
{
	off_t len = RK_SCARG(args, 2, off_t);
	struct file *fp;
	int error;

	(void)retval;
	if (len < 0)
		return RK_EINVAL;
	error = rk_fd_get(l->l_proc, RK_SCARG(args, 0, int), &fp);
	if (error != 0)
		return error;
	if (fp->f_type != RK_DTYPE_VNODE || !(fp->f_flag & RK_FWRITE))
		error = RK_EINVAL;
	else
		error = rk_vn_truncate(fp->f_vnode, len);
	rk_file_release(fp);
	return error;
}

int
rk_sys___getdents30(struct lwp *l, const register_t *args, register_t *retval)
{
	size_t len = RK_SCARG(args, 2, size_t);
	struct rk_uio uio;
	struct vnode *vp;
	struct file *fp;
	int error;

	error = getvnfile(l, RK_SCARG(args, 0, int), RK_FREAD, &fp);
	if (error != 0)
		return error;
	vp = fp->f_vnode;
	if (vp->v_type != RK_VDIR) {
		rk_file_release(fp);
		return RK_ENOTDIR;
	}
	if (len > RK_SSIZE_MAX)
		len = RK_SSIZE_MAX;
	rk_mutex_enter(&fp->f_lock);
	uio.uio_base = RK_SCARG_PTR(args, 1, char *);
	uio.uio_resid = len;
	uio.uio_offset = fp->f_offset;
	uio.uio_seg = RK_UIO_USERSPACE;
	rk_rw_enter(&rk_vfs_nslock, RK_RW_READER);
	rk_rw_enter(&vp->v_dirlock, RK_RW_READER);
	error = vp->v_op->vop_readdir(vp, &uio);
	rk_rw_exit(&vp->v_dirlock);
	rk_rw_exit(&rk_vfs_nslock);
	if (error == 0 || uio.uio_resid < len) {
		fp->f_offset = uio.uio_offset;
		retval[0] = (register_t)(len - uio.uio_resid);
		error = 0;
	}
	rk_mutex_exit(&fp->f_lock);
	rk_file_release(fp);
	return error;
}

int
rk_sys_fsync(struct lwp *l, const register_t *args, register_t *retval)
{
	struct vnode *vp;
	struct file *fp;
	int error;

	(void)retval;
	error = getvnfile(l, RK_SCARG(args, 0, int), 0, &fp);
	if (error != 0)
		return error;
	vp = fp->f_vnode;
	if (vp->v_op->vop_fsync != NULL) {
		rk_mutex_enter(&vp->v_lock);
		error = vp->v_op->vop_fsync(vp);
		rk_mutex_exit(&vp->v_lock);
	}
	rk_file_release(fp);
	return error;
}
