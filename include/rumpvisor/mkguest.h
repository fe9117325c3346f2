/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Hooks for extra glue of a carrier made by rumpvisor-mkguest (--glue
 * FILE.c).  A glue source is compiled into the module with the kernel's
 * flags; it may include Linux headers, <rumpvisor/carrier.h> and the
 * client API (<rump/rump.h>, <rump/rump_syscalls.h>, ...), and define
 * either hook or both.  Both run on a guest thread of the instance.
 *
 *	int rumpvisor_glue_boot(void)
 *	{
 *		return rump_pub_etfs_register("/disk", "disk.img",
 *					      RUMP_ETFS_BLK);
 *	}
 */
#ifndef RUMPVISOR_MKGUEST_H
#define RUMPVISOR_MKGUEST_H

/*
 * At load, after rump_init, the syscall-proxy server and the network
 * interfaces: 0, or a NetBSD errno that fails the load (the guest is
 * then halted as at unload).
 */
int rumpvisor_glue_boot(void);

/* At unload, before the guest is asked to halt. */
void rumpvisor_glue_halt(void);

#endif /* RUMPVISOR_MKGUEST_H */
