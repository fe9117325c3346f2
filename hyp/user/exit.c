// SPDX-License-Identifier: BSD-2-Clause
/* Termination, signals and the errno of rump system call clients. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "hyp.h"

void rumpuser_exit(int value)
{
	fflush(NULL);
	if (value == RUMPUSER_PANIC)
		abort();
	exit(value);
}

int rumpuser_kill(int64_t pid, int sig)
{
	int hostsig = rv_signal_to_linux(sig);
	int rc;

	if (hostsig < 0)
		return RV_EINVAL;
	if (pid == RUMPUSER_PID_SELF)
		rc = raise(hostsig);
	else
		rc = kill((pid_t)pid, hostsig);
	return rc == 0 ? 0 : rv_errno_to_netbsd(errno);
}

void rumpuser_seterrno(int error)
{
	errno = error;
}
