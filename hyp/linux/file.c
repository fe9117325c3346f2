// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host files for the guest: rumpuser_open/_close/_getfileinfo/_iovread/
 * _iovwrite/_syncfd.  Names are confined to the instance's files
 * directory (confine.c); without one the guest sees no host file at all
 * (ENOENT).  Open files live in the instance's table of struct file
 * pointers indexed by the guest's fd, looked up under RCU, and are closed
 * when the instance ends.
 */
#include "hyp.h"

#include <linux/error-injection.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/rcupdate.h>
#include <linux/stat.h>
#include <linux/string.h>

#define RV_MAXFD	1024

void rv_files_init(struct rv_instance *inst)
{
	mutex_init(&inst->files.lock);
	xa_init_flags(&inst->files.table, XA_FLAGS_ALLOC);
	atomic_set(&inst->files.open, 0);
}

/* A reference to the file behind fd, or NULL. */
struct file *rv_file_get(struct rv_instance *inst, int fd)
{
	struct file *f;

	if (fd < 0)
		return NULL;
	rcu_read_lock();
	f = xa_load(&inst->files.table, fd);
	if (f && !get_file_rcu(f))
		f = NULL;
	rcu_read_unlock();
	return f;
}

static struct file *confined(struct rv_instance *inst, const char *name,
			     int flags, umode_t mode)
{
	if (!inst->p.files)
		return ERR_PTR(-ENOENT);
	return rv_confined_open(&inst->p.root, inst->p.files, name, flags,
				mode);
}

/* hyp/common's open flags are Linux's own numbers. */
static_assert(O_WRONLY == RV_O_WRONLY && O_RDWR == RV_O_RDWR &&
	      O_CREAT == RV_O_CREAT && O_EXCL == RV_O_EXCL, "open flags");

/*
 * The host calls below (table slot, read, write, sync) are points of
 * fault injection (fault.c).
 */

/* Enter f into the table: the new fd or a negative errno. */
noinline int rv_fd_alloc(struct rv_instance *inst, struct file *f)
{
	u32 fd;
	int err;

	if (rv_fault(RV_FAULT_FD_ALLOC))
		return -ENOMEM;
	mutex_lock(&inst->files.lock);
	err = xa_alloc(&inst->files.table, &fd, f, XA_LIMIT(0, RV_MAXFD - 1),
		       GFP_KERNEL | __GFP_NOWARN);
	if (!err)
		atomic_inc(&inst->files.open);
	mutex_unlock(&inst->files.lock);
	if (err)
		return err == -EBUSY ? -EMFILE : err;
	return fd;
}
ALLOW_ERROR_INJECTION(rv_fd_alloc, ERRNO);

/* len bytes at *pos: the count moved or a negative errno. */
noinline ssize_t rv_file_rw(struct file *f, void *buf, size_t len,
			    loff_t *pos, bool write)
{
	if (rv_fault(RV_FAULT_FILE_RW))
		return -EIO;
	return write ? kernel_write(f, buf, len, pos) :
		       kernel_read(f, buf, len, pos);
}
ALLOW_ERROR_INJECTION(rv_file_rw, ERRNO);

noinline int rv_file_sync(struct file *f, loff_t start, loff_t end,
			  int datasync)
{
	if (rv_fault(RV_FAULT_FILE_SYNC))
		return -EIO;
	return vfs_fsync_range(f, start, end, datasync);
}
ALLOW_ERROR_INJECTION(rv_file_sync, ERRNO);

/* Open and enter into the table: the new fd or a negative errno. */
static int file_open(struct rv_instance *inst, const char *name, int flags)
{
	struct file *f;
	int fd;

	f = confined(inst, name, flags, 0644);
	if (IS_ERR(f))
		return PTR_ERR(f);
	fd = rv_fd_alloc(inst, f);
	if (fd < 0)
		filp_close(f, NULL);
	return fd;
}

int rumpuser_open(const char *name, int mode, int *fdp)
{
	struct rv_instance *inst = rv_current();
	int flags, fd, nlocks;

	if (rv_open_flags(mode, &flags) || !name)
		return RV_EINVAL;
	if (!inst)
		return RV_ENOENT;
	rv_count(inst, RV_HC_OPEN);
	rv_up_backend_unschedule(&nlocks, NULL);
	fd = file_open(inst, name, flags | O_LARGEFILE | O_CLOEXEC);
	rv_up_backend_schedule(nlocks, NULL);
	if (fd < 0)
		return rv_nb(fd);
	*fdp = fd;
	return 0;
}
EXPORT_SYMBOL(rumpuser_open);

int rumpuser_close(int fd)
{
	struct rv_instance *inst = rv_current();
	struct file *f = NULL;
	int err, nlocks;

	if (!inst)
		return RV_EBADF;
	rv_count(inst, RV_HC_CLOSE);
	mutex_lock(&inst->files.lock);
	if (fd >= 0)
		f = xa_erase(&inst->files.table, fd);
	if (f)
		atomic_dec(&inst->files.open);
	mutex_unlock(&inst->files.lock);
	if (!f)
		return RV_EBADF;
	rv_up_backend_unschedule(&nlocks, NULL);
	err = filp_close(f, NULL);
	rv_up_backend_schedule(nlocks, NULL);
	return rv_nb(err);
}
EXPORT_SYMBOL(rumpuser_close);

static int file_info(struct rv_instance *inst, const char *name,
		     uint64_t *size, int *type)
{
	struct kstat st;
	struct file *f;
	uint64_t sz = 0;
	int t, err;

	f = confined(inst, name, O_PATH, 0);
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
		f = confined(inst, name, O_RDONLY | O_LARGEFILE, 0);
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
	struct rv_instance *inst = rv_current();
	int err, nlocks;

	if (!name)
		return RV_EINVAL;
	if (!inst)
		return RV_ENOENT;
	rv_count(inst, RV_HC_FILEINFO);
	rv_up_backend_unschedule(&nlocks, NULL);
	err = file_info(inst, name, size, type);
	rv_up_backend_schedule(nlocks, NULL);
	return rv_nb(err);
}
EXPORT_SYMBOL(rumpuser_getfileinfo);

/*
 * Read or write an iovec at off, or at (and advancing) the file position
 * when off is RUMPUSER_IOV_NOSEEK.  Stops at the first short transfer,
 * like a single preadv/pwritev would.  0 or a negative errno.
 */
static int file_iov(int fd, const struct rumpuser_iovec *iov, size_t iovcnt,
		    int64_t off, size_t *done, bool write)
{
	struct rv_instance *inst = rv_current();
	size_t total = 0, i;
	struct file *f;
	loff_t pos = off, *ppos;
	int err = 0, nlocks;

	if (!inst)
		return -EBADF;
	rv_count(inst, write ? RV_HC_WRITE : RV_HC_READ);
	f = rv_file_get(inst, fd);
	if (!f)
		return -EBADF;
	/* The kernel warns about reads of write-only files: refuse first. */
	if (!(f->f_mode & (write ? FMODE_WRITE : FMODE_READ))) {
		fput(f);
		return -EBADF;
	}
	ppos = off == RUMPUSER_IOV_NOSEEK ? &f->f_pos : &pos;

	rv_up_backend_unschedule(&nlocks, NULL);
	for (i = 0; i < iovcnt; i++) {
		size_t len = iov[i].iov_len;
		ssize_t n;

		if (!len)
			continue;
		n = rv_file_rw(f, iov[i].iov_base, len, ppos, write);
		if (n < 0) {
			/* Report what did get through, like the host would. */
			if (!total)
				err = n;
			break;
		}
		total += n;
		if ((size_t)n < len)
			break;
	}
	rv_up_backend_schedule(nlocks, NULL);
	fput(f);
	if (done)
		*done = total;
	return err;
}

int rumpuser_iovread(int fd, struct rumpuser_iovec *iov, size_t iovcnt,
		     int64_t off, size_t *done)
{
	return rv_nb(file_iov(fd, iov, iovcnt, off, done, false));
}
EXPORT_SYMBOL(rumpuser_iovread);

int rumpuser_iovwrite(int fd, const struct rumpuser_iovec *iov,
		      size_t iovcnt, int64_t off, size_t *done)
{
	return rv_nb(file_iov(fd, iov, iovcnt, off, done, true));
}
EXPORT_SYMBOL(rumpuser_iovwrite);

int rumpuser_syncfd(int fd, int flags, uint64_t start, uint64_t len)
{
	struct rv_instance *inst = rv_current();
	struct file *f;
	loff_t end;
	int err = 0, nlocks;

	if (!inst)
		return RV_EBADF;
	rv_count(inst, RV_HC_SYNC);
	f = rv_file_get(inst, fd);
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
		rv_up_backend_unschedule(&nlocks, NULL);
		err = rv_file_sync(f, start, end, 0);
		rv_up_backend_schedule(nlocks, NULL);
	}
	fput(f);
	return rv_nb(err);
}
EXPORT_SYMBOL(rumpuser_syncfd);

/* Instance end: close whatever the guest left open; how many. */
unsigned int rv_files_reclaim(struct rv_instance *inst)
{
	unsigned int n = 0;
	unsigned long fd;
	struct file *f;

	mutex_lock(&inst->files.lock);
	xa_for_each(&inst->files.table, fd, f) {
		filp_close(f, NULL);
		n++;
	}
	xa_destroy(&inst->files.table);
	atomic_set(&inst->files.open, 0);
	mutex_unlock(&inst->files.lock);
	return n;
}
