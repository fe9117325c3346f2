// SPDX-License-Identifier: BSD-2-Clause
/* Process system calls: getpid, exit, reboot. */
#include <rk/errno.h>
#include <rk/proc.h>
#include <rk/syscall.h>
#include "kern.h"

int rk_sys_getpid(struct lwp *l, const register_t *args, register_t *retval)
{
	(void)args;
	retval[0] = l->l_proc->p_pid;
	return 0;
}

/*
 * A rump kernel does not end host threads: as in NetBSD, the lwp is only
 * marked; the hypervisor (remote clients) then releases it.
 */
int rk_sys_exit(struct lwp *l, const register_t *args, register_t *retval)
{
	(void)args;
	(void)retval;
	l->l_flags |= RK_LW_EXITING;
	return 0;
}

/* Only the kernel itself, or a local client, may halt the guest. */
int rk_sys_reboot(struct lwp *l, const register_t *args, register_t *retval)
{
	(void)retval;
	if (l->l_proc->p_client)
		return RK_EPERM;
	rk_halt(RK_SCARG(args, 0, int));
	return 0;
}
