// SPDX-License-Identifier: BSD-2-Clause
/*
 * librumpclient's device path, RUMP_SERVER=dev://NAME: the in-kernel
 * guest NAME through /dev/rumpvisor/NAME (<rumpvisor/dev.h>).  Each
 * system call is one ioctl that the calling thread runs inside the
 * guest; no frames, no server threads.  The open file is this process's
 * process in the guest; fork gives the child a copy (RUMPVISOR_IOC_FORK),
 * exec keeps it (RUMPVISOR_IOC_EXEC renames it).
 *
 * RUMPVISOR_DEV_DIR may be overridden by RUMPCLIENT_DEVDIR (tests).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <rumpvisor/dev.h>

#include "rc.h"
#include "../hyp/common/common.h"

/* Open the device of instance name: a descriptor, or -(NetBSD errno). */
int rc_dev_open(const char *name)
{
	const char *dir = getenv("RUMPCLIENT_DEVDIR");
	char path[sizeof(RUMPVISOR_DEV_DIR) + SP_URL_PATHMAX + 64];
	int fd, e;

	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir :
		 RUMPVISOR_DEV_DIR, name);
	do {
		fd = open(path, O_RDWR | O_CLOEXEC);
	} while (fd < 0 && errno == EINTR);
	if (fd >= 0)
		return fd;
	e = errno;
	if (e == ENOENT)
		fprintf(stderr, "rumpclient: %s does not exist: no in-kernel "
			"guest %s serves the device (device=1)\n", path, name);
	else if (e == EACCES || e == EPERM)
		fprintf(stderr, "rumpclient: %s: permission denied (root or "
			"the instance's server group only)\n", path);
	else if (e == ENXIO)
		fprintf(stderr, "rumpclient: %s: the guest is halting or "
			"gone\n", path);
	return -rv_errno_to_netbsd(e);
}

/* The device failed the call itself (not the guest): NetBSD errno. */
static int dev_error(int e)
{
	/* The guest halted or ended: as a lost connection. */
	if (e == ENXIO)
		return RC_ENOTCONN;
	return rv_errno_to_netbsd(e);
}

int rc_dev_syscall(int fd, int num, const void *data, size_t dlen,
		   long *retval)
{
	struct rumpvisor_syscall sc;

	if (dlen > sizeof(sc.args))
		return RC_EINVAL;
	sc.num = (uint32_t)num;
	sc.argsize = (uint32_t)dlen;
	sc.reserved = 0;
	memcpy(sc.args, data, dlen);
	if (ioctl(fd, RUMPVISOR_IOC_SYSCALL, &sc) != 0)
		return dev_error(errno);
	retval[0] = sc.retval[0];
	retval[1] = sc.retval[1];
	return sc.error;
}

/* A copy of this file's process, for a child: a descriptor or -errno. */
int rc_dev_fork(int fd)
{
	int nfd = ioctl(fd, RUMPVISOR_IOC_FORK);

	return nfd < 0 ? -dev_error(errno) : nfd;
}

int rc_dev_exec(int fd, const char *comm)
{
	struct rumpvisor_exec x;

	memset(&x, 0, sizeof(x));
	snprintf(x.comm, sizeof(x.comm), "%s", comm);
	return ioctl(fd, RUMPVISOR_IOC_EXEC, &x) != 0 ? dev_error(errno) : 0;
}

/* Is fd a device file (one inherited across exec, say)?  0 or errno. */
int rc_dev_check(int fd)
{
	struct rumpvisor_devinfo info;

	if (ioctl(fd, RUMPVISOR_IOC_INFO, &info) != 0)
		return dev_error(errno);
	return info.version == RUMPVISOR_DEV_VERSION ? 0 : RC_EPROTO;
}
