// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpvisor_faultprobe.ko: what each hypercall returns when a host call
 * behind it fails.  A guest of no kernel at all: its boot (a guest
 * thread) calls rumpuser_init with upcalls that do nothing, then, with
 * run=1, each hypercall that reaches a host resource once, in a fixed
 * order, and logs its result:
 *
 *	faultprobe: CALL rc=N		N: the NetBSD errno, 0 on success
 *
 * Only the call itself runs with the thread's make_it_fail flag set (its
 * set-up and clean-up do not), so that fail_function with task-filter
 * fails exactly the host calls a hypercall makes.  tests/vm/check-faults.sh
 * arms one injection point at a time and loads this module; vm.py
 * faults-report compares the results with tests/faults/sites.
 */
#include <linux/completion.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <rumpvisor/carrier.h>
#include <rump/rumpuser.h>

#include "../../../components/virtif/virtif.h"
#include "../../noguest/noguest.h"

static int run;
module_param(run, int, 0444);
MODULE_PARM_DESC(run, "1: probe the hypercalls; 0: boot only");
static char *scratch = "/tmp/rv";
module_param(scratch, charp, 0444);
MODULE_PARM_DESC(scratch, "directory for the probe's file (below files=)");

/* Fail the calling thread's host calls (fail_function task-filter). */
static void armed(bool on)
{
#ifdef CONFIG_FAULT_INJECTION
	current->make_it_fail = on;
#endif
}

static void report(const char *call, int rc)
{
	pr_info("faultprobe: %s rc=%d\n", call, rc);
}

/* ------------------------------------------------------------ memory */

/* rumpuser_malloc of len aligned to align, freed again. */
static void probe_malloc(const char *call, size_t len, int align)
{
	void *p = NULL;
	int rc;

	armed(true);
	rc = rumpuser_malloc(len, align, &p);
	armed(false);
	report(call, rc);
	if (!rc)
		rumpuser_free(p, len);
}

static void probe_anonmmap(void)
{
	void *p = NULL;
	int rc;

	armed(true);
	rc = rumpuser_anonmmap(NULL, 16 * PAGE_SIZE, 0, 0, &p);
	armed(false);
	report("anonmmap", rc);
	if (!rc)
		rumpuser_unmap(p, 16 * PAGE_SIZE);
}

/* ----------------------------------------------------------- threads */

static void *thread_body(void *arg)
{
	return NULL;
}

static void probe_thread(void)
{
	void *cookie = NULL;
	int rc;

	armed(true);
	rc = rumpuser_thread_create(thread_body, NULL, "faultprobe", 1, 0, -1,
				    &cookie);
	armed(false);
	report("thread", rc);
	if (!rc)
		rumpuser_thread_join(cookie);
}

/* ------------------------------------------------------------- files */

static char path[256];

static void probe_open(void)
{
	int rc, fd = -1;

	armed(true);
	rc = rumpuser_open(path, RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_CREATE, &fd);
	armed(false);
	report("open", rc);
	if (!rc)
		rumpuser_close(fd);
}

static void probe_fileinfo(void)
{
	uint64_t size;
	int rc, type;

	armed(true);
	rc = rumpuser_getfileinfo(path, &size, &type);
	armed(false);
	report("fileinfo", rc);
}

/* One read or write of the file at offset 0 through fd. */
static void probe_rw(int fd, bool write)
{
	char buf[16] = "faultprobe";
	struct rumpuser_iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	size_t done = 0;
	int rc;

	armed(true);
	rc = write ? rumpuser_iovwrite(fd, &iov, 1, 0, &done) :
		     rumpuser_iovread(fd, &iov, 1, 0, &done);
	armed(false);
	report(write ? "write" : "read", rc);
}

static void probe_sync(int fd)
{
	int rc;

	armed(true);
	rc = rumpuser_syncfd(fd, RUMPUSER_SYNCFD_WRITE, 0, 0);
	armed(false);
	report("sync", rc);
}

struct bio_wait {
	struct completion done;
	int error;
};

static void bio_done(void *arg, size_t done, int error)
{
	struct bio_wait *w = arg;

	w->error = error;
	complete(&w->done);
}

/*
 * The first block write of the instance (its bio thread starts here).
 * Its transfer runs on the bio thread, which the task filter leaves
 * alone: only the request and the thread's start can fail for this call.
 */
static void probe_bio(int fd)
{
	static char block[512];
	struct bio_wait w;

	init_completion(&w.done);
	w.error = -1;
	armed(true);
	rumpuser_bio(fd, RUMPUSER_BIO_WRITE | RUMPUSER_BIO_SYNC, block,
		     sizeof(block), 0, bio_done, &w);
	armed(false);
	if (!wait_for_completion_timeout(&w.done, 20 * HZ)) {
		report("bio", -1);
		return;
	}
	report("bio", w.error);
}

static void probe_files(void)
{
	int rc, fd;

	snprintf(path, sizeof(path), "%s/faultprobe", scratch);
	probe_open();
	probe_fileinfo();
	rc = rumpuser_open(path, RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_CREATE |
			   RUMPUSER_OPEN_BIO, &fd);
	if (rc) {
		pr_info("faultprobe: # cannot open %s for the I/O calls: %d\n",
			path, rc);
		return;
	}
	probe_rw(fd, true);
	probe_rw(fd, false);
	probe_sync(fd);
	probe_bio(fd);
	rumpuser_close(fd);
}

/* ----------------------------------------------------- syscall proxy */

/* A socket server on a unix socket in scratch, stopped again. */
static void probe_sp(void)
{
	char url[300];
	int rc;

	snprintf(url, sizeof(url), "unix://%s/faultprobe.sock", scratch);
	armed(true);
	rc = rumpuser_sp_init(url, "NetBSD", "10.0", "amd64");
	armed(false);
	report("sp", rc);
	rumpuser_sp_fini(NULL);
}

/* ------------------------------------------------------ virtual network */

/* virtif's upcall: nothing sends to the probe's interface. */
void rump_virtif_virt_deliverpkt(struct virtif_sc *sc, struct iovec *iov,
				 size_t iovcnt)
{
}

/* A native interface (a net_device), taken down again. */
static void probe_virtif(void)
{
	struct virtif_user *viu = NULL;
	unsigned char mac[6] = { 0x02 };
	int rc;

	armed(true);
	rc = rumpcomp_virt_create("0", NULL, mac, &viu);
	armed(false);
	report("virtif", rc);
	if (rc)
		return;
	rumpcomp_virt_dying(viu);
	rumpcomp_virt_destroy(viu);
}

/* ------------------------------------------------------------ the guest */

static int probe_boot(void *arg)
{
	int rc = rumpuser_init(RUMPUSER_VERSION, &rv_noguest_upcalls);

	if (rc || !run)
		return rc;
	/* The instance is new: the first small block of a class takes a
	 * new slab, the first block write starts the bio thread. */
	probe_malloc("malloc-small", 64, 0);
	probe_malloc("malloc-large", 3 * PAGE_SIZE, 0);
	probe_malloc("malloc-aligned", PAGE_SIZE, 4 * PAGE_SIZE);
	probe_anonmmap();
	probe_thread();
	probe_files();
	probe_sp();
	probe_virtif();
	pr_info("faultprobe: done\n");
	return 0;
}

static struct rumpvisor_carrier carrier = {
	RUMPVISOR_CARRIER_INIT("faultprobe"),
	.boot = probe_boot,
};
RUMPVISOR_CARRIER_PARAMS(carrier);

static int __init probe_init(void)
{
	return rumpvisor_carrier_start(&carrier, THIS_MODULE);
}

static void __exit probe_exit(void)
{
	rumpvisor_carrier_stop(&carrier, NULL);
}

module_init(probe_init);
module_exit(probe_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("rumpvisor fault-injection probe: each hypercall's result "
		   "when its host call fails");
