// SPDX-License-Identifier: BSD-2-Clause
/*
 * rump_init: the hypercall handshake, parameters, then every component
 * (link set and constructor registrations) by type, the sysctl setup
 * functions, the built-in modules in dependency order, and the clock.
 */
#include "sk.h"

int sk_hz;			/* tentative: also in clock.c */
char sk_hostname[65];		/* tentative: also in sysctl.c */
static int sk_ncpu;
int sk_booted;

SK_LINK_SET_DECL(sk_sysctl_funcs, const sk_sysctl_setup_fn);
/* Nothing registers event counters: an empty link set. */
SK_LINK_SET_DECL(sk_evcnts, const char);

static int sk_params(void)
{
	char buf[16];
	int i;

	if (rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf, sizeof(buf)) != 0)
		return SK_EINVAL;
	for (i = 0, sk_ncpu = 0; buf[i] >= '0' && buf[i] <= '9'; i++)
		sk_ncpu = sk_ncpu * 10 + buf[i] - '0';
	if (rumpuser_getparam(RUMPUSER_PARAM_HOSTNAME, sk_hostname,
			      sizeof(sk_hostname)) != 0)
		sk_strlcpy(sk_hostname, "sk", sizeof(sk_hostname));
	return sk_ncpu > 0 ? 0 : SK_EINVAL;
}

static void sk_sysctl_init(void)
{
	const sk_sysctl_setup_fn *const *fp;

	SK_LINK_SET_FOREACH(fp, sk_sysctl_funcs)
		(**fp)();
}

static int sk_evcnt_count(void)
{
	const char *const *p;
	int n = 0;

	SK_LINK_SET_FOREACH(p, sk_evcnts)
		n++;
	return n;
}

int rump_init(void)
{
	struct lwp *l;
	int err, nls, nctor, nmod;

	if (sk_booted)
		return 0;
	if ((err = rumpuser_init(RUMPUSER_VERSION, &sk_hyperup)) != 0)
		return err;
	if ((err = sk_params()) != 0)
		return err;
	if (!(l = sk_enter()))
		return SK_ENOMEM;
	sk_printf("sk: SynthBSD booting: ncpu=%d hostname=%s\n", sk_ncpu,
		  sk_hostname);
	err = sk_components_init(&nls, &nctor);
	if (!err) {
		sk_sysctl_init();
		err = sk_modules_init(&nmod);
	}
	if (!err)
		err = sk_clock_start();
	if (!err) {
		sk_booted = 1;
		sk_printf("sk: booted: components=%d+%d sysctl=%d modules=%d "
			  "evcnts=%d hz=%d\n", nls, nctor, sk_sysctl_count(),
			  nmod, sk_evcnt_count(), sk_hz);
	}
	sk_leave(l);
	return err;
}
