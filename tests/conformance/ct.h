/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The conformance suite: checks a hypervisor against the rumpuser v17
 * contract from inside the test guest, printing TAP through
 * rumpuser_dprintf.  Portable; the host glue fills in struct ct_host.
 */
#ifndef CT_CT_H
#define CT_CT_H

struct ct_host {
	const char *name;	/* host name for the report ("user", "linux") */
	const char *scratch;	/* an existing directory the guest may write in */
	const char *outside;	/* an existing path outside the guest's files */
	int confined;		/* the file name space is confined to scratch */
	int quick;		/* reduce stress counts (repeated runs) */
	/* cv_signal wakes the longest waiter: not in the contract, and not
	 * what pthread condition variables promise, but the kernel
	 * hypervisor's FIFO does (checked only where set). */
	int cv_fifo;
	int (*geterrno)(void);	/* what rumpuser_seterrno set for this thread */
};

/* Run the whole suite; returns the number of failed tests. */
int ct_run(const struct ct_host *h);
/* Did the last ct_run stop with "Bail out!" (threads may still be stuck)? */
int ct_bailed(void);

/*
 * Boot, leave threads blocked in a mutex, cv, sleep, join and rwlock,
 * then call rumpuser_exit(value).  Returns only when
 * the scenario could not be set up (a NetBSD errno).
 */
int ct_exit_scenario(const struct ct_host *h, int value);

/*
 * Confinement under attack (confine.c): scratch is the instance's files
 * directory, prepared with escapes, outside the secret file; the number
 * of failed tests.
 */
int ct_confine_run(const struct ct_host *h);

#endif /* CT_CT_H */
