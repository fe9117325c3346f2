// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpvisor_stress.ko (and its twin rumpvisor_stress2.ko): a reference
 * guest for the instance tests in the VM (tests/vm/check-instances.sh).
 *
 *   mode=idle    boot and stay up
 *   mode=serve   boot, then create, write, read back and remove files in
 *                tmpfs in a loop, printing "NAME: serve N ok" (or
 *                "... FAILED") every 10000 rounds, until halted
 *   mode=panic   boot, write mib MiB into a tmpfs file, then panic
 *                (rump_sys_reboot(RB_DUMP))
 *   halt=reboot  rmmod halts with rump_sys_reboot(0) (a clean exit)
 *   halt=rbhalt  ... with RB_HALT: the guest halts but does not exit
 *                (as NetBSD's), so rumpvisor must end it
 *   halt=none    no halt function: rumpvisor ends the guest at once
 *
 * rmmod prints "NAME: stopped <how> bytes=<n> threads=<n>".
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <rumpvisor/carrier.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>

#define CHUNK	65536

static char *mode = "idle";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "idle, serve or panic");
static char *halt_how = "reboot";
module_param_named(halt, halt_how, charp, 0444);
MODULE_PARM_DESC(halt, "reboot, rbhalt or none: how rmmod asks the guest to end");
static int mib = 32;
module_param(mib, int, 0444);
MODULE_PARM_DESC(mib, "MiB written before the panic (mode=panic)");

static char *buf;

static int st_boot(void *arg)
{
	int err = rump_init();

	if (!err && rump_sys_mkdir("/st", 0755) < 0)
		err = rumpvisor_errno();
	return err;
}

static int st_halt(void *arg)
{
	int howto = !strcmp(halt_how, "rbhalt") ? RUMP_RB_HALT : 0;

	return rump_sys_reboot(howto, NULL) < 0 ? rumpvisor_errno() : 0;
}

static struct rumpvisor_carrier carrier = {
	RUMPVISOR_CARRIER_INIT("stress"),
	.boot = st_boot,
	.halt = st_halt,
};
RUMPVISOR_CARRIER_PARAMS(carrier);

/* Write n bytes of buf to path (created); 0 or the guest's errno. */
static int write_file(const char *path, long n)
{
	int fd = rump_sys_open(path, RUMP_O_WRONLY | RUMP_O_CREAT |
			       RUMP_O_TRUNC, 0644);
	int err = 0;

	if (fd < 0)
		return rumpvisor_errno();
	for (; n > 0 && !err; n -= CHUNK)
		if (rump_sys_write(fd, buf, min_t(long, n, CHUNK)) < 0)
			err = rumpvisor_errno();
	rump_sys_close(fd);
	return err;
}

static int st_panic(void *arg)
{
	int err = write_file("/st/fill", (long)mib << 20);

	pr_info("%s: wrote %d MiB into tmpfs (error %d); panicking\n",
		carrier.instance, mib, err);
	rump_sys_reboot(RUMP_RB_DUMP, NULL);
	return err;
}

/* One round: a file written, read back, compared and removed. */
static int serve_round(long i)
{
	char name[32];
	int fd, err;

	snprintf(name, sizeof(name), "/st/f%ld", i % 8);
	memset(buf, (int)(i & 0xff), 4096);
	err = write_file(name, 4096);
	if (err)
		return err;
	fd = rump_sys_open(name, RUMP_O_RDONLY);
	if (fd < 0)
		return rumpvisor_errno();
	memset(buf, 0, 4096);
	if (rump_sys_read(fd, buf, 4096) != 4096)
		err = rumpvisor_errno() ? rumpvisor_errno() : 5;
	else if (buf[0] != (char)(i & 0xff) || buf[4095] != (char)(i & 0xff))
		err = 5;
	rump_sys_close(fd);
	if (!err && rump_sys_unlink(name) < 0)
		err = rumpvisor_errno();
	return err;
}

static int st_serve(void *arg)
{
	long i;

	for (i = 1;; i++) {
		int err = serve_round(i);

		if (err || i % 10000 == 0)
			pr_info("%s: serve %ld %s (%d)\n", carrier.instance, i,
				err ? "FAILED" : "ok", err);
		if (err)
			return err;
	}
	return 0;
}

static int __init st_init(void)
{
	int err;

	if (!strcmp(halt_how, "none"))
		carrier.halt = NULL;
	else if (strcmp(halt_how, "reboot") && strcmp(halt_how, "rbhalt"))
		return -EINVAL;
	if (strcmp(mode, "idle") && strcmp(mode, "serve") &&
	    strcmp(mode, "panic"))
		return -EINVAL;
	buf = kvmalloc(CHUNK, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memset(buf, 0x5a, CHUNK);
	err = rumpvisor_carrier_start(&carrier, THIS_MODULE);
	if (err)
		goto free_buf;
	if (!strcmp(mode, "serve"))
		err = rumpvisor_start(carrier.rv, "serve", st_serve, NULL);
	else if (!strcmp(mode, "panic"))
		err = rumpvisor_start(carrier.rv, "panic", st_panic, NULL);
	if (err)
		pr_err("%s: cannot start %s: %d\n", carrier.instance, mode, err);
	return 0;

free_buf:
	kvfree(buf);
	return err;
}

static void __exit st_exit(void)
{
	struct rumpvisor_status st;
	char how[48];

	rumpvisor_carrier_stop(&carrier, &st);
	rumpvisor_describe(&st, how, sizeof(how));
	pr_info("%s: stopped %s bytes=%lu threads=%u pages=%lu forced=%d\n",
		carrier.instance, how, st.bytes_left, st.threads_killed,
		st.pages_reclaimed, st.how == RUMPVISOR_KILLED);
	kvfree(buf);
}

module_init(st_init);
module_exit(st_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("rumpvisor instance tests: a reference guest that idles, serves, panics");
