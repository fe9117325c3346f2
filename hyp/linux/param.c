// SPDX-License-Identifier: BSD-2-Clause
/*
 * Parameters: rumpvisor.ko's module parameters are the defaults; each
 * instance resolves its own once, when it is created (rv_params_resolve),
 * and rumpuser_getparam() only reports what was resolved.
 */
#include "hyp.h"

#include <linux/cpumask.h>
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/cred.h>
#include <linux/string.h>
#include <linux/uidgid.h>
#include <linux/utsname.h>

#include "../common/sp_url.h"

#define NCPU_MAX	256

static int ncpu;
module_param(ncpu, int, 0644);
MODULE_PARM_DESC(ncpu, "default virtual CPUs per guest (0: online CPUs)");

static char *hostname;
module_param(hostname, charp, 0444);
MODULE_PARM_DESC(hostname, "default guest host name (default: <nodename>-<instance>)");

static int verbose;
module_param(verbose, int, 0644);
MODULE_PARM_DESC(verbose, "default RUMP_VERBOSE");

static unsigned long memlimit;
module_param(memlimit, ulong, 0644);
MODULE_PARM_DESC(memlimit, "default RUMP_MEMLIMIT in bytes (0: none)");

static char *files;
module_param(files, charp, 0444);
MODULE_PARM_DESC(files, "default host directory guests may open files under (absolute, not /; empty: none)");

static unsigned int halt_ms = RUMPVISOR_HALT_MS;
module_param(halt_ms, uint, 0644);
MODULE_PARM_DESC(halt_ms, "milliseconds a guest gets to halt by itself before it is ended");

unsigned int rv_halt_ms_default(void)
{
	return READ_ONCE(halt_ms);
}

/* A name for sysfs, the console and rumpctl: [a-z][a-z0-9_-]*. */
static bool name_ok(const char *s)
{
	size_t i, n = s ? strlen(s) : 0;

	if (n == 0 || n > RUMPVISOR_NAME_MAX || !islower(s[0]))
		return false;
	for (i = 1; i < n; i++)
		if (!islower(s[i]) && !isdigit(s[i]) && s[i] != '_' &&
		    s[i] != '-')
			return false;
	return true;
}

static int resolve_ncpu(int want)
{
	int n = want > 0 ? want : READ_ONCE(ncpu);

	if (n <= 0)
		n = num_online_cpus();
	return min(n, NCPU_MAX);
}

static int resolve_hostname(struct rv_params *out, const char *want)
{
	const char *def = hostname;

	if (want && *want) {
		if (strscpy(out->hostname, want, sizeof(out->hostname)) < 0) {
			pr_err("%s: hostname longer than %zu characters\n",
			       out->name, sizeof(out->hostname) - 1);
			return -EINVAL;
		}
		return 0;
	}
	if (def && *def)
		strscpy(out->hostname, def, sizeof(out->hostname));
	else
		snprintf(out->hostname, sizeof(out->hostname), "%s-%s",
			 init_utsname()->nodename, out->name);
	return 0;
}

/* want: NULL takes the default, "none" or "" means no host files. */
static int resolve_files(struct rv_params *out, const char *want)
{
	const char *dir = want ? want : files;
	int err;

	if (!dir || !*dir || !strcmp(dir, "none"))
		return 0;
	err = rv_files_dir_check(dir, &out->root);
	if (err) {
		pr_err("%s: files=%s refused\n", out->name, dir);
		return err;
	}
	out->files = kstrdup(dir, GFP_KERNEL);
	if (!out->files) {
		path_put(&out->root);
		return -ENOMEM;
	}
	return 0;
}

/*
 * server=: a URL the kernel can listen on (an absolute unix path, or
 * TCP); dev://NAME only for this instance's own name.
 */
static int resolve_server(struct rv_params *out, const char *url)
{
	const char *why = "";
	struct sp_url u;

	snprintf(out->dev_url, sizeof(out->dev_url), "dev://%s", out->name);
	if (!url || !*url)
		return 0;
	if (sp_url_parse(url, &u, &why)) {
		pr_err("%s: server=%s refused: %s\n", out->name, url, why);
		return -EINVAL;
	}
	if (u.kind == SP_URL_UNIX && u.path[0] != '/') {
		pr_err("%s: server=%s refused: the kernel has no current directory; use unix:///ABSOLUTE/PATH\n",
		       out->name, url);
		return -EINVAL;
	}
	if (u.kind == SP_URL_DEV && strcmp(u.path, out->name)) {
		pr_err("%s: server=%s refused: the device of this instance is dev://%s\n",
		       out->name, url, out->name);
		return -EINVAL;
	}
	out->server = kstrdup(url, GFP_KERNEL);
	return out->server ? 0 : -ENOMEM;
}

/* server_group=: a numeric group id (the kernel cannot read names). */
static int resolve_group(struct rv_params *out, const char *group)
{
	unsigned int gid;

	if (!group || !*group)
		return 0;
	if (kstrtouint(group, 10, &gid)) {
		pr_err("%s: server_group=%s refused: a numeric group id is needed (e.g. $(getent group NAME | cut -d: -f3))\n",
		       out->name, group);
		return -EINVAL;
	}
	out->group = make_kgid(current_user_ns(), gid);
	if (!gid_valid(out->group)) {
		pr_err("%s: server_group=%u is not a valid group\n", out->name,
		       gid);
		return -EINVAL;
	}
	out->has_group = true;
	return 0;
}

int rv_params_resolve(struct rv_params *out, const struct rumpvisor_params *in)
{
	int err;

	if (!in || !name_ok(in->name)) {
		pr_err("instance name '%s' refused: up to %d of a-z, 0-9, _ and -, starting with a letter\n",
		       in && in->name ? in->name : "", RUMPVISOR_NAME_MAX);
		return -EINVAL;
	}
	strscpy(out->name, in->name, sizeof(out->name));
	if (in->ncpu < 0 || in->ncpu > NCPU_MAX) {
		pr_err("%s: ncpu=%d refused (1..%d, 0: default)\n", out->name,
		       in->ncpu, NCPU_MAX);
		return -EINVAL;
	}
	out->ncpu = resolve_ncpu(in->ncpu);
	out->verbose = in->verbose >= 0 ? in->verbose : READ_ONCE(verbose);
	out->memlimit = in->memlimit ? in->memlimit : READ_ONCE(memlimit);
	if (resolve_hostname(out, in->hostname))
		return -EINVAL;
	err = resolve_server(out, in->server);
	if (!err)
		err = resolve_group(out, in->server_group);
	if (err)
		return err;
	out->device = in->device != 0;
	return resolve_files(out, in->files);
}

void rv_params_release(struct rv_params *p)
{
	kfree(p->server);
	p->server = NULL;
	if (p->files) {
		path_put(&p->root);
		kfree(p->files);
		p->files = NULL;
	}
}

/* At load: a bad default files= refuses the module, with a reason. */
int rv_params_defaults_check(void)
{
	struct path root;
	int err;

	if (!files || !*files || !strcmp(files, "none"))
		return 0;
	err = rv_files_dir_check(files, &root);
	if (err) {
		pr_err("files=%s refused\n", files);
		return err;
	}
	path_put(&root);
	return 0;
}

int rumpuser_getparam(const char *name, void *buf, size_t buflen)
{
	struct rv_instance *inst = rv_current();
	char num[24];
	int err;

	err = rv_check_getparam(name, buf);
	if (err)
		return err;
	if (!inst)
		return RV_ENOENT;
	rv_count(inst, RV_HC_PARAM);
	if (!strcmp(name, RUMPUSER_PARAM_NCPU)) {
		snprintf(num, sizeof(num), "%d", inst->p.ncpu);
		return rv_param_copy(num, buf, buflen);
	}
	if (!strcmp(name, RUMPUSER_PARAM_HOSTNAME))
		return rv_param_copy(inst->p.hostname, buf, buflen);
	if (!strcmp(name, "RUMP_VERBOSE")) {
		snprintf(num, sizeof(num), "%d", inst->p.verbose);
		return rv_param_copy(num, buf, buflen);
	}
	if (!strcmp(name, "RUMP_MEMLIMIT") && inst->p.memlimit) {
		snprintf(num, sizeof(num), "%lu", inst->p.memlimit);
		return rv_param_copy(num, buf, buflen);
	}
	return rv_param_unknown(name);
}
EXPORT_SYMBOL(rumpuser_getparam);

const char *rumpvisor_server_url(void)
{
	struct rv_instance *inst = rv_current();

	if (!inst)
		return NULL;
	if (inst->p.server)
		return inst->p.server;
	return inst->p.device ? inst->p.dev_url : NULL;
}
EXPORT_SYMBOL(rumpvisor_server_url);
