/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The rump kernel hypercall interface, version 17.
 *
 * This is the only place where a guest (a rump kernel) and a hypervisor
 * meet.  Signatures, constants and the member order of struct
 * rumpuser_hyperup are ABI: NetBSD's rump kernels call exactly these.
 * Every int-returning routine returns 0 or an errno in NetBSD's numbering.
 *
 * Integer types: the kernel hypervisor gets them from <linux/types.h>, a
 * userspace build from the C library.  A freestanding guest defines
 * size_t, int64_t, uint64_t, uint8_t and pid_t itself and then defines
 * RUMPUSER_TYPES_DEFINED, so that this header pulls in no host header.
 */
#ifndef RUMP_RUMPUSER_H
#define RUMP_RUMPUSER_H

#ifndef RUMPUSER_TYPES_DEFINED
#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#endif
#endif

#define RUMPUSER_VERSION 17

#if defined(__GNUC__)
#define RUMPUSER_NORETURN __attribute__((__noreturn__))
#define RUMPUSER_PRINTF(f, a) __attribute__((__format__(__printf__, f, a)))
#else
#define RUMPUSER_NORETURN
#define RUMPUSER_PRINTF(f, a)
#endif

#ifdef __cplusplus
extern "C" {
#endif

struct lwp;
struct rumpuser_mtx;
struct rumpuser_rw;
struct rumpuser_cv;
struct modinfo;
struct rump_component;

/* Upcalls: the guest hands this table to rumpuser_init().  Order is ABI. */
struct rumpuser_hyperup {
	void (*hyp_schedule)(void);
	void (*hyp_unschedule)(void);
	void (*hyp_backend_unschedule)(int, int *, void *);
	void (*hyp_backend_schedule)(int, void *);
	void (*hyp_lwproc_switch)(struct lwp *);
	void (*hyp_lwproc_release)(void);
	int (*hyp_lwproc_rfork)(void *, int, const char *);
	int (*hyp_lwproc_newlwp)(pid_t);
	struct lwp *(*hyp_lwproc_curlwp)(void);
	int (*hyp_syscall)(int, void *, long *);
	void (*hyp_lwpexit)(void);
	void (*hyp_execnotify)(const char *);
	pid_t (*hyp_getpid)(void);
	void *hyp__extra[8];
};

/* Initialisation: non-zero unless version == RUMPUSER_VERSION. */
int rumpuser_init(int version, const struct rumpuser_hyperup *hyp);

/* Memory. alignment is a power of two, 0 for "no demand". */
int rumpuser_malloc(size_t len, int alignment, void **memp);
void rumpuser_free(void *mem, size_t len);
int rumpuser_anonmmap(void *prefaddr, size_t size, int alignbit, int exec,
		      void **memp);
void rumpuser_unmap(void *addr, size_t size);

/* Files and block I/O. */
#define RUMPUSER_OPEN_RDONLY	0x0000
#define RUMPUSER_OPEN_WRONLY	0x0001
#define RUMPUSER_OPEN_RDWR	0x0002
#define RUMPUSER_OPEN_ACCMODE	0x0003
#define RUMPUSER_OPEN_CREATE	0x0004
#define RUMPUSER_OPEN_EXCL	0x0008
#define RUMPUSER_OPEN_BIO	0x0010
int rumpuser_open(const char *name, int mode, int *fdp);
int rumpuser_close(int fd);

#define RUMPUSER_FT_OTHER	0
#define RUMPUSER_FT_DIR		1
#define RUMPUSER_FT_REG		2
#define RUMPUSER_FT_BLK		3
#define RUMPUSER_FT_CHR		4
int rumpuser_getfileinfo(const char *name, uint64_t *size, int *type);

#define RUMPUSER_BIO_READ	0x01
#define RUMPUSER_BIO_WRITE	0x02
#define RUMPUSER_BIO_SYNC	0x04
typedef void (*rump_biodone_fn)(void *arg, size_t done, int error);
void rumpuser_bio(int fd, int op, void *data, size_t dlen, int64_t off,
		  rump_biodone_fn biodone, void *arg);

struct rumpuser_iovec {
	void *iov_base;
	size_t iov_len;
};
#define RUMPUSER_IOV_NOSEEK	-1
int rumpuser_iovread(int fd, struct rumpuser_iovec *iov, size_t iovcnt,
		     int64_t off, size_t *done);
int rumpuser_iovwrite(int fd, const struct rumpuser_iovec *iov,
		      size_t iovcnt, int64_t off, size_t *done);

#define RUMPUSER_SYNCFD_READ	0x01
#define RUMPUSER_SYNCFD_WRITE	0x02
#define RUMPUSER_SYNCFD_BARRIER	0x04
#define RUMPUSER_SYNCFD_SYNC	0x08
int rumpuser_syncfd(int fd, int flags, uint64_t start, uint64_t len);

/* Clocks. */
enum rumpclock { RUMPUSER_CLOCK_RELWALL, RUMPUSER_CLOCK_ABSMONO };
int rumpuser_clock_gettime(int clock, int64_t *sec, long *nsec);
int rumpuser_clock_sleep(int clock, int64_t sec, long nsec);

/* Parameters. */
#define RUMPUSER_PARAM_NCPU	"_RUMPUSER_NCPU"
#define RUMPUSER_PARAM_HOSTNAME	"_RUMPUSER_HOSTNAME"
int rumpuser_getparam(const char *name, void *buf, size_t buflen);

/* Console. */
void rumpuser_putchar(int ch);
void rumpuser_dprintf(const char *fmt, ...) RUMPUSER_PRINTF(1, 2);

/* Termination, signals, errno, randomness. */
#define RUMPUSER_PANIC		(-1)
void rumpuser_exit(int value) RUMPUSER_NORETURN;
#define RUMPUSER_PID_SELF	((int64_t)-1)
int rumpuser_kill(int64_t pid, int sig);
void rumpuser_seterrno(int error);

#define RUMPUSER_RANDOM_HARD	0x01
#define RUMPUSER_RANDOM_NOWAIT	0x02
int rumpuser_getrandom(void *buf, size_t buflen, int flags, size_t *got);

/* Threads. */
int rumpuser_thread_create(void *(*fn)(void *), void *arg, const char *name,
			   int mustjoin, int priority, int cpuidx,
			   void **cookie);
void rumpuser_thread_exit(void) RUMPUSER_NORETURN;
int rumpuser_thread_join(void *cookie);

/* The guest lwp bound to the calling host thread. */
enum rumplwpop {
	RUMPUSER_LWP_CREATE, RUMPUSER_LWP_DESTROY,
	RUMPUSER_LWP_SET, RUMPUSER_LWP_CLEAR
};
void rumpuser_curlwpop(int op, struct lwp *l);
struct lwp *rumpuser_curlwp(void);

/* Mutexes. */
#define RUMPUSER_MTX_SPIN	0x01
#define RUMPUSER_MTX_KMUTEX	0x02
void rumpuser_mutex_init(struct rumpuser_mtx **mtxp, int flags);
void rumpuser_mutex_enter(struct rumpuser_mtx *mtx);
void rumpuser_mutex_enter_nowrap(struct rumpuser_mtx *mtx);
int rumpuser_mutex_tryenter(struct rumpuser_mtx *mtx);
void rumpuser_mutex_exit(struct rumpuser_mtx *mtx);
void rumpuser_mutex_destroy(struct rumpuser_mtx *mtx);
void rumpuser_mutex_owner(struct rumpuser_mtx *mtx, struct lwp **lp);

/* Read/write locks. */
enum rumprwlock { RUMPUSER_RW_READER, RUMPUSER_RW_WRITER };
void rumpuser_rw_init(struct rumpuser_rw **rwp);
void rumpuser_rw_enter(int lk, struct rumpuser_rw *rw);
int rumpuser_rw_tryenter(int lk, struct rumpuser_rw *rw);
int rumpuser_rw_tryupgrade(struct rumpuser_rw *rw);
void rumpuser_rw_downgrade(struct rumpuser_rw *rw);
void rumpuser_rw_exit(struct rumpuser_rw *rw);
void rumpuser_rw_destroy(struct rumpuser_rw *rw);
void rumpuser_rw_held(int lk, struct rumpuser_rw *rw, int *held);

/* Condition variables. */
void rumpuser_cv_init(struct rumpuser_cv **cvp);
void rumpuser_cv_destroy(struct rumpuser_cv *cv);
void rumpuser_cv_wait(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx);
void rumpuser_cv_wait_nowrap(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx);
int rumpuser_cv_timedwait(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx,
			  int64_t sec, int64_t nsec);
void rumpuser_cv_signal(struct rumpuser_cv *cv);
void rumpuser_cv_broadcast(struct rumpuser_cv *cv);
void rumpuser_cv_has_waiters(struct rumpuser_cv *cv, int *waiters);

/* Module loading and daemonizing. */
typedef void (*rump_modinit_fn)(const struct modinfo *const *, size_t);
typedef int (*rump_symload_fn)(void *, uint64_t, char *, uint64_t);
typedef void (*rump_compload_fn)(const struct rump_component *);
void rumpuser_dl_bootstrap(rump_modinit_fn modinit, rump_symload_fn symload,
			   rump_compload_fn compload);
int rumpuser_daemonize_begin(void);
int rumpuser_daemonize_done(int error);

/* Syscall proxy for remote clients. */
int rumpuser_sp_init(const char *url, const char *ostype,
		     const char *osrelease, const char *machine);
int rumpuser_sp_copyin(void *client, const void *uaddr, void *kaddr,
		       size_t len);
int rumpuser_sp_copyinstr(void *client, const void *uaddr, void *kaddr,
			  size_t *lenp);
int rumpuser_sp_copyout(void *client, const void *kaddr, void *uaddr,
			size_t len);
int rumpuser_sp_copyoutstr(void *client, const void *kaddr, void *uaddr,
			   size_t *lenp);
int rumpuser_sp_anonmmap(void *client, size_t len, void **addr);
int rumpuser_sp_raise(void *client, int sig);
void rumpuser_sp_fini(void *client);

#ifdef __cplusplus
}
#endif

#endif /* RUMP_RUMPUSER_H */
