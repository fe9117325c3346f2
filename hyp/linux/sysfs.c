// SPDX-License-Identifier: BSD-2-Clause
/*
 * /sys/kernel/rumpvisor/NAME/: one directory per instance, one value per
 * file, as sysfs wants it.  Read-only but for `halt` (write "halt" or 1
 * for a clean halt with the default deadline, "force" to end it now).
 * hypercalls/ counts the hypercalls that reach the host (allocations,
 * waits, file and block I/O...; not the lock fast paths or curlwp).
 * rumpctl(8) reads and writes this.
 */
#include "hyp.h"

#include <linux/jiffies.h>
#include <linux/kobject.h>
#include <linux/string.h>
#include <linux/sysfs.h>

struct kset *rv_kset;

#define to_inst(k) container_of(k, struct rv_instance, kobj)

static const char *const state_names[] = {
	[RV_CREATED] = "created", [RV_RUNNING] = "running",
	[RV_HALTING] = "halting", [RV_ENDING] = "ending",
	[RV_ENDED] = "ended",
};

static ssize_t state_show(struct kobject *k, struct kobj_attribute *a,
			  char *buf)
{
	return sysfs_emit(buf, "%s\n", state_names[READ_ONCE(to_inst(k)->state)]);
}

static ssize_t exit_show(struct kobject *k, struct kobj_attribute *a,
			 char *buf)
{
	struct rumpvisor_status st;
	char how[48];

	rv_instance_status(to_inst(k), &st);
	rumpvisor_describe(&st, how, sizeof(how));
	return sysfs_emit(buf, "%s\n", how);
}

static ssize_t owner_show(struct kobject *k, struct kobj_attribute *a,
			  char *buf)
{
	struct module *m = to_inst(k)->owner;

	return sysfs_emit(buf, "%s\n", m ? m->name : "-");
}

static ssize_t ncpu_show(struct kobject *k, struct kobj_attribute *a,
			 char *buf)
{
	return sysfs_emit(buf, "%d\n", to_inst(k)->p.ncpu);
}

static ssize_t hostname_show(struct kobject *k, struct kobj_attribute *a,
			     char *buf)
{
	return sysfs_emit(buf, "%s\n", to_inst(k)->p.hostname);
}

static ssize_t files_show(struct kobject *k, struct kobj_attribute *a,
			  char *buf)
{
	const char *f = to_inst(k)->p.files;

	return sysfs_emit(buf, "%s\n", f ? f : "none");
}

static ssize_t memlimit_show(struct kobject *k, struct kobj_attribute *a,
			     char *buf)
{
	return sysfs_emit(buf, "%lu\n", to_inst(k)->p.memlimit);
}

static ssize_t verbose_show(struct kobject *k, struct kobj_attribute *a,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", to_inst(k)->p.verbose);
}

static ssize_t threads_show(struct kobject *k, struct kobj_attribute *a,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(to_inst(k)->nthreads));
}

static ssize_t threads_started_show(struct kobject *k,
				    struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%lu\n", READ_ONCE(to_inst(k)->threads_started));
}

static ssize_t mem_show(struct kobject *k, char *buf, enum rv_owner who,
			bool bytes)
{
	long allocs, nbytes;

	rv_mem_counts(to_inst(k), who, &allocs, &nbytes);
	return sysfs_emit(buf, "%ld\n", bytes ? nbytes : allocs);
}

static ssize_t allocs_show(struct kobject *k, struct kobj_attribute *a,
			   char *buf)
{
	return mem_show(k, buf, RV_GUEST, false);
}

static ssize_t bytes_show(struct kobject *k, struct kobj_attribute *a,
			  char *buf)
{
	return mem_show(k, buf, RV_GUEST, true);
}

static ssize_t hyp_bytes_show(struct kobject *k, struct kobj_attribute *a,
			      char *buf)
{
	return mem_show(k, buf, RV_HYP, true);
}

static ssize_t pages_show(struct kobject *k, struct kobj_attribute *a,
			  char *buf)
{
	return sysfs_emit(buf, "%ld\n",
			  atomic_long_read(&to_inst(k)->mem.pages));
}

static ssize_t files_open_show(struct kobject *k, struct kobj_attribute *a,
			       char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&to_inst(k)->files.open));
}

static ssize_t uptime_show(struct kobject *k, struct kobj_attribute *a,
			   char *buf)
{
	return sysfs_emit(buf, "%u\n",
		jiffies_to_msecs(jiffies - to_inst(k)->start_jiffies) / 1000);
}

static ssize_t reclaimed_show(struct kobject *k, struct kobj_attribute *a,
			      char *buf)
{
	struct rumpvisor_status st;

	rv_instance_status(to_inst(k), &st);
	return sysfs_emit(buf, "%lu\n", st.bytes_left);
}

static ssize_t halt_store(struct kobject *k, struct kobj_attribute *a,
			  const char *buf, size_t len)
{
	bool force;
	int err;

	if (sysfs_streq(buf, "force"))
		force = true;
	else if (sysfs_streq(buf, "halt") || sysfs_streq(buf, "1"))
		force = false;
	else
		return -EINVAL;
	err = rv_instance_halt_admin(to_inst(k), force);
	return err ? err : len;
}

static struct kobj_attribute attr_state = __ATTR_RO(state);
static struct kobj_attribute attr_exit = __ATTR_RO(exit);
static struct kobj_attribute attr_owner = __ATTR_RO(owner);
static struct kobj_attribute attr_ncpu = __ATTR_RO(ncpu);
static struct kobj_attribute attr_hostname = __ATTR_RO(hostname);
static struct kobj_attribute attr_files = __ATTR_RO(files);
static struct kobj_attribute attr_memlimit = __ATTR_RO(memlimit);
static struct kobj_attribute attr_verbose = __ATTR_RO(verbose);
static struct kobj_attribute attr_threads = __ATTR_RO(threads);
static struct kobj_attribute attr_threads_started = __ATTR_RO(threads_started);
static struct kobj_attribute attr_allocs = __ATTR_RO(allocs);
static struct kobj_attribute attr_bytes = __ATTR_RO(bytes);
static struct kobj_attribute attr_hyp_bytes = __ATTR_RO(hyp_bytes);
static struct kobj_attribute attr_pages = __ATTR_RO(pages);
static struct kobj_attribute attr_files_open = __ATTR_RO(files_open);
static struct kobj_attribute attr_uptime = __ATTR_RO(uptime);
static struct kobj_attribute attr_reclaimed = __ATTR_RO(reclaimed);
static struct kobj_attribute attr_halt = __ATTR_WO(halt);

static struct attribute *inst_attrs[] = {
	&attr_state.attr, &attr_exit.attr, &attr_owner.attr,
	&attr_ncpu.attr, &attr_hostname.attr, &attr_files.attr,
	&attr_memlimit.attr, &attr_verbose.attr, &attr_threads.attr,
	&attr_threads_started.attr, &attr_allocs.attr, &attr_bytes.attr,
	&attr_hyp_bytes.attr, &attr_pages.attr, &attr_files_open.attr,
	&attr_uptime.attr, &attr_reclaimed.attr, &attr_halt.attr,
	NULL
};

static const struct attribute_group inst_group = {
	.attrs = inst_attrs,
};

/* hypercalls/: one counter per file, summed over CPUs. */
struct hc_attr {
	struct kobj_attribute ka;
	enum rv_hc hc;
};

static ssize_t hc_show(struct kobject *k, struct kobj_attribute *a,
		       char *buf)
{
	struct rv_instance *inst = to_inst(k);
	enum rv_hc hc = container_of(a, struct hc_attr, ka)->hc;
	long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu_ptr(inst->pcpu, cpu)->count[hc];
	return sysfs_emit(buf, "%ld\n", sum);
}

#define HC(n, id) static struct hc_attr hc_##n = {		\
	.ka = __ATTR(n, 0444, hc_show, NULL), .hc = id }
HC(malloc, RV_HC_MALLOC);
HC(free, RV_HC_FREE);
HC(anonmmap, RV_HC_ANONMMAP);
HC(unmap, RV_HC_UNMAP);
HC(thread_create, RV_HC_THREAD_CREATE);
HC(thread_join, RV_HC_THREAD_JOIN);
HC(open, RV_HC_OPEN);
HC(close, RV_HC_CLOSE);
HC(iovread, RV_HC_READ);
HC(iovwrite, RV_HC_WRITE);
HC(bio, RV_HC_BIO);
HC(syncfd, RV_HC_SYNC);
HC(getfileinfo, RV_HC_FILEINFO);
HC(clock_sleep, RV_HC_SLEEP);
HC(cv_wait, RV_HC_CV_WAIT);
HC(mutex_wait, RV_HC_MUTEX_WAIT);
HC(rw_wait, RV_HC_RW_WAIT);
HC(getrandom, RV_HC_RANDOM);
HC(getparam, RV_HC_PARAM);
HC(kill, RV_HC_KILL);
HC(console, RV_HC_CONSOLE);

static struct attribute *hc_attrs[] = {
	&hc_malloc.ka.attr, &hc_free.ka.attr, &hc_anonmmap.ka.attr,
	&hc_unmap.ka.attr, &hc_thread_create.ka.attr,
	&hc_thread_join.ka.attr, &hc_open.ka.attr, &hc_close.ka.attr,
	&hc_iovread.ka.attr, &hc_iovwrite.ka.attr, &hc_bio.ka.attr,
	&hc_syncfd.ka.attr, &hc_getfileinfo.ka.attr, &hc_clock_sleep.ka.attr,
	&hc_cv_wait.ka.attr, &hc_mutex_wait.ka.attr, &hc_rw_wait.ka.attr,
	&hc_getrandom.ka.attr, &hc_getparam.ka.attr, &hc_kill.ka.attr,
	&hc_console.ka.attr,
	NULL
};

static const struct attribute_group hc_group = {
	.name = "hypercalls",
	.attrs = hc_attrs,
};

static const struct attribute_group *inst_groups[] = {
	&inst_group, &hc_group, &rv_sp_attr_group, NULL
};

const struct kobj_type rv_instance_ktype = {
	.release = rv_instance_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = inst_groups,
};

int rv_sysfs_init(void)
{
	rv_kset = kset_create_and_add("rumpvisor", NULL, kernel_kobj);
	return rv_kset ? 0 : -ENOMEM;
}

void rv_sysfs_fini(void)
{
	kset_unregister(rv_kset);
}
