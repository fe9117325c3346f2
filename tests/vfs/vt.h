/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The VFS test suite: checks the reference guest's file system calls
 * through the public client API only (<rump/rump.h>, rump_syscalls.h,
 * rumpdefs.h).  The suite is portable and touches no host: whatever it
 * needs from the host (printing, threads, the client errno) comes from
 * the glue through struct vt_host.
 */
#ifndef VT_VT_H
#define VT_VT_H

struct vt_host {
	const char *name;		/* "user", "linux" (for the report) */
	int quick;			/* smaller counts (load/unload cycles) */
	/* Print one line of output; s has no newline. */
	void (*print)(const char *s);
	/* The errno the last failed rump_sys_* call of this thread set. */
	int (*geterrno)(void);
	/*
	 * Run fn(arg) on a new host thread that may call rump_sys_*; join
	 * waits for it to end.  spawn returns 0 or a NetBSD errno.
	 */
	int (*spawn)(void (*fn)(void *), void *arg, void **cookie);
	void (*join)(void *cookie);
};

/*
 * Boot the guest (rump_init) and run every test; TAP through h->print.
 * Returns the number of failed tests.  The guest stays up: the glue
 * halts it with vt_halt() (or rump_sys_reboot) when it is done.
 */
int vt_run(const struct vt_host *h);

/* rump_sys_reboot(0, NULL): halt and exit the guest; its return value. */
int vt_halt(void);

#endif /* VT_VT_H */
