/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Open files and per-process descriptor tables.
 *
 * A struct file is reference counted: each descriptor slot holds one
 * reference and rk_fd_get takes one for the duration of a system call.
 * When the last reference goes, f_ops->fo_close runs and the file is
 * freed, so closing a descriptor that another thread is using is safe.
 */
#ifndef RK_FILE_H
#define RK_FILE_H

#include <rk/types.h>
#include <rk/lock.h>

struct rk_proc;
struct vnode;
struct file;
struct rk_pollwait;

#define RK_DTYPE_VNODE	1
#define RK_DTYPE_SOCKET	2

/* Derived from the open mode: O_RDONLY -> FREAD, O_WRONLY -> FWRITE... */
#define RK_FREAD	0x1
#define RK_FWRITE	0x2

/* Descriptor limits: tables grow by doubling up to RK_FD_MAX. */
#define RK_FD_INITIAL	32
#define RK_FD_MAX	65536

/* A piece of a client buffer (client addresses: ops copy in/out). */
struct rk_iov {
	void *iov_base;
	size_t iov_len;
};

/* Most iovecs one readv/writev/sendmsg/recvmsg takes (NetBSD IOV_MAX). */
#define RK_IOV_MAX	1024

/*
 * Operations by file type; the generic descriptor calls (kern/sys_*.c)
 * dispatch through them.  fo_close is required.  A file without fo_seek
 * is not seekable (lseek, pread, pwrite: ESPIPE).  fo_read/fo_write move
 * data between the file and the client's iovecs, advance *offp for
 * seekable files and report the bytes moved in *done; a short transfer
 * with *done > 0 is a success.  fo_ioctl gets the argument already
 * copied into the guest (the command encodes its size and direction)
 * and returns RK_ENOTTY for commands it does not know.  fo_poll returns
 * the ready events among those asked for and, when none is, records pw
 * on its rk_selinfo (rk/poll.h) so that a change wakes the poller.
 * Without fo_poll a file is always ready for reading and writing.
 */
struct rk_fileops {
	int (*fo_read)(struct file *fp, off_t *offp, const struct rk_iov *iov,
		       int iovcnt, size_t *done);
	int (*fo_write)(struct file *fp, off_t *offp,
			const struct rk_iov *iov, int iovcnt, size_t *done);
	int (*fo_ioctl)(struct file *fp, unsigned long cmd, void *data);
	int (*fo_poll)(struct file *fp, int events, struct rk_pollwait *pw);
	int (*fo_stat)(struct file *fp, void *ustat);	/* struct rump_stat */
	int (*fo_seek)(struct file *fp, off_t newoff);	/* validate only */
	int (*fo_close)(struct file *fp);
};

/* Total length of an iovec array; RK_EINVAL past SSIZE_MAX. */
int rk_iov_total(const struct rk_iov *iov, int iovcnt, size_t *lenp);

struct file {
	int f_type;			/* RK_DTYPE_* */
	int f_flag;			/* RUMP_O_* access + APPEND; RK_FREAD/FWRITE */
	off_t f_offset;			/* protected by f_lock */
	struct vnode *f_vnode;
	void *f_data;			/* type specific */
	const struct rk_fileops *f_ops;
	unsigned int f_refcnt;		/* atomic */
	struct rk_mutex f_lock;
};

/* f_flag holds RUMP_O_* bits with the access mode mapped to FREAD/FWRITE
 * (O_RDONLY 0 -> FREAD, O_WRONLY 1 -> FWRITE, O_RDWR 2 -> both). */
#define RK_OFLAGS_TO_FFLAGS(o)	(((o) & ~3) | (((o) + 1) & 3))
#define RK_FFLAGS_TO_OFLAGS(f)	(((f) & ~3) | (((f) - 1) & 3))

/* A new file with one reference (the caller's), zeroed, f_lock ready. */
struct file *rk_file_alloc(void);
void rk_file_hold(struct file *fp);
/* Drop a reference; the last one calls fo_close and frees the file. */
void rk_file_release(struct file *fp);

/*
 * Install fp at the lowest free descriptor >= minfd.  On success the
 * caller's reference moves to the table (do not release it); on failure
 * (RK_EMFILE, RK_ENOMEM) the caller still owns it.
 */
int rk_fd_alloc(struct rk_proc *p, struct file *fp, int minfd, int *fdp);
/* Look up fd and take a reference (RK_EBADF). */
int rk_fd_get(struct rk_proc *p, int fd, struct file **fpp);
/* Remove fd from the table and drop its reference (RK_EBADF). */
int rk_fd_close(struct rk_proc *p, int fd);
/* New descriptor >= minfd for the file of oldfd. */
int rk_fd_dup(struct rk_proc *p, int oldfd, int minfd, int *newfdp);
/* Make newfd refer to the file of oldfd, closing newfd first. */
int rk_fd_dup2(struct rk_proc *p, int oldfd, int newfd);
/* Number of open descriptors. */
int rk_fd_count(struct rk_proc *p);
/* Per-descriptor flags (RK_FD_CLOEXEC): RK_EBADF for a closed fd. */
#define RK_FD_CLOEXEC	0x1
int rk_fd_getflags(struct rk_proc *p, int fd, int *flagsp);
int rk_fd_setflags(struct rk_proc *p, int fd, int flags);

/* Tables (kern/descrip.c): a new empty one, a copy, and teardown.
 * NULL on allocation failure. */
struct rk_filedesc *rk_fd_init(void);
struct rk_filedesc *rk_fd_copy(struct rk_filedesc *src);
/* Another reference to the same table (rfork without RFFDG/RFCFDG). */
struct rk_filedesc *rk_fd_share(struct rk_filedesc *fdp);
void rk_fd_free(struct rk_filedesc *fdp);	/* closes every descriptor */

#endif /* RK_FILE_H */
