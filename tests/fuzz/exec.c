// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuzz-vfs: running the decoded operations, each result checked as it
 * comes.  Always: errno is a NetBSD number, counts stay within what was
 * asked, bad pointers give EFAULT, over-long names ENAMETOOLONG, lengths
 * past SSIZE_MAX and negative offsets fail, descriptors are in range,
 * returned records are well formed, read data is only what writes put
 * there (or zeros).  Single-thread inputs also keep a model of the
 * process's descriptors (POSIX: the lowest free one is handed out;
 * EBADF exactly for what is not open or not open for that access) and of
 * every file's size, and writes carry data that depends on the file and
 * the offset, so misplaced bytes show.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>

#include "fz.h"
#include "ops.h"
#include "model.h"

int fz_verbose;

static const char *const kind_names[FZ_NOPS] = {
	"open", "close", "read", "write", "pread", "pwrite", "lseek", "mkdir",
	"rmdir", "unlink", "rename", "symlink", "readlink", "stat", "lstat",
	"fstat", "getdents", "chdir", "getcwd", "dup", "dup2", "fsync",
	"mount", "unmount", "kopen", "rfork", "unfork", "getpid", "truncate",
	"ftruncate",
};

/* Files of the harness's kernfs that inputs may open (by descriptor). */
static const char *const kern_files[] = {
	FZ_KERN "/version", FZ_KERN "/hostname", FZ_KERN "/time",
	FZ_KERN "/boottime", FZ_KERN "/ncpu", FZ_KERN "/meminfo",
	FZ_KERN "/msgbuf", FZ_KERN "/proc", FZ_KERN, FZ_KERN "/nothere",
};

struct ctx {
	struct fz_run *run;
	int tid;
	int single;			/* the only thread: the models hold */
	const struct fz_op *o;
};

static struct fz_fdset *model(struct ctx *c)
{
	struct fz_thread *t = &c->run->thr[c->tid];

	return c->single ? t->model[t->depth] : NULL;
}

static const char *pstr(const struct fz_ptr *p)
{
	if (p->bad)
		return p->p ? "<bad pointer>" : "<NULL>";
	if (p->nonul)
		return "<1024 bytes, no NUL>";
	return p->p ? p->p : "";
}

static const char *errtext(int e)
{
	static __thread char buf[24];

	snprintf(buf, sizeof(buf), " errno %d", e);
	return buf;
}

/* The result of a call: its errno checked, the call traced. */
static int result(struct ctx *c, long rv)
{
	int e = rv == -1 ? fz_errno() : 0;

	if (rv < -1)
		fz_fail("%s returned %ld", kind_names[c->o->kind], rv);
	if (fz_verbose)
		fprintf(stderr, "[%d] %-8s %.60s%s%.60s fd %d/%d len %llu "
			"off %lld flags %#x -> %ld%s\n", c->tid,
			kind_names[c->o->kind], pstr(&c->o->path),
			c->o->path2.p || c->o->path2.bad ? " , " : "",
			c->o->path2.p || c->o->path2.bad ? pstr(&c->o->path2) :
			"", c->o->fd, c->o->fd2,
			(unsigned long long)c->o->len, (long long)c->o->off,
			c->o->flags, rv, e ? errtext(e) : "");
	return e;
}

/* The error a path argument must give on its own (0: none). */
static int path_error(const struct fz_ptr *p)
{
	if (p->bad)
		return FZ_EFAULT;
	if (p->nonul || p->size > RUMP_MAXPATHLEN)
		return FZ_ENAMETOOLONG;
	if (p->size == 1 && p->p[0] == '\0')
		return FZ_ENOENT;
	return 0;
}

/* What the guest must say to a path argument it copies first. */
static void path_expect(struct ctx *c, const struct fz_ptr *p, long rv,
			int e)
{
	int want = path_error(p);

	if (want && (rv != -1 || e != want))
		fz_fail("%s(%s): %ld errno %d, want errno %d",
			kind_names[c->o->kind], pstr(p), rv, e, want);
}

static int fd_of(struct fz_run *run, uint8_t b)
{
	static const int hostile[16] = {
		-1, INT_MIN, INT_MAX, 65535, 65536, 1 << 20, 0, 1, 2, 3, 31,
		32, 33, 63, 64, 1000,
	};

	if (b < 0xe0)
		return __atomic_load_n(&run->slots[b % FZ_NSLOTS],
				       __ATOMIC_RELAXED);
	return hostile[b & 15];
}

/* A descriptor the guest handed out (open, dup, dup2, kopen). */
static void got_fd(struct ctx *c, int fd, int fflags, int lowest)
{
	struct fz_fdset *m = model(c);

	if (fd < 0 || fd >= FZ_FDMAX)
		fz_fail("%s returned descriptor %d", kind_names[c->o->kind],
			fd);
	__atomic_fetch_or(&c->run->seen[fd / 64], 1ull << (fd % 64),
			  __ATOMIC_RELAXED);
	__atomic_store_n(&c->run->slots[c->o->slot % FZ_NSLOTS], fd,
			 __ATOMIC_RELAXED);
	if (!m)
		return;
	if (lowest) {
		int want = fz_fdset_lowest(m);

		if (fd != want)
			fz_fail("%s returned descriptor %d, the lowest free "
				"one is %d", kind_names[c->o->kind], fd, want);
	} else if (fz_fdset_has(m, fd)) {
		fz_fail("%s returned descriptor %d, which is open",
			kind_names[c->o->kind], fd);
	}
	fz_fdset_set(m, fd, fflags);
}

/* In single-thread inputs: must this descriptor access fail EBADF? */
static int model_ebadf(struct ctx *c, int fd, int need)
{
	struct fz_fdset *m = model(c);

	if (!m)
		return -1;	/* unknown */
	if (!fz_fdset_has(m, fd))
		return 1;
	return (fz_fdset_flags(m, fd) & need) != need;
}

static void expect_ebadf(struct ctx *c, int fd, int need, long rv, int e)
{
	int want = model_ebadf(c, fd, need);

	if (want == 1 && (rv != -1 || e != FZ_EBADF))
		fz_fail("%s(fd %d): %ld errno %d, but the descriptor is not "
			"open for it", kind_names[c->o->kind], fd, rv, e);
	if (want == 0 && rv == -1 && e == FZ_EBADF)
		fz_fail("%s(fd %d): EBADF, but the descriptor is open for it",
			kind_names[c->o->kind], fd);
}

/* ------------------------------------------------------------ opening */

static void do_open(struct ctx *c, const char *path, const struct fz_ptr *p)
{
	const struct fz_op *o = c->o;
	int acc = o->flags & RUMP_O_ACCMODE, fd, e;
	int fflags = (int)(((unsigned)o->flags + 1) & 3) |
	    ((o->flags & RUMP_O_APPEND) ? FZ_FAPPEND : 0);
	struct rump_stat st;

	fd = rump_sys_open(path, o->flags, o->mode);
	e = result(c, fd);
	if (acc == RUMP_O_ACCMODE) {
		if (fd != -1 || e != FZ_EINVAL)
			fz_fail("open with access mode 3: %d errno %d", fd, e);
		return;
	}
	if (p)
		path_expect(c, p, fd, e);
	if (fd < 0)
		return;
	got_fd(c, fd, fflags, 1);
	/* Another thread may close or replace the descriptor by now. */
	if (!c->single)
		return;
	if (rump_sys_fstat(fd, &st))
		fz_fail("fstat of a descriptor open just now: errno %d",
			errno);
	if (RUMP_S_ISLNK(st.st_mode))
		fz_fail("open(%s) opened a symbolic link", path);
	if ((o->flags & RUMP_O_DIRECTORY) && !RUMP_S_ISDIR(st.st_mode))
		fz_fail("open(%s, O_DIRECTORY) opened a non-directory", path);
	if (acc != RUMP_O_RDONLY && RUMP_S_ISDIR(st.st_mode))
		fz_fail("open(%s) opened a directory for writing", path);
	if ((o->flags & (RUMP_O_CREAT | RUMP_O_EXCL)) ==
	    (RUMP_O_CREAT | RUMP_O_EXCL) && (!RUMP_S_ISREG(st.st_mode) ||
	    st.st_size != 0 || st.st_nlink != 1))
		fz_fail("open(%s, O_CREAT|O_EXCL) found an old file", path);
	if ((o->flags & RUMP_O_TRUNC) && acc != RUMP_O_RDONLY &&
	    RUMP_S_ISREG(st.st_mode) && st.st_size != 0 &&
	    !fz_is_kerndev(c->run, st.st_dev))
		fz_fail("open(%s, O_TRUNC) left %lld bytes", path,
			(long long)st.st_size);
	if (RUMP_S_ISREG(st.st_mode) && !fz_is_kerndev(c->run, st.st_dev))
		fz_size_opened(c->run, st.st_dev, st.st_ino, st.st_size,
			       (o->flags & RUMP_O_TRUNC) &&
			       acc != RUMP_O_RDONLY);
}

static void op_open(struct ctx *c)
{
	do_open(c, c->o->path.p, &c->o->path);
}

static void op_kopen(struct ctx *c)
{
	const char *f = kern_files[c->o->fd % (sizeof(kern_files) /
					       sizeof(kern_files[0]))];

	if ((c->o->flags & RUMP_O_ACCMODE) != RUMP_O_RDONLY &&
	    !strcmp(f, FZ_KERN "/hostname"))
		c->run->wrote_hostname = 1;
	do_open(c, f, NULL);
}

static void op_close(struct ctx *c)
{
	int fd = fd_of(c->run, c->o->fd), rv, e;
	struct fz_fdset *m = model(c);

	rv = rump_sys_close(fd);
	e = result(c, rv);
	expect_ebadf(c, fd, 0, rv, e);
	if (rv == 0 && m)
		fz_fdset_clear(m, fd);
}

static void op_dup(struct ctx *c)
{
	int fd = fd_of(c->run, c->o->fd), rv, e;
	struct fz_fdset *m = model(c);
	int fl = m && fz_fdset_has(m, fd) ? fz_fdset_flags(m, fd) : 0;

	if (c->o->kind == FZ_DUP) {
		rv = rump_sys_dup(fd);
		e = result(c, rv);
		expect_ebadf(c, fd, 0, rv, e);
		if (rv >= 0)
			got_fd(c, rv, fl, 1);
		return;
	}
	{
		int to = fd_of(c->run, c->o->fd2);

		rv = rump_sys_dup2(fd, to);
		e = result(c, rv);
		if (to < 0 || to >= FZ_FDMAX) {
			if (rv != -1 || e != FZ_EBADF)
				fz_fail("dup2(%d, %d): %ld errno %d, want "
					"EBADF", fd, to, (long)rv, e);
			return;
		}
		expect_ebadf(c, fd, 0, rv, e);
		if (rv >= 0 && rv != to)
			fz_fail("dup2(%d, %d) returned %d", fd, to, rv);
		if (rv >= 0 && to >= FZ_FDMAX)
			fz_fail("dup2 to %d beyond the table", to);
		if (rv >= 0 && m)
			fz_fdset_clear(m, to);
		if (rv >= 0)
			got_fd(c, rv, fl, 0);
	}
}

/* ------------------------------------------------------------ data */

/* Length and buffer of a data call: bad pointer, too long, or real. */
static char *data_buf(const struct fz_op *o, size_t *bufsize)
{
	static char *const bad[] = { NULL, (char *)1, (char *)4095 };

	if (o->bufkind) {
		*bufsize = 0;
		return bad[o->len % 3];
	}
	*bufsize = o->len > 65536 ? 64 : (size_t)o->len;
	return malloc(*bufsize ? *bufsize : 1);
}

/*
 * Before a write: the file and offset its bytes will land at (single
 * thread; -1 when unknown) so that the data can carry the pattern.
 */
static int64_t write_target(struct ctx *c, int fd, struct rump_stat *st)
{
	struct fz_fdset *m = model(c);

	if (!m || rump_sys_fstat(fd, st) || !RUMP_S_ISREG(st->st_mode) ||
	    fz_is_kerndev(c->run, st->st_dev))
		return -1;
	/* O_APPEND: every write goes to the end, pwrite's too (NetBSD's
	 * IO_APPEND, as Linux). */
	if (fz_fdset_flags(m, fd) & FZ_FAPPEND)
		return st->st_size;
	if (c->o->kind == FZ_PWRITE)
		return c->o->off;
	return rump_sys_lseek(fd, 0, RUMP_SEEK_CUR);
}

static void fill_pattern(struct ctx *c, char *buf, size_t n, uint64_t ino,
			 int64_t off)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = (char)(off >= 0 ? fz_pattern(ino, (uint64_t)off + i, 1) :
				fz_pattern(0, 0, 0));
	(void)c;
}

static void check_count(struct ctx *c, long rv, size_t bufsize)
{
	const struct fz_op *o = c->o;

	if (rv > 0 && (uint64_t)rv > o->len)
		fz_fail("%s of %llu bytes returned %ld",
			kind_names[o->kind], (unsigned long long)o->len, rv);
	if (o->len > (uint64_t)SSIZE_MAX && rv != -1)
		fz_fail("%s of %llu bytes (more than SSIZE_MAX) returned %ld",
			kind_names[o->kind], (unsigned long long)o->len, rv);
	if (o->bufkind && rv > 0)
		fz_fail("%s through a bad pointer moved %ld bytes",
			kind_names[o->kind], rv);
	if (!o->bufkind && rv > 0 && (size_t)rv > bufsize)
		fz_fail("%s moved %ld bytes, the buffer has %zu",
			kind_names[o->kind], rv, bufsize);
}

static void op_write(struct ctx *c)
{
	const struct fz_op *o = c->o;
	int fd = fd_of(c->run, o->fd), e;
	struct rump_stat st;
	size_t bufsize;
	char *buf = data_buf(o, &bufsize);
	int64_t at = o->bufkind ? -1 : write_target(c, fd, &st);
	long rv;

	if (!o->bufkind)
		fill_pattern(c, buf, bufsize, at >= 0 ? st.st_ino : 0, at);
	if (o->kind == FZ_PWRITE)
		rv = rump_sys_pwrite(fd, buf, o->len, o->off);
	else
		rv = rump_sys_write(fd, buf, o->len);
	e = result(c, rv);
	check_count(c, rv, bufsize);
	if (o->kind == FZ_PWRITE && o->off < 0 && rv != -1)
		fz_fail("pwrite at offset %lld returned %ld",
			(long long)o->off, rv);
	if (o->len <= (uint64_t)SSIZE_MAX && !o->bufkind)
		expect_ebadf(c, fd, FZ_FWRITE, rv, e);
	if (at >= 0 && rv > 0)
		fz_size_wrote(c->run, st.st_dev, st.st_ino, at + rv);
	if (!o->bufkind)
		free(buf);
}

/* Before a read: the file and offset (single thread; -1 unknown). */
static int64_t read_source(struct ctx *c, int fd, struct rump_stat *st)
{
	if (rump_sys_fstat(fd, st) || !RUMP_S_ISREG(st->st_mode) ||
	    fz_is_kerndev(c->run, st->st_dev))
		return -1;
	if (c->o->kind == FZ_PREAD)
		return c->o->off;
	return c->single ? rump_sys_lseek(fd, 0, RUMP_SEEK_CUR) : 0;
}

static void op_read(struct ctx *c)
{
	const struct fz_op *o = c->o;
	int fd = fd_of(c->run, o->fd), e;
	struct rump_stat st;
	size_t bufsize;
	char *buf = data_buf(o, &bufsize);
	int64_t at = o->bufkind ? -1 : read_source(c, fd, &st);
	long rv;

	if (o->kind == FZ_PREAD)
		rv = rump_sys_pread(fd, buf, o->len, o->off);
	else
		rv = rump_sys_read(fd, buf, o->len);
	e = result(c, rv);
	check_count(c, rv, bufsize);
	if (o->kind == FZ_PREAD && o->off < 0 && rv != -1)
		fz_fail("pread at offset %lld returned %ld", (long long)o->off,
			rv);
	if (o->len <= (uint64_t)SSIZE_MAX && !o->bufkind)
		expect_ebadf(c, fd, FZ_FREAD, rv, e);
	if (at >= 0 && rv > 0 && c->run->content_checks)
		fz_check_data(c->run, st.st_dev, st.st_ino, (uint64_t)at,
			      (const uint8_t *)buf, (size_t)rv);
	if (!o->bufkind)
		free(buf);
}

static void op_lseek(struct ctx *c)
{
	const struct fz_op *o = c->o;
	int fd = fd_of(c->run, o->fd);
	long rv = rump_sys_lseek(fd, o->off, o->whence);
	int e = result(c, rv);
	struct fz_fdset *m = model(c);

	expect_ebadf(c, fd, 0, rv, e);
	if (rv >= 0 && o->whence == RUMP_SEEK_SET && rv != o->off)
		fz_fail("lseek(%d, %lld, SEEK_SET) returned %ld", fd,
			(long long)o->off, rv);
	if (m && fz_fdset_has(m, fd) && o->whence == RUMP_SEEK_SET &&
	    o->off >= 0 && rv != o->off) {
		struct rump_stat st;

		/* Directories may refuse to seek; files never. */
		if (rump_sys_fstat(fd, &st) == 0 && RUMP_S_ISREG(st.st_mode))
			fz_fail("lseek(%d, %lld, SEEK_SET) on a file: %ld "
				"errno %d", fd, (long long)o->off, rv, e);
	}
}

static void op_fsync(struct ctx *c)
{
	int fd = fd_of(c->run, c->o->fd);
	long rv = rump_sys_fsync(fd);

	expect_ebadf(c, fd, 0, rv, result(c, rv));
}

/*
 * truncate and ftruncate: a negative length is EINVAL before anything
 * else; ftruncate of a descriptor open but not for writing is EINVAL,
 * EBADF only when it is not open at all.  What succeeds on a tmpfs file
 * is the model's new size.
 */
static void op_truncate(struct ctx *c)
{
	const struct fz_op *o = c->o;
	int fd = fd_of(c->run, o->fd), e, ffl;
	struct fz_fdset *m = model(c);
	struct rump_stat st;
	long rv;

	if (o->kind == FZ_TRUNCATE)
		rv = rump_sys_truncate(o->path.p, o->off);
	else
		rv = rump_sys_ftruncate(fd, o->off);
	e = result(c, rv);
	if (o->off < 0 && (rv != -1 || e != FZ_EINVAL))
		fz_fail("%s to %lld: %ld errno %d, not EINVAL",
			kind_names[o->kind], (long long)o->off, rv, e);
	if (o->kind == FZ_FTRUNCATE && o->off >= 0) {
		expect_ebadf(c, fd, 0, rv, e);
		ffl = m && fz_fdset_has(m, fd) ? fz_fdset_flags(m, fd) : -1;
		if (ffl >= 0 && !(ffl & FZ_FWRITE) && rv != -1)
			fz_fail("ftruncate(fd %d) not open for writing: %ld",
				fd, rv);
	}
	if (rv != 0 || !c->single)
		return;
	if (o->kind == FZ_TRUNCATE ? rump_sys_stat(o->path.p, &st) :
	    rump_sys_fstat(fd, &st))
		return;		/* renamed or gone by another name */
	if (RUMP_S_ISREG(st.st_mode) && !fz_is_kerndev(c->run, st.st_dev))
		fz_size_truncated(c->run, st.st_dev, st.st_ino, o->off);
}

/* ------------------------------------------------------------ names */

static void op_path1(struct ctx *c)
{
	const struct fz_op *o = c->o;
	long rv;

	switch (o->kind) {
	case FZ_MKDIR:
		rv = rump_sys_mkdir(o->path.p, o->mode);
		break;
	case FZ_RMDIR:
		rv = rump_sys_rmdir(o->path.p);
		break;
	case FZ_UNLINK:
		rv = rump_sys_unlink(o->path.p);
		break;
	default:
		rv = rump_sys_chdir(o->path.p);
		break;
	}
	path_expect(c, &o->path, rv, result(c, rv));
}

/* Both names are copied in first (EFAULT, ENAMETOOLONG), as NetBSD's
 * rename does; then looked up, the old one first ("" is ENOENT). */
static void op_rename(struct ctx *c)
{
	const struct fz_op *o = c->o;
	long rv = rump_sys_rename(o->path.p, o->path2.p);
	int e = result(c, rv), e1 = path_error(&o->path);
	int e2 = path_error(&o->path2);

	if (e1 && e1 != FZ_ENOENT)
		path_expect(c, &o->path, rv, e);
	else if (e2 && e2 != FZ_ENOENT)
		path_expect(c, &o->path2, rv, e);
	else
		path_expect(c, &o->path, rv, e);
}

static void op_symlink(struct ctx *c)
{
	const struct fz_op *o = c->o;
	long rv = rump_sys_symlink(o->path.p, o->path2.p);
	int e = result(c, rv);

	/* The target is copied first; then the new name. */
	if (path_error(&o->path) && !(o->path.size == 1))
		path_expect(c, &o->path, rv, e);
	else if (!path_error(&o->path))
		path_expect(c, &o->path2, rv, e);
}

static void op_readlink(struct ctx *c)
{
	const struct fz_op *o = c->o;
	char *buf = o->bufkind ? NULL : malloc(RUMP_MAXPATHLEN);
	long rv = rump_sys_readlink(o->path.p, buf, o->len);
	int e = result(c, rv);

	path_expect(c, &o->path, rv, e);
	if (rv > 0 && ((uint64_t)rv > o->len || rv >= RUMP_MAXPATHLEN))
		fz_fail("readlink(%s, %llu) returned %ld", pstr(&o->path),
			(unsigned long long)o->len, rv);
	if (rv > 0 && !buf)
		fz_fail("readlink into NULL returned %ld", rv);
	free(buf);
}

/* Does the path end in "." (the directory it is in, however gone)? */
static int ends_in_dot(const struct fz_ptr *p)
{
	size_t n;

	if (p->bad || p->nonul || !p->p)
		return 0;
	n = strlen(p->p);
	while (n > 1 && p->p[n - 1] == '/')
		n--;
	return n >= 1 && p->p[n - 1] == '.' && (n == 1 || p->p[n - 2] == '/');
}

static void check_stat(struct ctx *c, const struct rump_stat *st, int byname)
{
	unsigned type = st->st_mode & RUMP_S_IFMT;

	if (type != RUMP_S_IFREG && type != RUMP_S_IFDIR &&
	    type != RUMP_S_IFLNK)
		fz_fail("%s: file type 0%o", kind_names[c->o->kind], type);
	if (st->st_size < 0 || st->st_blocks < 0)
		fz_fail("%s: size %lld blocks %lld", kind_names[c->o->kind],
			(long long)st->st_size, (long long)st->st_blocks);
	/* Found by a name: it has a link (a directory two), unless another
	 * thread removed the name after the lookup (nothing orders them),
	 * or the name is "." of a removed directory (the working directory
	 * after rmdir of it, as on NetBSD and Linux: nlink 0). */
	if (byname && c->single && !ends_in_dot(&c->o->path) &&
	    st->st_nlink < (type == RUMP_S_IFDIR ? 2u : 1u))
		fz_fail("%s(%s): nlink %u", kind_names[c->o->kind],
			pstr(&c->o->path), st->st_nlink);
	if (c->single && type == RUMP_S_IFREG)
		fz_size_check(c->run, st->st_dev, st->st_ino, st->st_size,
			      kind_names[c->o->kind]);
}

static void op_stat(struct ctx *c)
{
	const struct fz_op *o = c->o;
	struct rump_stat *st = o->bufkind ? NULL : malloc(sizeof(*st));
	long rv;
	int e;

	if (o->kind == FZ_STAT)
		rv = rump_sys_stat(o->path.p, st);
	else
		rv = rump_sys_lstat(o->path.p, st);
	e = result(c, rv);
	path_expect(c, &o->path, rv, e);
	if (rv == 0 && !st)
		fz_fail("%s into NULL succeeded", kind_names[o->kind]);
	if (rv == 0)
		check_stat(c, st, 1);
	free(st);
}

static void op_fstat(struct ctx *c)
{
	const struct fz_op *o = c->o;
	int fd = fd_of(c->run, o->fd);
	struct rump_stat *st = o->bufkind ? NULL : malloc(sizeof(*st));
	long rv = rump_sys_fstat(fd, st);
	int e = result(c, rv);

	if (st)
		expect_ebadf(c, fd, 0, rv, e);
	if (rv == 0 && !st)
		fz_fail("fstat into NULL succeeded");
	if (rv == 0)
		check_stat(c, st, 0);
	free(st);
}

static void op_getdents(struct ctx *c)
{
	const struct fz_op *o = c->o;
	int fd = fd_of(c->run, o->fd), e;
	size_t size = o->len > 65536 ? 256 * 1024 : (size_t)o->len;
	char *buf = o->bufkind ? NULL : malloc(size ? size : 1);
	long rv = rump_sys_getdents(fd, buf, o->len);

	e = result(c, rv);
	if (buf)
		expect_ebadf(c, fd, FZ_FREAD, rv, e);
	if (rv > 0 && (!buf || (size_t)rv > size || (uint64_t)rv > o->len))
		fz_fail("getdents(%llu) returned %ld",
			(unsigned long long)o->len, rv);
	if (rv > 0)
		fz_check_dirents(buf, rv);
	free(buf);
}

static void op_getcwd(struct ctx *c)
{
	const struct fz_op *o = c->o;
	char *buf = o->bufkind ? NULL : malloc(4 * RUMP_MAXPATHLEN);
	size_t len = o->len > 4 * RUMP_MAXPATHLEN && o->len < 65536 ?
	    4 * RUMP_MAXPATHLEN : o->len;
	long rv = rump_sys___getcwd(buf, len);

	result(c, rv);
	if (rv >= 0 && (!buf || rv < 2 || (uint64_t)rv > len ||
	    buf[0] != '/' || buf[rv - 1] != '\0' ||
	    strlen(buf) != (size_t)rv - 1))
		fz_fail("__getcwd(%zu) returned %ld", len, rv);
	free(buf);
}

/* ------------------------------------------------------------ mounts */

static void op_mount(struct ctx *c)
{
	const struct fz_op *o = c->o;
	char data[16] = { 0 };
	long rv = rump_sys_mount(o->path2.p, o->path.p, o->flags,
				 o->bufkind ? NULL : data,
				 o->bufkind ? o->len : (o->len % 17));
	int e = result(c, rv);
	struct rump_stat st;

	if (o->path2.bad && (rv != -1 || e != FZ_EFAULT))
		fz_fail("mount with a bad type pointer: %ld errno %d", rv, e);
	if (rv == 0 && !strcmp(o->path2.p, "kernfs") &&
	    rump_sys_stat(o->path.p, &st) == 0)
		fz_add_kerndev(c->run, st.st_dev);
}

static void op_unmount(struct ctx *c)
{
	long rv = rump_sys_unmount(c->o->path.p, c->o->flags);

	path_expect(c, &c->o->path, rv, result(c, rv));
}

/* ------------------------------------------------------------ processes */

static void op_rfork(struct ctx *c)
{
	struct fz_thread *t = &c->run->thr[c->tid];
	static const int how[] = { RUMP_RFFD_SHARE, RUMP_RFFD_COPY,
				   RUMP_RFFD_CLEAR };
	int flags = how[c->o->flags % 3], rv;

	if (t->depth == FZ_MAXDEPTH)
		return;
	t->saved[t->depth] = rump_lwproc_curlwp();
	rv = rump_lwproc_rfork(flags);
	result(c, rv ? -1 : 0);
	if (rv)
		fz_fail("rump_lwproc_rfork(%d): %d", flags, rv);
	t->depth++;
	if (c->single)
		t->model[t->depth] = fz_fdset_fork(t->model[t->depth - 1],
						   flags);
}

/* End the current forked process; back to the lwp that forked it. */
void fz_unfork(struct fz_run *run, int tid)
{
	struct fz_thread *t = &run->thr[tid];

	if (t->depth == 0)
		return;
	rump_lwproc_releaselwp();
	t->depth--;
	rump_lwproc_switch(t->saved[t->depth]);
	if (t->model[t->depth + 1]) {
		fz_fdset_put(t->model[t->depth + 1]);
		t->model[t->depth + 1] = NULL;
	}
}

static void op_getpid(struct ctx *c)
{
	long rv = rump_sys_getpid();

	result(c, rv);
	if (rv <= 0 ||
	    (c->run->thr[c->tid].depth == 0 && rv != c->run->pid))
		fz_fail("getpid: %ld, the process is %d", rv, c->run->pid);
}

static void run_op(struct ctx *c)
{
	switch (c->o->kind) {
	case FZ_OPEN: op_open(c); break;
	case FZ_KOPEN: op_kopen(c); break;
	case FZ_CLOSE: op_close(c); break;
	case FZ_DUP: case FZ_DUP2: op_dup(c); break;
	case FZ_READ: case FZ_PREAD: op_read(c); break;
	case FZ_WRITE: case FZ_PWRITE: op_write(c); break;
	case FZ_LSEEK: op_lseek(c); break;
	case FZ_FSYNC: op_fsync(c); break;
	case FZ_TRUNCATE: case FZ_FTRUNCATE: op_truncate(c); break;
	case FZ_MKDIR: case FZ_RMDIR: case FZ_UNLINK: case FZ_CHDIR:
		op_path1(c);
		break;
	case FZ_RENAME: op_rename(c); break;
	case FZ_SYMLINK: op_symlink(c); break;
	case FZ_READLINK: op_readlink(c); break;
	case FZ_STAT: case FZ_LSTAT: op_stat(c); break;
	case FZ_FSTAT: op_fstat(c); break;
	case FZ_GETDENTS: op_getdents(c); break;
	case FZ_GETCWD: op_getcwd(c); break;
	case FZ_MOUNT: op_mount(c); break;
	case FZ_UNMOUNT: op_unmount(c); break;
	case FZ_RFORK: op_rfork(c); break;
	case FZ_UNFORK: fz_unfork(c->run, c->tid); break;
	case FZ_GETPID: op_getpid(c); break;
	default: break;
	}
}

void fz_run_thread(struct fz_run *run, int tid)
{
	struct ctx c = { run, tid, run->nthreads == 1, NULL };
	int i;

	if (c.single)
		run->thr[tid].model[0] = fz_fdset_new();
	for (i = tid; i < run->nops; i += run->nthreads) {
		c.o = &run->ops[i];
		run_op(&c);
	}
	while (run->thr[tid].depth > 0)
		fz_unfork(run, tid);
}

void fz_reset_hostname(struct fz_run *run)
{
	static const char name[] = "rumpvisor\n";
	int fd;

	if (!run->wrote_hostname)
		return;
	fd = rump_sys_open(FZ_KERN "/hostname", RUMP_O_WRONLY);
	if (fd < 0 || rump_sys_write(fd, name, sizeof(name) - 1) !=
	    (long)sizeof(name) - 1)
		fz_fail("cannot reset the kernfs hostname: errno %d", errno);
	rump_sys_close(fd);
}
