// SPDX-License-Identifier: BSD-2-Clause
/* The VFS suite's driver: boot, run every group in /vt, report. */
#include "vt_int.h"

static void vt_boot(void)
{
	struct rump_stat st;
	char buf[8];
	long rv;

	vt_out("# VFS suite on %s%s", vt_host->name,
	       vt_host->quick ? " (quick)" : "");
	rv = rump_init();
	vt_ok(rv == 0, "rump_init (%ld)", rv);
	VT_VAL(rump_init(), 0);
	rv = rump_sys_getpid();
	vt_ok(rv > 0, "getpid is a process id (%ld)", rv);
	VT_VAL(rump_sys_stat("/", &st), 0);
	vt_ok((st.st_mode & VT_S_IFMT) == VT_S_IFDIR, "the root is a "
	      "directory");
	rv = rump_sys___getcwd(buf, sizeof(buf));
	vt_ok(rv >= 0 && !vt_strcmp(buf, "/"), "the cwd starts at the root");
	VT_VAL(rump_sys_mkdir("/vt", 0755), 0);
}

int vt_run(const struct vt_host *h)
{
	static void (*const groups[])(void) = {
		vt_t_basic, vt_t_descrip, vt_t_dir, vt_t_link, vt_t_mount,
		vt_t_kernfs, vt_t_large, vt_t_many, vt_t_threads,
		vt_t_tree, vt_t_regress,
	};
	unsigned i;

	vt_host = h;
	vt_boot();
	if (vt_failed()) {
		/* Without a booted guest every later test is noise. */
		vt_out("Bail out! the guest did not boot");
		return vt_failed();
	}
	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		groups[i]();
		/* Each group starts from the root, whatever the last did. */
		rump_sys_chdir("/");
	}
	VT_VAL(rump_sys_rmdir("/vt"), 0);
	vt_plan();
	vt_out("# vfs: %d of %d failed", vt_failed(), vt_count());
	return vt_failed();
}

int vt_halt(void)
{
	return rump_sys_reboot(0, 0);
}
