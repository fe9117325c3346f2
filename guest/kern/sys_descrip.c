// SPDX-License-Identifier: BSD-2-Clause
/* Descriptor system calls: close, dup, dup2. */
#include <rk/errno.h>
#include <rk/file.h>
#include <rk/proc.h>
#include <rk/syscall.h>

int rk_sys_close(struct lwp *l, const register_t *args, register_t *retval)
{
	(void)retval;
	return rk_fd_close(l->l_proc, RK_SCARG(args, 0, int));
}

int rk_sys_dup(struct lwp *l, const register_t *args, register_t *retval)
{
	int fd, error;

	error = rk_fd_dup(l->l_proc, RK_SCARG(args, 0, int), 0, &fd);
	if (error)
		return error;
	retval[0] = fd;
	return 0;
}

int rk_sys_dup2(struct lwp *l, const register_t *args, register_t *retval)
{
	int newfd = RK_SCARG(args, 1, int);
	int error;

	error = rk_fd_dup2(l->l_proc, RK_SCARG(args, 0, int), newfd);
	if (error)
		return error;
	retval[0] = newfd;
	return 0;
}
