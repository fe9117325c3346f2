/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * librumpclient: system calls into a rump kernel running in another
 * process or in the Linux kernel (NetBSD's rumpclient(3) API).  The
 * server is named by the RUMP_SERVER environment variable:
 *   unix://PATH        a unix socket (unix:///abs/path for an absolute one)
 *   tcp://ADDR:PORT    IPv4
 *   dev://NAME         reserved for /dev/rumpvisor/NAME (an in-kernel
 *                      guest's device); not available yet: rumpclient_init
 *                      fails with EOPNOTSUPP
 * After rumpclient_init(), the rump_sys_* calls of <rump/rump_syscalls.h>
 * run in the server, in a process of their own.
 *
 * rumpclient_* functions return -1 (NULL) and set the host's errno on
 * failure; rumpclient_syscall returns the rump kernel's error number.
 */
#ifndef RUMP_RUMPCLIENT_H
#define RUMP_RUMPCLIENT_H

#include <sys/types.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rumpclient_fork;

/* Connect to RUMP_SERVER (once per process; again after fork/exec). */
int rumpclient_init(void);

/* A system call by NetBSD number with NetBSD's argument structure;
 * 0 or a NetBSD errno, retval[0..1] as the call sets them. */
int rumpclient_syscall(int num, const void *data, size_t dlen,
		       register_t *retval);

/*
 * fork() for clients: the child gets a process in the server that
 * starts as a copy of the parent's (descriptors included).
 * rumpclient_fork does it all; the three steps are for callers that fork
 * themselves: rumpclient_prefork before fork(), rumpclient_fork_init in
 * the child, rumpclient_fork_cancel if fork() failed.
 */
pid_t rumpclient_fork(void);
struct rumpclient_fork *rumpclient_prefork(void);
int rumpclient_fork_init(struct rumpclient_fork *rf);
void rumpclient_fork_cancel(struct rumpclient_fork *rf);
void rumpclient_fork_vparent(struct rumpclient_fork *rf);

/* execve() keeping the server process (the new program calls
 * rumpclient_init, which picks the connection up). */
int rumpclient_exec(const char *path, char *const argv[],
		    char *const envp[]);
/* daemon(3) for clients. */
int rumpclient_daemon(int nochdir, int noclose);

/* What to do when the connection to the server is lost: reconnect for
 * up to timeout seconds (a new server process), or: */
#define RUMPCLIENT_RETRYCONN_INFTIME	((time_t)-1)	/* for ever */
#define RUMPCLIENT_RETRYCONN_ONCE	((time_t)-2)	/* one attempt */
#define RUMPCLIENT_RETRYCONN_DIE	((time_t)-3)	/* _exit(1) */
void rumpclient_setconnretry(time_t timeout);

/* For system-call hijacking wrappers: the application is about to close
 * or dup2 over *fdp, or close every descriptor from *fdp up. */
enum rumpclient_closevariant {
	RUMPCLIENT_CLOSE_CLOSE,
	RUMPCLIENT_CLOSE_DUP2,
	RUMPCLIENT_CLOSE_FCLOSEM
};
int rumpclient__closenotify(int *fdp, enum rumpclient_closevariant variant);

/* rumpvisor extension (not in NetBSD): disconnect now; the server
 * releases this client's process.  rumpclient_init connects again. */
int rumpclient_close(void);

#ifdef __cplusplus
}
#endif

#endif /* RUMP_RUMPCLIENT_H */
