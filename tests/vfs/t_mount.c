// SPDX-License-Identifier: BSD-2-Clause
/*
 * mount and unmount: a second tmpfs (EXDEV across mounts, EBUSY, "..")
 * and a read-only one (EROFS).
 */
#include "vt_int.h"

#define D "/vt/mnt"

static void vt_second_tmpfs(void)
{
	struct rump_stat st, st2;
	int fd;

	VT_VAL(rump_sys_mkdir(D "/m", 0755), 0);
	vt_mkfile(D "/f", "f", 1);
	VT_ERR(rump_sys_mount("tmpfs", D "/nope", 0, 0, 0), VT_ENOENT);
	VT_ERR(rump_sys_mount("tmpfs", D "/f", 0, 0, 0), VT_ENOTDIR);
	VT_ERR(rump_sys_mount("no-such-fs", D "/m", 0, 0, 0), VT_ENODEV);
	if (!VT_VAL(rump_sys_mount("tmpfs", D "/m", 0, 0, 0), 0))
		return;
	VT_ERR(rump_sys_mount("tmpfs", D "/m", 0, 0, 0), VT_EBUSY);
	VT_VAL(rump_sys_stat(D, &st), 0);
	VT_VAL(rump_sys_stat(D "/m", &st2), 0);
	vt_ok(st.st_dev != st2.st_dev, "the mount has its own st_dev");
	vt_ok(vt_listdir(D "/m", 0, 0) == 0, "a new tmpfs is empty");
	VT_VAL(rump_sys_stat(D "/m/..", &st2), 0);
	vt_ok(st.st_ino == st2.st_ino && st.st_dev == st2.st_dev,
	      "\"..\" of a mount's root is the covered directory's parent");

	vt_mkfile(D "/m/in", "in", 2);
	VT_VAL(rump_sys_mkdir(D "/m/dir", 0755), 0);
	VT_ERR(rump_sys_rename(D "/m/in", D "/out"), VT_EXDEV);
	VT_ERR(rump_sys_rename(D "/f", D "/m/f"), VT_EXDEV);
	VT_ERR(rump_sys_rename(D "/m/dir", D "/dir"), VT_EXDEV);
	VT_ERR(rump_sys_rename(D "/f", D "/m/in"), VT_EXDEV);
	VT_VAL(rump_sys_rename(D "/m/in", D "/m/dir/in"), 0);
	VT_VAL(rump_sys_symlink("m/dir", D "/ml"), 0);
	VT_VAL(rump_sys_stat(D "/ml/in", &st), 0);

	/* Busy: an open file, a working directory. */
	fd = rump_sys_open(D "/m/dir/in", RUMP_O_RDONLY);
	VT_ERR(rump_sys_unmount(D "/m", 0), VT_EBUSY);
	rump_sys_close(fd);
	VT_VAL(rump_sys_chdir(D "/m/dir"), 0);
	VT_ERR(rump_sys_unmount(D "/m", 0), VT_EBUSY);
	VT_VAL(rump_sys_chdir("/"), 0);
	VT_ERR(rump_sys_rmdir(D "/m"), VT_EBUSY);
	VT_ERR(rump_sys_unmount(D "/f", 0), VT_EINVAL);
	VT_ERR(rump_sys_unmount(D, 0), VT_EINVAL);
	VT_ERR(rump_sys_unmount(D "/nope", 0), VT_ENOENT);
	VT_ERR(rump_sys_unmount("/", 0), VT_EBUSY);
	VT_VAL(rump_sys_unmount(D "/m", 0), 0);
	vt_ok(vt_ftype(D "/m") == VT_S_IFDIR && vt_listdir(D "/m", 0, 0) == 0,
	      "after unmount the covered directory is back, empty");
	VT_ERR(rump_sys_unmount(D "/m", 0), VT_EINVAL);
	VT_ERR(rump_sys_stat(D "/ml/in", &st), VT_ENOENT);
	/* Mount again: a fresh, empty file system. */
	VT_VAL(rump_sys_mount("tmpfs", D "/m", 0, 0, 0), 0);
	vt_ok(vt_listdir(D "/m", 0, 0) == 0, "a remount is empty");
	VT_VAL(rump_sys_unmount(D "/m", 0), 0);
}

static void vt_readonly(void)
{
	struct rump_stat st;
	long rv;
	int e;

	VT_VAL(rump_sys_mkdir(D "/ro", 0755), 0);
	rv = rump_sys_mount("tmpfs", D "/ro", RUMP_MNT_RDONLY, 0, 0);
	e = rv < 0 ? vt_errno() : 0;
	if (rv < 0 && (e == VT_EINVAL || e == VT_EOPNOTSUPP)) {
		vt_skip("a read-only tmpfs mount is refused (" "errno)",
			"mount(tmpfs, MNT_RDONLY): %s", vt_errname(e));
		return;
	}
	if (!vt_ok(rv == 0, "mount(tmpfs, MNT_RDONLY) (%ld, %s)", rv,
		   vt_errname(e)))
		return;
	VT_ERR(rump_sys_open(D "/ro/x", RUMP_O_RDWR | RUMP_O_CREAT, 0644),
	       VT_EROFS);
	VT_ERR(rump_sys_mkdir(D "/ro/d", 0755), VT_EROFS);
	VT_ERR(rump_sys_symlink("x", D "/ro/l"), VT_EROFS);
	VT_VAL(rump_sys_stat(D "/ro", &st), 0);
	VT_VAL(rump_sys_unmount(D "/ro", 0), 0);
}

void vt_t_mount(void)
{
	vt_out("# mount and unmount");
	VT_VAL(rump_sys_mkdir(D, 0755), 0);
	vt_second_tmpfs();
	vt_readonly();
	VT_VAL(rump_sys_chdir("/"), 0);
	vt_rmtree(D);
	vt_ok(vt_ftype(D) == 0, "cleanup of " D);
}
