// SPDX-License-Identifier: BSD-2-Clause
/*
 * The file-system demo, portable: boots the rump kernel, mounts kernfs
 * and reads /kern/version (the 2013 proof of concept's demo), then works
 * with files in the tmpfs root: create, write, read back, rename, symlink,
 * a sparse file, and a directory listing.
 *
 * Only the rump client API is used; the host glue (demo/user/main.c,
 * demo/linux/module.c) supplies output and errno.  The same object runs
 * as a Linux kernel module and as an ordinary program.
 */
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>

#include "fsdemo.h"

#define CHUNK 4096
#define NEWFILE (RUMP_O_CREAT | RUMP_O_TRUNC)

static const struct fsdemo_host *H;
static int failures;

/* Single-threaded, run once per boot: static buffers keep kernel stacks
 * small. */
static char chunk[CHUNK];
static char dents[CHUNK] __attribute__((__aligned__(8)));

#define say(...) H->print(__VA_ARGS__)

static int fail(const char *what, const char *path)
{
	int e = H->error();

	failures++;
	say("FAILED: %s %s: error %d", what, path, e);
	return -1;
}

static int check(int ok, const char *what, const char *path)
{
	if (ok)
		return 0;
	failures++;
	say("FAILED: %s %s", what, path);
	return -1;
}

static long text_len(const char *s)
{
	long n = 0;

	while (s[n])
		n++;
	return n;
}

static int same(const char *a, const char *b, long n)
{
	for (long i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* Print buf as lines, each prefixed with label. */
static void show_text(const char *label, const char *buf, long len)
{
	long start = 0;

	for (long i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n')
			continue;
		if (i > start || i < len)
			say("%s%.*s", label, (int)(i - start), buf + start);
		start = i + 1;
	}
}

/* Read a small file whole into chunk; returns its length or -1. */
static long slurp(const char *path)
{
	long n, len = 0;
	int fd;

	fd = rump_sys_open(path, RUMP_O_RDONLY);
	if (fd < 0)
		return fail("open", path);
	while (len < CHUNK - 1) {
		n = rump_sys_read(fd, chunk + len, CHUNK - 1 - len);
		if (n < 0) {
			fail("read", path);
			rump_sys_close(fd);
			return -1;
		}
		if (n == 0)
			break;
		len += n;
	}
	chunk[len] = '\0';
	rump_sys_close(fd);
	return len;
}

static int show_file(const char *label, const char *path)
{
	long len = slurp(path);

	if (len < 0)
		return -1;
	show_text(label, chunk, len);
	return 0;
}

static int write_file(const char *path, const char *text, int flags)
{
	long len = text_len(text), n;
	int fd;

	fd = rump_sys_open(path, RUMP_O_WRONLY | flags, 0644);
	if (fd < 0)
		return fail("open for writing", path);
	n = rump_sys_write(fd, text, len);
	if (n != len) {
		if (n < 0)
			fail("write", path);
		else
			check(0, "short write", path);
		rump_sys_close(fd);
		return -1;
	}
	if (rump_sys_close(fd) < 0)
		return fail("close", path);
	say("  wrote %-22s %ld bytes", path, len);
	return 0;
}

/* Write a file back and compare it with what was written. */
static int verify_file(const char *path, const char *text)
{
	long len = slurp(path), want = text_len(text);

	if (len < 0)
		return -1;
	if (check(len == want && same(chunk, text, len), "content differs",
		  path))
		return -1;
	say("  read  %-22s %ld bytes, same as written", path, len);
	return 0;
}

static char type_letter(int t)
{
	switch (t) {
	case RUMP_DT_DIR:
		return 'd';
	case RUMP_DT_REG:
		return '-';
	case RUMP_DT_LNK:
		return 'l';
	default:
		return '?';
	}
}

/* List a directory with getdents; with sizes when dir is given as a
 * prefix for lstat ("" skips lstat: kernfs sizes say little). */
static int list_dir(const char *dir, int sizes)
{
	char path[128];
	long n, dl = text_len(dir);
	int fd, count = 0;

	fd = rump_sys_open(dir, RUMP_O_RDONLY | RUMP_O_DIRECTORY);
	if (fd < 0)
		return fail("open", dir);
	while ((n = rump_sys_getdents(fd, dents, sizeof(dents))) > 0) {
		for (long off = 0; off < n;) {
			struct rump_dirent *d = (struct rump_dirent *)
				(dents + off);
			struct rump_stat st;
			long nl = d->d_namlen;

			if (d->d_reclen == 0) {
				check(0, "zero d_reclen in", dir);
				n = -2;
				break;
			}
			off += d->d_reclen;
			count++;
			if (!sizes || dl + 1 + nl + 1 > (long)sizeof(path)) {
				say("  %c %.*s", type_letter(d->d_type),
				    (int)nl, d->d_name);
				continue;
			}
			for (long i = 0; i < dl; i++)
				path[i] = dir[i];
			path[dl] = '/';
			for (long i = 0; i < nl; i++)
				path[dl + 1 + i] = d->d_name[i];
			path[dl + 1 + nl] = '\0';
			if (rump_sys_lstat(path, &st) < 0) {
				fail("lstat", path);
				continue;
			}
			say("  %c %-14.*s %8lld bytes  inode %llu",
			    type_letter(d->d_type), (int)nl, d->d_name,
			    (long long)st.st_size,
			    (unsigned long long)d->d_fileno);
		}
	}
	if (n == -1)
		fail("getdents", dir);
	rump_sys_close(fd);
	say("  (%d entries)", count);
	return n < 0 ? -1 : 0;
}

/* A 1 MiB file with a hole: data at both ends, zeros in between. */
static int sparse_file(const char *path)
{
	const long size = 1L << 20;
	long n;
	int fd, ok = 1;

	for (int i = 0; i < CHUNK; i++)
		chunk[i] = (char)('a' + i % 26);
	fd = rump_sys_open(path, RUMP_O_RDWR | RUMP_O_CREAT | RUMP_O_EXCL,
			   0600);
	if (fd < 0)
		return fail("create", path);
	if (rump_sys_pwrite(fd, chunk, CHUNK, 0) != CHUNK ||
	    rump_sys_pwrite(fd, chunk, CHUNK, size - CHUNK) != CHUNK) {
		fail("pwrite", path);
		rump_sys_close(fd);
		return -1;
	}
	n = rump_sys_pread(fd, chunk, CHUNK, size / 2);
	if (n != CHUNK) {
		fail("pread", path);
		rump_sys_close(fd);
		return -1;
	}
	for (int i = 0; i < CHUNK; i++)
		ok &= chunk[i] == 0;
	n = rump_sys_pread(fd, chunk, CHUNK, size - CHUNK);
	ok &= n == CHUNK && chunk[27] == 'b';
	rump_sys_close(fd);
	if (check(ok, "hole or tail content wrong in", path))
		return -1;
	say("  %s: 1 MiB, 8 KiB written at both ends, the hole reads as "
	    "zeros", path);
	return 0;
}

static const char hello[] =
	"Hello from a rump kernel: this file lives in tmpfs, in guest memory.\n";
static const char lines[] =
	"one\ntwo\nthree\n";

int fsdemo_run(const struct fsdemo_host *host)
{
	int error;

	H = host;
	failures = 0;

	say("booting the rump kernel (rump_init)");
	error = rump_init();
	if (error) {
		say("FAILED: rump_init: error %d", error);
		return -1;
	}

	say("mounting kernfs on /kern");
	if (rump_sys_mkdir("/kern", 0755) < 0)
		fail("mkdir", "/kern");
	else if (rump_sys_mount("kernfs", "/kern", 0, (void *)0, 0) < 0)
		fail("mount kernfs on", "/kern");
	else {
		show_file("/kern/version: ", "/kern/version");
		show_file("/kern/ncpu: ", "/kern/ncpu");
		write_file("/kern/hostname", "rumpvisor-demo\n", 0);
		show_file("/kern/hostname: ", "/kern/hostname");
		say("/kern holds:");
		list_dir("/kern", 0);
	}

	say("files in the tmpfs root file system:");
	if (rump_sys_mkdir("/demo", 0755) < 0)
		return fail("mkdir", "/demo"), failures;
	write_file("/demo/hello.txt", hello, NEWFILE);
	write_file("/demo/lines.txt", lines, NEWFILE);
	verify_file("/demo/hello.txt", hello);
	verify_file("/demo/lines.txt", lines);
	if (rump_sys_rename("/demo/hello.txt", "/demo/greeting.txt") < 0)
		fail("rename", "/demo/hello.txt");
	if (rump_sys_symlink("greeting.txt", "/demo/link") < 0)
		fail("symlink", "/demo/link");
	else if (verify_file("/demo/link", hello) == 0)
		say("  renamed hello.txt to greeting.txt; the symlink "
		    "link -> greeting.txt reads it");
	sparse_file("/demo/sparse.bin");
	if (rump_sys_open("/demo/missing", RUMP_O_RDONLY) >= 0 ||
	    H->error() != 2)
		check(0, "open of a missing file did not fail with ENOENT",
		      "/demo/missing");
	else
		say("  opening /demo/missing fails with ENOENT (2), as it "
		    "should");
	say("ls -l /demo (getdents + lstat):");
	list_dir("/demo", 1);

	if (failures)
		say("done: %d step(s) FAILED", failures);
	else
		say("done: all steps ok");
	return failures;
}
