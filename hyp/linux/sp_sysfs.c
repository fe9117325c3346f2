// SPDX-License-Identifier: BSD-2-Clause
/*
 * /sys/kernel/rumpvisor/NAME/server/: what the instance serves to Linux
 * processes (rumpctl status shows it).
 *   url           the socket it listens on, empty when none
 *   device        /dev/rumpvisor/NAME while it exists, else empty
 *   group         the numeric server group, or "none" (root only)
 *   connections   remote clients connected
 *   device_files  open files of the device
 */
#include "proxy.h"

#include <linux/sysfs.h>

#define to_inst(k) container_of(k, struct rv_instance, kobj)

/* Read what the instance's proxy shows, under its lock. */
struct sp_view {
	char url[128];
	bool device;
	unsigned int conns, files;
};

static void sp_view(struct rv_instance *inst, struct sp_view *v)
{
	struct rv_dev_file *f;
	struct rv_sp *sp;

	memset(v, 0, sizeof(*v));
	spin_lock(&inst->lock);
	sp = inst->sp;
	if (sp) {
		strscpy(v->url, sp->url, sizeof(v->url));
		v->conns = READ_ONCE(sp->nsocks);
		if (sp->dev) {
			spin_lock(&sp->dev->lock);
			v->device = sp->dev->device != NULL;
			list_for_each_entry(f, &sp->dev->files, link)
				v->files++;
			spin_unlock(&sp->dev->lock);
		}
	}
	spin_unlock(&inst->lock);
}

static ssize_t url_show(struct kobject *k, struct kobj_attribute *a,
			char *buf)
{
	struct sp_view v;

	sp_view(to_inst(k), &v);
	return sysfs_emit(buf, "%s\n", v.url);
}

static ssize_t device_show(struct kobject *k, struct kobj_attribute *a,
			   char *buf)
{
	struct sp_view v;

	sp_view(to_inst(k), &v);
	return v.device ? sysfs_emit(buf, "/dev/rumpvisor/%s\n",
				     to_inst(k)->p.name) :
			  sysfs_emit(buf, "\n");
}

static ssize_t group_show(struct kobject *k, struct kobj_attribute *a,
			  char *buf)
{
	const struct rv_params *p = &to_inst(k)->p;

	if (!p->has_group)
		return sysfs_emit(buf, "none\n");
	return sysfs_emit(buf, "%u\n", from_kgid(&init_user_ns, p->group));
}

static ssize_t connections_show(struct kobject *k, struct kobj_attribute *a,
				char *buf)
{
	struct sp_view v;

	sp_view(to_inst(k), &v);
	return sysfs_emit(buf, "%u\n", v.conns);
}

static ssize_t device_files_show(struct kobject *k, struct kobj_attribute *a,
				 char *buf)
{
	struct sp_view v;

	sp_view(to_inst(k), &v);
	return sysfs_emit(buf, "%u\n", v.files);
}

static struct kobj_attribute attr_url = __ATTR_RO(url);
static struct kobj_attribute attr_device = __ATTR_RO(device);
static struct kobj_attribute attr_group = __ATTR_RO(group);
static struct kobj_attribute attr_connections = __ATTR_RO(connections);
static struct kobj_attribute attr_device_files = __ATTR_RO(device_files);

static struct attribute *sp_attrs[] = {
	&attr_url.attr, &attr_device.attr, &attr_group.attr,
	&attr_connections.attr, &attr_device_files.attr, NULL
};

const struct attribute_group rv_sp_attr_group = {
	.name = "server",
	.attrs = sp_attrs,
};
