// SPDX-License-Identifier: BSD-2-Clause
/*
 * The differential test's shared parts (vfsdiff.h): the generator, the
 * Linux side (libc in a directory of a Linux tmpfs), the guest side
 * (rump_sys_* in a directory of the guest), running and comparing.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>

#include "hyp/common/common.h"	/* rv_errno_to_netbsd: the hypervisor's table */
#include "vfsdiff.h"

#define TMPFS_MAGIC_NR	0x01021994

/* NetBSD errno numbers the comparison needs by name. */
#define N_EPERM		1
#define N_EEXIST	17
#define N_ENOTDIR	20
#define N_EISDIR	21
#define N_EINVAL	22
#define N_ENOTEMPTY	66

static const char *const op_names[] = {
	"open", "close", "write", "read", "pwrite", "pread", "lseek", "mkdir",
	"rmdir", "unlink", "rename", "symlink", "readlink", "stat", "lstat",
	"fstat", "list", "dup", "truncate", "ftruncate",
};

uint64_t (*vd_rnd)(void);
char vd_linux_base[256];
static int linux_dirfd = -1;
static char linux_dir[300];		/* the path of linux_dirfd */
static char guest_base[64];

static int pick(int n)
{
	return (int)(vd_rnd() % (uint64_t)n);
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n--)
		h = (h ^ *c++) * 0x100000001b3ull;
	return h;
}

static void fill(char *buf, size_t n, uint64_t seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		buf[i] = (char)(seed >> 56);
	}
}

/* ------------------------------------------------------------ generator */

/*
 * Names: a small set, so that operations collide often.  Paths have one
 * or two components, sometimes with "." or ".." in the middle (never
 * first: ".." of the test directory would leave it on Linux and the
 * guest alike, but to different places), never a trailing slash (where
 * NetBSD and Linux legitimately differ).
 */
static const char *const names[] = { "a", "b", "c", "d", "e" };

static int is_linux_dir(const char *p)
{
	struct stat st;

	return fstatat(linux_dirfd, p, &st, 0) == 0 && S_ISDIR(st.st_mode);
}

static void gen_path(char *p, size_t len)
{
	const char *n1 = names[pick(5)], *n2 = names[pick(5)];

	switch (pick(8)) {
	case 0: case 1: case 2:
		snprintf(p, len, "%s", n1);
		break;
	case 3: case 4:
		snprintf(p, len, "%s/%s", n1, n2);
		break;
	case 5:
		snprintf(p, len, "%s/%s/%s", n1, n2, names[pick(5)]);
		break;
	case 6:
		snprintf(p, len, "%s/./%s", n1, n2);
		break;
	default:
		snprintf(p, len, "%s/../%s", n1, n2);
		break;
	}
}

/*
 * Left out on purpose (POSIX leaves them open or the systems differ
 * legitimately): O_TRUNC with O_RDONLY, O_EXCL without O_CREAT,
 * O_DIRECTORY with O_CREAT, pwrite on O_APPEND descriptors (Linux
 * ignores the offset), lseek on directories, "." or ".." as the last
 * component of rename, symlink targets with "..", directory sizes.
 */
void vd_gen_op(struct op *o, const struct side *ref)
{
	static const int weights[OP_NKINDS] = {
		[OP_OPEN] = 14, [OP_CLOSE] = 6, [OP_WRITE] = 10, [OP_READ] = 8,
		[OP_PWRITE] = 6, [OP_PREAD] = 6, [OP_LSEEK] = 6, [OP_MKDIR] = 7,
		[OP_RMDIR] = 4, [OP_UNLINK] = 6, [OP_RENAME] = 7,
		[OP_SYMLINK] = 4, [OP_READLINK] = 3, [OP_STAT] = 4,
		[OP_LSTAT] = 3, [OP_FSTAT] = 3, [OP_LIST] = 4, [OP_DUP] = 2,
		[OP_TRUNCATE] = 3, [OP_FTRUNCATE] = 4,
	};
	int total = 0, r, k, acc;

	for (k = 0; k < OP_NKINDS; k++)
		total += weights[k];
	memset(o, 0, sizeof(*o));
	r = pick(total);
	for (k = 0, acc = 0; k < OP_NKINDS; k++) {
		acc += weights[k];
		if (r < acc)
			break;
	}
	o->kind = k;
	o->slot = pick(NSLOTS);
	o->dseed = vd_rnd();
	gen_path(o->p1, sizeof(o->p1));
	gen_path(o->p2, sizeof(o->p2));
	switch (o->kind) {
	case OP_OPEN: {
		int acc3 = pick(3), f = acc3;

		if (pick(2))
			f |= O_CREAT;
		if ((f & O_CREAT) && pick(3) == 0)
			f |= O_EXCL;
		if (acc3 != O_RDONLY && pick(4) == 0)
			f |= O_TRUNC;
		if (pick(4) == 0)
			f |= O_APPEND;
		if (!(f & O_CREAT) && pick(6) == 0)
			f |= O_DIRECTORY;
		/*
		 * O_CREAT on an existing directory: NetBSD opens it for
		 * reading, Linux (and POSIX since 2024) says EISDIR.
		 */
		if ((f & (O_CREAT | O_EXCL)) == O_CREAT && acc3 == O_RDONLY &&
		    is_linux_dir(o->p1))
			f &= ~O_CREAT;
		o->flags = f;
		break;
	}
	case OP_WRITE:
	case OP_READ:
		o->len = pick(4) ? pick(600) : pick(MAXIO);
		break;
	case OP_PWRITE:
		if (ref->fd[o->slot] >= 0 && ref->append[o->slot])
			o->kind = OP_WRITE;
		/* FALLTHROUGH */
	case OP_PREAD: {
		/*
		 * A negative offset only where it is the one error: which of
		 * EBADF, EISDIR and EINVAL wins is not fixed (Linux checks the
		 * offset first, NetBSD the descriptor).
		 */
		int acc = ref->acc[o->slot];
		int clean = ref->fd[o->slot] >= 0 && !ref->isdir[o->slot] &&
		    (o->kind == OP_PREAD ? acc != O_WRONLY : acc != O_RDONLY);

		o->len = pick(4) ? pick(600) : pick(MAXIO);
		o->off = pick(10) || !clean ? pick(MAXOFF) : -1 - pick(5);
		break;
	}
	case OP_LSEEK:
		if (ref->fd[o->slot] >= 0 && ref->isdir[o->slot]) {
			o->kind = OP_FSTAT;
			break;
		}
		o->whence = pick(3);
		o->off = o->whence == SEEK_SET ? pick(MAXOFF) - 10 :
		    pick(2000) - 1000;
		break;
	case OP_TRUNCATE:
	case OP_FTRUNCATE:
		/* Both check the length first: a negative one anywhere. */
		o->off = pick(3) == 0 ? 0 : pick(12) ? pick(MAXOFF) :
		    -1 - pick(5);
		break;
	case OP_SYMLINK:
		/* Targets: a name, a path, or nothing that exists. */
		switch (pick(3)) {
		case 0:
			snprintf(o->p2, sizeof(o->p2), "%s", names[pick(5)]);
			break;
		case 1:
			snprintf(o->p2, sizeof(o->p2), "%s/%s", names[pick(5)],
				 names[pick(5)]);
			break;
		default:
			snprintf(o->p2, sizeof(o->p2), "nowhere");
		}
		break;
	case OP_RENAME:
	case OP_LIST:
		if (o->kind == OP_LIST && pick(3) == 0)
			snprintf(o->p1, sizeof(o->p1), ".");
		break;
	default:
		break;
	}
}

void vd_op_text(const struct op *o, char *buf, size_t len)
{
	static const char *const wh[] = { "SET", "CUR", "END" };
	char fl[96] = "";

	switch (o->kind) {
	case OP_OPEN:
		snprintf(fl, sizeof(fl), "%s%s%s%s%s%s",
			 (const char *[]){ "RDONLY", "WRONLY", "RDWR" }
			 [o->flags & O_ACCMODE],
			 o->flags & O_CREAT ? "|CREAT" : "",
			 o->flags & O_EXCL ? "|EXCL" : "",
			 o->flags & O_TRUNC ? "|TRUNC" : "",
			 o->flags & O_APPEND ? "|APPEND" : "",
			 o->flags & O_DIRECTORY ? "|DIRECTORY" : "");
		snprintf(buf, len, "slot%d = open(\"%s\", %s)", o->slot, o->p1,
			 fl);
		break;
	case OP_CLOSE: case OP_FSTAT: case OP_DUP:
		snprintf(buf, len, "%s(slot%d)", op_names[o->kind], o->slot);
		break;
	case OP_WRITE: case OP_READ:
		snprintf(buf, len, "%s(slot%d, %d)", op_names[o->kind],
			 o->slot, o->len);
		break;
	case OP_PWRITE: case OP_PREAD:
		snprintf(buf, len, "%s(slot%d, %d, %ld)", op_names[o->kind],
			 o->slot, o->len, o->off);
		break;
	case OP_LSEEK:
		snprintf(buf, len, "lseek(slot%d, %ld, SEEK_%s)", o->slot,
			 o->off, wh[o->whence]);
		break;
	case OP_TRUNCATE:
		snprintf(buf, len, "truncate(\"%s\", %ld)", o->p1, o->off);
		break;
	case OP_FTRUNCATE:
		snprintf(buf, len, "ftruncate(slot%d, %ld)", o->slot, o->off);
		break;
	case OP_RENAME:
		snprintf(buf, len, "rename(\"%s\", \"%s\")", o->p1, o->p2);
		break;
	case OP_SYMLINK:
		snprintf(buf, len, "symlink(\"%s\", \"%s\")", o->p2, o->p1);
		break;
	default:
		snprintf(buf, len, "%s(\"%s\")", op_names[o->kind], o->p1);
	}
}

/* ------------------------------------------------------------ the two sides */


static int lx_err(void)
{
	return rv_errno_to_netbsd(errno);
}

static int lx_open(const char *p, int f, int m)
{
	return openat(linux_dirfd, p, f | O_CLOEXEC, m);
}

static int lx_close(int fd) { return close(fd); }
static long lx_read(int fd, void *b, size_t n) { return read(fd, b, n); }
static long lx_write(int fd, const void *b, size_t n) { return write(fd, b, n); }
static long lx_pread(int fd, void *b, size_t n, long o) { return pread(fd, b, n, o); }
static long lx_pwrite(int fd, const void *b, size_t n, long o) { return pwrite(fd, b, n, o); }
static long lx_lseek(int fd, long o, int w) { return lseek(fd, o, w); }
static int lx_mkdir(const char *p) { return mkdirat(linux_dirfd, p, 0755); }
static int lx_rmdir(const char *p) { return unlinkat(linux_dirfd, p, AT_REMOVEDIR); }
static int lx_unlink(const char *p) { return unlinkat(linux_dirfd, p, 0); }
static int lx_dup(int fd) { return fcntl(fd, F_DUPFD_CLOEXEC, 0); }
static int lx_ftruncate(int fd, long l) { return ftruncate(fd, l); }

/* Linux has no truncateat: the path under the directory's own. */
static int lx_truncate(const char *p, long l)
{
	char b[400];

	snprintf(b, sizeof(b), "%s/%s", linux_dir, p);
	return truncate(b, l);
}

static int lx_rename(const char *a, const char *b)
{
	return renameat(linux_dirfd, a, linux_dirfd, b);
}

static int lx_symlink(const char *t, const char *p)
{
	return symlinkat(t, linux_dirfd, p);
}

static long lx_readlink(const char *p, char *b, size_t n)
{
	return readlinkat(linux_dirfd, p, b, n);
}

static void lx_fields(const struct stat *st, unsigned *type, long *size,
		      unsigned *nlink)
{
	*type = st->st_mode & S_IFMT;
	*size = S_ISDIR(st->st_mode) ? 0 : st->st_size;
	*nlink = st->st_nlink;
}

static int lx_stat(const char *p, int follow, unsigned *type, long *size,
		   unsigned *nlink)
{
	struct stat st;

	if (fstatat(linux_dirfd, p, &st, follow ? 0 : AT_SYMLINK_NOFOLLOW))
		return -1;
	lx_fields(&st, type, size, nlink);
	return 0;
}

static int lx_fstat(int fd, unsigned *type, long *size, unsigned *nlink)
{
	struct stat st;

	if (fstat(fd, &st))
		return -1;
	lx_fields(&st, type, size, nlink);
	return 0;
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort the n NUL-separated names in buf in place. */
static void sort_names(char *buf, int n, size_t used)
{
	char *copy = malloc(used + 1), **v = malloc((n + 1) * sizeof(*v));
	char *p = copy;
	int i;

	memcpy(copy, buf, used);
	for (i = 0; i < n; i++) {
		v[i] = p;
		p += strlen(p) + 1;
	}
	qsort(v, n, sizeof(*v), cmpstr);
	for (i = 0, p = buf; i < n; i++) {
		strcpy(p, v[i]);
		p += strlen(p) + 1;
	}
	free(copy);
	free(v);
}

static int lx_list(const char *path, char *buf, size_t len)
{
	int fd = openat(linux_dirfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *e;
	size_t used = 0;
	int n = 0;
	DIR *d;

	if (fd < 0)
		return -1;
	d = fdopendir(fd);
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name) + 1;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (used + l > len)
			break;
		memcpy(buf + used, e->d_name, l);
		used += l;
		n++;
	}
	closedir(d);
	sort_names(buf, n, used);
	return n;
}

const struct ops vd_linux = {
	lx_open, lx_close, lx_read, lx_write, lx_pread, lx_pwrite, lx_lseek,
	lx_mkdir, lx_rmdir, lx_unlink, lx_rename, lx_symlink, lx_readlink,
	lx_stat, lx_fstat, lx_dup, lx_truncate, lx_ftruncate, lx_list, lx_err,
	"linux",
};

/* The guest: paths are made absolute under guest_base. */
static const char *gp(const char *p, char *buf)
{
	snprintf(buf, 200, "%s/%s", guest_base, p);
	return buf;
}

/* Host O_* to NetBSD RUMP_O_*. */
static int g_flags(int f)
{
	int r = f & O_ACCMODE;

	r |= f & O_CREAT ? RUMP_O_CREAT : 0;
	r |= f & O_EXCL ? RUMP_O_EXCL : 0;
	r |= f & O_TRUNC ? RUMP_O_TRUNC : 0;
	r |= f & O_APPEND ? RUMP_O_APPEND : 0;
	r |= f & O_DIRECTORY ? RUMP_O_DIRECTORY : 0;
	return r;
}

static int g_err(void) { return errno; }	/* already NetBSD's */

static int g_open(const char *p, int f, int m)
{
	char b[200];

	return rump_sys_open(gp(p, b), g_flags(f), m);
}

static int g_close(int fd) { return rump_sys_close(fd); }
static long g_read(int fd, void *b, size_t n) { return rump_sys_read(fd, b, n); }
static long g_write(int fd, const void *b, size_t n) { return rump_sys_write(fd, b, n); }
static long g_pread(int fd, void *b, size_t n, long o) { return rump_sys_pread(fd, b, n, o); }
static long g_pwrite(int fd, const void *b, size_t n, long o) { return rump_sys_pwrite(fd, b, n, o); }
static long g_lseek(int fd, long o, int w) { return rump_sys_lseek(fd, o, w); }
static int g_dup(int fd) { return rump_sys_dup(fd); }
static int g_ftruncate(int fd, long l) { return rump_sys_ftruncate(fd, l); }

static int g_truncate(const char *p, long l)
{
	char b[200];

	return rump_sys_truncate(gp(p, b), l);
}

static int g_mkdir(const char *p)
{
	char b[200];

	return rump_sys_mkdir(gp(p, b), 0755);
}

static int g_rmdir(const char *p)
{
	char b[200];

	return rump_sys_rmdir(gp(p, b));
}

static int g_unlink(const char *p)
{
	char b[200];

	return rump_sys_unlink(gp(p, b));
}

static int g_rename(const char *x, const char *y)
{
	char b1[200], b2[200];

	return rump_sys_rename(gp(x, b1), gp(y, b2));
}

static int g_symlink(const char *t, const char *p)
{
	char b[200];

	return rump_sys_symlink(t, gp(p, b));
}

static long g_readlink(const char *p, char *buf, size_t n)
{
	char b[200];

	return rump_sys_readlink(gp(p, b), buf, n);
}

static void g_fields(const struct rump_stat *st, unsigned *type, long *size,
		     unsigned *nlink)
{
	/* RUMP_S_IF* and Linux's S_IF* are the vd_same octal values. */
	*type = st->st_mode & RUMP_S_IFMT;
	*size = RUMP_S_ISDIR(st->st_mode) ? 0 : st->st_size;
	*nlink = st->st_nlink;
}

static int g_stat(const char *p, int follow, unsigned *type, long *size,
		  unsigned *nlink)
{
	struct rump_stat st;
	char b[200];
	int rv = follow ? rump_sys_stat(gp(p, b), &st) :
	    rump_sys_lstat(gp(p, b), &st);

	if (rv)
		return -1;
	g_fields(&st, type, size, nlink);
	return 0;
}

static int g_fstat(int fd, unsigned *type, long *size, unsigned *nlink)
{
	struct rump_stat st;

	if (rump_sys_fstat(fd, &st))
		return -1;
	g_fields(&st, type, size, nlink);
	return 0;
}

static int g_list(const char *path, char *buf, size_t len)
{
	char d[4096] __attribute__((aligned(8))), b[200];
	int fd = rump_sys_open(gp(path, b), RUMP_O_RDONLY | RUMP_O_DIRECTORY);
	size_t used = 0;
	int n = 0, e;
	long got, off;

	if (fd < 0)
		return -1;
	while ((got = rump_sys_getdents(fd, d, sizeof(d))) > 0) {
		for (off = 0; off < got;) {
			struct rump_dirent *de = (struct rump_dirent *)(d + off);
			size_t l = strlen(de->d_name) + 1;

			if (de->d_reclen == 0)
				break;
			off += de->d_reclen;
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			if (used + l > len)
				continue;
			memcpy(buf + used, de->d_name, l);
			used += l;
			n++;
		}
	}
	e = errno;
	rump_sys_close(fd);
	if (got < 0) {
		errno = e;
		return -1;
	}
	sort_names(buf, n, used);
	return n;
}

const struct ops vd_guest = {
	g_open, g_close, g_read, g_write, g_pread, g_pwrite, g_lseek,
	g_mkdir, g_rmdir, g_unlink, g_rename, g_symlink, g_readlink,
	g_stat, g_fstat, g_dup, g_truncate, g_ftruncate, g_list, g_err,
	"guest",
};

/* ------------------------------------------------------------ running */

/* An fd number that is surely not open on either side. */
#define BADFD 999

void vd_run_op(const struct ops *ops, struct side *s, const struct op *o,
		   struct res *r)
{
	static char buf[MAXIO + 16], names_buf[8192];
	int fd = s->fd[o->slot] >= 0 ? s->fd[o->slot] : BADFD;
	unsigned type = 0, nlink = 0;
	long size = 0;

	memset(r, 0, sizeof(*r));
	errno = 0;
	switch (o->kind) {
	case OP_OPEN:
		r->rv = ops->open(o->p1, o->flags, 0644);
		if (r->rv >= 0) {
			if (s->fd[o->slot] >= 0)
				ops->close(s->fd[o->slot]);
			s->fd[o->slot] = (int)r->rv;
			s->append[o->slot] = !!(o->flags & O_APPEND);
			s->acc[o->slot] = o->flags & O_ACCMODE;
			s->isdir[o->slot] = ops->fstat((int)r->rv, &type, &size,
						       &nlink) == 0 &&
			    type == S_IFDIR;
			r->rv = 0;	/* descriptor numbers may differ */
		}
		break;
	case OP_CLOSE:
		r->rv = ops->close(fd);
		s->fd[o->slot] = -1;
		break;
	case OP_DUP:
		r->rv = ops->dup(fd);
		if (r->rv >= 0) {
			int slot = (o->slot + 1) % NSLOTS;

			if (s->fd[slot] >= 0)
				ops->close(s->fd[slot]);
			s->fd[slot] = (int)r->rv;
			s->append[slot] = s->append[o->slot];
			s->isdir[slot] = s->isdir[o->slot];
			s->acc[slot] = s->acc[o->slot];
			r->rv = 0;
		}
		break;
	case OP_WRITE:
		fill(buf, o->len, o->dseed);
		r->rv = ops->write(fd, buf, o->len);
		break;
	case OP_PWRITE:
		fill(buf, o->len, o->dseed);
		r->rv = ops->pwrite(fd, buf, o->len, o->off);
		break;
	case OP_READ:
		r->rv = ops->read(fd, buf, o->len);
		if (r->rv > 0)
			r->digest = fnv(1, buf, r->rv);
		break;
	case OP_PREAD:
		r->rv = ops->pread(fd, buf, o->len, o->off);
		if (r->rv > 0)
			r->digest = fnv(1, buf, r->rv);
		break;
	case OP_LSEEK:
		r->rv = ops->lseek(fd, o->off, o->whence);
		break;
	case OP_TRUNCATE:
		r->rv = ops->truncate(o->p1, o->off);
		break;
	case OP_FTRUNCATE:
		r->rv = ops->ftruncate(fd, o->off);
		break;
	case OP_MKDIR:
		r->rv = ops->mkdir(o->p1);
		break;
	case OP_RMDIR:
		r->rv = ops->rmdir(o->p1);
		break;
	case OP_UNLINK:
		r->rv = ops->unlink(o->p1);
		break;
	case OP_RENAME:
		r->rv = ops->rename(o->p1, o->p2);
		break;
	case OP_SYMLINK:
		r->rv = ops->symlink(o->p2, o->p1);
		break;
	case OP_READLINK:
		r->rv = ops->readlink(o->p1, buf, 64);
		if (r->rv > 0) {
			r->digest = fnv(1, buf, r->rv);
			snprintf(r->info, sizeof(r->info), "\"%.*s\"",
				 (int)r->rv, buf);
		}
		break;
	case OP_STAT:
	case OP_LSTAT:
	case OP_FSTAT:
		r->rv = o->kind == OP_FSTAT ?
		    ops->fstat(fd, &type, &size, &nlink) :
		    ops->stat(o->p1, o->kind == OP_STAT, &type, &size, &nlink);
		if (r->rv == 0) {
			r->digest = fnv(fnv(fnv(1, &type, sizeof(type)), &size,
					    sizeof(size)), &nlink, sizeof(nlink));
			snprintf(r->info, sizeof(r->info), "type 0%o size %ld "
				 "nlink %u", type, size, nlink);
		}
		break;
	case OP_LIST: {
		int n = ops->list(o->p1, names_buf, sizeof(names_buf));
		size_t used = 0, l;
		int i;

		r->rv = n < 0 ? -1 : n;
		for (i = 0; i < n; i++) {
			l = strlen(names_buf + used) + 1;
			if (strlen(r->info) + l + 1 < sizeof(r->info)) {
				strcat(r->info, names_buf + used);
				strcat(r->info, " ");
			}
			used += l;
		}
		if (n >= 0)
			r->digest = fnv(1, names_buf, used);
		break;
	}
	default:
		break;
	}
	if (r->rv < 0) {
		r->err = ops->err();
		r->rv = -1;
	}
}

/*
 * rename(file, dir) where dir is also an ancestor of file: EISDIR and
 * ENOTEMPTY both apply and POSIX does not say which wins (Linux reports
 * ENOTEMPTY).  The Linux side's state tells whether both apply.
 */
static int rename_both_apply(const struct op *o)
{
	struct stat a, b;

	return fstatat(linux_dirfd, o->p1, &a, AT_SYMLINK_NOFOLLOW) == 0 &&
	    !S_ISDIR(a.st_mode) && fstatat(linux_dirfd, o->p2, &b, 0) == 0 &&
	    S_ISDIR(b.st_mode);
}

/*
 * rename(dir, file) where the file lies below dir: ENOTDIR (a directory
 * onto a non-directory) and EINVAL (into itself) both apply; POSIX does
 * not order them (Linux reports EINVAL, the guest ENOTDIR).  Resolved on
 * the Linux side: the target's parent directory is dir or below it.
 */
static int rename_into_own_file(const struct op *o)
{
	char src[600], dst[600], *from, *to;
	struct stat a, b;
	size_t n;
	int below;

	if (fstatat(linux_dirfd, o->p1, &a, AT_SYMLINK_NOFOLLOW) ||
	    !S_ISDIR(a.st_mode) || fstatat(linux_dirfd, o->p2, &b,
					   AT_SYMLINK_NOFOLLOW) ||
	    S_ISDIR(b.st_mode))
		return 0;
	/* The target's parent: its path up to the last slash. */
	n = strrchr(o->p2, '/') ? (size_t)(strrchr(o->p2, '/') - o->p2) : 0;
	snprintf(src, sizeof(src), "%s/%s", linux_dir, o->p1);
	snprintf(dst, sizeof(dst), "%s/%.*s", linux_dir, (int)n, o->p2);
	from = realpath(src, NULL);
	to = realpath(dst, NULL);
	n = from ? strlen(from) : 0;
	below = from && to && !strncmp(from, to, n) &&
	    (to[n] == '/' || to[n] == '\0');
	free(from);
	free(to);
	return below;
}

/* Errno pairs POSIX allows either of, as one class. */
static int err_class(const struct op *o, int e)
{
	if (o->kind == OP_RENAME && e == N_EISDIR && rename_both_apply(o))
		return N_ENOTEMPTY;
	if (o->kind == OP_RENAME && (e == N_EINVAL || e == N_ENOTDIR) &&
	    rename_into_own_file(o))
		return N_ENOTDIR;
	if ((o->kind == OP_RMDIR || o->kind == OP_RENAME) && e == N_EEXIST)
		return N_ENOTEMPTY;
	if (o->kind == OP_UNLINK && e == N_EISDIR)
		return N_EPERM;
	return e;
}

int vd_same(const struct op *o, const struct res *a, const struct res *b)
{
	if (a->rv != b->rv)
		return 0;
	if (a->rv < 0)
		return err_class(o, a->err) == err_class(o, b->err);
	return a->digest == b->digest;
}

void vd_describe(const struct res *r, char *buf, size_t len)
{
	if (r->rv < 0)
		snprintf(buf, len, "-1 errno %d", r->err);
	else
		snprintf(buf, len, "%ld%s%s", r->rv, r->info[0] ? " " : "",
			 r->info);
}

/* Reset the Linux directory and the guest directory for a seed. */
int vd_fresh_dirs(const char *name)
{
	char p[300];

	if (linux_dirfd >= 0)
		close(linux_dirfd);
	linux_dirfd = -1;
	snprintf(p, sizeof(p), "%s/%s", vd_linux_base, name);
	if (mkdir(p, 0755))
		return -1;
	snprintf(linux_dir, sizeof(linux_dir), "%s", p);
	linux_dirfd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	snprintf(guest_base, sizeof(guest_base), "/%s", name);
	if (rump_sys_mkdir(guest_base, 0755))
		return -1;
	return linux_dirfd < 0 ? -1 : 0;
}

void vd_side_init(struct side *s)
{
	int i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < NSLOTS; i++)
		s->fd[i] = -1;
}

void vd_close_all(const struct ops *ops, struct side *s)
{
	int i;

	for (i = 0; i < NSLOTS; i++)
		if (s->fd[i] >= 0)
			ops->close(s->fd[i]);
	vd_side_init(s);
}

int vd_linux_tmpfs(const char *tag)
{
	struct statfs sf;
	char tmpl[128], mtmpl[128];

	snprintf(tmpl, sizeof(tmpl), "/dev/shm/%s.XXXXXX", tag);
	snprintf(mtmpl, sizeof(mtmpl), "/tmp/%s.XXXXXX", tag);
	if (statfs("/dev/shm", &sf) == 0 && sf.f_type == TMPFS_MAGIC_NR &&
	    mkdtemp(tmpl)) {
		snprintf(vd_linux_base, sizeof(vd_linux_base), "%s", tmpl);
		return 0;
	}
	if (!mkdtemp(mtmpl))
		return -1;
	if (unshare(CLONE_NEWNS) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("tmpfs", mtmpl, "tmpfs", 0, "size=64m")) {
		rmdir(mtmpl);
		return -1;
	}
	snprintf(vd_linux_base, sizeof(vd_linux_base), "%s", mtmpl);
	return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* Remove path and everything below it (no symlink is followed). */
static int rm_tree(const char *path)
{
	return nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void vd_rm_linux_tree(const char *path)
{
	/* Only our own mkdtemp directory, never anything else. */
	if (strcmp(path, vd_linux_base))
		return;
	if (rm_tree(path))
		fprintf(stderr, "vfs-diff: could not remove %s: %s\n", path,
			strerror(errno));
}

int vd_drop_linux_dir(const char *name)
{
	char p[300];

	if (linux_dirfd >= 0)
		close(linux_dirfd);
	linux_dirfd = -1;
	snprintf(p, sizeof(p), "%s/%s", vd_linux_base, name);
	return rm_tree(p);
}
