/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The rump kernel client API (NetBSD's names and signatures): boot the
 * guest, enter and leave it, manage the calling thread's process.
 * System calls are in <rump/rump_syscalls.h>; the constants and the
 * RUMP_E* error numbers come with this header (rumpdefs.h, rumperr.h).
 */
#ifndef RUMP_RUMP_H
#define RUMP_RUMP_H

#ifndef RUMPUSER_TYPES_DEFINED
#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <sys/types.h>
#endif
#endif

#include <rump/rumpdefs.h>
#include <rump/rumperr.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lwp;

/* The guest's version: NetBSD-style MMmmrrpp00 (here 10.0). */
#define RUMP_VERSION_NUMBER	1000000000

/* Boot the guest; 0 or a NetBSD errno.  A second call does nothing. */
int rump_init(void);
int rump_getversion(void);

/*
 * Serve this guest's system calls to remote clients (librumpclient,
 * NetBSD's rump_sp(7) protocol) on url: unix://PATH or tcp://ADDR:PORT.
 * 0 or a NetBSD errno.  Call after rump_init.
 */
int rump_init_server(const char *url);

/* Take / give back a virtual CPU around direct calls into the guest. */
void rump_schedule(void);
void rump_unschedule(void);

/* rump_lwproc_rfork flags */
#define RUMP_RFFDG		0x01	/* copy the descriptor table */
#define RUMP_RFCFDG		0x02	/* start with an empty table */
#define RUMP_RFFD_SHARE		0x00
#define RUMP_RFFD_COPY		RUMP_RFFDG
#define RUMP_RFFD_CLEAR		RUMP_RFCFDG

/*
 * Processes of the calling host thread: rfork makes a child of the
 * current process and switches to its lwp; newlwp adds an lwp to process
 * pid; releaselwp drops the current lwp (the last one ends the process).
 */
int rump_lwproc_rfork(int flags);
int rump_lwproc_newlwp(pid_t pid);
void rump_lwproc_switch(struct lwp *l);
void rump_lwproc_releaselwp(void);
struct lwp *rump_lwproc_curlwp(void);

#ifdef __cplusplus
}
#endif

#endif /* RUMP_RUMP_H */
