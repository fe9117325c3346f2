/* SPDX-License-Identifier: BSD-2-Clause */
/* The VFS suite's host side in a process: output, errno, pthreads. */
#ifndef VT_USER_HOST_H
#define VT_USER_HOST_H

#include "../vt.h"

/*
 * Fill h for a libc process named name; parse --quick and --help
 * (usage: the help text).  Returns -1 to go on, or the exit status.
 */
int vt_user_host(struct vt_host *h, const char *name, int argc,
		 char **argv, const char *usage);

#endif /* VT_USER_HOST_H */
