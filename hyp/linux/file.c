// SPDX-License-Identifier: BSD-2-Clause
/*
 * Files for the guest, confined to one host directory: the `files` module
 * parameter.  A guest name is a host absolute path that must be that
 * directory or lie below it; the rest of the name is looked up with the
 * directory as root, so ".." and symlinks cannot lead outside.  Without
 * `files` the guest sees no host file at all (ENOENT).  Open files live
 * in a small table of struct file pointers indexed by the guest's fd.
 */
#include "hyp.h"

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/namei.h>
#include <linux/rcupdate.h>
#include <linux/stat.h>
#include <linux/string.h>

#define RV_MAXFD	1024

static DEFINE_MUTEX(fd_lock);		/* changes to fd_table */
static DEFINE_IDR(fd_table);		/* lookups under RCU */

/*
 * Does path have a ".." component?  Lookups below the root could not
 * escape through one anyway, but a name that climbs is not a name below
 * the files directory, so it is refused outright.
 */
static bool has_dotdot(const char *p)
{
	while (*p) {
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || !p[2]))
			return true;
		while (*p && *p != '/')
			p++;
		while (*p == '/')
			p++;
	}
	return false;
}

/* name relative to the files directory, or NULL when it is not below. */
static const char *file_rel(const char *name)
{
	const char *root = rv_param_files;
	size_t n;

	if (!root || root[0] != '/' || !name)
		return NULL;
	n = strlen(root);
	while (n > 0 && root[n - 1] == '/')
		n--;		/* "/srv/" is "/srv", "/" is "" */
	if (strncmp(name, root, n) || (name[n] != '/' && name[n] != '\0'))
		return NULL;
	name += n;
	while (*name == '/')
		name++;
	if (has_dotdot(name))
		return NULL;
	return *name ? name : ".";
}

static struct file *file_open_confined(const char *name, int flags,
				       umode_t mode)
{
	const char *rel = file_rel(name);
	struct path root;
	struct file *f;

	if (!rel)
		return ERR_PTR(-ENOENT);
	if (kern_path(rv_param_files, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &root))
		return ERR_PTR(-ENOENT);
	f = file_open_root(&root, rel, flags, mode);
	path_put(&root);
	return f;
}

/* A reference to the file behind fd, or NULL. */
struct file *rv_file_get(int fd)
{
	struct file *f;

	rcu_read_lock();
	f = idr_find(&fd_table, fd);
	if (f && !get_file_rcu(f))
		f = NULL;
	rcu_read_unlock();
	return f;
}

/* hyp/common's open flags are Linux's own numbers. */
static_assert(O_WRONLY == RV_O_WRONLY && O_RDWR == RV_O_RDWR &&
	      O_CREAT == RV_O_CREAT && O_EXCL == RV_O_EXCL, "open flags");

int rumpuser_open(const char *name, int mode, int *fdp)
{
	struct file *f;
	int flags, fd, err = 0, nlocks;

	if (rv_open_flags(mode, &flags))
		return RV_EINVAL;
	flags |= O_LARGEFILE | O_CLOEXEC;

	hyp_unschedule(&nlocks, NULL);
	f = file_open_confined(name, flags, 0644);
	if (IS_ERR(f)) {
		err = rv_errno_to_netbsd(PTR_ERR(f));
		goto out;
	}
	mutex_lock(&fd_lock);
	fd = idr_alloc(&fd_table, f, 0, RV_MAXFD, GFP_KERNEL | __GFP_NOWARN);
	mutex_unlock(&fd_lock);
	if (fd < 0) {
		filp_close(f, NULL);
		err = fd == -ENOSPC ? RV_EMFILE : RV_ENOMEM;
		goto out;
	}
	*fdp = fd;
out:
	hyp_schedule(nlocks, NULL);
	return err;
}
EXPORT_SYMBOL(rumpuser_open);

int rumpuser_close(int fd)
{
	struct file *f;
	int err, nlocks;

	mutex_lock(&fd_lock);
	f = fd >= 0 ? idr_remove(&fd_table, fd) : NULL;
	mutex_unlock(&fd_lock);
	if (!f)
		return RV_EBADF;
	hyp_unschedule(&nlocks, NULL);
	err = filp_close(f, NULL);
	hyp_schedule(nlocks, NULL);
	return rv_errno_to_netbsd(err);
}
EXPORT_SYMBOL(rumpuser_close);

static int file_info(const char *name, uint64_t *size, int *type)
{
	struct kstat st;
	struct file *f;
	uint64_t sz = 0;
	int t, err;

	f = file_open_confined(name, O_PATH, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	err = vfs_getattr(&f->f_path, &st, STATX_TYPE | STATX_SIZE,
			  AT_STATX_SYNC_AS_STAT);
	fput(f);
	if (err)
		return err;

	if (S_ISREG(st.mode)) {
		t = RUMPUSER_FT_REG;
		sz = st.size;
	} else if (S_ISDIR(st.mode)) {
		t = RUMPUSER_FT_DIR;
		sz = st.size;
	} else if (S_ISBLK(st.mode)) {
		t = RUMPUSER_FT_BLK;
		/* The device's size is on the block device's own inode. */
		f = file_open_confined(name, O_RDONLY | O_LARGEFILE, 0);
		if (IS_ERR(f))
			return PTR_ERR(f);
		sz = i_size_read(f->f_mapping->host);
		fput(f);
	} else if (S_ISCHR(st.mode)) {
		t = RUMPUSER_FT_CHR;
	} else {
		t = RUMPUSER_FT_OTHER;
	}
	if (size)
		*size = sz;
	if (type)
		*type = t;
	return 0;
}

int rumpuser_getfileinfo(const char *name, uint64_t *size, int *type)
{
	int err, nlocks;

	hyp_unschedule(&nlocks, NULL);
	err = file_info(name, size, type);
	hyp_schedule(nlocks, NULL);
	return rv_errno_to_netbsd(err);
}
EXPORT_SYMBOL(rumpuser_getfileinfo);

/*
 * Read or write an iovec at off, or at (and advancing) the file position
 * when off is RUMPUSER_IOV_NOSEEK.  Stops at the first short transfer,
 * like a single preadv/pwritev would.
 */
static int file_iov(int fd, const struct rumpuser_iovec *iov, size_t iovcnt,
		    int64_t off, size_t *done, bool write)
{
	size_t total = 0, i;
	struct file *f;
	loff_t pos = off, *ppos;
	int err = 0, nlocks;

	f = rv_file_get(fd);
	if (!f)
		return RV_EBADF;
	/* The kernel warns about reads of write-only files: refuse first. */
	if (!(f->f_mode & (write ? FMODE_WRITE : FMODE_READ))) {
		fput(f);
		return RV_EBADF;
	}
	ppos = off == RUMPUSER_IOV_NOSEEK ? &f->f_pos : &pos;

	hyp_unschedule(&nlocks, NULL);
	for (i = 0; i < iovcnt; i++) {
		size_t len = iov[i].iov_len;
		ssize_t n;

		if (!len)
			continue;
		if (write)
			n = kernel_write(f, iov[i].iov_base, len, ppos);
		else
			n = kernel_read(f, iov[i].iov_base, len, ppos);
		if (n < 0) {
			/* Report what did get through, like the host would. */
			if (!total)
				err = rv_errno_to_netbsd(n);
			break;
		}
		total += n;
		if ((size_t)n < len)
			break;
	}
	hyp_schedule(nlocks, NULL);
	fput(f);
	if (done)
		*done = total;
	return err;
}

int rumpuser_iovread(int fd, struct rumpuser_iovec *iov, size_t iovcnt,
		     int64_t off, size_t *done)
{
	return file_iov(fd, iov, iovcnt, off, done, false);
}
EXPORT_SYMBOL(rumpuser_iovread);

int rumpuser_iovwrite(int fd, const struct rumpuser_iovec *iov,
		      size_t iovcnt, int64_t off, size_t *done)
{
	return file_iov(fd, iov, iovcnt, off, done, true);
}
EXPORT_SYMBOL(rumpuser_iovwrite);

int rumpuser_syncfd(int fd, int flags, uint64_t start, uint64_t len)
{
	struct file *f;
	loff_t end;
	int err = 0, nlocks;

	f = rv_file_get(fd);
	if (!f)
		return RV_EBADF;
	/* Reads need no syncing, and a barrier alone orders nothing here. */
	if (flags & (RUMPUSER_SYNCFD_WRITE | RUMPUSER_SYNCFD_SYNC)) {
		if (start > LLONG_MAX) {
			fput(f);
			return RV_EINVAL;
		}
		if (len == 0 || len - 1 > (uint64_t)LLONG_MAX - start)
			end = LLONG_MAX;
		else
			end = start + len - 1;
		hyp_unschedule(&nlocks, NULL);
		err = vfs_fsync_range(f, start, end, 0);
		hyp_schedule(nlocks, NULL);
	}
	fput(f);
	return rv_errno_to_netbsd(err);
}
EXPORT_SYMBOL(rumpuser_syncfd);

/* Instance end: close whatever the guest left open. */
void rv_files_reset(void)
{
	struct file *f;
	int fd;

	mutex_lock(&fd_lock);
	idr_for_each_entry(&fd_table, f, fd)
		filp_close(f, NULL);
	idr_destroy(&fd_table);
	idr_init(&fd_table);
	mutex_unlock(&fd_lock);
}
