// SPDX-License-Identifier: BSD-2-Clause
/*
 * vfs-remote: the VFS suite, unchanged, as a remote client of a rump
 * kernel server (librumpclient; RUMP_SERVER names the server).  TAP on
 * stdout.  The suite's rump_init() connects; the guest is not halted at
 * the end (a remote client may not), the connection is closed instead
 * and the server releases the client's process.
 *   RUMP_SERVER=unix://sock vfs-remote [--quick]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <rump/rumpclient.h>

#include "../user/host.h"

/* The suite boots "the guest": for a client, that is connecting. */
int rump_init(void);
int rump_init(void)
{
	return rumpclient_init() == 0 ? 0 : errno;
}

int main(int argc, char **argv)
{
	struct vt_host h;
	int rv;

	rv = vt_user_host(&h, "remote", argc, argv,
		"usage: RUMP_SERVER=URL vfs-remote [--quick]\n"
		"Runs the VFS suite as a remote client of the rump kernel "
		"server at RUMP_SERVER\n(TAP on stdout); --quick makes the "
		"big and concurrent cases smaller.\n");
	if (rv >= 0)
		return rv;
	if (!getenv("RUMP_SERVER")) {
		fprintf(stderr, "vfs-remote: RUMP_SERVER is not set\n");
		return 2;
	}
	rv = vt_run(&h);
	rumpclient_close();
	return rv ? 1 : 0;
}
