// SPDX-License-Identifier: BSD-2-Clause
/*
 * Files: the guest's file names are host paths.  Everything that can
 * wait for a disk gives the virtual CPU back first.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "hyp.h"

/* The guest's iovec is passed to readv/writev as is. */
_Static_assert(sizeof(struct rumpuser_iovec) == sizeof(struct iovec),
	       "iovec layout");

/* hyp/common's open flags are Linux's own numbers. */
_Static_assert(O_WRONLY == RV_O_WRONLY && O_RDWR == RV_O_RDWR &&
	      O_CREAT == RV_O_CREAT && O_EXCL == RV_O_EXCL, "open flags");

int rumpuser_open(const char *name, int mode, int *fdp)
{
	int flags, fd, nlocks, err;

	if (rv_open_flags(mode, &flags) || !name)
		return RV_EINVAL;
	flags |= O_CLOEXEC;

	rv_up_backend_unschedule(&nlocks, NULL);
	fd = open(name, flags, 0644);
	err = errno;
	rv_up_backend_schedule(nlocks, NULL);
	if (fd < 0)
		return rv_nb(err);
	*fdp = fd;
	return 0;
}

int rumpuser_close(int fd)
{
	int nlocks, rc, err;

	rv_up_backend_unschedule(&nlocks, NULL);
	rc = close(fd);
	err = errno;
	rv_up_backend_schedule(nlocks, NULL);
	/* EINTR from close() still closed the descriptor on Linux. */
	if (rc != 0 && err != EINTR)
		return rv_nb(err);
	return 0;
}

/* 0 or a negative errno. */
static int blkdev_size(const char *name, uint64_t *size)
{
	uint64_t bytes;
	int fd, rc = 0;

	fd = open(name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, BLKGETSIZE64, &bytes) != 0)
		rc = -errno;
	else
		*size = bytes;
	close(fd);
	return rc;
}

int rumpuser_getfileinfo(const char *name, uint64_t *size, int *type)
{
	uint64_t sz = 0;
	struct stat st;
	int ft, nlocks, rv = 0;

	if (!name)
		return RV_EINVAL;
	rv_up_backend_unschedule(&nlocks, NULL);
	if (stat(name, &st) != 0) {
		rv = -errno;
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		ft = RUMPUSER_FT_DIR;
	} else if (S_ISREG(st.st_mode)) {
		ft = RUMPUSER_FT_REG;
		sz = (uint64_t)st.st_size;
	} else if (S_ISBLK(st.st_mode)) {
		ft = RUMPUSER_FT_BLK;
		/* stat() reports 0 for devices: ask the device, if wanted. */
		if (size)
			rv = blkdev_size(name, &sz);
	} else if (S_ISCHR(st.st_mode)) {
		ft = RUMPUSER_FT_CHR;
	} else {
		ft = RUMPUSER_FT_OTHER;
	}
	if (rv == 0) {
		if (size)
			*size = sz;
		if (type)
			*type = ft;
	}
out:
	rv_up_backend_schedule(nlocks, NULL);
	return rv_nb(rv);
}

/*
 * One transfer for both directions: readv/preadv or writev/pwritev.
 * 0 or a negative errno.
 */
static int iov_transfer(int fd, const struct rumpuser_iovec *iov,
			size_t iovcnt, int64_t off, size_t *done, int write)
{
	const struct iovec *v = (const struct iovec *)iov;
	int nlocks, err;
	ssize_t n;

	if (iovcnt > INT32_MAX)
		return -EINVAL;
	rv_up_backend_unschedule(&nlocks, NULL);
	do {
		if (off == RUMPUSER_IOV_NOSEEK)
			n = write ? writev(fd, v, (int)iovcnt) :
				    readv(fd, v, (int)iovcnt);
		else
			n = write ? pwritev(fd, v, (int)iovcnt, (off_t)off) :
				    preadv(fd, v, (int)iovcnt, (off_t)off);
	} while (n < 0 && errno == EINTR);
	err = errno;
	rv_up_backend_schedule(nlocks, NULL);
	if (n < 0)
		return -err;
	*done = (size_t)n;
	return 0;
}

int rumpuser_iovread(int fd, struct rumpuser_iovec *iov, size_t iovcnt,
		     int64_t off, size_t *done)
{
	return rv_nb(iov_transfer(fd, iov, iovcnt, off, done, 0));
}

int rumpuser_iovwrite(int fd, const struct rumpuser_iovec *iov,
		      size_t iovcnt, int64_t off, size_t *done)
{
	return rv_nb(iov_transfer(fd, iov, iovcnt, off, done, 1));
}

int rumpuser_syncfd(int fd, int flags, uint64_t start, uint64_t len)
{
	int nlocks, rc, err;

	/* Whole-file syncs: the range is a hint we may widen. */
	(void)start;
	(void)len;
	/* READ needs nothing flushed, and a BARRIER alone only orders
	 * writes: each of ours is complete in the host when it returns. */
	if (!(flags & (RUMPUSER_SYNCFD_WRITE | RUMPUSER_SYNCFD_SYNC)))
		return 0;
	rv_up_backend_unschedule(&nlocks, NULL);
	if (flags & RUMPUSER_SYNCFD_SYNC)
		rc = fsync(fd);
	else
		rc = fdatasync(fd);
	err = errno;
	rv_up_backend_schedule(nlocks, NULL);
	return rc == 0 ? 0 : rv_nb(err);
}
