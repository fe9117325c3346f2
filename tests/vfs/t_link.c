// SPDX-License-Identifier: BSD-2-Clause
/* Symbolic links (symlink, readlink, lstat, lookup through links) and rename. */
#include "vt_int.h"

#define D "/vt/link"

static void vt_symlinks(void)
{
	struct rump_stat st, st2;
	char buf[64];
	long n;
	int fd;

	vt_mkfile(D "/target", "data", 4);
	VT_VAL(rump_sys_symlink("target", D "/rel"), 0);
	VT_VAL(rump_sys_symlink(D "/target", D "/abs"), 0);
	VT_VAL(rump_sys_symlink("nowhere", D "/dangling"), 0);
	VT_ERR(rump_sys_symlink("x", D "/rel"), VT_EEXIST);
	VT_ERR(rump_sys_symlink("x", D "/target"), VT_EEXIST);
	VT_ERR(rump_sys_symlink("x", D "/nodir/l"), VT_ENOENT);
	VT_ERR(rump_sys_symlink("x", D "/target/l"), VT_ENOTDIR);

	n = rump_sys_readlink(D "/rel", buf, sizeof(buf));
	vt_ok(n == 6 && !vt_memcmp(buf, "target", 6), "readlink of a "
	      "relative link (%ld)", n);
	n = rump_sys_readlink(D "/abs", buf, 4);
	vt_ok(n == 4 && !vt_memcmp(buf, "/vt/", 4), "readlink truncates to "
	      "the buffer (%ld)", n);
	VT_ERR(rump_sys_readlink(D "/target", buf, sizeof(buf)), VT_EINVAL);
	VT_ERR(rump_sys_readlink(D "/nope", buf, sizeof(buf)), VT_ENOENT);
	VT_ERR(rump_sys_readlink(D "/target/x", buf, sizeof(buf)), VT_ENOTDIR);

	VT_VAL(rump_sys_stat(D "/target", &st), 0);
	VT_VAL(rump_sys_stat(D "/rel", &st2), 0);
	vt_ok(st.st_ino == st2.st_ino, "stat follows a relative link");
	VT_VAL(rump_sys_stat(D "/abs", &st2), 0);
	vt_ok(st.st_ino == st2.st_ino, "stat follows an absolute link");
	VT_VAL(rump_sys_lstat(D "/rel", &st2), 0);
	vt_ok((st2.st_mode & VT_S_IFMT) == VT_S_IFLNK && st2.st_size == 6,
	      "lstat sees the link itself (mode 0%o size %lld)",
	      (unsigned)st2.st_mode, (long long)st2.st_size);
	VT_ERR(rump_sys_stat(D "/dangling", &st2), VT_ENOENT);
	VT_VAL(rump_sys_lstat(D "/dangling", &st2), 0);

	vt_ok(vt_slurp(D "/rel", buf, sizeof(buf)) == 4 &&
	      !vt_strcmp(buf, "data"), "open follows a link");
	VT_ERR(rump_sys_open(D "/rel", RUMP_O_RDONLY | RUMP_O_NOFOLLOW),
	       VT_ELOOP);
	/* O_CREAT through a dangling link creates the target. */
	fd = rump_sys_open(D "/dangling", RUMP_O_WRONLY | RUMP_O_CREAT, 0644);
	vt_ok(fd >= 0, "O_CREAT through a dangling link");
	rump_sys_close(fd);
	vt_ok(vt_ftype(D "/nowhere") == VT_S_IFREG, "... created its target");
	VT_ERR(rump_sys_open(D "/rel", RUMP_O_WRONLY | RUMP_O_CREAT |
			     RUMP_O_EXCL, 0644), VT_EEXIST);

	/* Links to directories, in the middle of a path. */
	VT_VAL(rump_sys_mkdir(D "/sub", 0755), 0);
	vt_mkfile(D "/sub/f", "f", 1);
	VT_VAL(rump_sys_symlink("sub", D "/sl"), 0);
	VT_VAL(rump_sys_symlink("../sub/", D "/sub/up"), 0);
	VT_VAL(rump_sys_stat(D "/sub/f", &st), 0);
	VT_VAL(rump_sys_stat(D "/sl/f", &st2), 0);
	vt_ok(st.st_ino == st2.st_ino, "a link in the middle of a path");
	VT_VAL(rump_sys_stat(D "/sl/up/up/up/f", &st2), 0);
	vt_ok(st.st_ino == st2.st_ino, "links with \"..\" resolve from the "
	      "link's directory");
	VT_VAL(rump_sys_lstat(D "/sl", &st2), 0);
	vt_ok((st2.st_mode & VT_S_IFMT) == VT_S_IFLNK, "lstat of a link to "
	      "a directory");
	VT_VAL(rump_sys_lstat(D "/sl/", &st2), 0);
	vt_ok((st2.st_mode & VT_S_IFMT) == VT_S_IFDIR, "a trailing slash "
	      "follows the link");
	VT_VAL(rump_sys_chdir(D "/sl"), 0);
	VT_VAL(rump_sys_stat("f", &st2), 0);
	vt_ok(st.st_ino == st2.st_ino, "chdir through a link");
	VT_VAL(rump_sys_chdir("/"), 0);

	/* Loops end with ELOOP, not a hang. */
	VT_VAL(rump_sys_symlink("loop2", D "/loop1"), 0);
	VT_VAL(rump_sys_symlink("loop1", D "/loop2"), 0);
	VT_ERR(rump_sys_stat(D "/loop1", &st), VT_ELOOP);
	VT_ERR(rump_sys_open(D "/loop1/x", RUMP_O_RDONLY), VT_ELOOP);
	VT_VAL(rump_sys_symlink("self", D "/self"), 0);
	VT_ERR(rump_sys_open(D "/self", RUMP_O_RDONLY), VT_ELOOP);

	/* unlink removes the link, never the target. */
	VT_VAL(rump_sys_unlink(D "/rel"), 0);
	vt_ok(vt_ftype(D "/target") == VT_S_IFREG, "unlink of a link keeps "
	      "the target");
	VT_VAL(rump_sys_unlink(D "/sl"), 0);
	vt_ok(vt_ftype(D "/sub") == VT_S_IFDIR, "unlink of a link to a "
	      "directory keeps the directory");
	VT_ERR(rump_sys_rmdir(D "/abs"), VT_ENOTDIR);
}

static void vt_renames(void)
{
	struct rump_stat st, st2;
	char buf[16];
	int fd;

	VT_VAL(rump_sys_mkdir(D "/r", 0755), 0);
	vt_mkfile(D "/r/a", "A", 1);
	vt_mkfile(D "/r/b", "B", 1);
	VT_VAL(rump_sys_stat(D "/r/a", &st), 0);
	VT_VAL(rump_sys_rename(D "/r/a", D "/r/c"), 0);
	VT_VAL(rump_sys_stat(D "/r/c", &st2), 0);
	vt_ok(st.st_ino == st2.st_ino && vt_ftype(D "/r/a") == 0,
	      "rename moves the name, keeps the inode");
	/* Replacing an existing file; an open descriptor keeps the old one. */
	fd = rump_sys_open(D "/r/b", RUMP_O_RDONLY);
	VT_VAL(rump_sys_rename(D "/r/c", D "/r/b"), 0);
	vt_ok(vt_slurp(D "/r/b", buf, sizeof(buf)) == 1 && buf[0] == 'A' &&
	      vt_ftype(D "/r/c") == 0, "rename over a file replaces it");
	VT_VAL(rump_sys_read(fd, buf, sizeof(buf)), 1);
	vt_ok(buf[0] == 'B', "the replaced file stays readable while open");
	rump_sys_close(fd);
	/* Same file: nothing happens. */
	VT_VAL(rump_sys_rename(D "/r/b", D "/r/b"), 0);
	vt_ok(vt_ftype(D "/r/b") == VT_S_IFREG, "rename to itself is a no-op");
	VT_ERR(rump_sys_rename(D "/r/nope", D "/r/x"), VT_ENOENT);
	VT_ERR(rump_sys_rename(D "/r/b", D "/r/nodir/x"), VT_ENOENT);
	VT_ERR(rump_sys_rename(D "/r/b/x", D "/r/y"), VT_ENOTDIR);

	/* Directories. */
	VT_VAL(rump_sys_mkdir(D "/r/d1", 0755), 0);
	VT_VAL(rump_sys_mkdir(D "/r/d2", 0755), 0);
	vt_mkfile(D "/r/d1/in", "in", 2);
	VT_ERR(rump_sys_rename(D "/r/d1", D "/r/b"), VT_ENOTDIR);
	VT_ERR(rump_sys_rename(D "/r/b", D "/r/d1"), VT_EISDIR);
	VT_ERR(rump_sys_rename(D "/r/d1", D "/r/d1/sub"), VT_EINVAL);
	VT_ERR(rump_sys_rename(D "/r", D "/r/d1/sub"), VT_EINVAL);
	VT_VAL(rump_sys_rename(D "/r/d1", D "/r/d2"), 0);
	vt_ok(vt_ftype(D "/r/d2/in") == VT_S_IFREG && vt_ftype(D "/r/d1") == 0,
	      "rename of a directory over an empty one");
	VT_VAL(rump_sys_mkdir(D "/r/d3", 0755), 0);
	VT_ERR(rump_sys_rename(D "/r/d3", D "/r/d2"), VT_ENOTEMPTY);
	/* Moving a directory to another parent fixes both link counts. */
	VT_VAL(rump_sys_rename(D "/r/d3", D "/r/d2/d3"), 0);
	VT_VAL(rump_sys_stat(D "/r/d2", &st), 0);
	VT_VAL(rump_sys_stat(D "/r", &st2), 0);
	vt_ok(st.st_nlink == 3 && st2.st_nlink == 3, "link counts after "
	      "moving a directory (new parent %u, old parent %u; want 3, 3)",
	      (unsigned)st.st_nlink, (unsigned)st2.st_nlink);
	VT_VAL(rump_sys_stat(D "/r/d2/d3/..", &st2), 0);
	vt_ok(st.st_ino == st2.st_ino, "the moved directory's \"..\" is its "
	      "new parent");
	VT_ERR(rump_sys_rename(D "/r/d2/.", D "/r/x"), VT_EINVAL);
	VT_ERR(rump_sys_rename(D "/r/d2/..", D "/r/x"), VT_EINVAL);
	/* A link is renamed, not its target. */
	VT_VAL(rump_sys_symlink("b", D "/r/l"), 0);
	VT_VAL(rump_sys_rename(D "/r/l", D "/r/l2"), 0);
	vt_ok(vt_ftype(D "/r/l2") == VT_S_IFLNK &&
	      vt_ftype(D "/r/b") == VT_S_IFREG, "rename of a link");
}

void vt_t_link(void)
{
	vt_out("# symbolic links and rename");
	VT_VAL(rump_sys_mkdir(D, 0755), 0);
	vt_symlinks();
	vt_renames();
	vt_rmtree(D);
	vt_ok(vt_ftype(D) == 0, "cleanup of " D);
}
