// SPDX-License-Identifier: BSD-2-Clause
/*
 * Extra glue for the tests' carrier (rumpvisor-mkguest --glue): at boot
 * it reads a sysctl node through the synthetic kernel's client API, at
 * unload it says so before the guest is asked to halt.
 */
#include <linux/kernel.h>
#include <linux/types.h>
#include <rumpvisor/mkguest.h>

int rump_sk_sysctl_get(const char *name, char *buf, size_t len);

int rumpvisor_glue_boot(void)
{
	char buf[32];
	int err = rump_sk_sysctl_get("kern.ostype", buf, sizeof(buf));

	if (err)
		return err;
	pr_info("glue: kern.ostype=%s\n", buf);
	return 0;
}

void rumpvisor_glue_halt(void)
{
	pr_info("glue: halting\n");
}
