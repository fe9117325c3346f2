/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * VFS helpers: moving data through a uio, directory records, path
 * copies, attributes, and finding the name of the current directory.
 */
#include <rk/types.h>
#include <rk/errno.h>
#include <rk/kmem.h>
#include <rk/lib.h>
#include <rk/syscall.h>
#include <rk/vfs.h>

#include "vfs_impl.h"

int
rk_uiomove(void *kbuf, size_t n, struct rk_uio *uio, bool tokbuf)
{
	int error;

	if (n > uio->uio_resid)
		n = uio->uio_resid;
	if (n == 0)
		return 0;
	if (uio->uio_seg == RK_UIO_SYSSPACE) {
		if (tokbuf)
			rk_memcpy(kbuf, uio->uio_base, n);
		else
			rk_memcpy(uio->uio_base, kbuf, n);
		error = 0;
	} else if (tokbuf)
		error = rk_copyin(uio->uio_base, kbuf, n);
	else
		error = rk_copyout(kbuf, uio->uio_base, n);
	if (error != 0)
		return error;
	uio->uio_base += n;
	uio->uio_resid -= n;
	uio->uio_offset += (off_t)n;
	return 0;
}

/*
 * NetBSD's struct dirent: d_fileno (64 bits), d_reclen, d_namlen (16 bits
 * each), d_type (8 bits), then the NUL-terminated name; each record is
 * padded to a multiple of 8 bytes.
 */
#define DIRENT_HDR	13
#define DIRENT_RECLEN(n) (((DIRENT_HDR + (n) + 1) + 7) & ~(size_t)7)

int
rk_dirent_emit(struct rk_uio *uio, ino_t ino, const char *name,
    size_t namelen, uint8_t type)
{
	uint8_t rec[DIRENT_RECLEN(RK_NAME_MAX)];
	size_t reclen = DIRENT_RECLEN(namelen);
	uint16_t v16;
	off_t off = uio->uio_offset;
	int error;

	if (reclen > uio->uio_resid)
		return RK_ENOSPC;
	rk_memset(rec, 0, reclen);
	rk_memcpy(rec, &ino, 8);
	v16 = (uint16_t)reclen;
	rk_memcpy(rec + 8, &v16, 2);
	v16 = (uint16_t)namelen;
	rk_memcpy(rec + 10, &v16, 2);
	rec[12] = type;
	rk_memcpy(rec + DIRENT_HDR, name, namelen);
	error = rk_uiomove(rec, reclen, uio, false);
	uio->uio_offset = off;
	return error;
}

uint8_t
rk_vtype_to_dt(enum rk_vtype t)
{
	switch (t) {
	case RK_VREG:
		return RK_DT_REG;
	case RK_VDIR:
		return RK_DT_DIR;
	case RK_VLNK:
		return RK_DT_LNK;
	default:
		return RK_DT_UNKNOWN;
	}
}

int
rk_pathcopy(const void *upath, char **kpathp)
{
	char *kp;
	size_t done;
	int error;

	if (upath == NULL)
		return RK_EFAULT;
	kp = rk_kmem_alloc(RK_PATH_MAX, RK_KM_SLEEP);
	error = rk_copyinstr(upath, kp, RK_PATH_MAX, &done);
	if (error != 0) {
		rk_kmem_free(kp, RK_PATH_MAX);
		return error;
	}
	*kpathp = kp;
	return 0;
}

void
rk_pathfree(char *kpath)
{
	rk_kmem_free(kpath, RK_PATH_MAX);
}

int
rk_vn_getattr(struct vnode *vp, struct rk_vattr *va)
{
	int error;

	rk_memset(va, 0, sizeof(*va));
	rk_mutex_enter(&vp->v_lock);
	error = vp->v_op->vop_getattr(vp, va);
	rk_mutex_exit(&vp->v_lock);
	va->va_fsid = vp->v_mount->mnt_dev;
	return error;
}

/* Find the name under which dvp lists inode ino (not "." or ".."). */
static int
dir_findname(struct vnode *dvp, ino_t ino, char *name, size_t *lenp)
{
	struct rk_uio uio;
	char *dbuf;
	size_t got, pos;
	int error;
	off_t cookie = 0;

	dbuf = rk_kmem_alloc(4096, RK_KM_SLEEP);
	for (;;) {
		uio.uio_base = dbuf;
		uio.uio_resid = 4096;
		uio.uio_offset = cookie;
		uio.uio_seg = RK_UIO_SYSSPACE;
		rk_rw_enter(&dvp->v_dirlock, RK_RW_READER);
		error = dvp->v_op->vop_readdir(dvp, &uio);
		rk_rw_exit(&dvp->v_dirlock);
		if (error != 0)
			break;
		got = 4096 - uio.uio_resid;
		if (got == 0) {
			error = RK_ENOENT;
			break;
		}
		cookie = uio.uio_offset;
		for (pos = 0; pos < got;) {
			ino_t fileno;
			uint16_t reclen, namlen;
			const char *n = dbuf + pos + DIRENT_HDR;

			rk_memcpy(&fileno, dbuf + pos, 8);
			rk_memcpy(&reclen, dbuf + pos + 8, 2);
			rk_memcpy(&namlen, dbuf + pos + 10, 2);
			pos += reclen;
			if (fileno != ino || (namlen == 1 && n[0] == '.') ||
			    (namlen == 2 && n[0] == '.' && n[1] == '.'))
				continue;
			rk_memcpy(name, n, namlen);
			*lenp = namlen;
			rk_kmem_free(dbuf, 4096);
			return 0;
		}
	}
	rk_kmem_free(dbuf, 4096);
	return error;
}

/*
 * Walk from cwd up to root by "..", finding each directory's name in its
 * parent.  The result is built from the end of buf backwards.  nslock
 * is held (reader) by the caller; each directory is locked (reader) in
 * turn.
 */
int
rk_vn_getcwd(struct vnode *cwd, struct vnode *root, char *buf, size_t len,
    size_t *lenp)
{
	struct vnode *vp, *pvp;
	struct rk_vattr va;
	char *bp = buf + len, *name;
	size_t namelen;
	int error = 0;

	if (len < 2)
		return RK_ERANGE;
	name = rk_kmem_alloc(RK_NAME_MAX + 1, RK_KM_SLEEP);
	*--bp = '\0';
	vp = cwd;
	rk_vref(vp);
	for (;;) {
		while (vp != root && vp != rk_rootvnode &&
		    vp == vp->v_mount->mnt_root &&
		    vp->v_mount->mnt_vnodecovered != NULL) {
			pvp = vp->v_mount->mnt_vnodecovered;
			rk_vref(pvp);
			rk_vrele(vp);
			vp = pvp;
		}
		if (vp == root || vp == rk_rootvnode)
			break;
		rk_rw_enter(&vp->v_dirlock, RK_RW_READER);
		error = vp->v_op->vop_lookup(vp, "..", 2, &pvp);
		rk_rw_exit(&vp->v_dirlock);
		if (error != 0)
			break;
		error = rk_vn_getattr(vp, &va);
		if (error == 0)
			error = dir_findname(pvp, va.va_fileid, name, &namelen);
		if (error == 0 && (size_t)(bp - buf) < namelen + 1)
			error = RK_ERANGE;
		rk_vrele(vp);
		vp = pvp;
		if (error != 0)
			break;
		bp -= namelen;
		rk_memcpy(bp, name, namelen);
		*--bp = '/';
	}
	rk_vrele(vp);
	rk_kmem_free(name, RK_NAME_MAX + 1);
	if (error != 0)
		return error;
	if (*bp == '\0') {
		if (bp == buf)
			return RK_ERANGE;
		*--bp = '/';
	}
	*lenp = (size_t)(buf + len - bp);
	rk_memmove(buf, bp, *lenp);
	return 0;
}
