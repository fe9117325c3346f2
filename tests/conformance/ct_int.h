/* SPDX-License-Identifier: BSD-2-Clause */
/* The suite's internals: TAP output, helpers, NetBSD errno numbers. */
#ifndef CT_INT_H
#define CT_INT_H

#include "../guest/tg.h"
#include "ct.h"

#define CT_EPERM	1
#define CT_ENOENT	2
#define CT_E2BIG	7
#define CT_EBADF	9
#define CT_ENOMEM	12
#define CT_EBUSY	16
#define CT_EEXIST	17
#define CT_EINVAL	22
#define CT_EAGAIN	35
#define CT_ETIMEDOUT	60
#define CT_ENAMETOOLONG	63
#define CT_ENOSYS	78

#define CT_MS		1000000LL	/* ns */
/*
 * "Returns at once" for one call that must not sleep (a deadline in the
 * past, a zero timeout): a real sleep of the mistaken kind lasts
 * seconds (a past absolute time read as relative is the uptime), while
 * a loaded emulated machine has stalled a single call for 100 ms.
 */
#define CT_PROMPT	(1000 * CT_MS)
#define CT_PRINTF(f, a)	__attribute__((__format__(__printf__, f, a)))

extern const struct ct_host *ct_host;

/* TAP: one test line; the detail is printed only on failure. */
int ct_check(int cond, const char *name, const char *fmt, ...) CT_PRINTF(3, 4);
void ct_skip(const char *name, const char *why);
void ct_diag(const char *fmt, ...) CT_PRINTF(1, 2);
void ct_bail(const char *why);
int ct_failures(void);
int ct_count(void);
void ct_tap_reset(void);

/* Helpers. */
void ct_sleep_ms(int ms);
/*
 * Wait, unscheduled, until *counter >= target.  On timeout returns 0
 * and stays unscheduled: the CPU may be stuck with a blocked thread, so
 * the caller reports, bails out and returns.  Reschedules on success.
 */
int ct_await(const int *counter, int target, int timeout_ms);
int ct_spawn(void *(*fn)(void *), void *arg, const char *name, void **cookie);
void ct_path(char *buf, size_t len, const char *base);
void ct_sort(int64_t *v, int n);

/* Test groups, each run by a scheduled lwp of a booted guest. */
void ct_t_init_report(int rv16, int rv18);
void ct_t_memory(void);
void ct_t_clock(void);
void ct_t_param(void);
void ct_t_console(void);
void ct_t_proc(void);
void ct_t_random(void);
void ct_t_thread(void);
void ct_t_curlwp(void);
void ct_t_mutex(void);
void ct_t_rwlock(void);
void ct_t_cv(void);
void ct_t_onecpu(void);
void ct_t_file(void);
void ct_t_bio(void);
void ct_t_component(void);
void ct_t_dl(void);
void ct_t_stress(void);
void ct_t_checks(void);

#endif /* CT_INT_H */
