// SPDX-License-Identifier: BSD-2-Clause
/*
 * Tap files handed over by user space (<rumpvisor/tap.h>, rumptap(8)):
 * the misc device /dev/rumpvisor-tap takes an attached /dev/net/tun
 * descriptor with a name (RUMPVISOR_TAP_ADD), gives it back
 * (RUMPVISOR_TAP_DEL), and lists what it holds when read.  The tun
 * driver is reached with symbol_get, so rumpvisor.ko loads without it;
 * each file held keeps a reference to it.
 */
#include "vif.h"
#include "tap.h"

#include <linux/capability.h>
#include <linux/file.h>
#include <linux/if_tun.h>
#include <linux/miscdevice.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <rumpvisor/tap.h>

static DEFINE_MUTEX(tap_mutex);		/* tap_files, each file's user */
static LIST_HEAD(tap_files);

static struct rvif_tapfile *tap_find(const char *name)
{
	struct rvif_tapfile *t;

	list_for_each_entry(t, &tap_files, link)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

struct rvif_tapfile *rvif_tapfile_claim(const char *name, struct rvif *vif)
{
	struct rvif_tapfile *t;

	mutex_lock(&tap_mutex);
	t = tap_find(name);
	if (!t)
		t = ERR_PTR(-ENODEV);
	else if (t->user)
		t = ERR_PTR(-EBUSY);
	else
		t->user = vif;
	mutex_unlock(&tap_mutex);
	return t;
}

void rvif_tapfile_unclaim(struct rvif_tapfile *t)
{
	mutex_lock(&tap_mutex);
	t->user = NULL;
	mutex_unlock(&tap_mutex);
}

static void tap_release(struct rvif_tapfile *t)
{
	fput(t->file);
	symbol_put(tun_get_socket);
	kfree(t);
}

/* The tun socket of file, with a reference to tun.ko; ERR_PTR else. */
static struct socket *tap_socket(struct file *file)
{
	struct socket *(*get)(struct file *) = symbol_get(tun_get_socket);
	struct socket *sock;

	if (!get)
		return ERR_PTR(-EINVAL);	/* no tun driver: no tun file */
	sock = get(file);
	if (IS_ERR(sock))
		symbol_put(tun_get_socket);
	return sock;
}

static int tap_add(const struct rumpvisor_tap *req)
{
	struct rvif_tapfile *t;
	int err = -EBADF;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	strscpy(t->name, req->name, sizeof(t->name));
	t->file = fget(req->fd);
	if (!t->file)
		goto free;
	t->sock = tap_socket(t->file);
	err = PTR_ERR_OR_ZERO(t->sock);
	if (err)
		goto put;
	mutex_lock(&tap_mutex);
	err = tap_find(t->name) ? -EEXIST : 0;
	if (!err)
		list_add_tail(&t->link, &tap_files);
	mutex_unlock(&tap_mutex);
	if (err) {
		tap_release(t);
		return err;
	}
	pr_info("tap %s handed over (pid %d)\n", t->name,
		task_pid_nr(current));
	return 0;
put:
	fput(t->file);
free:
	kfree(t);
	return err;
}

static int tap_del(const char *name)
{
	struct rvif_tapfile *t;
	int err = 0;

	mutex_lock(&tap_mutex);
	t = tap_find(name);
	if (!t)
		err = -ENOENT;
	else if (t->user)
		err = -EBUSY;
	else
		list_del(&t->link);
	mutex_unlock(&tap_mutex);
	if (err)
		return err;
	pr_info("tap %s given back\n", name);
	tap_release(t);
	return 0;
}

static long tap_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct rumpvisor_tap req;

	if (cmd != RUMPVISOR_TAP_ADD && cmd != RUMPVISOR_TAP_DEL)
		return -ENOTTY;
	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	if (copy_from_user(&req, (void __user *)arg, sizeof(req)))
		return -EFAULT;
	if (req.flags || !req.name[0] ||
	    strnlen(req.name, sizeof(req.name)) >= IFNAMSIZ)
		return -EINVAL;
	return cmd == RUMPVISOR_TAP_ADD ? tap_add(&req) : tap_del(req.name);
}

static int tap_show(struct seq_file *m, void *v)
{
	struct rvif_tapfile *t;

	mutex_lock(&tap_mutex);
	list_for_each_entry(t, &tap_files, link)
		seq_printf(m, "%s %s\n", t->name,
			   t->user ? t->user->inst->p.name : "free");
	mutex_unlock(&tap_mutex);
	return 0;
}

static int tap_open(struct inode *inode, struct file *f)
{
	f->private_data = NULL;		/* misc_open's, seq_file wants it */
	return single_open(f, tap_show, NULL);
}

static const struct file_operations tap_fops = {
	.owner = THIS_MODULE,
	.open = tap_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.unlocked_ioctl = tap_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice tap_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "rumpvisor-tap",
	.fops = &tap_fops,
	.mode = 0600,
};

int rvif_tap_init(void)
{
	return misc_register(&tap_misc);
}

/* Unload: no instance is left, so no file is in use. */
void rvif_tap_fini(void)
{
	struct rvif_tapfile *t, *tmp;

	misc_deregister(&tap_misc);
	list_for_each_entry_safe(t, tmp, &tap_files, link) {
		list_del(&t->link);
		tap_release(t);
	}
}
