/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz-vfs's operations: decoding an input into system calls
 * (decode.c), running them with a check of every result (exec.c) and
 * the invariants of the state they leave (invariants.c).
 *
 * Input format: byte 0: bit 2 set -> 2 + (bits 0-1) % 3 threads, else one.
 * Then operations: an opcode byte (modulo FZ_NOPS) and its arguments in
 * the order decode.c reads them.  Arguments:
 *   path   a head byte: bits 5-7 choose the form (0-4 components, 5 the
 *          empty string, 6 a bad pointer, 7 a name of 1024 bytes with no
 *          NUL); for components, bits 0-2 are their number - 1, bit 3 a
 *          leading "/", bit 4 a trailing "/"; then a byte per component:
 *          its name from the table (low 4 bits) and, with bit 7, a
 *          repeat count byte (long paths)
 *   fd     a byte: below 0xe0 a descriptor slot, else a hostile number
 *   len    a kind byte and 0-2 value bytes (zero, small, page sizes,
 *          up to 64 KiB, or more than SSIZE_MAX)
 *   off    a kind byte and 0-8 value bytes (small, near 2^40, negative,
 *          any 64-bit value)
 * The bytes an argument does not use stay for the next one.
 */
#ifndef FZ_OPS_H
#define FZ_OPS_H

#include <stdint.h>
#include <sys/types.h>

#define FZ_MAXOPS	256
#define FZ_MAXTHREADS	4
#define FZ_NSLOTS	8
#define FZ_MAXDEPTH	4	/* rfork levels a thread may stack */
#define FZ_FDMAX	65536	/* the guest's RK_FD_MAX */

enum fz_kind {
	FZ_OPEN, FZ_CLOSE, FZ_READ, FZ_WRITE, FZ_PREAD, FZ_PWRITE, FZ_LSEEK,
	FZ_MKDIR, FZ_RMDIR, FZ_UNLINK, FZ_RENAME, FZ_SYMLINK, FZ_READLINK,
	FZ_STAT, FZ_LSTAT, FZ_FSTAT, FZ_GETDENTS, FZ_CHDIR, FZ_GETCWD,
	FZ_DUP, FZ_DUP2, FZ_FSYNC, FZ_MOUNT, FZ_UNMOUNT, FZ_KOPEN, FZ_RFORK,
	FZ_UNFORK, FZ_GETPID, FZ_TRUNCATE, FZ_FTRUNCATE, FZ_NOPS
};

/* A pointer argument: a real buffer or one of the bad addresses. */
struct fz_ptr {
	char *p;		/* malloc'ed (exact size) unless bad */
	size_t size;		/* bytes of p */
	int bad;		/* p is NULL, 1 or 4095: EFAULT */
	int nonul;		/* a path of 1024 bytes without NUL */
};

struct fz_op {
	enum fz_kind kind;
	uint8_t fd, fd2;	/* descriptor bytes (slot or hostile) */
	uint8_t slot;		/* where a new descriptor goes */
	struct fz_ptr path, path2;
	int flags, mode, whence;
	uint64_t len;
	int64_t off;
	int bufkind;		/* 0 real, 1 bad pointer */
};

/* Per-process model of open descriptors (single-thread inputs). */
struct fz_fdset;

/* The model's size of one file. */
struct fz_size {
	uint64_t dev, ino;
	int64_t size;
};
#define FZ_NSIZES	512

struct fz_thread {
	int depth;				/* rfork levels */
	struct lwp *saved[FZ_MAXDEPTH];		/* lwps to go back to */
	struct fz_fdset *model[FZ_MAXDEPTH + 1];
};

struct fz_run {
	int nthreads;
	int nops;
	struct fz_op ops[FZ_MAXOPS];
	pid_t pid;
	int slots[FZ_NSLOTS];			/* atomic */
	uint64_t seen[FZ_FDMAX / 64];		/* every fd handed out */
	uint64_t kerndevs[16];			/* kernfs st_dev values */
	int nkerndevs;
	int wrote_hostname;
	int content_checks;			/* read data is checkable */
	struct fz_size sizes[FZ_NSIZES];
	int nsizes;
	struct fz_thread thr[FZ_MAXTHREADS];
};

extern int fz_verbose;

struct fz_run *fz_decode(const uint8_t *data, size_t size);
void fz_run_free(struct fz_run *run);
/* Run the operations of thread tid (op i belongs to i % nthreads). */
void fz_run_thread(struct fz_run *run, int tid);
/* The invariants after all threads are done (tests/fuzz/invariants.c). */
void fz_check_state(struct fz_run *run);
/* End the thread's current forked process, back to its parent. */
void fz_unfork(struct fz_run *run, int tid);
/* Put kernfs's hostname back if an input wrote it. */
void fz_reset_hostname(struct fz_run *run);

/* Shared by exec.c and invariants.c. */
int fz_is_kerndev(struct fz_run *run, uint64_t dev);
int fz_fdset_has(const struct fz_fdset *s, int fd);
/* The byte a write puts at offset off of file ino: never 0. */
uint8_t fz_pattern(uint64_t ino, uint64_t off, int positional);
/* Check data read from file (dev, ino) at offset off. */
void fz_check_data(struct fz_run *run, uint64_t dev, uint64_t ino,
		   uint64_t off, const uint8_t *buf, size_t n);

#endif /* FZ_OPS_H */
