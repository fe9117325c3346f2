// SPDX-License-Identifier: BSD-2-Clause
/*
 * fault-insmod: load a kernel module exactly once.
 *
 *	fault-insmod FILE.ko [PARAM=VALUE...]
 *
 * busybox insmod tries finit_module() and, when that fails for any
 * reason (the module's init returning an error included), loads the file
 * again with init_module(): a module whose init failed under an injected
 * fault would run its init a second time, without the fault, and the
 * test would see the second result.  This program makes one
 * finit_module() call.  Exit status: 0, or the errno of the failure
 * (with "fault-insmod: FILE: strerror" on stderr), like busybox's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	size_t len = 1;
	char *params;
	int fd, i;

	if (argc < 2 || !strcmp(argv[1], "--help")) {
		fprintf(argc < 2 ? stderr : stdout,
			"usage: fault-insmod FILE.ko [PARAM=VALUE...]\n"
			"Loads the module with one finit_module() call (no "
			"retry); exit status 0 or the errno.\n");
		return argc < 2 ? 2 : 0;
	}
	for (i = 2; i < argc; i++)
		len += strlen(argv[i]) + 1;
	params = calloc(1, len);
	if (!params)
		return ENOMEM;
	for (i = 2; i < argc; i++) {
		strcat(params, argv[i]);
		if (i + 1 < argc)
			strcat(params, " ");
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0 || syscall(SYS_finit_module, fd, params, 0) != 0) {
		int e = errno;

		fprintf(stderr, "fault-insmod: %s: %s\n", argv[1], strerror(e));
		return e ? e : 1;
	}
	close(fd);
	free(params);
	return 0;
}
