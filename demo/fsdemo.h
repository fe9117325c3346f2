/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The file-system demo: one portable source (demo/fsdemo.c) that uses only
 * the rump client API, and a small glue per host that supplies output and
 * errno.  The glue boots nothing itself: fsdemo_run() calls rump_init().
 * Halting the guest (rump_sys_reboot) is the glue's job, so that a kernel
 * module can keep the guest alive until it is unloaded.
 */
#ifndef FSDEMO_H
#define FSDEMO_H

struct fsdemo_host {
	/* Print one line (printf-style, no trailing newline). */
	void (*print)(const char *fmt, ...)
		__attribute__((__format__(__printf__, 1, 2)));
	/* The errno (NetBSD numbering) a failed rump_sys_* call left. */
	int (*error)(void);
};

/* Boot the guest and run the demo.  Returns the number of failed steps,
 * or -1 when the guest did not boot (then there is nothing to halt). */
int fsdemo_run(const struct fsdemo_host *host);

#endif /* FSDEMO_H */
