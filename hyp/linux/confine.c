// SPDX-License-Identifier: BSD-2-Clause
/*
 * Confinement of a guest's host files to its instance's directory.
 *
 * What it promises: a guest name is a host absolute path equal to the
 * directory or below it (as a string, with no ".." component); the rest
 * is resolved by the kernel's scoped lookup from the directory itself
 * (LOOKUP_BENEATH: ".." and absolute symlinks that would climb out fail,
 * and a concurrent rename that moves a directory out during the lookup
 * makes it fail and retry rather than escape; LOOKUP_NO_MAGICLINKS:
 * /proc/PID/root-style links are not followed even on a procfs mounted
 * inside), and the file finally opened must still lie below the
 * directory.  Only regular files, directories and block devices are
 * opened (with O_NONBLOCK while opening, so nothing can block the open);
 * FIFOs, sockets and character devices are refused with ENXIO.  New
 * files are created without following a symlink in their last component.
 * Hard links to outside files that the administrator (or anyone with
 * write access to the directory) placed inside are reachable: the
 * directory's contents are the administrator's business.
 */
#include "hyp.h"

#include <linux/cred.h>
#include <linux/error-injection.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/string.h>

#define SCOPED	(LOOKUP_BENEATH | LOOKUP_NO_MAGICLINKS)

/* Exported by fs/namei.c, declared in no header of this kernel. */
int vfs_path_lookup(struct dentry *dentry, struct vfsmount *mnt,
		    const char *name, unsigned int flags, struct path *path);

/* Does the name have a ".." component? */
static bool has_dotdot(const char *p)
{
	while (*p) {
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || !p[2]))
			return true;
		while (*p && *p != '/')
			p++;
		while (*p == '/')
			p++;
	}
	return false;
}

/* name relative to the directory dir, or NULL when it is not below. */
static const char *rel_name(const char *dir, const char *name)
{
	size_t n;

	if (!dir || !name || name[0] != '/')
		return NULL;
	n = strlen(dir);
	while (n > 0 && dir[n - 1] == '/')
		n--;
	if (strncmp(name, dir, n) || (name[n] != '/' && name[n] != '\0'))
		return NULL;
	name += n;
	while (*name == '/')
		name++;
	if (has_dotdot(name))
		return NULL;
	return *name ? name : ".";
}

/* What may be opened for I/O: nothing that can block its opener. */
static int type_ok(umode_t mode, int flags)
{
	if (flags & O_PATH)
		return 0;
	if (S_ISREG(mode) || S_ISDIR(mode) || S_ISBLK(mode))
		return 0;
	return -ENXIO;
}

/* The file must still be below root once opened. */
static struct file *below_or_fail(struct file *f, const struct path *root)
{
	if (IS_ERR(f) || path_is_under(&f->f_path, root))
		return f;
	fput(f);
	return ERR_PTR(-ENOENT);
}

static void clear_nonblock(struct file *f, int flags)
{
	if (IS_ERR(f) || (flags & O_NONBLOCK))
		return;
	spin_lock(&f->f_lock);
	f->f_flags &= ~O_NONBLOCK;
	spin_unlock(&f->f_lock);
}

static struct file *open_existing(const struct path *root, const char *rel,
				  int flags)
{
	struct path p;
	struct file *f;
	int err;

	err = vfs_path_lookup(root->dentry, root->mnt, rel,
			      LOOKUP_FOLLOW | SCOPED, &p);
	if (err)
		return ERR_PTR(err == -EXDEV ? -ENOENT : err);
	err = type_ok(d_inode(p.dentry)->i_mode, flags);
	if (err) {
		path_put(&p);
		return ERR_PTR(err);
	}
	f = dentry_open(&p, (flags & ~(O_CREAT | O_EXCL)) | O_NONBLOCK,
			current_cred());
	path_put(&p);
	clear_nonblock(f, flags);
	return below_or_fail(f, root);
}

/* Create rel (or open it exclusively): parent by scoped lookup. */
static struct file *open_create(const struct path *root, const char *rel,
				int flags, umode_t mode)
{
	const char *last = strrchr(rel, '/');
	struct path parent;
	struct file *f;
	char *dir;
	int err;

	dir = kstrndup(rel, last ? last - rel : 0, GFP_KERNEL);
	if (!dir)
		return ERR_PTR(-ENOMEM);
	last = last ? last + 1 : rel;
	err = -ENOENT;
	if (*last && strcmp(last, ".") && strcmp(last, ".."))
		err = vfs_path_lookup(root->dentry, root->mnt,
				      *dir ? dir : ".",
				      LOOKUP_FOLLOW | LOOKUP_DIRECTORY | SCOPED,
				      &parent);
	kfree(dir);
	if (err)
		return ERR_PTR(err == -EXDEV ? -ENOENT : err);
	f = file_open_root(&parent, last, flags | O_NOFOLLOW | O_NONBLOCK,
			   mode);
	path_put(&parent);
	if (!IS_ERR(f) && type_ok(file_inode(f)->i_mode, flags)) {
		fput(f);
		return ERR_PTR(-ENXIO);
	}
	clear_nonblock(f, flags);
	return below_or_fail(f, root);
}

/*
 * Open name for the guest of the instance whose directory is dir (looked
 * up once, root).  flags are Linux open(2) flags.  A point of fault
 * injection (tests/faults).
 */
noinline struct file *rv_confined_open(const struct path *root,
				       const char *dir, const char *name,
				       int flags, umode_t mode)
{
	const char *rel = rel_name(dir, name);
	struct file *f;

	if (rv_fault(RV_FAULT_CONFINED_OPEN))
		return ERR_PTR(-ENOMEM);
	if (!rel)
		return ERR_PTR(-ENOENT);
	if (!(flags & O_CREAT) || (flags & O_EXCL))
		return (flags & O_CREAT) ? open_create(root, rel, flags, mode) :
		       open_existing(root, rel, flags);
	f = open_existing(root, rel, flags);
	if (PTR_ERR_OR_ZERO(f) == -ENOENT)
		f = open_create(root, rel, flags, mode);
	return f;
}
ALLOW_ERROR_INJECTION(rv_confined_open, ERRNO);

/*
 * A directory an instance may be given: absolute, existing, a directory,
 * and not the root of the file system.  On success root holds it.
 */
int rv_files_dir_check(const char *dir, struct path *root)
{
	struct path fsroot;
	int err;

	if (dir[0] != '/') {
		pr_err("files=%s: not an absolute path\n", dir);
		return -EINVAL;
	}
	err = kern_path(dir, LOOKUP_FOLLOW, root);
	if (err) {
		pr_err("files=%s: cannot be looked up (error %d)\n", dir, err);
		return err;
	}
	if (!d_is_dir(root->dentry)) {
		pr_err("files=%s: not a directory\n", dir);
		path_put(root);
		return -ENOTDIR;
	}
	get_fs_root(current->fs, &fsroot);
	err = path_equal(root, &fsroot) ? -EINVAL : 0;
	path_put(&fsroot);
	if (err) {
		pr_err("files=%s: the root of the file system cannot be a guest's\n",
		       dir);
		path_put(root);
	}
	return err;
}
