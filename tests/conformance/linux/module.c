// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpvisor_ct.ko: the conformance suite (or the exit scenario) inside
 * the kernel, as a guest of its own on rumpvisor.ko.  Loading runs it;
 * the result is in the kernel log as TAP ("rump-ct: ok 1 - ...") and a
 * final "# ct: N failed" line; loading succeeds even when tests fail.
 * The (test) guest stays until rmmod, which halts it.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/moduleparam.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <rumpvisor/carrier.h>
#include <rump/rumpuser.h>

#include "../ct.h"

static int quick;
module_param(quick, int, 0444);
MODULE_PARM_DESC(quick, "reduce stress counts");
static char *scratch = "/tmp/rv";
module_param(scratch, charp, 0444);
MODULE_PARM_DESC(scratch, "directory for test files (below the instance's files=)");
static char *outside = "/etc/passwd";
module_param(outside, charp, 0444);
MODULE_PARM_DESC(outside, "an existing path outside scratch");
static char *mode = "suite";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "suite, exit or confine");

static int ct_geterrno(void)
{
	return rumpvisor_errno();
}

static struct ct_host host = {
	.name = "linux",
	.confined = 1,
	.cv_fifo = 1,
	.geterrno = ct_geterrno,
};

/* Not seen as noreturn, so that objtool finds no fall-through. */
static void (*volatile exit_fn)(int) = rumpuser_exit;

static int run_suite(void *arg)
{
	int failed = ct_run(arg);

	/* Threads stuck in a broken hypervisor would keep the halt waiting:
	 * ending the guest ends them at their next blocking point. */
	if (ct_bailed())
		exit_fn(RUMPUSER_PANIC);
	return failed;
}

static int run_exit(void *arg)
{
	return ct_exit_scenario(arg, RUMPUSER_PANIC);
}

static int run_confine(void *arg)
{
	return ct_confine_run(arg);
}

/* The test guest's halt: it has freed everything; it exits. */
static int ct_halt(void *arg)
{
	exit_fn(0);
	return 0;
}

static struct rumpvisor_carrier carrier = {
	RUMPVISOR_CARRIER_INIT("ct"),
	.halt = ct_halt,
};
RUMPVISOR_CARRIER_PARAMS(carrier);

static bool outside_exists(const char *name)
{
	struct path p;

	if (kern_path(name, 0, &p))
		return false;
	path_put(&p);
	return true;
}

/* The exit scenario: the guest panics with threads blocked everywhere. */
static void exit_report(int err)
{
	struct rumpvisor_status st;
	int ok;

	rumpvisor_halt(carrier.rv, 0, &st);
	ok = err == -ESHUTDOWN && st.how == RUMPVISOR_PANICKED &&
	     st.value == RUMPUSER_PANIC;
	pr_info("rump-ct: %sok 1 - exit scenario: the call ends with -ESHUTDOWN, the guest panicked (err %d, how %d, value %d)\n",
		ok ? "" : "not ", err, st.how, st.value);
	pr_info("rump-ct: %sok 2 - exit scenario: the 5 blocked threads were ended (%u)\n",
		st.threads_killed >= 5 ? "" : "not ", st.threads_killed);
	pr_info("rump-ct: %sok 3 - exit scenario: its memory was reclaimed (%lu bytes in %lu pages)\n",
		st.pages_reclaimed ? "" : "not ", st.bytes_left,
		st.pages_reclaimed);
	pr_info("rump-ct: 1..3\n");
	pr_info("rump-ct: # ct: %d failed\n", ok ? 0 : 1);
}

static int __init ct_init(void)
{
	int exitmode = !strcmp(mode, "exit");
	int confine = !strcmp(mode, "confine");
	int err, result = 0;

	host.quick = quick;
	host.scratch = scratch;
	host.outside = outside;
	if (!exitmode && !confine && strcmp(mode, "suite")) {
		pr_err("rumpvisor_ct: mode must be suite, exit or confine\n");
		return -EINVAL;
	}
	/* A missing outside path would make the confinement tests pass
	 * for the wrong reason. */
	if (!exitmode && !outside_exists(outside)) {
		pr_err("rumpvisor_ct: outside=%s does not exist; name an existing path outside scratch\n",
		       outside);
		return -ENOENT;
	}
	err = rumpvisor_carrier_start(&carrier, THIS_MODULE);
	if (err)
		return err;
	err = rumpvisor_carrier_call(&carrier, "ct",
				     exitmode ? run_exit :
				     confine ? run_confine : run_suite, &host,
				     &result);
	if (exitmode) {
		exit_report(err);
		return 0;
	}
	if (err == -ESHUTDOWN) {
		pr_info("rump-ct: # ct: the guest ended during the suite\n");
		result = result ? result : 1;
	} else if (err) {
		pr_info("rump-ct: # ct: the suite did not run: %d\n", err);
		result = 1;
	}
	pr_info("rump-ct: # ct: %d failed\n", result < 0 ? 1 : result);
	return 0;
}

static void __exit ct_exit(void)
{
	rumpvisor_carrier_stop(&carrier, NULL);
}

module_init(ct_init);
module_exit(ct_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("rumpvisor conformance suite");
