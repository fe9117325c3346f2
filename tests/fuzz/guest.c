// SPDX-License-Identifier: BSD-2-Clause
/*
 * The fuzz targets' shared harness (fz.h): boot, kernfs counters,
 * checked directory listings and the cleanup after each input.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>

#include "fz.h"

/*
 * Threads that enter the guest without an lwp of their own borrow one
 * from a cache of implicit lwps (guest/kern/sched.c, 16 slots) that the
 * boot fills.  Every take is followed by a give, and only a take from
 * an empty cache allocates (16 threads inside at once; an input has at
 * most four), so the cache is full again after every input and the
 * memory in use equals the baseline.
 */

static void (*on_fail)(void);

void fz_on_fail(void (*fn)(void))
{
	on_fail = fn;
}

void fz_fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "fuzz: broken invariant: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	if (on_fail)
		on_fail();
	abort();
}

int fz_errno(void)
{
	int e = errno;

	if (e <= 0 || e > FZ_ELAST)
		fz_fail("errno %d is no NetBSD errno", e);
	return e;
}

static void settle(void);

uint64_t fz_kern_dev;

/*
 * Kernel threads started at boot (the clock) free their start record
 * when they first run: wait until the counters stop moving, so that the
 * baseline is the guest at rest.
 */
static void settle(void)
{
	struct fz_counters a, b;
	int same = 0;

	fz_counters(&a);
	while (same < 5) {
		usleep(2000);
		fz_counters(&b);
		same = b.inuse == a.inuse && b.allocs == a.allocs ? same + 1 : 0;
		a = b;
	}
}

void fz_boot(void)
{
	static int booted;
	struct rump_stat st;
	int rv;

	if (booted)
		return;
	booted = 1;
	rv = rump_init();
	if (rv)
		fz_fail("rump_init: %d", rv);
	if (rump_sys_mkdir(FZ_KERN, 0755) ||
	    rump_sys_mount("kernfs", FZ_KERN, 0, NULL, 0))
		fz_fail("cannot mount kernfs on " FZ_KERN ": errno %d", errno);
	if (rump_sys_stat(FZ_KERN, &st))
		fz_fail("stat " FZ_KERN ": errno %d", errno);
	fz_kern_dev = st.st_dev;
	settle();
}

long fz_slurp(const char *path, char *buf, size_t len)
{
	int fd = rump_sys_open(path, RUMP_O_RDONLY);
	size_t got = 0;
	long n = 0;
	int e;

	if (fd < 0)
		return -1;
	while (got + 1 < len &&
	       (n = rump_sys_read(fd, buf + got, len - 1 - got)) > 0)
		got += (size_t)n;
	e = errno;
	rump_sys_close(fd);
	buf[got] = '\0';
	if (n < 0) {
		errno = e;
		return -1;
	}
	return (long)got;
}

static uint64_t meminfo_field(const char *text, const char *name)
{
	const char *p = strstr(text, name);

	if (!p)
		fz_fail("kernfs meminfo has no \"%s\": %s", name, text);
	return strtoull(p + strlen(name), NULL, 10);
}

/* kernfs proc: a header, then "PID LWPS FILES START COMMAND" rows. */
static int proc_rows(char *text, pid_t pid, int *files)
{
	char *line = strchr(text, '\n'), *next;
	int n = 0, p, l, f;

	for (; line && line[1]; line = next) {
		line++;
		next = strchr(line, '\n');
		if (sscanf(line, "%d %d %d", &p, &l, &f) != 3)
			fz_fail("kernfs proc: bad row \"%.60s\"", line);
		if (p == pid && files)
			*files = f;
		n++;
	}
	return n;
}

void fz_counters(struct fz_counters *c)
{
	static char buf[16384];

	if (fz_slurp(FZ_KERN "/meminfo", buf, sizeof(buf)) < 0)
		fz_fail("cannot read " FZ_KERN "/meminfo: errno %d", errno);
	c->inuse = meminfo_field(buf, "inuse ");
	c->allocs = meminfo_field(buf, "allocs ");
	if (fz_slurp(FZ_KERN "/proc", buf, sizeof(buf)) < 0)
		fz_fail("cannot read " FZ_KERN "/proc: errno %d", errno);
	c->nproc = proc_rows(buf, -1, NULL);
}

int fz_proc_files(pid_t pid)
{
	static char buf[16384];
	int files = -1;

	if (fz_slurp(FZ_KERN "/proc", buf, sizeof(buf)) < 0)
		fz_fail("cannot read " FZ_KERN "/proc: errno %d", errno);
	proc_rows(buf, pid, &files);
	return files;
}

/* ------------------------------------------------------------ listings */

void fz_check_dirents(const char *buf, long n)
{
	long off = 0;

	while (off < n) {
		struct rump_dirent d;
		size_t minlen;

		if (n - off < (long)RUMP_DIRENT_NAMEOFF + 1)
			fz_fail("getdents: %ld bytes left at %ld, too few for "
				"a record", n - off, off);
		memcpy(&d, buf + off, RUMP_DIRENT_NAMEOFF);
		minlen = RUMP_DIRENT_RECLEN(d.d_namlen);
		if (d.d_reclen < minlen || d.d_reclen % 8 ||
		    off + d.d_reclen > n)
			fz_fail("getdents: record at %ld: reclen %u, namlen %u, "
				"%ld bytes returned", off, d.d_reclen,
				d.d_namlen, n);
		if (d.d_namlen == 0 || d.d_namlen > RUMP_MAXNAMLEN ||
		    memchr(buf + off + RUMP_DIRENT_NAMEOFF, '\0',
			   d.d_namlen + 1) !=
		    buf + off + RUMP_DIRENT_NAMEOFF + d.d_namlen)
			fz_fail("getdents: record at %ld: name length %u does "
				"not match its terminator", off, d.d_namlen);
		off += d.d_reclen;
	}
}

static int cmp_dirent(const void *a, const void *b)
{
	return strcmp(((const struct fz_dirent *)a)->name,
		      ((const struct fz_dirent *)b)->name);
}

static void add_dirents(const char *buf, long n, struct fz_dirent **ents,
			long *count, long *cap)
{
	long off = 0;

	while (off < n) {
		struct rump_dirent d;

		memcpy(&d, buf + off, RUMP_DIRENT_NAMEOFF);
		if (*count == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			*ents = realloc(*ents, (size_t)*cap * sizeof(**ents));
		}
		(*ents)[*count].ino = d.d_fileno;
		(*ents)[*count].type = d.d_type;
		(*ents)[*count].name = strdup(buf + off + RUMP_DIRENT_NAMEOFF);
		(*count)++;
		off += d.d_reclen;
	}
}

long fz_listdir(int fd, size_t bufsize, struct fz_dirent **ents)
{
	char *buf = malloc(bufsize);
	long count = 0, cap = 0, n, i;

	*ents = NULL;
	while ((n = rump_sys_getdents(fd, buf, bufsize)) > 0) {
		if ((size_t)n > bufsize)
			fz_fail("getdents returned %ld for a %zu-byte buffer",
				n, bufsize);
		fz_check_dirents(buf, n);
		add_dirents(buf, n, ents, &count, &cap);
	}
	free(buf);
	if (n < 0) {
		int e = fz_errno();

		fz_dirents_free(*ents, count);
		*ents = NULL;
		errno = e;
		return -1;
	}
	if (count > 1)
		qsort(*ents, (size_t)count, sizeof(**ents), cmp_dirent);
	for (i = 1; i < count; i++)
		if (!strcmp((*ents)[i - 1].name, (*ents)[i].name))
			fz_fail("getdents lists \"%.40s\" twice",
				(*ents)[i].name);
	return count;
}

void fz_dirents_free(struct fz_dirent *ents, long n)
{
	long i;

	for (i = 0; i < n; i++)
		free(ents[i].name);
	free(ents);
}

/* ------------------------------------------------------------ cleanup */

static void clean_cwd(int at_root);

/* Enter directory name (of the current directory), empty it, come back. */
static void clean_below(const char *name)
{
	if (rump_sys_chdir(name))
		fz_fail("cleanup: chdir \"%.40s\": errno %d", name, errno);
	clean_cwd(0);
	if (rump_sys_chdir(".."))
		fz_fail("cleanup: chdir .. from \"%.40s\": errno %d", name,
			errno);
}

/* Remove name from the current directory (of device pdev). */
static void remove_entry(const char *name, uint64_t pdev)
{
	struct rump_stat st;

	for (;;) {
		if (rump_sys_lstat(name, &st))
			fz_fail("cleanup: lstat \"%.40s\": errno %d", name,
				errno);
		if (!RUMP_S_ISDIR(st.st_mode)) {
			if (rump_sys_unlink(name))
				fz_fail("cleanup: unlink \"%.40s\": errno %d",
					name, errno);
			return;
		}
		if (st.st_dev == pdev)
			break;
		/* A file system is mounted here: it goes, and what it
		 * covered shows again (mounts below it go first). */
		if (rump_sys_unmount(name, 0) == 0)
			continue;
		if (errno != FZ_EBUSY)
			fz_fail("cleanup: unmount \"%.40s\": errno %d", name,
				errno);
		clean_below(name);
		if (rump_sys_unmount(name, 0))
			fz_fail("cleanup: unmount \"%.40s\" after emptying it: "
				"errno %d (a vnode is still referenced)", name,
				errno);
	}
	clean_below(name);
	if (rump_sys_rmdir(name))
		fz_fail("cleanup: rmdir \"%.40s\": errno %d", name, errno);
}

static void clean_cwd(int at_root)
{
	struct fz_dirent *ents;
	struct rump_stat st;
	long n, i;
	int fd;

	fd = rump_sys_open(".", RUMP_O_RDONLY | RUMP_O_DIRECTORY);
	if (fd < 0 || rump_sys_fstat(fd, &st))
		fz_fail("cleanup: cannot open the directory: errno %d", errno);
	n = fz_listdir(fd, 8192, &ents);
	if (n < 0)
		fz_fail("cleanup: getdents: errno %d", errno);
	rump_sys_close(fd);
	for (i = 0; i < n; i++) {
		const char *name = ents[i].name;

		if (!strcmp(name, ".") || !strcmp(name, "..") ||
		    (at_root && !strcmp(name, &FZ_KERN[1])))
			continue;
		remove_entry(name, st.st_dev);
	}
	fz_dirents_free(ents, n);
}

void fz_clean_root(void)
{
	if (rump_sys_chdir("/"))
		fz_fail("cleanup: chdir /: errno %d", errno);
	clean_cwd(1);
}
