// SPDX-License-Identifier: BSD-2-Clause
/*
 * The syscall-proxy component: rump_init_server(url) hands the URL to
 * the hypervisor's server (rumpuser_sp_init), and halt stops it
 * (rumpuser_sp_fini), as NetBSD's rumpkern_sysproxy does.
 */
#include "sk.h"

static int sk_sp_started;

int rump_init_server(const char *url);
/* Called from outside the kernel, with no lwp: as NetBSD's. */
int rump_init_server(const char *url)
{
	int err = rumpuser_sp_init(url, "SynthBSD", "1.0", "amd64");

	if (!err) {
		sk_sp_started = 1;
		sk_printf("sk: serving system calls at %s\n", url);
	}
	return err;
}

void sk_sysproxy_fini(void)
{
	if (sk_sp_started)
		rumpuser_sp_fini(NULL);
	sk_sp_started = 0;
}
