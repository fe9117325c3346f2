// SPDX-License-Identifier: BSD-2-Clause
/*
 * The copy hypercalls for device clients: the guest's copyin/copyout of
 * a process made by the device reach the memory of the Linux process
 * that made the call, on its own thread, with the kernel's user-copy
 * routines.  A bad address is EFAULT.  A copy first tries without
 * faulting pages in (the common case: the caller's buffers are
 * resident); one that must fault gives the virtual CPU back meanwhile,
 * as a remote client's copy does while it waits for the network.
 *
 * Only the thread of that call may reach that memory: a cookie that is
 * not the running entry's (a guest thread of another context copying
 * for the process) gets EFAULT.
 */
#include "proxy.h"

#include <linux/mman.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>

static bool dev_caller(void *client)
{
	struct rv_entry *e = rv_entry_current();

	return e && e->cookie == client && current->mm;
}

int rv_dev_copyin(void *client, const void *uaddr, void *kaddr, size_t len)
{
	const void __user *u = (const void __user *)uaddr;
	unsigned long left;
	int nlocks;

	if (!dev_caller(client))
		return RV_EFAULT;
	if (copy_from_user_nofault(kaddr, u, len) == 0)
		return 0;
	rv_up_backend_unschedule(&nlocks, NULL);
	left = copy_from_user(kaddr, u, len);
	rv_up_backend_schedule(nlocks, NULL);
	return left ? RV_EFAULT : 0;
}

/* *lenp: in, the most to fetch; out, the bytes fetched (NUL included). */
int rv_dev_copyinstr(void *client, const void *uaddr, void *kaddr,
		     size_t *lenp)
{
	const char __user *u = (const char __user *)uaddr;
	long n, max = *lenp;
	int nlocks;

	if (!dev_caller(client) || max <= 0)
		return RV_EFAULT;
	pagefault_disable();
	n = strncpy_from_user(kaddr, u, max);
	pagefault_enable();
	if (n < 0) {
		rv_up_backend_unschedule(&nlocks, NULL);
		n = strncpy_from_user(kaddr, u, max);
		rv_up_backend_schedule(nlocks, NULL);
	}
	if (n < 0)
		return RV_EFAULT;
	/* n < max: a NUL ended it within max; n == max: none did. */
	*lenp = n < max ? n + 1 : max;
	return 0;
}

int rv_dev_copyout(void *client, const void *kaddr, void *uaddr, size_t len)
{
	void __user *u = (void __user *)uaddr;
	unsigned long left;
	int nlocks;

	if (!dev_caller(client))
		return RV_EFAULT;
	if (copy_to_user_nofault(u, kaddr, len) == 0)
		return 0;
	rv_up_backend_unschedule(&nlocks, NULL);
	left = copy_to_user(u, kaddr, len);
	rv_up_backend_schedule(nlocks, NULL);
	return left ? RV_EFAULT : 0;
}

int rv_dev_copyoutstr(void *client, const void *kaddr, void *uaddr,
		      size_t *lenp)
{
	return rv_dev_copyout(client, kaddr, uaddr, *lenp);
}

/* Anonymous memory in the caller's address space. */
int rv_dev_anonmmap(void *client, size_t len, void **addr)
{
	unsigned long a;
	int nlocks;

	if (!dev_caller(client))
		return RV_EFAULT;
	rv_up_backend_unschedule(&nlocks, NULL);
	a = vm_mmap(NULL, 0, len, PROT_READ | PROT_WRITE,
		    MAP_ANONYMOUS | MAP_PRIVATE, 0);
	rv_up_backend_schedule(nlocks, NULL);
	if (IS_ERR_VALUE(a))
		return rv_nb((int)a);
	*addr = (void *)a;
	return 0;
}

/* The guest raises a signal on its client: on the calling thread. */
int rv_dev_raise(void *client, int sig)
{
	int lsig = rv_signal_to_linux(sig);

	if (!dev_caller(client))
		return RV_EFAULT;
	if (lsig <= 0)
		return RV_EINVAL;
	send_sig(lsig, current, 0);
	return 0;
}
