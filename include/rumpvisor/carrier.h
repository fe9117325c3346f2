/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The carrier helper: everything a kernel module that carries a guest
 * needs to look like any other kernel service.  Its init boots the guest
 * and returns with it running; its exit halts the guest (cleanly if the
 * guest answers within halt_ms, by force otherwise), reports how it
 * ended and frees the instance.  rmmod is the ordinary way to stop it.
 *
 *	static int boot(void *arg) { return rump_init(); }
 *	static int halt(void *arg) { return rump_sys_reboot(0, NULL); }
 *	static struct rumpvisor_carrier carrier = {
 *		.instance = "mine", .boot = boot, .halt = halt,
 *	};
 *	RUMPVISOR_CARRIER_PARAMS(carrier);
 *	static int __init mine_init(void)
 *	{ return rumpvisor_carrier_start(&carrier, THIS_MODULE); }
 *	static void __exit mine_exit(void)
 *	{ rumpvisor_carrier_stop(&carrier, NULL); }
 *
 * Code a carrier runs on guest threads must wait only in hypercalls
 * (rumpuser_thread_join, rumpuser_cv_wait, ...): those are the waits
 * rumpvisor can end when it stops the guest.  A guest thread blocked in a
 * plain Linux wait of the carrier's own keeps the halt waiting for it.
 */
#ifndef RUMPVISOR_CARRIER_H
#define RUMPVISOR_CARRIER_H

#include <linux/moduleparam.h>
#include <rumpvisor/linux.h>

struct rumpvisor_carrier {
	/*
	 * Module parameters (RUMPVISOR_CARRIER_PARAMS), with the carrier's
	 * default for instance.  The rest default to rumpvisor.ko's own.
	 */
	char *instance;
	int ncpu;
	char *hostname;
	char *files;
	unsigned long memlimit;
	int verbose;
	unsigned int halt_ms;		/* 0: RUMPVISOR_HALT_MS */
	char *server;			/* syscall proxy URL (server=) */
	char *server_group;		/* gid that may use it (server_group=) */
	int device;			/* /dev/rumpvisor/NAME (device=) */

	/*
	 * boot runs on a guest thread at load and must return with the
	 * guest up: 0, or a NetBSD errno (the load then fails with EIO and
	 * the instance is ended); without one, the carrier boots the guest
	 * itself (rumpvisor_carrier_call).  halt, if set, asks the guest to
	 * end.
	 */
	int (*boot)(void *arg);
	int (*halt)(void *arg);
	void *arg;

	struct rumpvisor *rv;		/* while loaded */
};

/*
 * instance=, ncpu=, hostname=, files=, memlimit=, verbose=, halt_ms=,
 * server=, server_group= and device= for the carrier module (modinfo
 * lists them).  The last three matter for guests that serve remote
 * clients (rump_init_server(rumpvisor_server_url()) in the boot function).
 */
#define RUMPVISOR_CARRIER_PARAMS(c)					\
	module_param_named(instance, (c).instance, charp, 0444);	\
	MODULE_PARM_DESC(instance, "instance name (sysfs, console, rumpctl)"); \
	module_param_named(ncpu, (c).ncpu, int, 0444);			\
	MODULE_PARM_DESC(ncpu, "virtual CPUs (default: rumpvisor's ncpu)"); \
	module_param_named(hostname, (c).hostname, charp, 0444);	\
	MODULE_PARM_DESC(hostname, "guest host name (default: <nodename>-<instance>)"); \
	module_param_named(files, (c).files, charp, 0444);		\
	MODULE_PARM_DESC(files, "host directory the guest may open files under (default: rumpvisor's files; none: no files)"); \
	module_param_named(memlimit, (c).memlimit, ulong, 0444);	\
	MODULE_PARM_DESC(memlimit, "RUMP_MEMLIMIT in bytes (default: rumpvisor's)"); \
	module_param_named(verbose, (c).verbose, int, 0444);		\
	MODULE_PARM_DESC(verbose, "RUMP_VERBOSE (default: rumpvisor's)"); \
	module_param_named(halt_ms, (c).halt_ms, uint, 0444);		\
	MODULE_PARM_DESC(halt_ms, "milliseconds the guest gets to halt at unload before it is ended"); \
	module_param_named(server, (c).server, charp, 0444);		\
	MODULE_PARM_DESC(server, "serve remote clients at this URL (unix:///PATH, tcp://ADDR:PORT) if the guest serves"); \
	module_param_named(server_group, (c).server_group, charp, 0444); \
	MODULE_PARM_DESC(server_group, "numeric group id allowed to use the server socket and device besides root"); \
	module_param_named(device, (c).device, int, 0444);		\
	MODULE_PARM_DESC(device, "1: /dev/rumpvisor/<instance> for local clients if the guest serves")

/*
 * Create the instance and boot the guest; 0, or a negative errno with
 * nothing left behind.  Initialise c with RUMPVISOR_CARRIER_INIT(name):
 * 0 is a valid verbose= value, so "default" is -1.
 */
int rumpvisor_carrier_start(struct rumpvisor_carrier *c, struct module *owner);

/*
 * Run fn on a new guest thread and wait (the carrier's own work after
 * boot, e.g. a demo); as rumpvisor_call.
 */
int rumpvisor_carrier_call(struct rumpvisor_carrier *c, const char *name,
			   int (*fn)(void *), void *arg, int *result);

/* Halt, report in the kernel log, free the instance. */
void rumpvisor_carrier_stop(struct rumpvisor_carrier *c,
			    struct rumpvisor_status *st);

/* Field defaults for a carrier's static initialiser. */
#define RUMPVISOR_CARRIER_INIT(name)	.instance = (name), .verbose = -1

#endif /* RUMPVISOR_CARRIER_H */
