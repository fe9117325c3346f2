/* SPDX-License-Identifier: BSD-2-Clause */
/* TAP for the syscall proxy's test programs. */
#ifndef RV_TESTS_SP_TAP_H
#define RV_TESTS_SP_TAP_H

/* One test point; returns cond. */
int ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The plan and a summary line; the exit status (0: all passed). */
int tap_done(const char *name);

#endif /* RV_TESTS_SP_TAP_H */
