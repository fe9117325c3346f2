// SPDX-License-Identifier: BSD-2-Clause
/*
 * memfs: a file system type (link set sk_fstypes) that needs the VFS
 * component, and a built-in module that requires sk_vfs.  Mounted as the
 * root, it loads its image from the host file /tmp/rv/memfs.img through
 * the file hypercalls (rumpvisor names host files by their absolute path,
 * which must lie below the instance's files= directory: the tests load
 * the carrier with files=/tmp/rv).
 */
#include "sk.h"

#define MEMFS_IMG	"/tmp/rv/memfs.img"

int sk_nfstypes;		/* tentative: also in the VFS component */
int sk_vfs_mountroot(const char *type);

static char image[128];
static size_t image_len;

static int memfs_read_image(void)
{
	struct rumpuser_iovec iov = { image, sizeof(image) - 1 };
	uint64_t size;
	int type, fd, err;

	err = rumpuser_getfileinfo(MEMFS_IMG, &size, &type);
	if (!err && type != RUMPUSER_FT_REG)
		err = SK_EINVAL;
	if (!err)
		err = rumpuser_open(MEMFS_IMG, RUMPUSER_OPEN_RDONLY, &fd);
	if (err)
		return err;
	err = rumpuser_iovread(fd, &iov, 1, 0, &image_len);
	rumpuser_close(fd);
	image[image_len] = '\0';
	return err;
}

static int memfs_mount(void)
{
	size_t i;
	int err = memfs_read_image();

	if (err) {
		sk_printf("sk: memfs: no image %s (error %d): empty\n",
			  MEMFS_IMG, err);
		image_len = 0;
		return 0;
	}
	for (i = 0; i < image_len && image[i] != '\n'; i++)
		;
	image[i] = '\0';
	sk_printf("sk: memfs: image %s, first line \"%s\"\n", MEMFS_IMG,
		  image);
	return 0;
}

static struct sk_vfsops memfs_ops = {
	.name = "memfs", .mount = memfs_mount,
};
SK_FSTYPE(memfs_ops);

static int memfs_modinit(void)
{
	sk_printf("sk: memfs: %d file system types known\n", sk_nfstypes);
	return sk_vfs_mountroot("memfs");
}

static struct sk_modinfo memfs_module = {
	.name = "sk_memfs", .required = "sk_vfs", .init = memfs_modinit,
};
SK_MODULE(memfs_module);
