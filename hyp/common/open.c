// SPDX-License-Identifier: BSD-2-Clause
/* rumpuser_open() mode bits, the same on both hosts. */
#include "common.h"

/* The interface's bits, restated here so this file needs no header. */
#define MODE_ACCMODE	0x3
#define MODE_RDONLY	0x0
#define MODE_WRONLY	0x1
#define MODE_RDWR	0x2
#define MODE_CREATE	0x4
#define MODE_EXCL	0x8

int rv_open_flags(int mode, int *flags)
{
	switch (mode & MODE_ACCMODE) {
	case MODE_RDONLY:
		*flags = 0;
		break;
	case MODE_WRONLY:
		*flags = RV_O_WRONLY;
		break;
	case MODE_RDWR:
		*flags = RV_O_RDWR;
		break;
	default:
		return RV_EINVAL;
	}
	if (mode & MODE_CREATE)
		*flags |= RV_O_CREAT;
	if (mode & MODE_EXCL)
		*flags |= RV_O_EXCL;
	return 0;
}
