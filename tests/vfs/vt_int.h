/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Internals of the VFS suite: TAP helpers and the NetBSD constants a
 * client sees, written out again (tests/client/check-errno checks that
 * the errno numbers agree with <rump/rumperr.h>).
 */
#ifndef VT_VT_INT_H
#define VT_VT_INT_H

/*
 * The suite includes no host header, in userspace or in the kernel: the
 * client API's types come from the freestanding library (the compiler's
 * definitions, NetBSD's names and widths).
 */
#include "../../lib/freestanding/fl_types.h"
#define RUMPUSER_TYPES_DEFINED 1

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>

#include "vt.h"

/* NetBSD errno numbers. */
#define VT_EPERM	1
#define VT_ENOENT	2
#define VT_EIO		5
#define VT_EBADF	9
#define VT_ENOMEM	12
#define VT_EACCES	13
#define VT_EFAULT	14
#define VT_EBUSY	16
#define VT_EEXIST	17
#define VT_EXDEV	18
#define VT_ENODEV	19
#define VT_ENOTDIR	20
#define VT_EISDIR	21
#define VT_EINVAL	22
#define VT_EMFILE	24
#define VT_EFBIG	27
#define VT_ENOSPC	28
#define VT_ESPIPE	29
#define VT_EROFS	30
#define VT_ERANGE	34
#define VT_EOPNOTSUPP	45
#define VT_ELOOP	62
#define VT_ENAMETOOLONG	63
#define VT_ENOTEMPTY	66
#define VT_ENOSYS	78

/* File types in st_mode (octal, as everywhere) and in d_type. */
#define VT_S_IFMT	0170000
#define VT_S_IFDIR	0040000
#define VT_S_IFREG	0100000
#define VT_S_IFLNK	0120000
#define VT_DT_DIR	4
#define VT_DT_REG	8
#define VT_DT_LNK	10

#define VT_SEEK_SET	0
#define VT_SEEK_CUR	1
#define VT_SEEK_END	2

/* NetBSD's PATH_MAX and NAME_MAX. */
#define VT_PATH_MAX	1024
#define VT_NAME_MAX	511

#define VT_GETDENTS_BUF	1024

typedef size_t vt_size_t;
typedef uint64_t vt_u64;
typedef uint32_t vt_u32;
typedef uint8_t vt_u8;

extern const struct vt_host *vt_host;

/* Output: a formatted comment/diagnostic line, and TAP test points. */
void vt_out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vt_ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vt_skip(const char *reason, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int vt_failed(void);
int vt_count(void);
void vt_plan(void);
const char *vt_errname(int e);

/* The client errno of the calling thread (after a failed call). */
int vt_errno(void);

/*
 * Expectations on a system call's result.  The stringified call is the
 * test's name, so a failure names the call, what was expected and what
 * came back.
 */
int vt_expect_ok(long rv, const char *what);
int vt_expect_val(long rv, long want, const char *what);
int vt_expect_err(long rv, int err, const char *what);
#define VT_OK(call)		vt_expect_ok((long)(call), #call)
#define VT_VAL(call, want)	vt_expect_val((long)(call), (long)(want), #call)
#define VT_ERR(call, err)	vt_expect_err((long)(call), err, #call)

/*
 * Freestanding helpers (the suite may not use libc): the shared library
 * (lib/freestanding/fl.h) with the suite's prefix, vt_snprintf,
 * vt_vsnprintf, vt_strlen, vt_memcpy, ... (tests/vfs/lib.c compiles it).
 */
#define FL_PREFIX vt_
#include "../../lib/freestanding/fl.h"
/* A deterministic byte pattern: byte at offset off of stream seed. */
vt_u8 vt_pat(vt_u64 seed, vt_u64 off);
void vt_fill(void *buf, vt_size_t len, vt_u64 seed, vt_u64 off);
/* First offset in buf that differs from the pattern, or -1. */
long vt_check(const void *buf, vt_size_t len, vt_u64 seed, vt_u64 off);

/* File helpers: 0 on success, else the NetBSD errno (or -1 short I/O). */
int vt_mkfile(const char *path, const char *data, vt_size_t len);
/* Read the whole small file into buf (NUL-terminated); length or -errno. */
long vt_slurp(const char *path, char *buf, vt_size_t len);
/* File type bits of path (lstat), or 0 when it does not exist. */
unsigned vt_ftype(const char *path);
/* Remove a tree below path (depth first), best effort. */
void vt_rmtree(const char *path);
/*
 * Call fn(name, d_type, arg) for each entry of directory path except
 * "." and "..".  Returns the number of entries or -errno.
 */
long vt_listdir(const char *path,
		void (*fn)(const char *name, int type, void *arg), void *arg);

/* The test groups, in run order. */
void vt_t_basic(void);
void vt_t_descrip(void);
void vt_t_dir(void);
void vt_t_link(void);
void vt_t_mount(void);
void vt_t_kernfs(void);
void vt_t_large(void);
void vt_t_many(void);
void vt_t_threads(void);
void vt_t_tree(void);
void vt_t_regress(void);

#endif /* VT_VT_INT_H */
