// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpvisor_ct.ko: runs the conformance suite (or the exit scenario)
 * inside the kernel on top of rumpvisor.ko, at module load.  The result
 * is in the kernel log as TAP ("rump: ok 1 - ...") and a final
 * "# ct: N failed" line; loading succeeds even when tests fail.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/moduleparam.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <rumpvisor/linux.h>
#include <rump/rumpuser.h>

#include "../ct.h"

static int quick;
module_param(quick, int, 0444);
MODULE_PARM_DESC(quick, "reduce stress counts");
static char *scratch = "/tmp/rv";
module_param(scratch, charp, 0444);
MODULE_PARM_DESC(scratch, "directory for test files (rumpvisor's files=)");
static char *outside = "/etc/passwd";
module_param(outside, charp, 0444);
MODULE_PARM_DESC(outside, "an existing path outside scratch");
static char *mode = "suite";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "suite or exit");

static int ct_geterrno(void)
{
	return rumpvisor_errno();
}

static struct ct_host host = {
	.name = "linux",
	.confined = 1,
	.geterrno = ct_geterrno,
};

/* Not seen as noreturn, so that objtool finds no fall-through. */
static void (*volatile exit_fn)(int) = rumpuser_exit;

static int run_suite(void *arg)
{
	int failed = ct_run(arg);

	/* Threads stuck in a broken hypervisor would keep release waiting:
	 * ending the guest ends them at their next blocking point. */
	if (ct_bailed())
		exit_fn(RUMPUSER_PANIC);
	return failed;
}

static int run_exit(void *arg)
{
	return ct_exit_scenario(arg, RUMPUSER_PANIC);
}

static bool outside_exists(const char *name)
{
	struct path p;

	if (kern_path(name, 0, &p))
		return false;
	path_put(&p);
	return true;
}

static int __init ct_init(void)
{
	int exitmode = !strcmp(mode, "exit");
	int rv, result = 0;
	long left;

	host.quick = quick;
	host.scratch = scratch;
	host.outside = outside;
	if (!exitmode && strcmp(mode, "suite")) {
		pr_err("rumpvisor_ct: mode must be suite or exit\n");
		return -EINVAL;
	}
	/* A missing outside path would make the confinement tests pass
	 * for the wrong reason. */
	if (!exitmode && !outside_exists(outside)) {
		pr_err("rumpvisor_ct: outside=%s does not exist; name an existing path outside scratch\n",
		       outside);
		return -ENOENT;
	}
	rv = rumpvisor_run(THIS_MODULE, "ct", exitmode ? run_exit : run_suite,
			   &host, &result);
	left = rumpvisor_release(THIS_MODULE);
	if (exitmode) {
		int ok = rv == -ESHUTDOWN && result == RUMPUSER_PANIC;

		pr_info("rump: %sok 1 - exit scenario: rumpvisor_run is -ESHUTDOWN "
			"with result -1%s (rv %d result %d)\n", ok ? "" : "not ",
			ok ? "" : " #", rv, result);
		pr_info("rump: ok 2 - exit scenario: rumpvisor_release returned "
			"(%ld bytes left)\n", left);
		pr_info("rump: 1..2\n");
		pr_info("rump: # ct: %d failed\n", ok ? 0 : 1);
		return 0;
	}
	if (rv == -ESHUTDOWN) {
		pr_info("rump: # ct: guest ended by rumpuser_exit(%d)\n", result);
		result = result ? result : 1;
	} else if (rv) {
		pr_info("rump: # ct: rumpvisor_run failed: %d\n", rv);
		result = 1;
	}
	if (left)
		pr_info("rump: # ct: guest left %ld bytes allocated\n", left);
	pr_info("rump: # ct: %d failed\n", result < 0 ? 1 : result);
	return 0;
}

static void __exit ct_exit(void)
{
}

module_init(ct_init);
module_exit(ct_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("rumpvisor conformance suite");
