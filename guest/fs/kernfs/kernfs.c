/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kernfs: the kernel's state as small text files, in the spirit of
 * NetBSD's kernfs.  One flat directory; each file's contents are made
 * afresh on every read.  hostname is writable; the rest are read-only
 * (EACCES when opened for writing, EROFS for changing the directory).
 */
#include <rk/types.h>
#include <rk/clock.h>
#include <rk/errno.h>
#include <rk/file.h>
#include <rk/kmem.h>
#include <rk/lib.h>
#include <rk/printf.h>
#include <rk/proc.h>
#include <rk/vfs.h>
#include <rump/rump.h>

#define KERNFS_BUFSZ	8192
#define KERNFS_MAXHOSTNAME 256		/* NetBSD MAXHOSTNAMELEN */
#define KERNFS_VERSION	"rumpvisor reference guest 1.0 (2026-11-24)\n"

int rk_ncpu(void);			/* guest/kern */

static char kernfs_hostname[KERNFS_MAXHOSTNAME] = "rumpvisor";

enum kfstype { KFS_ROOT, KFS_VERSION, KFS_HOSTNAME, KFS_TIME, KFS_BOOTTIME,
	KFS_NCPU, KFS_MEMINFO, KFS_MSGBUF, KFS_PROC, KFS_NNODES };

static const struct kfsent {
	const char *name;
	mode_t mode;
} kfs_ents[KFS_NNODES] = {
	[KFS_ROOT] = { ".", 0555 },
	[KFS_VERSION] = { "version", 0444 },
	[KFS_HOSTNAME] = { "hostname", 0644 },
	[KFS_TIME] = { "time", 0444 },
	[KFS_BOOTTIME] = { "boottime", 0444 },
	[KFS_NCPU] = { "ncpu", 0444 },
	[KFS_MEMINFO] = { "meminfo", 0444 },
	[KFS_MSGBUF] = { "msgbuf", 0444 },
	[KFS_PROC] = { "proc", 0444 },
};

struct kernfs_mount {
	struct vnode *km_vn[KFS_NNODES];
	struct rk_timespec km_mounted;
};

static const struct rk_vnodeops kernfs_vnodeops;

static enum kfstype
kfs_type(struct vnode *vp)
{
	return (enum kfstype)(uintptr_t)vp->v_data;
}

static struct kernfs_mount *
kfs_mount(struct vnode *vp)
{
	return vp->v_mount->mnt_data;
}

static int
kernfs_lookup(struct vnode *dvp, const char *name, size_t len,
    struct vnode **vpp)
{
	struct kernfs_mount *km = kfs_mount(dvp);
	int i;

	if (len == 2 && name[0] == '.' && name[1] == '.') {
		*vpp = km->km_vn[KFS_ROOT];
		rk_vref(*vpp);
		return 0;
	}
	for (i = 1; i < KFS_NNODES; i++) {
		if (rk_strlen(kfs_ents[i].name) == len &&
		    rk_memcmp(kfs_ents[i].name, name, len) == 0) {
			*vpp = km->km_vn[i];
			rk_vref(*vpp);
			return 0;
		}
	}
	return RK_ENOENT;
}

static int
kernfs_readonly_dir(void)
{
	return RK_EROFS;
}

static int
kernfs_create(struct vnode *dvp, const char *name, size_t len, mode_t mode,
    struct vnode **vpp)
{
	(void)dvp; (void)name; (void)len; (void)mode; (void)vpp;
	return kernfs_readonly_dir();
}

static int
kernfs_symlink(struct vnode *dvp, const char *name, size_t len, mode_t mode,
    const char *target, struct vnode **vpp)
{
	(void)target;
	return kernfs_create(dvp, name, len, mode, vpp);
}

static int
kernfs_remove(struct vnode *dvp, struct vnode *vp, const char *name,
    size_t len)
{
	(void)dvp; (void)vp; (void)name; (void)len;
	return kernfs_readonly_dir();
}

static int
kernfs_rename(struct vnode *fdvp, struct vnode *fvp, const char *fname,
    size_t flen, struct vnode *tdvp, struct vnode *tvp, const char *tname,
    size_t tlen)
{
	(void)fdvp; (void)fvp; (void)fname; (void)flen;
	(void)tdvp; (void)tvp; (void)tname; (void)tlen;
	return kernfs_readonly_dir();
}

/* Cookies: the index into kfs_ents, with ".." at KFS_NNODES's place 1. */
static int
kernfs_readdir(struct vnode *vp, struct rk_uio *uio)
{
	off_t off = uio->uio_offset;
	bool any = false;
	int error = 0;

	for (; off < KFS_NNODES + 1; off++) {
		if (off == 0)
			error = rk_dirent_emit(uio, 2, ".", 1, RK_DT_DIR);
		else if (off == 1)
			error = rk_dirent_emit(uio, 2, "..", 2, RK_DT_DIR);
		else
			error = rk_dirent_emit(uio, (ino_t)off + 1,
			    kfs_ents[off - 1].name,
			    rk_strlen(kfs_ents[off - 1].name), RK_DT_REG);
		if (error != 0)
			break;
		any = true;
		uio->uio_offset = off + 1;
	}
	(void)vp;
	if (error == RK_ENOSPC)
		error = any ? 0 : RK_EINVAL;
	return error;
}

/* The text of a file, into buf; returns its length. */
static size_t
kernfs_gen(enum kfstype t, char *buf, size_t len)
{
	struct rk_kmem_stats ks;
	struct rk_procinfo *pi;
	int64_t sec;
	long nsec;
	size_t n = 0;
	int i, np;

	switch (t) {
	case KFS_VERSION:
		return (size_t)rk_snprintf(buf, len, "%s", KERNFS_VERSION);
	case KFS_HOSTNAME:
		return (size_t)rk_snprintf(buf, len, "%s\n", kernfs_hostname);
	case KFS_TIME:
		rk_time_wall(&sec, &nsec);
		return (size_t)rk_snprintf(buf, len, "%lld %ld\n",
		    (long long)sec, nsec / 1000);
	case KFS_BOOTTIME:
		return (size_t)rk_snprintf(buf, len, "%lld\n",
		    (long long)rk_boottime_sec);
	case KFS_NCPU:
		return (size_t)rk_snprintf(buf, len, "%d\n", rk_ncpu());
	case KFS_MEMINFO:
		rk_kmem_stats(&ks);
		return (size_t)rk_snprintf(buf, len,
		    "inuse %llu\nallocs %llu\nlimit %llu\nhypervisor %llu\n",
		    (unsigned long long)ks.bytes_inuse,
		    (unsigned long long)ks.allocs_inuse,
		    (unsigned long long)ks.limit,
		    (unsigned long long)ks.bytes_hyp);
	case KFS_MSGBUF:
		return rk_msgbuf_read(buf, len, 0);
	case KFS_PROC:
		pi = rk_kmem_alloc(64 * sizeof(*pi), RK_KM_SLEEP);
		np = rk_proc_snapshot(pi, 64);
		n = (size_t)rk_snprintf(buf, len, "%-6s %-5s %-6s %-12s %s\n",
		    "PID", "LWPS", "FILES", "START", "COMMAND");
		for (i = 0; i < np && i < 64 && n < len; i++)
			n += (size_t)rk_snprintf(buf + n, len - n,
			    "%-6d %-5d %-6d %-12lld %s\n", pi[i].pi_pid,
			    pi[i].pi_nlwps, pi[i].pi_nfiles,
			    (long long)pi[i].pi_start_sec, pi[i].pi_comm);
		rk_kmem_free(pi, 64 * sizeof(*pi));
		return RK_MIN(n, len - 1);
	default:
		return 0;
	}
}

static int
kernfs_read(struct vnode *vp, struct rk_uio *uio)
{
	enum kfstype t = kfs_type(vp);
	size_t len;
	char *buf;
	int error;

	if (t == KFS_ROOT)
		return RK_EISDIR;
	if (uio->uio_offset < 0)
		return RK_EINVAL;
	buf = rk_kmem_alloc(t == KFS_MSGBUF ? RK_MSGBUF_SIZE : KERNFS_BUFSZ,
	    RK_KM_SLEEP);
	len = kernfs_gen(t, buf,
	    t == KFS_MSGBUF ? RK_MSGBUF_SIZE : KERNFS_BUFSZ);
	if (len > (t == KFS_MSGBUF ? RK_MSGBUF_SIZE : KERNFS_BUFSZ))
		len = t == KFS_MSGBUF ? RK_MSGBUF_SIZE : KERNFS_BUFSZ;
	error = 0;
	if ((uint64_t)uio->uio_offset < len) {
		off_t off = uio->uio_offset;

		error = rk_uiomove(buf + off, len - (size_t)off, uio, false);
	}
	rk_kmem_free(buf, t == KFS_MSGBUF ? RK_MSGBUF_SIZE : KERNFS_BUFSZ);
	return error;
}

static int
kernfs_write(struct vnode *vp, struct rk_uio *uio, int ioflag)
{
	char buf[KERNFS_MAXHOSTNAME];
	size_t n, i;
	int error;

	(void)ioflag;
	if (kfs_type(vp) != KFS_HOSTNAME)
		return RK_EACCES;
	/* The whole write is the new name, up to a newline, and starts at
	 * offset 0 (as NetBSD's kernfs has it): anywhere else it is EINVAL,
	 * never an offset moved past the largest one. */
	if (uio->uio_offset != 0)
		return RK_EINVAL;
	if (uio->uio_resid >= sizeof(buf))
		return RK_EINVAL;
	n = uio->uio_resid;
	error = rk_uiomove(buf, n, uio, true);
	if (error != 0)
		return error;
	for (i = 0; i < n && buf[i] != '\n' && buf[i] != '\0'; i++)
		continue;
	buf[i] = '\0';
	rk_strlcpy(kernfs_hostname, buf, sizeof(kernfs_hostname));
	return 0;
}

static int
kernfs_getattr(struct vnode *vp, struct rk_vattr *va)
{
	enum kfstype t = kfs_type(vp);
	struct kernfs_mount *km = kfs_mount(vp);

	va->va_type = t == KFS_ROOT ? RK_VDIR : RK_VREG;
	va->va_mode = kfs_ents[t].mode;
	va->va_nlink = t == KFS_ROOT ? 2 : 1;
	va->va_fileid = (ino_t)t + 2;
	/* Sizes are not known before reading, as in NetBSD's kernfs
	 * (except the fixed-length ones would be; keep them all 0). */
	va->va_size = t == KFS_ROOT ? (KFS_NNODES + 1) * 32 : 0;
	va->va_blocksize = 4096;
	va->va_atime = va->va_mtime = va->va_ctime = va->va_birthtime =
	    km->km_mounted;
	if (t == KFS_TIME || t == KFS_HOSTNAME) {
		int64_t sec;
		long nsec;

		rk_time_wall(&sec, &nsec);
		va->va_mtime.tv_sec = sec;
		va->va_mtime.tv_nsec = nsec;
	}
	return 0;
}

static int
kernfs_truncate(struct vnode *vp, off_t len)
{
	(void)len;
	return kfs_type(vp) == KFS_HOSTNAME ? 0 : RK_EACCES;
}

static int
kernfs_open(struct vnode *vp, int fflags)
{
	if ((fflags & RK_FWRITE) && !(kfs_ents[kfs_type(vp)].mode & 0200))
		return RK_EACCES;
	return 0;
}

static bool
kernfs_inactive(struct vnode *vp)
{
	(void)vp;
	return false;		/* the nodes live as long as the mount */
}

static void
kernfs_reclaim(struct vnode *vp)
{
	(void)vp;
}

static const struct rk_vnodeops kernfs_vnodeops = {
	.vop_lookup = kernfs_lookup,
	.vop_create = kernfs_create,
	.vop_mkdir = kernfs_create,
	.vop_symlink = kernfs_symlink,
	.vop_remove = kernfs_remove,
	.vop_rmdir = kernfs_remove,
	.vop_rename = kernfs_rename,
	.vop_readdir = kernfs_readdir,
	.vop_getattr = kernfs_getattr,
	.vop_truncate = kernfs_truncate,
	.vop_read = kernfs_read,
	.vop_write = kernfs_write,
	.vop_readlink = NULL,
	.vop_fsync = NULL,
	.vop_open = kernfs_open,
	.vop_inactive = kernfs_inactive,
	.vop_reclaim = kernfs_reclaim,
};

static void
kernfs_unmount(struct mount *mp)
{
	struct kernfs_mount *km = mp->mnt_data;
	int i;

	for (i = 0; i < KFS_NNODES; i++)
		if (km->km_vn[i] != NULL)
			rk_vnode_free(km->km_vn[i]);
	rk_kmem_free(km, sizeof(*km));
	mp->mnt_data = NULL;
}

static int
kernfs_mount(struct mount *mp, const void *data, size_t datalen)
{
	struct kernfs_mount *km;
	int i, error;

	(void)data;
	(void)datalen;
	km = rk_kmem_zalloc(sizeof(*km), RK_KM_SLEEP);
	mp->mnt_data = km;
	rk_time_wall(&km->km_mounted.tv_sec, &km->km_mounted.tv_nsec);
	for (i = 0; i < KFS_NNODES; i++) {
		error = rk_vnode_alloc(mp, i == KFS_ROOT ? RK_VDIR : RK_VREG,
		    &kernfs_vnodeops, (void *)(uintptr_t)i, &km->km_vn[i]);
		if (error != 0) {
			kernfs_unmount(mp);
			return error;
		}
		/* Only the root keeps a reference (the mount's). */
		if (i != KFS_ROOT)
			km->km_vn[i]->v_usecount = 0;
	}
	mp->mnt_root = km->km_vn[KFS_ROOT];
	return 0;
}

const struct rk_vfsops rk_kernfs_vfsops = {
	.vfs_name = "kernfs",
	.vfs_mount = kernfs_mount,
	.vfs_unmount = kernfs_unmount,
};
