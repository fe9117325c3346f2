// SPDX-License-Identifier: BSD-2-Clause
/*
 * Remote clients (the syscall proxy).  A process the hypervisor made for
 * a remote client carries the hypervisor's cookie in p_client; the
 * client's memory is reached through the rumpuser_sp_copy* hypercalls
 * instead of plain copies.  The hypercalls are referenced weakly: a
 * hypervisor without a syscall proxy (rumpvisor.ko today, a static
 * program that never calls rump_init_server) leaves them NULL, and then
 * no process can have a client either.
 */
#include <rk/lib.h>
#include <rk/errno.h>
#include <rk/proc.h>
#include <rk/syscall.h>

#pragma weak rumpuser_sp_copyin
#pragma weak rumpuser_sp_copyinstr
#pragma weak rumpuser_sp_copyout
#pragma weak rumpuser_sp_fini

void *rk_client(void)
{
	return rk_curproc()->p_client;
}

int rk_sp_copyin(void *client, const void *uaddr, void *kaddr, size_t len)
{
	if (!rumpuser_sp_copyin)
		return RK_EFAULT;
	return rumpuser_sp_copyin(client, uaddr, kaddr, len) ? RK_EFAULT : 0;
}

int rk_sp_copyout(void *client, const void *kaddr, void *uaddr, size_t len)
{
	if (!rumpuser_sp_copyout)
		return RK_EFAULT;
	return rumpuser_sp_copyout(client, kaddr, uaddr, len) ? RK_EFAULT : 0;
}

/*
 * The client sends the string up to its NUL, at most len bytes: find
 * the NUL ourselves, the client may lie.
 */
int rk_sp_copyinstr(void *client, const void *uaddr, char *kaddr, size_t len,
		    size_t *done)
{
	size_t got = len, i;

	if (!rumpuser_sp_copyinstr ||
	    rumpuser_sp_copyinstr(client, uaddr, kaddr, &got) != 0 ||
	    got > len)
		return RK_EFAULT;
	for (i = 0; i < got; i++) {
		if (kaddr[i] == '\0') {
			if (done)
				*done = i + 1;
			return 0;
		}
	}
	if (got < len)
		return RK_EFAULT;
	kaddr[len - 1] = '\0';
	if (done)
		*done = len;
	return RK_ENAMETOOLONG;
}

/* Halt: the server stops before the guest's state goes away. */
void rk_sp_fini(void)
{
	if (rumpuser_sp_fini)
		rumpuser_sp_fini(rk_client());
}
