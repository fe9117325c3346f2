// SPDX-License-Identifier: BSD-2-Clause
/*
 * Regular files: open flags, read/write/pread/pwrite, lseek, stat/fstat,
 * truncate/ftruncate, fsync, dup/dup2, close, and their error cases.
 */
#include "vt_int.h"

#define D "/vt/file"

static void vt_open_flags(void)
{
	struct rump_stat st;
	char buf[64];
	int fd, fd2;

	VT_ERR(rump_sys_open(D "/nope", RUMP_O_RDONLY), VT_ENOENT);
	VT_ERR(rump_sys_open(D "/nodir/x", RUMP_O_RDWR | RUMP_O_CREAT, 0644),
	       VT_ENOENT);
	fd = rump_sys_open(D "/a", RUMP_O_RDWR | RUMP_O_CREAT | RUMP_O_EXCL,
			   0640);
	vt_ok(fd >= 0, "open(O_CREAT|O_EXCL) of a new file (fd %d)", fd);
	VT_ERR(rump_sys_open(D "/a", RUMP_O_RDWR | RUMP_O_CREAT | RUMP_O_EXCL,
			     0640), VT_EEXIST);
	VT_VAL(rump_sys_fstat(fd, &st), 0);
	vt_ok((st.st_mode & VT_S_IFMT) == VT_S_IFREG && st.st_size == 0 &&
	      st.st_nlink == 1, "fstat of a new file: regular, size 0, "
	      "nlink 1 (mode 0%o size %lld nlink %u)", (unsigned)st.st_mode,
	      (long long)st.st_size, (unsigned)st.st_nlink);
	vt_ok((st.st_mode & 07777) == 0640, "O_CREAT mode 0640 kept "
	      "(0%o)", (unsigned)(st.st_mode & 07777));
	VT_VAL(rump_sys_write(fd, "hello world", 11), 11);
	VT_VAL(rump_sys_close(fd), 0);
	VT_ERR(rump_sys_close(fd), VT_EBADF);

	/* O_CREAT without O_EXCL opens the existing file and keeps data. */
	fd = rump_sys_open(D "/a", RUMP_O_RDONLY | RUMP_O_CREAT, 0600);
	VT_VAL(rump_sys_read(fd, buf, sizeof(buf)), 11);
	vt_ok(!vt_memcmp(buf, "hello world", 11), "data read back");
	VT_VAL(rump_sys_read(fd, buf, sizeof(buf)), 0);
	VT_ERR(rump_sys_write(fd, "x", 1), VT_EBADF);
	rump_sys_close(fd);

	fd = rump_sys_open(D "/a", RUMP_O_WRONLY);
	VT_ERR(rump_sys_read(fd, buf, 1), VT_EBADF);
	VT_VAL(rump_sys_write(fd, "J", 1), 1);
	rump_sys_close(fd);
	vt_ok(vt_slurp(D "/a", buf, sizeof(buf)) == 11 &&
	      !vt_strcmp(buf, "Jello world"),
	      "O_WRONLY write overwrites at offset 0 (\"%s\")", buf);

	/* O_APPEND: every write goes to the end, whatever the offset. */
	fd = rump_sys_open(D "/a", RUMP_O_WRONLY | RUMP_O_APPEND);
	VT_VAL(rump_sys_lseek(fd, 0, VT_SEEK_SET), 0);
	VT_VAL(rump_sys_write(fd, "!", 1), 1);
	VT_VAL(rump_sys_lseek(fd, 0, VT_SEEK_CUR), 12);
	rump_sys_close(fd);
	vt_ok(vt_slurp(D "/a", buf, sizeof(buf)) == 12 &&
	      !vt_strcmp(buf, "Jello world!"), "O_APPEND appends (\"%s\")",
	      buf);

	/* O_TRUNC empties, also through a second descriptor. */
	fd2 = rump_sys_open(D "/a", RUMP_O_RDONLY);
	fd = rump_sys_open(D "/a", RUMP_O_WRONLY | RUMP_O_TRUNC);
	vt_ok(fd >= 0, "open(O_TRUNC)");
	VT_VAL(rump_sys_fstat(fd2, &st), 0);
	vt_ok(st.st_size == 0, "O_TRUNC truncated to 0 (size %lld)",
	      (long long)st.st_size);
	VT_VAL(rump_sys_read(fd2, buf, sizeof(buf)), 0);
	rump_sys_close(fd);
	rump_sys_close(fd2);

	/* Directories. */
	VT_ERR(rump_sys_open(D, RUMP_O_WRONLY), VT_EISDIR);
	VT_ERR(rump_sys_open(D, RUMP_O_RDWR), VT_EISDIR);
	VT_ERR(rump_sys_open(D, RUMP_O_RDWR | RUMP_O_CREAT, 0644), VT_EISDIR);
	fd = rump_sys_open(D, RUMP_O_RDONLY);
	vt_ok(fd >= 0, "open(dir, O_RDONLY)");
	VT_ERR(rump_sys_read(fd, buf, sizeof(buf)), VT_EISDIR);
	VT_ERR(rump_sys_write(fd, buf, 1), VT_EBADF);
	rump_sys_close(fd);
	VT_ERR(rump_sys_open(D "/a", RUMP_O_RDONLY | RUMP_O_DIRECTORY),
	       VT_ENOTDIR);
	fd = rump_sys_open(D, RUMP_O_RDONLY | RUMP_O_DIRECTORY);
	vt_ok(fd >= 0, "open(dir, O_DIRECTORY)");
	rump_sys_close(fd);
	VT_ERR(rump_sys_open(D "/a/b", RUMP_O_RDONLY), VT_ENOTDIR);
	VT_ERR(rump_sys_open(D "/a/b", RUMP_O_RDWR | RUMP_O_CREAT, 0644),
	       VT_ENOTDIR);
	VT_ERR(rump_sys_open("", RUMP_O_RDONLY), VT_ENOENT);
}

static void vt_rw(void)
{
	static char big[4096];	/* not on a kernel stack */
	char buf[256];
	struct rump_stat st;
	int fd;

	fd = rump_sys_open(D "/rw", RUMP_O_RDWR | RUMP_O_CREAT, 0644);
	vt_fill(big, sizeof(big), 1, 0);
	VT_VAL(rump_sys_write(fd, big, sizeof(big)), 4096);
	VT_VAL(rump_sys_lseek(fd, 0, VT_SEEK_CUR), 4096);
	VT_VAL(rump_sys_lseek(fd, 100, VT_SEEK_SET), 100);
	VT_VAL(rump_sys_read(fd, buf, 50), 50);
	vt_ok(vt_check(buf, 50, 1, 100) < 0, "read after lseek(SET 100)");
	VT_VAL(rump_sys_lseek(fd, -10, VT_SEEK_CUR), 140);
	VT_VAL(rump_sys_lseek(fd, -96, VT_SEEK_END), 4000);
	VT_VAL(rump_sys_read(fd, buf, 200), 96);
	vt_ok(vt_check(buf, 96, 1, 4000) < 0, "short read at the end");
	VT_VAL(rump_sys_read(fd, buf, 200), 0);
	VT_ERR(rump_sys_lseek(fd, -1, VT_SEEK_SET), VT_EINVAL);
	VT_ERR(rump_sys_lseek(fd, -5000, VT_SEEK_END), VT_EINVAL);
	VT_ERR(rump_sys_lseek(fd, 0, 3), VT_EINVAL);
	VT_VAL(rump_sys_lseek(fd, 0, VT_SEEK_CUR), 4096);
	VT_ERR(rump_sys_lseek(99, 0, VT_SEEK_SET), VT_EBADF);

	/* pread/pwrite use their own offset and leave the file offset. */
	VT_VAL(rump_sys_lseek(fd, 10, VT_SEEK_SET), 10);
	VT_VAL(rump_sys_pread(fd, buf, 30, 2000), 30);
	vt_ok(vt_check(buf, 30, 1, 2000) < 0, "pread data");
	VT_VAL(rump_sys_pwrite(fd, "ABCD", 4, 4094), 4);
	VT_VAL(rump_sys_lseek(fd, 0, VT_SEEK_CUR), 10);
	VT_VAL(rump_sys_fstat(fd, &st), 0);
	vt_ok(st.st_size == 4098, "pwrite past the end grows the file "
	      "(size %lld)", (long long)st.st_size);
	VT_VAL(rump_sys_pread(fd, buf, 8, 4092), 6);
	vt_ok(!vt_memcmp(buf + 2, "ABCD", 4), "pread sees the pwrite");
	VT_VAL(rump_sys_pread(fd, buf, 8, 9999), 0);
	VT_ERR(rump_sys_pread(fd, buf, 8, -1), VT_EINVAL);
	VT_ERR(rump_sys_pwrite(fd, buf, 8, -1), VT_EINVAL);
	VT_ERR(rump_sys_pread(77, buf, 8, 0), VT_EBADF);
	VT_ERR(rump_sys_pwrite(77, buf, 8, 0), VT_EBADF);

	/* Writing past the end leaves a hole that reads as zeros. */
	VT_VAL(rump_sys_lseek(fd, 10000, VT_SEEK_SET), 10000);
	VT_VAL(rump_sys_fstat(fd, &st), 0);
	vt_ok(st.st_size == 4098, "lseek past the end does not grow the "
	      "file (size %lld)", (long long)st.st_size);
	VT_VAL(rump_sys_write(fd, "Z", 1), 1);
	VT_VAL(rump_sys_pread(fd, buf, 256, 9800), 201);
	vt_memset(big, 0, 200);
	vt_ok(!vt_memcmp(buf, big, 200) && buf[200] == 'Z',
	      "the hole reads as zeros, then the data");
	VT_VAL(rump_sys_write(fd, buf, 0), 0);
	VT_VAL(rump_sys_fsync(fd), 0);
	VT_ERR(rump_sys_fsync(55), VT_EBADF);
	VT_VAL(rump_sys_close(fd), 0);

	VT_ERR(rump_sys_read(fd, buf, 1), VT_EBADF);
	VT_ERR(rump_sys_write(fd, buf, 1), VT_EBADF);
	VT_ERR(rump_sys_read(-1, buf, 1), VT_EBADF);
	VT_ERR(rump_sys_fstat(fd, &st), VT_EBADF);
	VT_ERR(rump_sys_close(-1), VT_EBADF);
	VT_ERR(rump_sys_close(1000000), VT_EBADF);
}

static void vt_stat(void)
{
	struct rump_stat a, b;

	VT_VAL(rump_sys_stat(D "/rw", &a), 0);
	VT_VAL(rump_sys_lstat(D "/rw", &b), 0);
	vt_ok(a.st_ino == b.st_ino && a.st_size == 10001 &&
	      a.st_size == b.st_size, "stat and lstat agree on a file "
	      "(size %lld)", (long long)a.st_size);
	vt_ok(a.st_blksize > 0, "st_blksize set (%u)", (unsigned)a.st_blksize);
	VT_VAL(rump_sys_stat(D "/a", &b), 0);
	vt_ok(a.st_ino != b.st_ino && a.st_dev == b.st_dev,
	      "two files: distinct inode numbers, one device");
	VT_VAL(rump_sys_stat(D, &a), 0);
	vt_ok((a.st_mode & VT_S_IFMT) == VT_S_IFDIR && a.st_nlink >= 2,
	      "stat of a directory: S_IFDIR, nlink >= 2 (%u)",
	      (unsigned)a.st_nlink);
	VT_ERR(rump_sys_stat(D "/nope", &a), VT_ENOENT);
	VT_ERR(rump_sys_lstat(D "/nope", &a), VT_ENOENT);
	VT_ERR(rump_sys_stat(D "/a/x", &a), VT_ENOTDIR);
	VT_ERR(rump_sys_stat("", &a), VT_ENOENT);
}

/* truncate and ftruncate: shrink, grow with zeros, and the errors. */
static void vt_truncate(void)
{
	static char big[8192], zero[8192];	/* not on a kernel stack */
	struct rump_stat st;
	int fd, ro;

	vt_mkfile(D "/tr", "0123456789", 10);
	fd = rump_sys_open(D "/tr", RUMP_O_RDWR);
	VT_VAL(rump_sys_ftruncate(fd, 4), 0);
	VT_VAL(rump_sys_fstat(fd, &st), 0);
	vt_ok(st.st_size == 4, "ftruncate shrinks (size %lld)",
	      (long long)st.st_size);
	VT_VAL(rump_sys_pread(fd, big, 16, 0), 4);
	vt_ok(!vt_memcmp(big, "0123", 4), "the bytes before the cut stay");
	VT_VAL(rump_sys_ftruncate(fd, 8192), 0);
	VT_VAL(rump_sys_pread(fd, big, 8192, 0), 8192);
	vt_ok(!vt_memcmp(big, "0123", 4) && !vt_memcmp(big + 4, zero, 8188),
	      "growing reads as zeros past the old end, cut bytes included");
	VT_VAL(rump_sys_lseek(fd, 0, VT_SEEK_CUR), 0);
	VT_VAL(rump_sys_truncate(D "/tr", 1), 0);
	VT_VAL(rump_sys_stat(D "/tr", &st), 0);
	vt_ok(st.st_size == 1, "truncate by name (size %lld)",
	      (long long)st.st_size);
	VT_VAL(rump_sys_truncate(D "/tr", 1), 0);
	VT_ERR(rump_sys_ftruncate(fd, -1), VT_EINVAL);
	VT_ERR(rump_sys_truncate(D "/tr", -1), VT_EINVAL);
	VT_ERR(rump_sys_ftruncate(99, 0), VT_EBADF);
	VT_ERR(rump_sys_truncate(D "/nope", 0), VT_ENOENT);
	VT_ERR(rump_sys_truncate(D "/tr/x", 0), VT_ENOTDIR);
	VT_ERR(rump_sys_truncate(D, 0), VT_EISDIR);
	VT_ERR(rump_sys_truncate("", 0), VT_ENOENT);
	ro = rump_sys_open(D "/tr", RUMP_O_RDONLY);
	VT_ERR(rump_sys_ftruncate(ro, 0), VT_EINVAL);
	rump_sys_close(ro);
	ro = rump_sys_open(D, RUMP_O_RDONLY);
	VT_ERR(rump_sys_ftruncate(ro, 0), VT_EINVAL);
	rump_sys_close(ro);
	VT_VAL(rump_sys_fstat(fd, &st), 0);
	vt_ok(st.st_size == 1, "failed calls left the size (%lld)",
	      (long long)st.st_size);
	VT_VAL(rump_sys_close(fd), 0);
}

/* dup, dup2 and the descriptor table. */
static void vt_fd(void)
{
	char buf[16];
	int fd, d, d2, i, fds[64], n;

	vt_mkfile(D "/dup", "0123456789", 10);
	fd = rump_sys_open(D "/dup", RUMP_O_RDONLY);
	d = rump_sys_dup(fd);
	vt_ok(d >= 0 && d != fd, "dup gives a new descriptor (%d -> %d)",
	      fd, d);
	VT_VAL(rump_sys_read(fd, buf, 4), 4);
	VT_VAL(rump_sys_lseek(d, 0, VT_SEEK_CUR), 4);
	VT_VAL(rump_sys_read(d, buf, 2), 2);
	vt_ok(buf[0] == '4' && buf[1] == '5', "dup shares the file offset");
	VT_VAL(rump_sys_close(fd), 0);
	VT_VAL(rump_sys_read(d, buf, 2), 2);
	vt_ok(buf[0] == '6', "the dup works after the original is closed");
	d2 = rump_sys_dup2(d, 40);
	vt_ok(d2 == 40, "dup2 to a chosen number (%d)", d2);
	VT_VAL(rump_sys_read(40, buf, 2), 2);
	vt_ok(buf[0] == '8', "dup2 shares the offset");
	VT_VAL(rump_sys_dup2(d, d), d);
	fd = rump_sys_open(D "/a", RUMP_O_RDONLY);
	VT_VAL(rump_sys_dup2(fd, 40), 40);
	VT_VAL(rump_sys_read(40, buf, 4), 0);
	VT_ERR(rump_sys_dup(-1), VT_EBADF);
	VT_ERR(rump_sys_dup(200), VT_EBADF);
	VT_ERR(rump_sys_dup2(200, 41), VT_EBADF);
	VT_ERR(rump_sys_dup2(d, -1), VT_EBADF);
	VT_ERR(rump_sys_dup2(d, 100000000), VT_EBADF);
	rump_sys_close(40);
	rump_sys_close(fd);

	/*
	 * The lowest free number is allocated: p was the lowest when it was
	 * opened, so once closed it is the lowest again.
	 */
	rump_sys_close(d);
	fd = rump_sys_open(D "/dup", RUMP_O_RDONLY);
	d2 = rump_sys_open(D "/dup", RUMP_O_RDONLY);
	rump_sys_close(fd);
	i = rump_sys_open(D "/dup", RUMP_O_RDONLY);
	vt_ok(i == fd && fd >= 0 && d2 > fd, "the lowest free descriptor is "
	      "reused (%d, expected %d)", i, fd);
	rump_sys_close(i);
	rump_sys_close(d2);

	/* Many descriptors at once, all closed again. */
	for (n = 0; n < 64; n++) {
		fds[n] = rump_sys_open(D "/dup", RUMP_O_RDONLY);
		if (fds[n] < 0)
			break;
	}
	vt_ok(n == 64, "64 descriptors open at once (%d)", n);
	for (i = 0; i < n; i++)
		if (rump_sys_close(fds[i]) < 0)
			break;
	vt_ok(i == n, "and closed");
}

void vt_t_basic(void)
{
	vt_out("# files: open, read, write, lseek, pread, pwrite, stat, "
	       "truncate");
	VT_VAL(rump_sys_mkdir(D, 0755), 0);
	vt_open_flags();
	vt_rw();
	vt_stat();
	vt_truncate();
	vt_fd();
	vt_rmtree(D);
	vt_ok(vt_ftype(D) == 0, "cleanup of " D);
}
