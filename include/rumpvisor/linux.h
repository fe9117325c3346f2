/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rumpvisor's API for kernel modules that carry a guest (a rump kernel
 * linked into the module): instances.  The guest itself uses only
 * <rump/rumpuser.h>; this header is for the small Linux glue around it,
 * and most carriers need only <rumpvisor/carrier.h>, built on it.
 *
 * An instance is one guest: its own parameters, threads, memory, host
 * files, console and exit status, visible in /sys/kernel/rumpvisor/NAME.
 * Guest code runs only on rumpvisor's threads of that instance
 * (rumpvisor_call, rumpvisor_start, and the threads the guest creates).
 * rumpvisor owns everything it gave the guest: when the instance ends
 * (the guest exits or panics, or it is ended by force) its threads are
 * ended and its memory, files and requests are reclaimed.
 *
 * A carrier must destroy its instance before its own module_exit returns
 * (guest threads run the carrier's text).  Functions returning int give
 * 0 or a negative Linux errno.
 */
#ifndef RUMPVISOR_LINUX_H
#define RUMPVISOR_LINUX_H

#include <linux/module.h>
#include <linux/types.h>

struct rumpvisor;

/* Longest instance name, without the NUL: [a-z0-9_-], first a letter. */
#define RUMPVISOR_NAME_MAX	23

/* Default time a guest gets to halt by itself before it is ended. */
#define RUMPVISOR_HALT_MS	5000

/*
 * Parameters of a new instance.  Zero, NULL and "" mean "rumpvisor.ko's
 * default" (its module parameters of the same names), except files: NULL
 * takes the default, "none" gives the guest no host files at all.
 */
struct rumpvisor_params {
	const char *name;		/* required; sysfs, console prefix */
	int ncpu;			/* virtual CPUs (_RUMPUSER_NCPU) */
	const char *hostname;		/* _RUMPUSER_HOSTNAME */
	const char *files;		/* host directory for rumpuser_open */
	unsigned long memlimit;		/* RUMP_MEMLIMIT in bytes */
	int verbose;			/* RUMP_VERBOSE; < 0: default */
	/*
	 * The syscall proxy (the guest serves it with rump_init_server):
	 * server is the URL the carrier passes to it (unix:///abs/path or
	 * tcp://ADDR:PORT; NULL or "": no socket); server_group a numeric
	 * group id whose members may use the socket and the device besides
	 * root (NULL or "": root only); device non-zero asks for
	 * /dev/rumpvisor/NAME once the guest serves.
	 */
	const char *server;
	const char *server_group;
	int device;
};

/* How an instance ended. */
enum rumpvisor_end {
	RUMPVISOR_RUNNING = 0,		/* not ended (yet) */
	RUMPVISOR_EXITED,		/* rumpuser_exit(value) */
	RUMPVISOR_PANICKED,		/* rumpuser_exit(RUMPUSER_PANIC) */
	RUMPVISOR_KILLED,		/* ended by rumpvisor (halt, force) */
};

struct rumpvisor_status {
	enum rumpvisor_end how;
	int value;			/* RUMPVISOR_EXITED: the exit value */
	bool halt_requested;		/* a halt (carrier, administrator) came first */
	unsigned int threads_killed;	/* guest threads ended by rumpvisor */
	unsigned long bytes_left;	/* guest allocations reclaimed (bytes) */
	unsigned long allocs_left;	/* ... and their number */
	unsigned long pages_reclaimed;	/* host pages freed at the end */
	unsigned int files_closed;	/* host files the guest left open */
	unsigned int msecs;		/* rumpvisor_halt(): how long it took */
};

/*
 * A new instance for owner (THIS_MODULE of the carrier).  -EINVAL for a
 * bad name or parameter (the reason is logged), -EEXIST when the name is
 * taken, -ENOMEM.
 */
struct rumpvisor *rumpvisor_create(struct module *owner,
				   const struct rumpvisor_params *p);

/*
 * Run fn(arg) on a new thread of the instance, called name, and wait for
 * it.  0 with fn's value in *result; -ESHUTDOWN when the instance ended
 * before or while fn ran (rumpvisor_status tells how); -ENOMEM.
 */
int rumpvisor_call(struct rumpvisor *rv, const char *name,
		   int (*fn)(void *), void *arg, int *result);

/* Start fn(arg) on a new thread of the instance and return at once. */
int rumpvisor_start(struct rumpvisor *rv, const char *name,
		    int (*fn)(void *), void *arg);

/*
 * How to ask this guest to end cleanly: halt(arg) runs on a guest thread
 * and should make the guest call rumpuser_exit (for a NetBSD guest and
 * the reference guest, rump_sys_reboot(0, NULL)).
 */
void rumpvisor_set_halt(struct rumpvisor *rv, int (*halt)(void *), void *arg);

/*
 * End the instance: run its halt function (if any and if it still runs),
 * wait up to timeout_ms for the guest to exit, then end it by force.
 * Returns when every guest thread is gone and its resources reclaimed;
 * *st (may be NULL) says what happened.  The administrator's
 * "rumpctl halt" does the same.
 */
void rumpvisor_halt(struct rumpvisor *rv, unsigned int timeout_ms,
		    struct rumpvisor_status *st);

/* End the instance by force now; returns once it has ended. */
void rumpvisor_kill(struct rumpvisor *rv);

/* The exit status so far (how == RUMPVISOR_RUNNING while it runs). */
void rumpvisor_status(struct rumpvisor *rv, struct rumpvisor_status *st);

/*
 * Halt (as rumpvisor_halt with the default timeout) unless it already
 * ended, remove it from sysfs and free it.  rv is gone afterwards.
 */
void rumpvisor_destroy(struct rumpvisor *rv, struct rumpvisor_status *st);

const char *rumpvisor_name(const struct rumpvisor *rv);

/* One line saying how an instance ended, e.g. "exited 0". */
int rumpvisor_describe(const struct rumpvisor_status *st, char *buf,
		       size_t len);

/*
 * On a guest thread: the URL its instance was asked to serve, for the
 * guest's rump_init_server(): the server parameter, or "dev://NAME" when
 * only the device was asked for; NULL when neither.
 */
const char *rumpvisor_server_url(void);

/* The value rumpuser_seterrno() last set for the calling guest thread. */
int rumpvisor_errno(void);

#endif /* RUMPVISOR_LINUX_H */
