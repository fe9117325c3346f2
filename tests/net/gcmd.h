/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guest commands for the network tests against Linux (tests/vm/
 * check-net.sh): one line such as "recv 5001 52428800 7" runs in the
 * guest, through the client API only, while the test script drives
 * Linux's side; the result is a status and a line of text.  The same
 * source runs in a kernel module (tests/net/linux) and could in a
 * program.
 */
#ifndef NT_GCMD_H
#define NT_GCMD_H

struct gcmd_host {
	/* A line for the log (printf-style, no newline). */
	void (*print)(const char *fmt, ...)
		__attribute__((__format__(__printf__, 1, 2)));
	/* The errno (NetBSD numbering) a failed rump_sys_* call left. */
	int (*error)(void);
	/* Set up (listening): the driver may start Linux's side now. */
	void (*ready)(void);
	/* The result: 0 for success or an errno, and a line of text. */
	void (*result)(int rc, const char *fmt, ...)
		__attribute__((__format__(__printf__, 2, 3)));
};

/* Run one command line (modified in place); calls result once. */
void gcmd_run(const struct gcmd_host *h, char *line);

/* The commands, for --help and documentation. */
extern const char gcmd_usage[];

#endif /* NT_GCMD_H */
