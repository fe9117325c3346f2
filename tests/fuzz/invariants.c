// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuzz-vfs: the invariants of the state an input leaves, checked in its
 * process after all its threads are done.
 *
 * Descriptors: every number ever handed out is probed with fstat; the
 * open ones must be exactly the model's (single thread) and as many as
 * kernfs counts for the process.  The tree: every directory from "/" is
 * listed and each entry lstat'ed: "." is the directory, entries and
 * lstat agree on inode and type, a directory's link count is 2 plus its
 * subdirectories and its size 32 bytes per entry (tmpfs and kernfs), a
 * file occupies no more pages than its size needs, its data is what
 * writes put there, its size what the model says, a symbolic link's
 * size is its target's length.  Then every open descriptor's file has as
 * many links as the tree has names for it (0 once removed).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>

#include "fz.h"
#include "model.h"
#include "ops.h"

#define NAMES_MAX	4096
#define SAMPLE		16384

/* Names found per file, for the link counts of open descriptors. */
struct found {
	uint64_t dev, ino;
	int names;
	struct rump_stat st;
};

struct walk {
	struct fz_run *run;
	struct found *f;
	int nf;
	int mounts;		/* file systems met below the root's */
	uint64_t rootdev;
	int depth;
};

static struct found *found_get(struct walk *w, const struct rump_stat *st)
{
	int i;

	for (i = 0; i < w->nf; i++)
		if (w->f[i].dev == st->st_dev && w->f[i].ino == st->st_ino)
			return &w->f[i];
	if (w->nf == NAMES_MAX)
		fz_fail("more than %d files in the tree", NAMES_MAX);
	w->f[w->nf].dev = st->st_dev;
	w->f[w->nf].ino = st->st_ino;
	w->f[w->nf].names = 0;
	w->f[w->nf].st = *st;
	return &w->f[w->nf++];
}

static unsigned dt_of(unsigned mode)
{
	switch (mode & RUMP_S_IFMT) {
	case RUMP_S_IFDIR:
		return RUMP_DT_DIR;
	case RUMP_S_IFLNK:
		return RUMP_DT_LNK;
	default:
		return RUMP_DT_REG;
	}
}

/* A regular file's pages, data and size. */
static void check_file(struct walk *w, const char *name,
		       const struct rump_stat *st, int kern)
{
	static uint8_t buf[SAMPLE];
	int64_t want, rounded = (st->st_size + 4095) / 4096 * 4096;
	long got;
	int fd;

	if (kern)
		return;
	if (st->st_blocks * 512 > rounded)
		fz_fail("file \"%.40s\" (%llu): %lld blocks for %lld bytes",
			name, (unsigned long long)st->st_ino,
			(long long)st->st_blocks, (long long)st->st_size);
	if (w->run->nthreads == 1)
		fz_size_check(w->run, st->st_dev, st->st_ino, st->st_size,
			      "the tree");
	fd = rump_sys_open(name, RUMP_O_RDONLY | RUMP_O_NOFOLLOW);
	if (fd < 0)
		fz_fail("cannot open file \"%.40s\": errno %d", name, errno);
	want = st->st_size < SAMPLE ? st->st_size : SAMPLE;
	got = rump_sys_pread(fd, buf, SAMPLE, 0);
	if (got != want)
		fz_fail("file \"%.40s\": pread of the first %d bytes of %lld "
			"returned %ld", name, SAMPLE, (long long)st->st_size,
			got);
	if (w->run->content_checks)
		fz_check_data(w->run, st->st_dev, st->st_ino, 0, buf,
			      (size_t)got);
	if (st->st_size > SAMPLE) {
		got = rump_sys_pread(fd, buf, SAMPLE, st->st_size - 100);
		if (got != 100)
			fz_fail("file \"%.40s\": the last 100 bytes read as "
				"%ld", name, got);
		if (w->run->content_checks)
			fz_check_data(w->run, st->st_dev, st->st_ino,
				      (uint64_t)st->st_size - 100, buf, 100);
	}
	if (rump_sys_pread(fd, buf, 1, st->st_size) != 0)
		fz_fail("file \"%.40s\": a read at its end is not empty", name);
	rump_sys_close(fd);
}

static void check_link(const char *name, const struct rump_stat *st)
{
	char buf[RUMP_MAXPATHLEN];
	long n = rump_sys_readlink(name, buf, sizeof(buf));

	if (n != st->st_size)
		fz_fail("symbolic link \"%.40s\": readlink %ld, size %lld",
			name, n, (long long)st->st_size);
}

static void walk_cwd(struct walk *w, const char *dname);

static void walk_dir(struct walk *w, const char *name)
{
	if (++w->depth > FZ_MAXOPS * 8 + 8)
		fz_fail("the tree is deeper than any input can make it");
	if (rump_sys_chdir(name))
		fz_fail("walk: chdir \"%.40s\": errno %d", name, errno);
	walk_cwd(w, name);
	if (rump_sys_chdir(".."))
		fz_fail("walk: chdir .. from \"%.40s\": errno %d", name, errno);
	w->depth--;
}

/* kernfs: "version" cannot be made by an input (not in its names). */
static int is_kernfs(const struct fz_dirent *e, long n)
{
	long i;

	for (i = 0; i < n; i++)
		if (!strcmp(e[i].name, "version"))
			return 1;
	return 0;
}

static void walk_entry(struct walk *w, const struct rump_stat *dst,
		       const struct fz_dirent *e, int kern, int *subdirs)
{
	struct rump_stat st;

	if (rump_sys_lstat(e->name, &st))
		fz_fail("\"%.40s\" is listed but lstat fails: errno %d",
			e->name, errno);
	if (e->type == RUMP_DT_DIR)
		(*subdirs)++;
	if (st.st_dev != dst->st_dev) {
		/* A mount point: what is mounted shows. */
		if (e->type != RUMP_DT_DIR || !RUMP_S_ISDIR(st.st_mode))
			fz_fail("a mount on \"%.40s\" that is no directory",
				e->name);
		w->mounts++;
		walk_dir(w, e->name);
		return;
	}
	if (st.st_ino != e->ino || dt_of(st.st_mode) != e->type)
		fz_fail("\"%.40s\": listed as inode %llu type %u, lstat says "
			"%llu mode 0%o", e->name, (unsigned long long)e->ino,
			e->type, (unsigned long long)st.st_ino, st.st_mode);
	found_get(w, &st)->names++;
	if (RUMP_S_ISDIR(st.st_mode))
		walk_dir(w, e->name);
	else if (RUMP_S_ISLNK(st.st_mode))
		check_link(e->name, &st);
	else
		check_file(w, e->name, &st, kern);
}

static void walk_cwd(struct walk *w, const char *dname)
{
	struct fz_dirent *e;
	struct rump_stat st;
	int fd, subdirs = 0, dots = 0, kern;
	long n, i;

	fd = rump_sys_open(".", RUMP_O_RDONLY | RUMP_O_DIRECTORY);
	if (fd < 0 || rump_sys_fstat(fd, &st))
		fz_fail("walk: cannot open \"%.40s\": errno %d", dname, errno);
	n = fz_listdir(fd, 1024, &e);
	if (n < 0)
		fz_fail("walk: getdents of \"%.40s\": errno %d", dname, errno);
	rump_sys_close(fd);
	kern = is_kernfs(e, n);
	for (i = 0; i < n; i++) {
		if (!strcmp(e[i].name, ".") || !strcmp(e[i].name, "..")) {
			if (e[i].name[1] == '\0' && e[i].ino != st.st_ino)
				fz_fail("\".\" of \"%.40s\" is inode %llu, the "
					"directory %llu", dname,
					(unsigned long long)e[i].ino,
					(unsigned long long)st.st_ino);
			dots++;
			continue;
		}
		walk_entry(w, &st, &e[i], kern, &subdirs);
	}
	if (dots != 2)
		fz_fail("\"%.40s\" lists %d of \".\" and \"..\"", dname, dots);
	if (st.st_nlink != 2u + (unsigned)subdirs)
		fz_fail("directory \"%.40s\" has %d subdirectories and %u "
			"links", dname, subdirs, st.st_nlink);
	if (st.st_size != (n + 0) * 32)
		fz_fail("directory \"%.40s\" has %ld entries and size %lld",
			dname, n, (long long)st.st_size);
	fz_dirents_free(e, n);
}

/* ------------------------------------------------------------ descriptors */

struct openfd {
	int fd;
	struct rump_stat st;
};

static int scan_fds(struct fz_run *run, struct openfd *out, int max)
{
	struct fz_fdset *m = run->nthreads == 1 ? run->thr[0].model[0] : NULL;
	struct rump_stat st;
	int fd, n = 0, open;

	for (fd = 0; fd < FZ_FDMAX; fd++) {
		if (fd >= 64 && run->seen[fd / 64] == 0) {
			fd += 63;	/* a word of numbers never handed out */
			continue;
		}
		if (fd >= 64 && !(run->seen[fd / 64] & (1ull << (fd % 64))))
			continue;
		open = rump_sys_fstat(fd, &st) == 0;
		if (!open && fz_errno() != FZ_EBADF)
			fz_fail("fstat(%d): errno %d", fd, errno);
		if (m && open != fz_fdset_has(m, fd))
			fz_fail("descriptor %d is %s, the model says %s", fd,
				open ? "open" : "closed",
				open ? "closed" : "open");
		if (open && n < max) {
			out[n].fd = fd;
			out[n].st = st;
		}
		n += open;
	}
	return n;
}

static void check_fds(struct walk *w, struct openfd *fds, int n)
{
	int i, j;

	for (i = 0; i < n; i++) {
		const struct rump_stat *st = &fds[i].st;
		const struct found *f = NULL;

		for (j = 0; j < w->nf; j++)
			if (w->f[j].dev == st->st_dev &&
			    w->f[j].ino == st->st_ino)
				f = &w->f[j];
		if (f && !RUMP_S_ISDIR(st->st_mode) &&
		    st->st_nlink != (unsigned)f->names)
			fz_fail("descriptor %d: nlink %u, the tree has %d names "
				"for it", fds[i].fd, st->st_nlink, f->names);
		if (f && RUMP_S_ISDIR(st->st_mode) &&
		    st->st_nlink != f->st.st_nlink)
			fz_fail("descriptor %d: directory nlink %u, by name %u",
				fds[i].fd, st->st_nlink, f->st.st_nlink);
		/* Not found: removed, unless a mount hides its name. */
		if (!f && !w->mounts && st->st_nlink != 0)
			fz_fail("descriptor %d: nlink %u, but no name in the "
				"tree", fds[i].fd, st->st_nlink);
		if (RUMP_S_ISREG(st->st_mode) && w->run->nthreads == 1 &&
		    !fz_is_kerndev(w->run, st->st_dev))
			fz_size_check(w->run, st->st_dev, st->st_ino,
				      st->st_size, "fstat at the end");
	}
}

void fz_check_state(struct fz_run *run)
{
	static struct openfd fds[1024];
	/* Not allocated per input: at this size every calloc is an mmap,
	 * and page faults and munmap cost a fifth of the fuzzer's time. */
	static struct found found[NAMES_MAX];
	struct walk w = { run, found, 0, 0, 0, 0 };
	int n, files;

	n = scan_fds(run, fds, 1024);
	files = fz_proc_files(run->pid);
	/* Reading kernfs proc held one more descriptor. */
	if (files != n + 1)
		fz_fail("process %d has %d open descriptors, kernfs counts %d",
			run->pid, n, files - 1);
	if (rump_sys_chdir("/"))
		fz_fail("chdir /: errno %d", errno);
	walk_cwd(&w, "/");
	check_fds(&w, fds, n < 1024 ? n : 1024);
}
