// SPDX-License-Identifier: BSD-2-Clause
/*
 * Regressions found by fuzzing (tests/fuzz): one function per bug, named
 * for what broke, each asserting what the fixed guest does.
 */
#include "vt_int.h"

#define D "/vt/regress"

/* An address the guest refuses to copy from (EFAULT), in any host. */
#define BADPTR	((void *)1)

/*
 * A write whose copy from the caller faulted left the page it had
 * allocated for the data in the file: memory past the end of the file,
 * counted in st_blocks, until the file was truncated or removed.
 */
static void vt_faulted_write_keeps_no_page(void)
{
	struct rump_stat st;
	char buf[8];
	int fd;

	fd = rump_sys_open(D "/fw", RUMP_O_RDWR | RUMP_O_CREAT, 0644);
	vt_ok(fd >= 0, "open a new file (fd %d)", fd);
	VT_ERR(rump_sys_write(fd, BADPTR, 100), VT_EFAULT);
	VT_ERR(rump_sys_pwrite(fd, BADPTR, 4096, 8192), VT_EFAULT);
	VT_VAL(rump_sys_fstat(fd, &st), 0);
	vt_ok(st.st_size == 0 && st.st_blocks == 0, "faulted writes leave "
	      "an empty file with no pages (size %lld, blocks %lld)",
	      (long long)st.st_size, (long long)st.st_blocks);

	/* Into a page that exists: nothing changes either. */
	VT_VAL(rump_sys_write(fd, "abcd", 4), 4);
	VT_ERR(rump_sys_pwrite(fd, BADPTR, 10, 2), VT_EFAULT);
	VT_ERR(rump_sys_pwrite(fd, BADPTR, 10, 5000), VT_EFAULT);
	VT_VAL(rump_sys_fstat(fd, &st), 0);
	vt_ok(st.st_size == 4 && st.st_blocks == 8, "faulted writes keep "
	      "the one page with data (size %lld, blocks %lld)",
	      (long long)st.st_size, (long long)st.st_blocks);
	VT_VAL(rump_sys_pread(fd, buf, sizeof(buf), 0), 4);
	vt_ok(!vt_memcmp(buf, "abcd", 4), "the data is intact");
	VT_VAL(rump_sys_close(fd), 0);
	VT_VAL(rump_sys_unlink(D "/fw"), 0);
}

/*
 * A write reaching past tmpfs's largest file size (2^40 bytes) wrote
 * what fitted but reported the whole length as written.
 */
static void vt_write_at_max_size_is_short(void)
{
	const long long max = 1LL << 40;
	struct rump_stat st;
	char buf[33];
	int fd;

	vt_memset(buf, 'm', sizeof(buf));
	fd = rump_sys_open(D "/max", RUMP_O_RDWR | RUMP_O_CREAT, 0644);
	vt_ok(fd >= 0, "open a new file (fd %d)", fd);
	VT_VAL(rump_sys_pwrite(fd, buf, sizeof(buf), max - 1), 1);
	VT_VAL(rump_sys_fstat(fd, &st), 0);
	vt_ok(st.st_size == max, "the file ends at 2^40 (size %lld)",
	      (long long)st.st_size);
	VT_ERR(rump_sys_pwrite(fd, buf, sizeof(buf), max), VT_EFBIG);
	VT_VAL(rump_sys_lseek(fd, max - 5, VT_SEEK_SET), max - 5);
	VT_VAL(rump_sys_write(fd, buf, sizeof(buf)), 5);
	VT_VAL(rump_sys_lseek(fd, 0, VT_SEEK_CUR), max);
	VT_ERR(rump_sys_write(fd, buf, sizeof(buf)), VT_EFBIG);
	VT_VAL(rump_sys_pread(fd, buf, sizeof(buf), max - 5), 5);
	VT_VAL(rump_sys_close(fd), 0);
	VT_VAL(rump_sys_unlink(D "/max"), 0);
}

/*
 * kernfs's hostname took a write at any offset and moved the offset past
 * it: at the largest offset the file position overflowed (undefined
 * behaviour, a negative offset afterwards).  Writes start at offset 0.
 */
static void vt_kernfs_write_offset(void)
{
	const long long offmax = 0x7fffffffffffffffLL;
	char buf[64];
	int fd;

	VT_VAL(rump_sys_mkdir(D "/kern", 0755), 0);
	VT_VAL(rump_sys_mount("kernfs", D "/kern", 0, 0, 0), 0);
	fd = rump_sys_open(D "/kern/hostname", RUMP_O_WRONLY);
	vt_ok(fd >= 0, "open kernfs hostname for writing (fd %d)", fd);
	VT_VAL(rump_sys_lseek(fd, offmax, VT_SEEK_SET), offmax);
	VT_ERR(rump_sys_write(fd, "overflow\n", 9), VT_EINVAL);
	VT_VAL(rump_sys_lseek(fd, 0, VT_SEEK_CUR), offmax);
	VT_ERR(rump_sys_pwrite(fd, "far\n", 4, 1LL << 62), VT_EINVAL);
	VT_ERR(rump_sys_pwrite(fd, "one\n", 4, 1), VT_EINVAL);
	VT_VAL(rump_sys_pwrite(fd, "vt-regress\n", 11, 0), 11);
	VT_VAL(rump_sys_close(fd), 0);
	vt_ok(vt_slurp(D "/kern/hostname", buf, sizeof(buf)) == 11 &&
	      !vt_strcmp(buf, "vt-regress\n"), "hostname is what was written "
	      "at offset 0 (\"%s\")", buf);
	VT_VAL(rump_sys_unmount(D "/kern", 0), 0);
	VT_VAL(rump_sys_rmdir(D "/kern"), 0);
}

/*
 * A write of zero bytes through an O_APPEND descriptor moved its offset
 * to the end of the file; POSIX: a zero-length write to a regular file
 * has no result but 0 (found by fuzz-diff against Linux).
 */
static void vt_empty_append_write_keeps_offset(void)
{
	char buf[8];
	int fd, wfd;

	fd = rump_sys_open(D "/ea", RUMP_O_RDWR | RUMP_O_CREAT |
			   RUMP_O_APPEND, 0644);
	vt_ok(fd >= 0, "open O_APPEND (fd %d)", fd);
	wfd = rump_sys_open(D "/ea", RUMP_O_WRONLY);
	VT_VAL(rump_sys_write(wfd, "abcdef", 6), 6);
	VT_VAL(rump_sys_write(fd, buf, 0), 0);
	VT_VAL(rump_sys_lseek(fd, 0, VT_SEEK_CUR), 0);
	VT_VAL(rump_sys_read(fd, buf, sizeof(buf)), 6);
	VT_VAL(rump_sys_lseek(fd, 2, VT_SEEK_SET), 2);
	VT_VAL(rump_sys_pwrite(fd, buf, 0, 1), 0);
	VT_VAL(rump_sys_lseek(fd, 0, VT_SEEK_CUR), 2);
	VT_VAL(rump_sys_write(fd, "g", 1), 1);
	VT_VAL(rump_sys_lseek(fd, 0, VT_SEEK_CUR), 7);
	VT_VAL(rump_sys_close(wfd), 0);
	VT_VAL(rump_sys_close(fd), 0);
	VT_VAL(rump_sys_unlink(D "/ea"), 0);
}

/*
 * A mount on a removed directory (the working directory after rmdir)
 * succeeded: no name reached it any more, so it could not be unmounted
 * and its memory stayed until halt.  Refused with ENOENT, as Linux does.
 */
static void vt_mount_on_removed_dir(void)
{
	VT_VAL(rump_sys_mkdir(D "/gone", 0755), 0);
	VT_VAL(rump_sys_chdir(D "/gone"), 0);
	VT_VAL(rump_sys_rmdir(D "/gone"), 0);
	VT_ERR(rump_sys_mount("tmpfs", ".", 0, 0, 0), VT_ENOENT);
	VT_ERR(rump_sys_mount("kernfs", ".", 0, 0, 0), VT_ENOENT);
	VT_ERR(rump_sys_mkdir("x", 0755), VT_ENOENT);
	VT_VAL(rump_sys_chdir("/"), 0);
}

/*
 * rename copies both names in before it looks either up, as NetBSD's
 * does: a second name too long is ENAMETOOLONG even when the first
 * cannot be found.  The fuzz-vfs model caught the change of order when
 * the copies moved ahead of the name-space locks.
 */
static void vt_rename_copies_both_names_first(void)
{
	static char longname[1100];

	vt_memset(longname, 'a', sizeof(longname) - 1);
	longname[0] = '/';
	VT_ERR(rump_sys_rename("", longname), VT_ENAMETOOLONG);
	VT_ERR(rump_sys_rename(D "/nodir/x", longname), VT_ENAMETOOLONG);
	VT_ERR(rump_sys_rename(D "/nodir/x", D "/y"), VT_ENOENT);
	VT_ERR(rump_sys_rename("", D "/y"), VT_ENOENT);
}

/*
 * A read or write of nothing on a directory returned 0 (the generic
 * descriptor layer skipped empty transfers): EISDIR, as Linux and
 * NetBSD say, whatever the length.  Found by fuzz-diff.
 */
static void vt_empty_read_of_dir(void)
{
	char c;
	int fd = rump_sys_open(D, RUMP_O_RDONLY);

	vt_ok(fd >= 0, "open a directory for reading (%d)", fd);
	VT_ERR(rump_sys_pread(fd, &c, 0, 0), VT_EISDIR);
	VT_ERR(rump_sys_read(fd, &c, 0), VT_EISDIR);
	VT_ERR(rump_sys_read(fd, &c, 1), VT_EISDIR);
	VT_VAL(rump_sys_close(fd), 0);
}

/*
 * A directory descriptor seeked past every entry (offsets are cookies)
 * read as the end only until an entry was made: the readdir hint at
 * the end then took the new entry, listed it at that offset and moved
 * the offset past 2^63 - 1 (overflow).  Found by fuzz-vfs with UBSan.
 */
static void vt_dir_offset_past_end(void)
{
	char buf[512] __attribute__((aligned(8)));
	long n;
	int fd;

	VT_VAL(rump_sys_mkdir(D "/past", 0755), 0);
	fd = rump_sys_open(D "/past", RUMP_O_RDONLY);
	vt_ok(fd >= 0, "open a directory for getdents (%d)", fd);
	n = rump_sys_getdents(fd, buf, sizeof(buf));
	vt_ok(n > 0, "getdents of the empty directory: \".\", \"..\" (%ld)", n);
	VT_VAL(rump_sys_lseek(fd, 0x7fffffffffffffffLL, VT_SEEK_SET),
	       0x7fffffffffffffffLL);
	VT_VAL(rump_sys_getdents(fd, buf, sizeof(buf)), 0);
	vt_mkfile(D "/past/new", "x", 1);
	VT_VAL(rump_sys_getdents(fd, buf, sizeof(buf)), 0);
	VT_VAL(rump_sys_lseek(fd, 0, VT_SEEK_SET), 0);
	vt_ok(rump_sys_getdents(fd, buf, sizeof(buf)) > n,
	      "... and from the start the new entry is listed");
	VT_VAL(rump_sys_close(fd), 0);
	VT_VAL(rump_sys_unlink(D "/past/new"), 0);
	VT_VAL(rump_sys_rmdir(D "/past"), 0);
}

void vt_t_regress(void)
{
	VT_VAL(rump_sys_mkdir(D, 0755), 0);
	vt_faulted_write_keeps_no_page();
	vt_write_at_max_size_is_short();
	vt_kernfs_write_offset();
	vt_empty_append_write_keeps_offset();
	vt_mount_on_removed_dir();
	vt_empty_read_of_dir();
	vt_dir_offset_past_end();
	vt_rename_copies_both_names_first();
	VT_VAL(rump_sys_rmdir(D), 0);
}
