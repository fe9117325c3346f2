// SPDX-License-Identifier: BSD-2-Clause
/*
 * Directories and names: mkdir, rmdir, unlink, chdir, getcwd, getdents,
 * path lookup (".", "..", absolute, relative, repeated slashes) and
 * name length limits.
 */
#include "vt_int.h"

#define D "/vt/dir"

struct vt_seen {
	int n, a, b, c, other, types_ok;
};

static void vt_see(const char *name, int type, void *arg)
{
	struct vt_seen *s = arg;

	s->n++;
	if (!vt_strcmp(name, "a"))
		s->a++, s->types_ok += type == VT_DT_REG;
	else if (!vt_strcmp(name, "b"))
		s->b++, s->types_ok += type == VT_DT_DIR;
	else if (!vt_strcmp(name, "c"))
		s->c++, s->types_ok += type == VT_DT_LNK;
	else
		s->other++;
}

static void vt_mkdir_rmdir(void)
{
	struct rump_stat st, st2;

	VT_VAL(rump_sys_mkdir(D "/x", 0750), 0);
	VT_VAL(rump_sys_stat(D "/x", &st), 0);
	vt_ok((st.st_mode & VT_S_IFMT) == VT_S_IFDIR &&
	      (st.st_mode & 07777) == 0750 && st.st_nlink == 2,
	      "new directory: S_IFDIR, mode 0750, nlink 2 (0%o, %u)",
	      (unsigned)st.st_mode, (unsigned)st.st_nlink);
	VT_VAL(rump_sys_stat(D, &st2), 0);
	VT_VAL(rump_sys_mkdir(D "/x/y", 0755), 0);
	VT_VAL(rump_sys_stat(D "/x", &st), 0);
	vt_ok(st.st_nlink == 3, "a subdirectory's \"..\" counts as a link "
	      "(nlink %u)", (unsigned)st.st_nlink);
	VT_ERR(rump_sys_mkdir(D "/x", 0755), VT_EEXIST);
	VT_ERR(rump_sys_mkdir(D "/x/y", 0755), VT_EEXIST);
	VT_ERR(rump_sys_mkdir(D "/nope/y", 0755), VT_ENOENT);
	VT_ERR(rump_sys_mkdir("/", 0755), VT_EEXIST);
	VT_ERR(rump_sys_mkdir("", 0755), VT_ENOENT);
	vt_mkfile(D "/f", "f", 1);
	VT_ERR(rump_sys_mkdir(D "/f", 0755), VT_EEXIST);
	VT_ERR(rump_sys_mkdir(D "/f/y", 0755), VT_ENOTDIR);
	VT_ERR(rump_sys_rmdir(D "/x"), VT_ENOTEMPTY);
	VT_ERR(rump_sys_rmdir(D "/f"), VT_ENOTDIR);
	VT_ERR(rump_sys_rmdir(D "/nope"), VT_ENOENT);
	VT_ERR(rump_sys_rmdir(D "/x/y/."), VT_EINVAL);
	VT_ERR(rump_sys_rmdir(D "/f/y"), VT_ENOTDIR);
	VT_VAL(rump_sys_rmdir(D "/x/y"), 0);
	VT_VAL(rump_sys_stat(D "/x", &st), 0);
	vt_ok(st.st_nlink == 2, "rmdir drops the parent's link count "
	      "(nlink %u)", (unsigned)st.st_nlink);
	VT_VAL(rump_sys_rmdir(D "/x"), 0);
	VT_ERR(rump_sys_stat(D "/x", &st), VT_ENOENT);
	/* A slash at the end names the directory itself. */
	VT_VAL(rump_sys_mkdir(D "/s/", 0755), 0);
	VT_VAL(rump_sys_rmdir(D "/s/"), 0);

	VT_ERR(rump_sys_unlink(D "/nope"), VT_ENOENT);
	VT_ERR(rump_sys_unlink(D "/f/x"), VT_ENOTDIR);
	VT_VAL(rump_sys_mkdir(D "/d", 0755), 0);
	/* POSIX allows EPERM; NetBSD and Linux say EPERM and EISDIR. */
	{
		long rv = rump_sys_unlink(D "/d");
		int e = rv < 0 ? vt_errno() : 0;

		vt_ok(rv == -1 && (e == VT_EPERM || e == VT_EISDIR),
		      "unlink of a directory fails EPERM or EISDIR (%ld, %s)",
		      rv, vt_errname(e));
	}
	VT_VAL(rump_sys_rmdir(D "/d"), 0);
	VT_VAL(rump_sys_unlink(D "/f"), 0);
	VT_ERR(rump_sys_unlink(D "/f"), VT_ENOENT);
}

/* An open file outlives its last name. */
static void vt_unlink_open(void)
{
	char buf[8];
	int fd;

	vt_mkfile(D "/u", "kept", 4);
	fd = rump_sys_open(D "/u", RUMP_O_RDWR);
	VT_VAL(rump_sys_unlink(D "/u"), 0);
	vt_ok(vt_ftype(D "/u") == 0, "the unlinked name is gone");
	VT_VAL(rump_sys_pread(fd, buf, 8, 0), 4);
	vt_ok(!vt_memcmp(buf, "kept", 4), "an open file can be read after "
	      "unlink");
	VT_VAL(rump_sys_pwrite(fd, "more", 4, 4), 4);
	VT_VAL(rump_sys_close(fd), 0);
}

static void vt_getdents(void)
{
	struct vt_seen s = { 0 };
	char buf[VT_GETDENTS_BUF] __attribute__((aligned(8)));
	int fd, dots = 0;
	long n, off;

	VT_VAL(rump_sys_mkdir(D "/g", 0755), 0);
	/* A listing of the empty directory must not stick. */
	n = vt_listdir(D "/g", vt_see, &s);
	vt_ok(n == 0 && s.n == 0, "an empty directory lists nothing (%ld)", n);
	vt_mkfile(D "/g/a", "a", 1);
	VT_VAL(rump_sys_mkdir(D "/g/b", 0755), 0);
	VT_VAL(rump_sys_symlink("a", D "/g/c"), 0);
	n = vt_listdir(D "/g", vt_see, &s);
	vt_ok(n == 3 && s.a == 1 && s.b == 1 && s.c == 1 && !s.other,
	      "getdents lists a, b, c once each (%ld entries)", n);
	vt_ok(s.types_ok == 3, "d_type: DT_REG, DT_DIR, DT_LNK");

	fd = rump_sys_open(D "/g", RUMP_O_RDONLY);
	n = rump_sys_getdents(fd, buf, sizeof(buf));
	vt_ok(n > 0, "getdents returns records (%ld bytes)", n);
	for (off = 0; n > 0 && off < n;) {
		struct rump_dirent *d = (struct rump_dirent *)(buf + off);

		if (d->d_reclen == 0 || d->d_reclen % 8 ||
		    d->d_namlen != vt_strlen(d->d_name))
			break;
		if (!vt_strcmp(d->d_name, ".") || !vt_strcmp(d->d_name, ".."))
			dots++;
		off += d->d_reclen;
	}
	vt_ok(off == n, "records are 8-byte aligned and d_namlen matches "
	      "the name (stopped at %ld of %ld)", off, n);
	vt_ok(dots == 2, "\".\" and \"..\" are listed (%d)", dots);
	VT_VAL(rump_sys_getdents(fd, buf, sizeof(buf)), 0);
	VT_VAL(rump_sys_lseek(fd, 0, VT_SEEK_SET), 0);
	vt_ok(rump_sys_getdents(fd, buf, sizeof(buf)) == n,
	      "lseek(0) rewinds the listing");
	/* Too small for any record. */
	VT_VAL(rump_sys_lseek(fd, 0, VT_SEEK_SET), 0);
	VT_ERR(rump_sys_getdents(fd, buf, 4), VT_EINVAL);
	rump_sys_close(fd);
	VT_ERR(rump_sys_getdents(fd, buf, sizeof(buf)), VT_EBADF);
	fd = rump_sys_open(D "/g/a", RUMP_O_RDONLY);
	VT_ERR(rump_sys_getdents(fd, buf, sizeof(buf)), VT_ENOTDIR);
	rump_sys_close(fd);
	vt_rmtree(D "/g");
}

static void vt_cwd(void)
{
	char buf[VT_PATH_MAX], small[4];
	struct rump_stat st, st2;
	long rv;

	VT_VAL(rump_sys_mkdir(D "/c", 0755), 0);
	VT_VAL(rump_sys_mkdir(D "/c/d", 0755), 0);
	VT_VAL(rump_sys_chdir(D "/c"), 0);
	rv = rump_sys___getcwd(buf, sizeof(buf));
	vt_ok(rv >= 0 && !vt_strcmp(buf, D "/c"), "getcwd after chdir "
	      "(\"%s\", rv %ld)", rv >= 0 ? buf : "", rv);
	VT_ERR(rump_sys___getcwd(small, sizeof(small)), VT_ERANGE);
	VT_VAL(rump_sys_mkdir("rel", 0755), 0);
	VT_VAL(rump_sys_stat(D "/c/rel", &st), 0);
	VT_VAL(rump_sys_stat("./rel/../rel/.", &st2), 0);
	vt_ok(st.st_ino == st2.st_ino, "relative lookup with . and ..");
	vt_mkfile("d/file", "x", 1);
	VT_VAL(rump_sys_stat(D "/c/d/file", &st), 0);
	VT_VAL(rump_sys_chdir("d"), 0);
	rv = rump_sys___getcwd(buf, sizeof(buf));
	vt_ok(rv >= 0 && !vt_strcmp(buf, D "/c/d"), "relative chdir "
	      "(\"%s\")", rv >= 0 ? buf : "");
	VT_VAL(rump_sys_stat("file", &st2), 0);
	vt_ok(st.st_ino == st2.st_ino, "relative name after relative chdir");
	VT_VAL(rump_sys_chdir(".."), 0);
	rv = rump_sys___getcwd(buf, sizeof(buf));
	vt_ok(rv >= 0 && !vt_strcmp(buf, D "/c"), "chdir(\"..\") (\"%s\")",
	      rv >= 0 ? buf : "");
	VT_ERR(rump_sys_chdir("nope"), VT_ENOENT);
	VT_ERR(rump_sys_chdir("d/file"), VT_ENOTDIR);
	VT_ERR(rump_sys_chdir(""), VT_ENOENT);
	VT_VAL(rump_sys_chdir("/"), 0);
	rv = rump_sys___getcwd(buf, sizeof(buf));
	vt_ok(rv >= 0 && !vt_strcmp(buf, "/"), "getcwd at the root "
	      "(\"%s\")", rv >= 0 ? buf : "");
	/* ".." of the root is the root. */
	VT_VAL(rump_sys_stat("/", &st), 0);
	VT_VAL(rump_sys_stat("/../..", &st2), 0);
	vt_ok(st.st_ino == st2.st_ino, "\"/..\" is \"/\"");
	VT_VAL(rump_sys_stat("//vt///dir//c/./d/", &st), 0);
	VT_VAL(rump_sys_stat(D "/c/d", &st2), 0);
	vt_ok(st.st_ino == st2.st_ino, "repeated slashes and trailing slash");
	VT_ERR(rump_sys_stat(D "/c/d/file/", &st), VT_ENOTDIR);

	/* The cwd may be removed; its name is then gone. */
	VT_VAL(rump_sys_chdir(D "/c/rel"), 0);
	VT_VAL(rump_sys_rmdir(D "/c/rel"), 0);
	VT_ERR(rump_sys_open("x", RUMP_O_RDWR | RUMP_O_CREAT, 0644),
	       VT_ENOENT);
	/* It still is a directory, with no link left (NetBSD and Linux). */
	VT_VAL(rump_sys_stat(".", &st), 0);
	vt_ok(RUMP_S_ISDIR(st.st_mode) && st.st_nlink == 0,
	      "\".\" of the removed cwd: a directory with nlink 0 (%u)",
	      (unsigned)st.st_nlink);
	VT_VAL(rump_sys_chdir("/"), 0);
	vt_rmtree(D "/c");
}

static void vt_names(void)
{
	static char name[VT_NAME_MAX + 2], path[VT_PATH_MAX + 64];
	struct rump_stat st;
	int i, fd;

	/* NAME_MAX (511 on NetBSD) is fine, one more is too long. */
	vt_snprintf(path, sizeof(path), D "/");
	for (i = 0; i < VT_NAME_MAX; i++)
		name[i] = 'n';
	name[VT_NAME_MAX] = '\0';
	vt_snprintf(path, sizeof(path), D "/%s", name);
	fd = rump_sys_open(path, RUMP_O_RDWR | RUMP_O_CREAT, 0644);
	vt_ok(fd >= 0, "a name of NAME_MAX (%d) bytes", VT_NAME_MAX);
	rump_sys_close(fd);
	VT_VAL(rump_sys_unlink(path), 0);
	name[VT_NAME_MAX] = 'n';
	name[VT_NAME_MAX + 1] = '\0';
	vt_snprintf(path, sizeof(path), D "/%s", name);
	VT_ERR(rump_sys_open(path, RUMP_O_RDWR | RUMP_O_CREAT, 0644),
	       VT_ENAMETOOLONG);
	VT_ERR(rump_sys_mkdir(path, 0755), VT_ENAMETOOLONG);
	VT_ERR(rump_sys_stat(path, &st), VT_ENAMETOOLONG);

	/* A path of PATH_MAX bytes or more (with its NUL) is too long. */
	for (i = 0; i < VT_PATH_MAX; i++)
		path[i] = (i % 2) ? '/' : 'p';
	path[VT_PATH_MAX] = '\0';
	VT_ERR(rump_sys_open(path, RUMP_O_RDONLY), VT_ENAMETOOLONG);
	VT_ERR(rump_sys_mkdir(path, 0755), VT_ENAMETOOLONG);
	VT_ERR(rump_sys_chdir(path), VT_ENAMETOOLONG);
}

void vt_t_dir(void)
{
	vt_out("# directories: mkdir, rmdir, unlink, getdents, chdir, getcwd");
	VT_VAL(rump_sys_mkdir(D, 0755), 0);
	vt_mkdir_rmdir();
	vt_unlink_open();
	vt_getdents();
	vt_cwd();
	vt_names();
	vt_rmtree(D);
	vt_ok(vt_ftype(D) == 0, "cleanup of " D);
}
