/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Hypercall benchmarks, portable: the same cases run on the kernel and the
 * userspace hypervisor.  Each result is printed as one line
 *   BENCH host=<host> case=<name> iters=<n> ps=<picoseconds per op>
 * through rumpuser_dprintf (integer picoseconds: the kernel build has no
 * floating point).  bench/report.py turns the lines into tables.
 */
#ifndef BG_BENCH_H
#define BG_BENCH_H

/* Run every case; host names the hypervisor ("kernel", "user").
 * Returns 0, or a NetBSD errno when the guest could not boot. */
int bg_run(const char *host);

/* Print one result line (also used by host glues for reference rows). */
void bg_report(const char *host, const char *name, long iters, long long ns);

#endif /* BG_BENCH_H */
