// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpvisor_bench.ko: runs the hypercall benchmarks inside the kernel on
 * rumpvisor.ko when loaded; results go to the console as BENCH lines.
 */
#include <linux/module.h>
#include <rumpvisor/linux.h>
#include "../bench.h"

static int bench_main(void *arg)
{
	return bg_run("kernel");
}

static int __init bench_init(void)
{
	int result = 0, error;
	long left;

	error = rumpvisor_run(THIS_MODULE, "bench", bench_main, NULL, &result);
	left = rumpvisor_release(THIS_MODULE);
	if (error || result || left)
		pr_err("rumpvisor_bench: run %d, guest %d, %ld bytes left\n",
		       error, result, left);
	/* Loading succeeds either way: the console says what happened. */
	return 0;
}

static void __exit bench_exit(void)
{
}

module_init(bench_init);
module_exit(bench_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("rumpvisor hypercall benchmarks (kernel side)");
