// SPDX-License-Identifier: BSD-2-Clause
/*
 * The device's open files (include/rumpvisor/dev.h): each is a process
 * in the guest, made at open (hyp_lwproc_rfork with a clean descriptor
 * table, the file as its client cookie) and released at the last close.
 * Every system call runs on the calling thread, entered into the guest
 * (rv_dev_run), in an lwp of its own in the file's process.
 */
#include "proxy.h"

#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <rumpvisor/dev.h>

/* NetBSD's RUMP_RFFD_* (rfork descriptor flags; <rump/rump.h>). */
#define DEV_RFFD_COPY	0x01
#define DEV_RFFD_CLEAR	0x02

static const struct rumpuser_hyperup *up_of(struct rv_entry *e)
{
	return &e->inst->hyp;
}

/* ---- interrupting a process ---- */

struct dev_intr {
	int pid;
};

/* A job of the instance: tell every lwp of the process to leave. */
static int dev_intr_main(void *arg)
{
	struct rv_instance *inst = rv_current();
	const struct rumpuser_hyperup *up = &inst->hyp;
	struct dev_intr r = *(struct dev_intr *)arg;

	rv_obj_free(inst, arg, sizeof(r));
	up->hyp_schedule();
	if (up->hyp_lwproc_newlwp(r.pid) == 0) {
		up->hyp_lwpexit();
		up->hyp_lwproc_release();
	}
	up->hyp_unschedule();
	return 0;
}

/*
 * Ask the guest to interrupt the calls of process pid (NetBSD's
 * hyp_lwpexit, run by a job: the caller is inside a wait).  Best effort:
 * without memory or once the instance ends, nothing happens (the call
 * then ends with the guest).
 */
void rv_dev_interrupt(struct rv_instance *inst, int pid)
{
	struct dev_intr *r;
	struct rv_job *job;

	r = rv_obj_alloc(inst, sizeof(*r), GFP_KERNEL | __GFP_NOWARN);
	if (!r)
		return;
	r->pid = pid;
	job = rv_job_new(inst, "rumpdev-intr");
	if (!job)
		goto free;
	job->run = dev_intr_main;
	job->arg = r;
	job->guest = true;
	if (rv_job_start(job) == 0)
		return;
	rv_job_put(job);
free:
	rv_obj_free(inst, r, sizeof(*r));
}

/* A signal reached a caller inside the guest (enter.c). */
static void dev_entry_interrupt(struct rv_entry *e)
{
	struct rv_dev_file *f = e->cookie;

	spin_lock(&f->lwplock);
	f->gen++;		/* every lwp of the process gets marked */
	spin_unlock(&f->lwplock);
	rv_dev_interrupt(e->inst, f->pid);
}

/* ---- the idle lwps of a file ---- */

/*
 * An idle lwp of f's process for a call (NULL: none), and *gen, the
 * generation it belongs to.  Idle lwps of an older generation go to
 * stale[] (up to RV_DEV_LWPS, *nstale) for the caller to release.
 */
static struct lwp *lwp_take(struct rv_dev_file *f, unsigned int *gen,
			    struct lwp **stale, unsigned int *nstale)
{
	struct lwp *l = NULL;

	spin_lock(&f->lwplock);
	*nstale = 0;
	if (f->idle_gen != f->gen) {
		while (f->nidle)
			stale[(*nstale)++] = f->idle[--f->nidle];
		f->idle_gen = f->gen;
	}
	if (f->nidle)
		l = f->idle[--f->nidle];
	*gen = f->gen;
	spin_unlock(&f->lwplock);
	return l;
}

/* Keep l for later calls: false when it must be released instead. */
static bool lwp_keep(struct rv_dev_file *f, struct lwp *l, unsigned int gen)
{
	bool keep;

	spin_lock(&f->lwplock);
	keep = gen == f->gen && f->idle_gen == gen && f->nidle < RV_DEV_LWPS;
	if (keep)
		f->idle[f->nidle++] = l;
	spin_unlock(&f->lwplock);
	return keep;
}

/* Scheduled, no lwp of ours: release these lwps of the process. */
static void lwps_release(const struct rumpuser_hyperup *up,
			 struct lwp **v, unsigned int n)
{
	while (n > 0) {
		up->hyp_lwproc_switch(v[--n]);
		up->hyp_lwproc_release();
	}
}

/* Scheduled: an lwp of f's process bound to us (kept, or a new one). */
static int lwp_get(const struct rumpuser_hyperup *up, struct rv_dev_file *f,
		   unsigned int *gen)
{
	struct lwp *stale[RV_DEV_LWPS], *l;
	unsigned int nstale;

	l = lwp_take(f, gen, stale, &nstale);
	lwps_release(up, stale, nstale);
	if (l) {
		up->hyp_lwproc_switch(l);
		return 0;
	}
	return up->hyp_lwproc_newlwp(f->pid);
}

/*
 * Scheduled, after the call: keep the lwp, or release it.  It leaves
 * this thread before it is kept: another thread of the process may take
 * it from idle[] at once.
 */
static void lwp_put(const struct rumpuser_hyperup *up, struct rv_dev_file *f,
		    unsigned int gen, bool interrupted)
{
	struct lwp *l = up->hyp_lwproc_curlwp();

	if (interrupted) {
		up->hyp_lwproc_release();
		return;
	}
	up->hyp_lwproc_switch(NULL);
	if (!lwp_keep(f, l, gen)) {
		up->hyp_lwproc_switch(l);
		up->hyp_lwproc_release();
	}
}

/* ---- entering ---- */

/*
 * A call counts on the device and its file without a lock: the count
 * is raised before the state is read, and rv_dev_stop writes the state
 * before it reads the count (full barriers on both sides), so either
 * the call sees the device stopping and backs out, or the stop sees
 * the call and waits for it.  The last call out wakes a stop waiting.
 */
static bool dev_call_begin(struct rv_dev *dev, struct rv_dev_file *f)
{
	atomic_inc(&dev->active);
	atomic_inc(&f->active);
	smp_mb__after_atomic();
	return READ_ONCE(dev->state) == RV_DEV_RUNNING;
}

static void dev_call_end(struct rv_dev *dev, struct rv_dev_file *f)
{
	atomic_dec(&f->active);
	if (atomic_dec_and_test(&dev->active) &&
	    READ_ONCE(dev->state) != RV_DEV_RUNNING)
		wake_up_all(&dev->wq);
}

/*
 * Run fn with the caller entered into the guest for file f: fn's value,
 * or -ENXIO when the guest is halting or gone.
 */
int rv_dev_run(struct rv_dev_file *f,
	       int (*fn)(struct rv_entry *e, void *arg), void *arg)
{
	struct rv_dev *dev = f->dev;
	struct rv_entry e = {
		.interrupt = dev_entry_interrupt,
		.cookie = f,
	};
	int ret = -ENXIO;

	if (dev_call_begin(dev, f))
		ret = rv_enter(dev->inst, &e, fn, arg);
	dev_call_end(dev, f);
	return ret == -ESHUTDOWN ? -ENXIO : ret;
}

/* ---- open and close ---- */

/* A new process, child of the guest's kernel, for f. */
static int open_main(struct rv_entry *e, void *arg)
{
	const struct rumpuser_hyperup *up = up_of(e);
	struct rv_dev_file *f = arg;
	char comm[TASK_COMM_LEN];
	int err;

	get_task_comm(comm, current);
	up->hyp_schedule();
	err = up->hyp_lwproc_rfork(f, DEV_RFFD_CLEAR, comm);
	if (!err) {
		f->mainlwp = up->hyp_lwproc_curlwp();
		f->pid = up->hyp_getpid();
		up->hyp_lwproc_switch(NULL);
	}
	up->hyp_unschedule();
	return err;
}

static struct rv_dev_file *file_new(struct rv_dev *dev)
{
	struct rv_dev_file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	f->magic = RV_DEV_MAGIC;
	f->dev = dev;
	INIT_LIST_HEAD(&f->link);
	spin_lock_init(&f->lwplock);
	return f;
}

/* f has its process: list it (the halt interrupts listed files). */
static void file_add(struct rv_dev_file *f)
{
	spin_lock(&f->dev->lock);
	list_add_tail(&f->link, &f->dev->files);
	spin_unlock(&f->dev->lock);
}

static int dev_open(struct inode *inode, struct file *file)
{
	struct rv_dev *dev = rv_dev_lookup(iminor(inode));
	struct rv_dev_file *f;
	int err;

	if (!dev)
		return -ENXIO;
	err = -EACCES;
	if (!rv_dev_allowed(dev))
		goto put;
	err = -ENOMEM;
	f = file_new(dev);
	if (!f)
		goto put;
	err = rv_dev_run(f, open_main, f);
	if (err) {
		kfree(f);
		err = err < 0 ? err : -rv_errno_from_netbsd(err);
		goto put;
	}
	file_add(f);
	file->private_data = f;
	return 0;
put:
	rv_dev_put(dev);
	return err;
}

static int release_main(struct rv_entry *e, void *arg)
{
	const struct rumpuser_hyperup *up = up_of(e);
	struct rv_dev_file *f = arg;

	up->hyp_schedule();
	lwps_release(up, f->idle, f->nidle);
	f->nidle = 0;
	up->hyp_lwproc_switch(f->mainlwp);
	up->hyp_lwproc_release();
	up->hyp_unschedule();
	return 0;
}

/* The last close: the process ends (its descriptors are closed). */
static void file_close(struct rv_dev_file *f)
{
	struct rv_dev *dev = f->dev;
	bool live;

	spin_lock(&dev->lock);
	list_del_init(&f->link);
	live = f->mainlwp && dev->state == RV_DEV_RUNNING;
	spin_unlock(&dev->lock);
	if (live)
		(void)rv_dev_run(f, release_main, f);
	kfree(f);
	rv_dev_put(dev);
}

static int dev_release(struct inode *inode, struct file *file)
{
	file_close(file->private_data);
	return 0;
}

/* ---- calls ---- */

struct dev_call {
	struct rv_dev_file *f;
	struct rumpvisor_syscall sc;
};

static int syscall_main(struct rv_entry *e, void *arg)
{
	const struct rumpuser_hyperup *up = up_of(e);
	struct dev_call *c = arg;
	long rv[2] = { 0, 0 };
	unsigned int gen;
	int err;

	up->hyp_schedule();
	err = lwp_get(up, c->f, &gen);
	if (!err) {
		err = up->hyp_syscall(c->sc.num, c->sc.args, rv);
		lwp_put(up, c->f, gen, READ_ONCE(e->intr));
	}
	up->hyp_unschedule();
	c->sc.retval[0] = rv[0];
	c->sc.retval[1] = rv[1];
	return err;
}

/*
 * Only what is used crosses: the call's number and size, its arguments,
 * and back its results (each user copy has a fixed cost of its own).
 */
static long ioc_syscall(struct rv_dev_file *f,
			struct rumpvisor_syscall __user *uarg)
{
	struct dev_call c = { .f = f };
	int ret;

	if (get_user(c.sc.num, &uarg->num) ||
	    get_user(c.sc.argsize, &uarg->argsize) ||
	    get_user(c.sc.reserved, &uarg->reserved))
		return -EFAULT;
	if (c.sc.argsize > sizeof(c.sc.args) || c.sc.reserved)
		return -EINVAL;
	if (c.sc.argsize && copy_from_user(c.sc.args, uarg->args,
					   c.sc.argsize))
		return -EFAULT;
	ret = rv_dev_run(f, syscall_main, &c);
	if (ret < 0)
		return ret;
	c.sc.error = ret;
	/* retval and error are adjacent: one copy. */
	BUILD_BUG_ON(offsetof(struct rumpvisor_syscall, error) !=
		     offsetof(struct rumpvisor_syscall, retval) +
		     sizeof(c.sc.retval));
	if (copy_to_user(uarg->retval, c.sc.retval,
			 sizeof(c.sc.retval) + sizeof(c.sc.error)))
		return -EFAULT;
	return 0;
}

static long ioc_info(struct rv_dev_file *f, void __user *uarg)
{
	struct rumpvisor_devinfo info = {
		.version = RUMPVISOR_DEV_VERSION,
		.pid = f->pid,
	};

	strscpy(info.instance, f->dev->inst->p.name, sizeof(info.instance));
	return copy_to_user(uarg, &info, sizeof(info)) ? -EFAULT : 0;
}

struct dev_fork {
	struct rv_dev_file *parent, *child;
};

/* The child's process: a copy of the parent's, made from an lwp of it. */
static int fork_main(struct rv_entry *e, void *arg)
{
	const struct rumpuser_hyperup *up = up_of(e);
	struct dev_fork *fk = arg;
	struct lwp *tmp;
	int err;

	up->hyp_schedule();
	err = up->hyp_lwproc_newlwp(fk->parent->pid);
	if (!err) {
		tmp = up->hyp_lwproc_curlwp();
		err = up->hyp_lwproc_rfork(fk->child, DEV_RFFD_COPY, NULL);
		if (!err) {
			fk->child->mainlwp = up->hyp_lwproc_curlwp();
			fk->child->pid = up->hyp_getpid();
			/* From the child's lwp back to tmp, to release it. */
			up->hyp_lwproc_switch(tmp);
		}
		up->hyp_lwproc_release();
	}
	up->hyp_unschedule();
	return err;
}

static long ioc_fork(struct rv_dev_file *f)
{
	struct dev_fork fk = { .parent = f };
	struct rv_dev *dev = f->dev;
	int ret;

	kref_get(&dev->ref);
	fk.child = file_new(dev);
	if (!fk.child) {
		rv_dev_put(dev);
		return -ENOMEM;
	}
	ret = rv_dev_run(f, fork_main, &fk);
	if (ret) {
		kfree(fk.child);
		rv_dev_put(dev);
		return ret < 0 ? ret : -rv_errno_from_netbsd(ret);
	}
	file_add(fk.child);
	ret = anon_inode_getfd("[rumpvisor]", &rv_dev_fops, fk.child,
			       O_RDWR | O_CLOEXEC);
	if (ret < 0)
		file_close(fk.child);
	return ret;
}

struct dev_exec {
	struct rv_dev_file *f;
	char comm[32];
};

static int exec_main(struct rv_entry *e, void *arg)
{
	const struct rumpuser_hyperup *up = up_of(e);
	struct dev_exec *x = arg;
	int err;

	up->hyp_schedule();
	err = up->hyp_lwproc_newlwp(x->f->pid);
	if (!err) {
		up->hyp_execnotify(x->comm);
		up->hyp_lwproc_release();
	}
	up->hyp_unschedule();
	return err;
}

static long ioc_exec(struct rv_dev_file *f, void __user *uarg)
{
	struct dev_exec x = { .f = f };
	int ret;

	if (copy_from_user(x.comm, uarg, sizeof(x.comm)))
		return -EFAULT;
	x.comm[sizeof(x.comm) - 1] = '\0';
	ret = rv_dev_run(f, exec_main, &x);
	return ret <= 0 ? ret : -rv_errno_from_netbsd(ret);
}

static long dev_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct rv_dev_file *f = file->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case RUMPVISOR_IOC_SYSCALL:
		return ioc_syscall(f, uarg);
	case RUMPVISOR_IOC_INFO:
		return ioc_info(f, uarg);
	case RUMPVISOR_IOC_FORK:
		return ioc_fork(f);
	case RUMPVISOR_IOC_EXEC:
		return ioc_exec(f, uarg);
	default:
		return -ENOTTY;
	}
}

const struct file_operations rv_dev_fops = {
	.owner = THIS_MODULE,
	.open = dev_open,
	.release = dev_release,
	.unlocked_ioctl = dev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};
