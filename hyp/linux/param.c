// SPDX-License-Identifier: BSD-2-Clause
/*
 * Module parameters and rumpuser_getparam(), which reports them to the
 * guest: the kernel's equivalent of the userspace hypervisor's
 * environment variables.
 */
#include "hyp.h"

#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/utsname.h>

static int ncpu;
module_param(ncpu, int, 0644);
MODULE_PARM_DESC(ncpu, "virtual CPUs per guest (default: online CPUs)");

static char *hostname;
module_param(hostname, charp, 0444);
MODULE_PARM_DESC(hostname, "guest host name (default: <nodename>-rump<N>)");

static int verbose;
module_param(verbose, int, 0644);
MODULE_PARM_DESC(verbose, "RUMP_VERBOSE for the guest");

static unsigned long memlimit;
module_param(memlimit, ulong, 0644);
MODULE_PARM_DESC(memlimit, "RUMP_MEMLIMIT for the guest in bytes (0: none)");

/* Read-only after load: file.c reads it without the parameter lock. */
char *rv_param_files;
module_param_named(files, rv_param_files, charp, 0444);
MODULE_PARM_DESC(files, "the only host directory the guest may open files under");

static int stats_get(char *buf, const struct kernel_param *kp)
{
	long allocs, bytes;

	rv_mem_counts(&allocs, &bytes);
	return sysfs_emit(buf, "threads=%d allocs=%ld bytes=%ld\n",
			  atomic_read(&rv_inst.nthreads), allocs, bytes);
}

static const struct kernel_param_ops stats_ops = {
	.get = stats_get,
};
module_param_cb(stats, &stats_ops, NULL, 0444);
MODULE_PARM_DESC(stats, "live threads and guest allocations (read-only)");

/* This instance's default host name; set by rumpuser_init(). */
static char default_hostname[__NEW_UTS_LEN + 16];

void rv_param_start(unsigned int seq)
{
	if (READ_ONCE(ncpu) <= 0)
		WRITE_ONCE(ncpu, num_online_cpus());
	snprintf(default_hostname, sizeof(default_hostname), "%s-rump%u",
		 init_utsname()->nodename, seq);
}

int rumpuser_getparam(const char *name, void *buf, size_t buflen)
{
	char num[24];
	int n;

	if (!name || !buf)
		return RV_EINVAL;
	if (!strcmp(name, RUMPUSER_PARAM_NCPU)) {
		n = READ_ONCE(ncpu);
		snprintf(num, sizeof(num), "%d", n > 0 ? n : num_online_cpus());
		return rv_param_copy(num, buf, buflen);
	}
	if (!strcmp(name, RUMPUSER_PARAM_HOSTNAME))
		return rv_param_copy(hostname && *hostname ? hostname :
				     default_hostname, buf, buflen);
	if (!strcmp(name, "RUMP_VERBOSE")) {
		snprintf(num, sizeof(num), "%d", READ_ONCE(verbose));
		return rv_param_copy(num, buf, buflen);
	}
	if (!strcmp(name, "RUMP_MEMLIMIT")) {
		unsigned long limit = READ_ONCE(memlimit);

		if (!limit)
			return RV_ENOENT;
		snprintf(num, sizeof(num), "%lu", limit);
		return rv_param_copy(num, buf, buflen);
	}
	return rv_param_unknown(name);
}
EXPORT_SYMBOL(rumpuser_getparam);
