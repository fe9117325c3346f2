// SPDX-License-Identifier: BSD-2-Clause
/*
 * Open files and descriptor tables.  A table is an array of file pointers
 * that doubles when full (up to RK_FD_MAX), with a hint for the lowest
 * free slot so that open/close cycles stay O(1).  The table lock is held
 * only to look at slots; files are closed after it is dropped.
 */
#include <rk/lib.h>
#include <rk/kmem.h>
#include <rk/errno.h>
#include <rk/file.h>
#include <rk/proc.h>

struct rk_filedesc {
	struct rk_mutex fd_lock;
	struct file **fd_ofiles;
	uint8_t *fd_oflags;	/* RK_FD_* per slot */
	int fd_nfiles;		/* slots allocated */
	int fd_freefile;	/* no free slot below this */
	int fd_nopen;		/* open descriptors (atomic reads) */
	unsigned int fd_refcnt;	/* processes sharing the table */
};

struct file *rk_file_alloc(void)
{
	struct file *fp = rk_kmem_zalloc(sizeof(*fp), RK_KM_SLEEP);

	fp->f_refcnt = 1;
	rk_mutex_init(&fp->f_lock);
	return fp;
}

void rk_file_hold(struct file *fp)
{
	rk_atomic_inc(&fp->f_refcnt);
}

void rk_file_release(struct file *fp)
{
	if (rk_atomic_dec(&fp->f_refcnt) != 0)
		return;
	if (fp->f_ops && fp->f_ops->fo_close)
		fp->f_ops->fo_close(fp);
	rk_mutex_destroy(&fp->f_lock);
	rk_kmem_free(fp, sizeof(*fp));
}

struct rk_filedesc *rk_fd_init(void)
{
	struct rk_filedesc *fdp = rk_kmem_zalloc(sizeof(*fdp), RK_KM_SLEEP);

	fdp->fd_ofiles = rk_kmem_zalloc(sizeof(struct file *) * RK_FD_INITIAL,
					RK_KM_SLEEP);
	fdp->fd_oflags = rk_kmem_zalloc(RK_FD_INITIAL, RK_KM_SLEEP);
	fdp->fd_nfiles = RK_FD_INITIAL;
	fdp->fd_refcnt = 1;
	rk_mutex_init(&fdp->fd_lock);
	return fdp;
}

struct rk_filedesc *rk_fd_share(struct rk_filedesc *fdp)
{
	rk_atomic_inc(&fdp->fd_refcnt);
	return fdp;
}

struct rk_filedesc *rk_fd_copy(struct rk_filedesc *src)
{
	struct rk_filedesc *fdp = rk_kmem_zalloc(sizeof(*fdp), RK_KM_SLEEP);
	int i;

	fdp->fd_refcnt = 1;
	rk_mutex_init(&fdp->fd_lock);
	rk_mutex_enter(&src->fd_lock);
	fdp->fd_nfiles = src->fd_nfiles;
	fdp->fd_ofiles = rk_kmem_zalloc(sizeof(struct file *) *
					(size_t)fdp->fd_nfiles, RK_KM_SLEEP);
	fdp->fd_oflags = rk_kmem_zalloc((size_t)fdp->fd_nfiles, RK_KM_SLEEP);
	rk_memcpy(fdp->fd_oflags, src->fd_oflags, (size_t)fdp->fd_nfiles);
	for (i = 0; i < src->fd_nfiles; i++) {
		struct file *fp = src->fd_ofiles[i];

		if (fp) {
			rk_file_hold(fp);
			fdp->fd_ofiles[i] = fp;
		}
	}
	fdp->fd_freefile = src->fd_freefile;
	fdp->fd_nopen = src->fd_nopen;
	rk_mutex_exit(&src->fd_lock);
	return fdp;
}

void rk_fd_free(struct rk_filedesc *fdp)
{
	int i;

	if (!fdp || rk_atomic_dec(&fdp->fd_refcnt) != 0)
		return;
	/* Last user: nobody else can reach the table any more. */
	for (i = 0; i < fdp->fd_nfiles; i++) {
		struct file *fp = fdp->fd_ofiles[i];

		if (fp) {
			fdp->fd_ofiles[i] = NULL;
			rk_file_release(fp);
		}
	}
	rk_kmem_free(fdp->fd_ofiles,
		     sizeof(struct file *) * (size_t)fdp->fd_nfiles);
	rk_kmem_free(fdp->fd_oflags, (size_t)fdp->fd_nfiles);
	rk_mutex_destroy(&fdp->fd_lock);
	rk_kmem_free(fdp, sizeof(*fdp));
}

int rk_fd_count(struct rk_proc *p)
{
	struct rk_filedesc *fdp = p->p_fd;

	return fdp ? __atomic_load_n(&fdp->fd_nopen, __ATOMIC_RELAXED) : 0;
}

/* Make slot fd exist; called with fd_lock held. */
static int fd_grow(struct rk_filedesc *fdp, int fd)
{
	struct file **n;
	uint8_t *nf;
	int size = fdp->fd_nfiles;

	if (fd < size)
		return 0;
	if (fd >= RK_FD_MAX)
		return RK_EMFILE;
	while (size <= fd)
		size *= 2;
	if (size > RK_FD_MAX)
		size = RK_FD_MAX;
	n = rk_kmem_zalloc(sizeof(*n) * (size_t)size, RK_KM_NOSLEEP);
	if (!n)
		return RK_ENOMEM;
	nf = rk_kmem_zalloc((size_t)size, RK_KM_NOSLEEP);
	if (!nf) {
		rk_kmem_free(n, sizeof(*n) * (size_t)size);
		return RK_ENOMEM;
	}
	rk_memcpy(n, fdp->fd_ofiles, sizeof(*n) * (size_t)fdp->fd_nfiles);
	rk_kmem_free(fdp->fd_ofiles, sizeof(*n) * (size_t)fdp->fd_nfiles);
	rk_memcpy(nf, fdp->fd_oflags, (size_t)fdp->fd_nfiles);
	rk_kmem_free(fdp->fd_oflags, (size_t)fdp->fd_nfiles);
	fdp->fd_ofiles = n;
	fdp->fd_oflags = nf;
	fdp->fd_nfiles = size;
	return 0;
}

int rk_fd_alloc(struct rk_proc *p, struct file *fp, int minfd, int *fdpp)
{
	struct rk_filedesc *fdp = p->p_fd;
	int fd, error;

	if (!fdp)
		return RK_EBADF;
	if (minfd < 0)
		return RK_EINVAL;
	rk_mutex_enter(&fdp->fd_lock);
	fd = RK_MAX(minfd, fdp->fd_freefile);
	for (; fd < fdp->fd_nfiles; fd++)
		if (!fdp->fd_ofiles[fd])
			break;
	error = fd_grow(fdp, fd);
	if (error) {
		rk_mutex_exit(&fdp->fd_lock);
		return error;
	}
	fdp->fd_ofiles[fd] = fp;
	fdp->fd_oflags[fd] = 0;
	if (fd == fdp->fd_freefile)
		fdp->fd_freefile = fd + 1;
	__atomic_add_fetch(&fdp->fd_nopen, 1, __ATOMIC_RELAXED);
	rk_mutex_exit(&fdp->fd_lock);
	*fdpp = fd;
	return 0;
}

int rk_fd_get(struct rk_proc *p, int fd, struct file **fpp)
{
	struct rk_filedesc *fdp = p->p_fd;
	struct file *fp = NULL;

	if (!fdp || fd < 0)
		return RK_EBADF;
	rk_mutex_enter(&fdp->fd_lock);
	if (fd < fdp->fd_nfiles)
		fp = fdp->fd_ofiles[fd];
	if (fp)
		rk_file_hold(fp);
	rk_mutex_exit(&fdp->fd_lock);
	if (!fp)
		return RK_EBADF;
	*fpp = fp;
	return 0;
}

int rk_fd_close(struct rk_proc *p, int fd)
{
	struct rk_filedesc *fdp = p->p_fd;
	struct file *fp = NULL;

	if (!fdp || fd < 0)
		return RK_EBADF;
	rk_mutex_enter(&fdp->fd_lock);
	if (fd < fdp->fd_nfiles)
		fp = fdp->fd_ofiles[fd];
	if (fp) {
		fdp->fd_ofiles[fd] = NULL;
		if (fd < fdp->fd_freefile)
			fdp->fd_freefile = fd;
		__atomic_sub_fetch(&fdp->fd_nopen, 1, __ATOMIC_RELAXED);
	}
	rk_mutex_exit(&fdp->fd_lock);
	if (!fp)
		return RK_EBADF;
	rk_file_release(fp);
	return 0;
}

int rk_fd_dup(struct rk_proc *p, int oldfd, int minfd, int *newfdp)
{
	struct file *fp;
	int error = rk_fd_get(p, oldfd, &fp);

	if (error)
		return error;
	error = rk_fd_alloc(p, fp, minfd, newfdp);
	if (error)
		rk_file_release(fp);
	return error;
}

int rk_fd_dup2(struct rk_proc *p, int oldfd, int newfd)
{
	struct rk_filedesc *fdp = p->p_fd;
	struct file *fp, *victim;
	int error;

	error = rk_fd_get(p, oldfd, &fp);
	if (error)
		return error;
	if (newfd < 0 || newfd >= RK_FD_MAX) {
		rk_file_release(fp);
		return RK_EBADF;
	}
	if (oldfd == newfd) {
		rk_file_release(fp);
		return 0;
	}
	rk_mutex_enter(&fdp->fd_lock);
	error = fd_grow(fdp, newfd);
	if (error) {
		rk_mutex_exit(&fdp->fd_lock);
		rk_file_release(fp);
		return error;
	}
	victim = fdp->fd_ofiles[newfd];
	fdp->fd_ofiles[newfd] = fp;	/* our reference moves to the slot */
	fdp->fd_oflags[newfd] = 0;
	if (!victim) {
		__atomic_add_fetch(&fdp->fd_nopen, 1, __ATOMIC_RELAXED);
		if (newfd == fdp->fd_freefile)
			fdp->fd_freefile = newfd + 1;
	}
	rk_mutex_exit(&fdp->fd_lock);
	if (victim)
		rk_file_release(victim);
	return 0;
}

/* Read (flagsp != NULL) or set the flags of an open descriptor. */
static int fd_flags(struct rk_proc *p, int fd, int *flagsp, int set)
{
	struct rk_filedesc *fdp = p->p_fd;
	int error = RK_EBADF;

	if (!fdp || fd < 0)
		return RK_EBADF;
	rk_mutex_enter(&fdp->fd_lock);
	if (fd < fdp->fd_nfiles && fdp->fd_ofiles[fd]) {
		if (flagsp)
			*flagsp = fdp->fd_oflags[fd];
		else
			fdp->fd_oflags[fd] = (uint8_t)(set & RK_FD_CLOEXEC);
		error = 0;
	}
	rk_mutex_exit(&fdp->fd_lock);
	return error;
}

int rk_fd_getflags(struct rk_proc *p, int fd, int *flagsp)
{
	return fd_flags(p, fd, flagsp, 0);
}

int rk_fd_setflags(struct rk_proc *p, int fd, int flags)
{
	return fd_flags(p, fd, NULL, flags);
}
