// SPDX-License-Identifier: BSD-2-Clause
/*
 * The device of an instance, /dev/rumpvisor/NAME (include/rumpvisor/
 * dev.h says what it does for a process): the node and its life.  One
 * character-device region serves every instance (a minor each); the node
 * appears when the guest serves (rumpuser_sp_init) and goes at its halt
 * (rumpuser_sp_fini) or when the instance ends.  Open files keep the
 * device object (and through it the instance's memory) until they are
 * closed, but enter the guest only while it runs: afterwards every call
 * fails with ENXIO.
 *
 * Entering (rv_dev_run): a call counts on the device and its file and
 * runs with the caller's task entered into the guest (enter.c).  A
 * signal asks the guest to interrupt the file's process (hyp_lwpexit,
 * from a job of the instance); the halt interrupts every process with a
 * call inside and waits for the calls to leave.
 */
#include "proxy.h"

#include <linux/cdev.h>
#include <linux/cred.h>
#include <linux/device.h>
#include <linux/idr.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#define DEV_MINORS	256
#define DEV_STOP_MS	10000

static dev_t dev_base;
static struct cdev dev_cdev;
static struct class *dev_class;
static DEFINE_XARRAY_ALLOC(dev_minors);	/* minor -> struct rv_dev */

/* ---- the object ---- */

static void dev_release(struct kref *ref)
{
	struct rv_dev *dev = container_of(ref, struct rv_dev, ref);

	xa_erase(&dev_minors, dev->minor);
	rv_instance_put(dev->inst);
	kfree(dev);
}

void rv_dev_put(struct rv_dev *dev)
{
	kref_put(&dev->ref, dev_release);
}

/* The device of minor, referenced, while it runs; NULL otherwise. */
struct rv_dev *rv_dev_lookup(unsigned int minor)
{
	struct rv_dev *dev;

	xa_lock(&dev_minors);
	dev = xa_load(&dev_minors, minor);
	if (dev && (READ_ONCE(dev->state) != RV_DEV_RUNNING ||
		    !kref_get_unless_zero(&dev->ref)))
		dev = NULL;
	xa_unlock(&dev_minors);
	return dev;
}

/* Root, or a member of the instance's server group. */
bool rv_dev_allowed(const struct rv_dev *dev)
{
	const struct rv_params *p = &dev->inst->p;

	if (uid_eq(current_fsuid(), GLOBAL_ROOT_UID))
		return true;
	return p->has_group && in_group_p(p->group);
}

/* ---- the node ---- */

static char *dev_devnode(struct device *d, umode_t *mode, kuid_t *uid,
			 kgid_t *gid)
{
	struct rv_dev *dev = dev_get_drvdata(d);
	const struct rv_params *p = &dev->inst->p;

	if (mode)
		*mode = p->has_group ? 0660 : 0600;
	if (uid)
		*uid = GLOBAL_ROOT_UID;
	if (gid)
		*gid = p->has_group ? p->group : GLOBAL_ROOT_GID;
	return kasprintf(GFP_KERNEL, "rumpvisor/%s", p->name);
}

static const struct device_type dev_type = {
	.name = "rumpvisor",
	.devnode = dev_devnode,
};

static void dev_device_release(struct device *d)
{
	kfree(d);
}

static int dev_node_add(struct rv_dev *dev)
{
	struct device *d = kzalloc(sizeof(*d), GFP_KERNEL);
	int err;

	if (!d)
		return -ENOMEM;
	device_initialize(d);
	d->devt = MKDEV(MAJOR(dev_base), dev->minor);
	d->class = dev_class;
	d->type = &dev_type;
	d->release = dev_device_release;
	dev_set_drvdata(d, dev);
	err = dev_set_name(d, "%s", dev->inst->p.name);
	if (!err)
		err = device_add(d);
	if (err) {
		put_device(d);
		return err;
	}
	dev->device = d;
	return 0;
}

/* Remove the node (no new opens); the object stays for open files. */
static void dev_node_del(struct rv_dev *dev)
{
	struct device *d;

	spin_lock(&dev->lock);
	d = dev->device;
	dev->device = NULL;
	spin_unlock(&dev->lock);
	if (d) {
		device_del(d);
		put_device(d);
	}
}

/* ---- life ---- */

int rv_dev_create(struct rv_sp *sp)
{
	struct rv_dev *dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	u32 minor;
	int err;

	if (!dev)
		return -ENOMEM;
	kref_init(&dev->ref);
	spin_lock_init(&dev->lock);
	init_waitqueue_head(&dev->wq);
	INIT_LIST_HEAD(&dev->files);
	dev->inst = sp->inst;
	dev->state = RV_DEV_RUNNING;
	err = xa_alloc(&dev_minors, &minor, dev, XA_LIMIT(0, DEV_MINORS - 1),
		       GFP_KERNEL);
	if (err) {
		pr_err("%s: no device: %d instances have one already\n",
		       sp->inst->p.name, DEV_MINORS);
		kfree(dev);
		return -ENOSPC;
	}
	dev->minor = minor;
	rv_instance_get(dev->inst);
	err = dev_node_add(dev);
	if (err) {
		rv_dev_put(dev);
		return err;
	}
	sp->dev = dev;
	return 0;
}

/* Interrupt the process of every file with a call inside. */
static void dev_interrupt_all(struct rv_dev *dev)
{
	struct rv_dev_file *f;
	unsigned int n = 0, i;
	int *pids;

	spin_lock(&dev->lock);
	list_for_each_entry(f, &dev->files, link)
		n += atomic_read(&f->active) != 0;
	spin_unlock(&dev->lock);
	pids = n ? kcalloc(n, sizeof(*pids), GFP_KERNEL) : NULL;
	if (!pids)
		return;
	i = 0;
	spin_lock(&dev->lock);
	list_for_each_entry(f, &dev->files, link)
		if (atomic_read(&f->active) && i < n)
			pids[i++] = f->pid;
	spin_unlock(&dev->lock);
	while (i > 0)
		rv_dev_interrupt(dev->inst, pids[--i]);
	kfree(pids);
}

/*
 * The guest halts (rumpuser_sp_fini, on a guest thread, unscheduled):
 * no new call, the calls inside interrupted and waited for, the node
 * removed.  The files' processes stay for the guest's halt to free.
 */
void rv_dev_stop(struct rv_sp *sp)
{
	struct rv_dev *dev = sp->dev;
	long left;

	if (!dev)
		return;
	spin_lock(&dev->lock);
	WRITE_ONCE(dev->state, RV_DEV_STOPPING);
	spin_unlock(&dev->lock);
	smp_mb();	/* the state before the count: dev_call_begin */
	dev_node_del(dev);
	dev_interrupt_all(dev);
	left = wait_event_killable_timeout(dev->wq, !atomic_read(&dev->active),
					   msecs_to_jiffies(DEV_STOP_MS));
	if (left == 0)
		pr_warn("%s: %u call(s) on the device did not return; the halt goes on\n",
			dev->inst->p.name, atomic_read(&dev->active));
}

/* The instance is gone (no thread of it left): detach everything. */
void rv_dev_gone(struct rv_sp *sp)
{
	struct rv_dev *dev = sp->dev;
	struct rv_dev_file *f;

	if (!dev)
		return;
	sp->dev = NULL;
	spin_lock(&dev->lock);
	WRITE_ONCE(dev->state, RV_DEV_GONE);
	list_for_each_entry(f, &dev->files, link)
		f->mainlwp = NULL;
	spin_unlock(&dev->lock);
	dev_node_del(dev);
	rv_dev_put(dev);
}

int rv_dev_module_init(void)
{
	int err;

	err = alloc_chrdev_region(&dev_base, 0, DEV_MINORS, "rumpvisor");
	if (err)
		return err;
	dev_class = class_create(THIS_MODULE, "rumpvisor");
	if (IS_ERR(dev_class)) {
		err = PTR_ERR(dev_class);
		goto unregister;
	}
	cdev_init(&dev_cdev, &rv_dev_fops);
	dev_cdev.owner = THIS_MODULE;
	err = cdev_add(&dev_cdev, dev_base, DEV_MINORS);
	if (err)
		goto destroy_class;
	return 0;

destroy_class:
	class_destroy(dev_class);
unregister:
	unregister_chrdev_region(dev_base, DEV_MINORS);
	return err;
}

/* Module unload: no instance is left, and no file is open (they pin us). */
void rv_dev_module_exit(void)
{
	cdev_del(&dev_cdev);
	class_destroy(dev_class);
	unregister_chrdev_region(dev_base, DEV_MINORS);
	WARN_ON(!xa_empty(&dev_minors));
}
