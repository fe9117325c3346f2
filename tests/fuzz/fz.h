/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The fuzz targets' shared harness (tests/fuzz/guest.c): one guest per
 * process, its memory and process counters from kernfs, directory
 * listings checked record by record, and the cleanup that brings the
 * guest's name space back to what it was at boot after every input.
 *
 * The guest's tree while fuzzing:
 *   /fuzz-kern   kernfs, the harness's own (counters); inputs cannot
 *                name it (its name is not in their name table)
 *   /fuzz-work   made afresh for each input, the input's working
 *                directory; the input may reach the rest of "/" with
 *                ".." and absolute paths, and the cleanup removes all of
 *                it but /fuzz-kern
 */
#ifndef FZ_H
#define FZ_H

#include <stdint.h>
#include <sys/types.h>

#define FZ_KERN		"/fuzz-kern"
#define FZ_WORK		"/fuzz-work"

/* NetBSD errno numbers the harness checks by name. */
#define FZ_EPERM	1
#define FZ_ENOENT	2
#define FZ_EBADF	9
#define FZ_EFAULT	14
#define FZ_EBUSY	16
#define FZ_EEXIST	17
#define FZ_ENOTDIR	20
#define FZ_EISDIR	21
#define FZ_EINVAL	22
#define FZ_EROFS	30
#define FZ_ENAMETOOLONG	63
#define FZ_ELAST	96	/* NetBSD's highest errno */

/* Report a broken invariant and abort (a crash for libFuzzer). */
void fz_fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));
/* Run fn (host cleanup) before fz_fail aborts. */
void fz_on_fail(void (*fn)(void));

/* st_dev of FZ_KERN (set by fz_boot). */
extern uint64_t fz_kern_dev;

/* Boot the guest once, mount the harness's kernfs, make the cache of
 * implicit lwps reach its working level (see guest.c). */
void fz_boot(void);

struct fz_counters {
	uint64_t inuse;		/* kernfs meminfo: bytes allocated */
	uint64_t allocs;	/* kernfs meminfo: allocations */
	int nproc;		/* processes listed in kernfs proc */
};
void fz_counters(struct fz_counters *c);
/* The FILES column of kernfs proc for pid, -1 when it is not listed. */
int fz_proc_files(pid_t pid);
/* Read a whole small file of the guest into buf (NUL-terminated);
 * the length, or -1 with errno. */
long fz_slurp(const char *path, char *buf, size_t len);

/* One directory entry as getdents gave it. */
struct fz_dirent {
	uint64_t ino;
	uint8_t type;
	char *name;
};
/*
 * Every entry of the open directory fd, read with getdents in buffers
 * of bufsize bytes; each record is checked (length, alignment, name
 * length and terminator) and no name may come twice.  Returns the
 * number of entries (*ents malloc'ed, free with fz_dirents_free), or
 * -1 with the guest's errno.
 */
long fz_listdir(int fd, size_t bufsize, struct fz_dirent **ents);
void fz_dirents_free(struct fz_dirent *ents, long n);
/* Check the records of one getdents result of n bytes. */
void fz_check_dirents(const char *buf, long n);

/*
 * Remove everything below "/" except FZ_KERN: file systems mounted
 * anywhere are unmounted, every name removed.  Runs as the calling
 * thread's current process; any failure is a broken invariant (nothing
 * the inputs leave behind may pin a vnode or a mount once their
 * processes have ended).
 */
void fz_clean_root(void);

/* The guest's errno after a failed call, checked to be a NetBSD one. */
int fz_errno(void);

#endif /* FZ_H */
