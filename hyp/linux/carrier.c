// SPDX-License-Identifier: BSD-2-Clause
/*
 * The carrier helper (<rumpvisor/carrier.h>): boot at module load, halt
 * at unload, one report line each, so every carrier is a few lines.
 */
#include "hyp.h"

#include <rumpvisor/carrier.h>

int rumpvisor_carrier_start(struct rumpvisor_carrier *c, struct module *owner)
{
	struct rumpvisor_params p = {
		.name = c->instance, .ncpu = c->ncpu, .hostname = c->hostname,
		.files = c->files, .memlimit = c->memlimit,
		.verbose = c->verbose, .server = c->server,
		.server_group = c->server_group, .device = c->device,
	};
	struct rumpvisor_status st;
	struct rumpvisor *rv;
	int err, result = 0;

	rv = rumpvisor_create(owner, &p);
	if (IS_ERR(rv))
		return PTR_ERR(rv);
	if (c->halt)
		rumpvisor_set_halt(rv, c->halt, c->arg);
	/* Without a boot function the carrier boots the guest itself. */
	err = c->boot ? rumpvisor_call(rv, "boot", c->boot, c->arg, &result)
		      : 0;
	if (err || result) {
		pr_err("%s: the guest did not boot (%s %d)\n", p.name,
		       err ? "error" : "guest error", err ? err : result);
		rumpvisor_destroy(rv, &st);
		return err == -EINTR ? err : -EIO;
	}
	c->rv = rv;
	pr_info("%s: instance up, %d virtual CPU(s), files %s\n", p.name,
		rv_of(rv)->p.ncpu, rv_of(rv)->p.files ?: "none");
	return 0;
}
EXPORT_SYMBOL(rumpvisor_carrier_start);

int rumpvisor_carrier_call(struct rumpvisor_carrier *c, const char *name,
			   int (*fn)(void *), void *arg, int *result)
{
	if (!c->rv)
		return -ESHUTDOWN;
	return rumpvisor_call(c->rv, name, fn, arg, result);
}
EXPORT_SYMBOL(rumpvisor_carrier_call);

void rumpvisor_carrier_stop(struct rumpvisor_carrier *c,
			    struct rumpvisor_status *st)
{
	unsigned int ms = c->halt_ms ? c->halt_ms : rv_halt_ms_default();
	struct rumpvisor_status s;
	const char *name;
	char how[48];

	if (!c->rv)
		return;
	name = rumpvisor_name(c->rv);
	rumpvisor_halt(c->rv, ms, &s);
	rumpvisor_describe(&s, how, sizeof(how));
	pr_info("%s: stopped: %s%s after %u ms\n", name, how,
		s.how == RUMPVISOR_KILLED && s.halt_requested ?
		" (the guest did not halt by itself)" : "", s.msecs);
	rumpvisor_destroy(c->rv, &s);
	c->rv = NULL;
	if (st)
		*st = s;
}
EXPORT_SYMBOL(rumpvisor_carrier_stop);
