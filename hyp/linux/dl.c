// SPDX-License-Identifier: BSD-2-Clause
/* Module bootstrap and daemonizing: little to do inside the kernel. */
#include "hyp.h"

/*
 * The guest is linked statically into its carrier module: there are no
 * dynamically loaded rump components to discover, so nothing is called.
 */
void rumpuser_dl_bootstrap(rump_modinit_fn modinit, rump_symload_fn symload,
			   rump_compload_fn compload)
{
}
EXPORT_SYMBOL(rumpuser_dl_bootstrap);

/* A kernel guest has no process to detach from a terminal. */
int rumpuser_daemonize_begin(void)
{
	return 0;
}
EXPORT_SYMBOL(rumpuser_daemonize_begin);

int rumpuser_daemonize_done(int error)
{
	if (error)
		pr_warn("a guest failed to start up: error %d\n", error);
	return 0;
}
EXPORT_SYMBOL(rumpuser_daemonize_done);
