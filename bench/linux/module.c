// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpvisor_bench.ko: runs the hypercall benchmarks inside the kernel on
 * rumpvisor.ko when loaded, on a guest of its own (the test guest);
 * results go to the console as BENCH lines.  rmmod ends the guest.
 */
#include <linux/module.h>
#include <rumpvisor/carrier.h>
#include <rump/rumpuser.h>
#include "../bench.h"

/* Not seen as noreturn, so that objtool finds no fall-through. */
static void (*volatile exit_fn)(int) = rumpuser_exit;

static int bench_main(void *arg)
{
	return bg_run("kernel");
}

static int bench_halt(void *arg)
{
	exit_fn(0);
	return 0;
}

static struct rumpvisor_carrier carrier = {
	RUMPVISOR_CARRIER_INIT("bench"),
	.halt = bench_halt,
};
RUMPVISOR_CARRIER_PARAMS(carrier);

static int __init bench_init(void)
{
	int err, result = 0;

	err = rumpvisor_carrier_start(&carrier, THIS_MODULE);
	if (err)
		return err;
	err = rumpvisor_carrier_call(&carrier, "bench", bench_main, NULL,
				     &result);
	if (err || result)
		pr_err("rumpvisor_bench: run %d, guest %d\n", err, result);
	/* Loading succeeds either way: the console says what happened. */
	return 0;
}

static void __exit bench_exit(void)
{
	rumpvisor_carrier_stop(&carrier, NULL);
}

module_init(bench_init);
module_exit(bench_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("rumpvisor hypercall benchmarks (kernel side)");
