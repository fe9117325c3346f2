// SPDX-License-Identifier: BSD-2-Clause
/*
 * fsdemo: the file-system demo as an ordinary program on the userspace
 * hypervisor.  Built like any rump client:
 *   cc fsdemo.c main.c $(pkg-config --cflags --libs rump)
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>

#include "../fsdemo.h"

static void demo_print(const char *fmt, ...)
{
	va_list ap;

	fputs("fsdemo: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* The userspace hypervisor's rumpuser_seterrno sets errno. */
static int demo_error(void)
{
	return errno;
}

static const struct fsdemo_host host = {
	.print = demo_print,
	.error = demo_error,
};

int main(int argc, char **argv)
{
	int failed;

	if (argc > 1) {
		int help = !strcmp(argv[1], "--help");

		fprintf(help ? stdout : stderr,
			"usage: %s\n"
			"Boots the reference guest in this process, mounts kernfs, "
			"prints /kern/version,\nworks with files in tmpfs, lists "
			"them and halts the guest.\n", argv[0]);
		return help ? 0 : 2;
	}
	failed = fsdemo_run(&host);

	if (failed < 0)
		return 1;

	/* Halting ends the guest's threads and returns its memory; on the
	 * userspace hypervisor it may end the process with status 0. */
	demo_print("halting the rump kernel (rump_sys_reboot)");
	if (rump_sys_reboot(0, NULL) < 0)
		demo_print("FAILED: rump_sys_reboot: error %d", errno);
	return failed ? 1 : 0;
}
