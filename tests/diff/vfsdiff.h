/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The differential test's parts, shared by vfs-diff (seeded random
 * sequences, tests/diff/diff.c) and the differential fuzz target
 * (tests/fuzz/fuzz_diff.c, sequences decoded from libFuzzer's input):
 * the operation generator, the two sides (Linux's tmpfs through libc,
 * the guest through rump_sys_*), running one operation on a side and
 * comparing two results where POSIX fixes them.
 */
#ifndef VFSDIFF_H
#define VFSDIFF_H

#include <stddef.h>
#include <stdint.h>

#define NSLOTS		6
#define MAXIO		9000
#define MAXOFF		24000

enum op_kind {
	OP_OPEN, OP_CLOSE, OP_WRITE, OP_READ, OP_PWRITE, OP_PREAD, OP_LSEEK,
	OP_MKDIR, OP_RMDIR, OP_UNLINK, OP_RENAME, OP_SYMLINK, OP_READLINK,
	OP_STAT, OP_LSTAT, OP_FSTAT, OP_LIST, OP_DUP, OP_TRUNCATE, OP_FTRUNCATE,
	OP_NKINDS
};

struct op {
	enum op_kind kind;
	char p1[64], p2[64];
	int slot, flags, whence, len;
	long off;
	uint64_t dseed;
};

/* What one side saw: the value, the errno class and a digest of data. */
struct res {
	long rv;
	int err;		/* NetBSD numbering, 0 on success */
	uint64_t digest;	/* read data, stat fields, listing */
	char info[160];
};

/* A side's descriptor slots. */
struct side {
	int fd[NSLOTS];		/* -1: empty */
	int append[NSLOTS], isdir[NSLOTS], acc[NSLOTS];
};

/* One side's file operations, paths relative to its test directory. */
struct ops {
	int (*open)(const char *, int, int);
	int (*close)(int);
	long (*read)(int, void *, size_t);
	long (*write)(int, const void *, size_t);
	long (*pread)(int, void *, size_t, long);
	long (*pwrite)(int, const void *, size_t, long);
	long (*lseek)(int, long, int);
	int (*mkdir)(const char *);
	int (*rmdir)(const char *);
	int (*unlink)(const char *);
	int (*rename)(const char *, const char *);
	int (*symlink)(const char *, const char *);
	long (*readlink)(const char *, char *, size_t);
	/* type bits, size (regular files and links), nlink: -errno if failed */
	int (*stat)(const char *, int follow, unsigned *type, long *size,
		    unsigned *nlink);
	int (*fstat)(int, unsigned *type, long *size, unsigned *nlink);
	int (*dup)(int);
	int (*truncate)(const char *, long);
	int (*ftruncate)(int, long);
	/* sorted, NUL-separated names (without . and ..); count or -errno */
	int (*list)(const char *, char *buf, size_t len);
	int (*err)(void);	/* the last error, NetBSD numbering */
	const char *name;
};

extern const struct ops vd_linux, vd_guest;

/*
 * The generator's source of choices: every decision is vd_rnd() modulo
 * the number of choices (a seeded generator for vfs-diff, the fuzzer's
 * input bytes for the fuzz target).
 */
extern uint64_t (*vd_rnd)(void);

/* The next operation; ref (the Linux side) steers it away from what
 * POSIX leaves open. */
void vd_gen_op(struct op *o, const struct side *ref);
void vd_op_text(const struct op *o, char *buf, size_t len);
void vd_run_op(const struct ops *ops, struct side *s, const struct op *o,
	       struct res *r);
/* Do two results agree where POSIX fixes them? */
int vd_same(const struct op *o, const struct res *a, const struct res *b);
void vd_describe(const struct res *r, char *buf, size_t len);

/* All slots empty. */
void vd_side_init(struct side *s);
void vd_close_all(const struct ops *ops, struct side *s);

/*
 * A private directory on a Linux tmpfs (vd_linux_base), named
 * <tag>.XXXXXX: in /dev/shm when it is a tmpfs, else a tmpfs mounted
 * on /tmp/<tag>.XXXXXX in a private mount namespace (root only).  0, or
 * -1 with errno.  vd_rm_linux_tree(vd_linux_base) removes it.
 */
extern char vd_linux_base[256];
int vd_linux_tmpfs(const char *tag);
void vd_rm_linux_tree(const char *path);

/*
 * Make name the test directory of both sides: vd_linux_base/name and
 * /name in the guest (made here; both must not exist).  0 or -1.
 * vd_drop_linux_dir removes the Linux one and everything in it.
 */
int vd_fresh_dirs(const char *name);
int vd_drop_linux_dir(const char *name);

#endif /* VFSDIFF_H */
