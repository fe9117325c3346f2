// SPDX-License-Identifier: BSD-2-Clause
/*
 * The VFS component: registered by a constructor (as NetBSD's components
 * are in RUMP_USE_CTOR builds), it registers the file system types of the
 * link set sk_fstypes and mounts a root file system on request.
 */
#include "sk.h"

int sk_nfstypes;		/* tentative: also in the memfs component */

SK_LINK_SET_DECL(sk_fstypes, struct sk_vfsops);

static struct sk_vfsops *fstypes;
static const char *rootfs;
static char rootname[16];

int sk_vfs_register(struct sk_vfsops *ops)
{
	struct sk_vfsops *o;

	for (o = fstypes; o; o = o->next)
		if (!sk_strcmp(o->name, ops->name))
			return SK_EEXIST;
	ops->next = fstypes;
	fstypes = ops;
	sk_nfstypes++;
	return 0;
}

/* Mount a registered type as the root: 0 or a NetBSD errno. */
int sk_vfs_mountroot(const char *type)
{
	struct sk_vfsops *o;
	int err;

	for (o = fstypes; o; o = o->next) {
		if (sk_strcmp(o->name, type))
			continue;
		if ((err = o->mount()) != 0)
			return err;
		sk_strlcpy(rootname, type, sizeof(rootname));
		rootfs = rootname;
		sk_printf("sk: vfs: root file system %s mounted\n", rootfs);
		return 0;
	}
	return SK_ENXIO;
}

static int sk_vfs_init(void)
{
	struct sk_vfsops *const *op;
	int err;

	SK_LINK_SET_FOREACH(op, sk_fstypes)
		if ((err = sk_vfs_register(*op)) != 0)
			return err;
	sk_printf("sk: vfs: %d file system types\n", sk_nfstypes);
	return 0;
}

static void sk_vfs_fini(void)
{
	sk_printf("sk: vfs: unmounting %s\n", rootfs ? rootfs : "nothing");
	rootfs = NULL;
	fstypes = NULL;
	sk_nfstypes = 0;
}

static struct sk_component sk_vfs_component = {
	.type = SK_COMP_VFS, .name = "vfs",
	.init = sk_vfs_init, .fini = sk_vfs_fini,
};

__attribute__((__constructor__))
static void sk_vfs_ctor(void)
{
	sk_component_ctor_register(&sk_vfs_component);
}

static int sk_vfs_modinit(void)
{
	return 0;
}

static struct sk_modinfo sk_vfs_module = {
	.name = "sk_vfs", .required = "", .init = sk_vfs_modinit,
};
SK_MODULE(sk_vfs_module);

SK_SYSCTL_SETUP(sk_sysctl_vfs)
{
	sk_sysctl_create("vfs.nfstypes", SK_CTL_INT, &sk_nfstypes);
}
