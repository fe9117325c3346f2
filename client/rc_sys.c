// SPDX-License-Identifier: BSD-2-Clause
/*
 * The rump_sys_* wrappers of guest/kern/rump_syscalls.c end here in the
 * client library: the packed arguments go to the server as they are.
 */
#include <errno.h>

#include <rump/rumpclient.h>

/* Declared for the guest in <rk/syscall.h>; register_t is long on both
 * sides. */
int rk_sys_call(int num, const register_t *args, size_t argsize,
		register_t *rv);

int rk_sys_call(int num, const register_t *args, size_t argsize,
		register_t *rv)
{
	int error = rumpclient_syscall(num, args, argsize, rv);

	if (error) {
		errno = error;	/* NetBSD's number, as NetBSD's library */
		return -1;
	}
	return 0;
}
