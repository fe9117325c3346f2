// SPDX-License-Identifier: BSD-2-Clause
/* rk_sys_call for local clients: enter the guest and dispatch. */
#include <rk/syscall.h>
#include "kern.h"

int rk_sys_call(int num, const register_t *args, size_t argsize,
		register_t *rv)
{
	int error;

	(void)argsize;
	error = rk_syscall_enter(num);
	if (!error) {
		rk_schedule();
		error = rk_syscall(num, args, rv);
		rk_unschedule();
		rk_syscall_leave();
	}
	if (error) {
		rumpuser_seterrno(error);
		return -1;
	}
	return 0;
}
