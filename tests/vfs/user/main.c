// SPDX-License-Identifier: BSD-2-Clause
/*
 * vfs-user: the VFS suite as an ordinary process on the userspace
 * hypervisor (librump + librumpuser).  TAP on stdout.
 *   vfs-user [--quick]
 * Exit status 0 when all passed and the guest halted.
 */
#include <errno.h>
#include <stdio.h>

#include "host.h"

int main(int argc, char **argv)
{
	struct vt_host h;
	int rv;

	rv = vt_user_host(&h, "user", argc, argv,
		"usage: vfs-user [--quick]\n"
		"Boots the reference guest in this process, runs the VFS "
		"suite on it (TAP on stdout)\nand halts it; --quick makes "
		"the big and concurrent cases smaller.\n");
	if (rv >= 0)
		return rv;
	if (vt_run(&h))
		return 1;
	/*
	 * Halting ends the guest: its threads stop and its memory goes back
	 * to the hypervisor.  It may also end the process (status 0), so
	 * the report is complete before this point.
	 */
	fflush(stdout);
	rv = vt_halt();
	printf("# vfs: rump_sys_reboot(0) returned %d (errno %d)\n", rv,
	       rv ? errno : 0);
	return rv ? 1 : 0;
}
