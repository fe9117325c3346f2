// SPDX-License-Identifier: BSD-2-Clause
/*
 * Block I/O: rumpuser_bio() queues a request and returns; one bio thread
 * per instance (started on first use) does the transfers in FIFO order
 * and calls the guest's biodone while scheduled on its own guest lwp.
 */
#include "hyp.h"

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/slab.h>

struct bio_req {
	struct list_head link;
	struct file *file;	/* NULL: the fd was bad */
	int op;
	void *data;
	size_t dlen;
	int64_t off;
	rump_biodone_fn biodone;
	void *arg;
};

static DEFINE_MUTEX(bio_start_lock);	/* starting the thread */
static DEFINE_SPINLOCK(bio_lock);	/* everything below */
static LIST_HEAD(bio_queue);
static struct task_struct *bio_task;	/* NULL until started */
static bool bio_stopping;

static int bio_transfer(struct bio_req *r, size_t *done)
{
	loff_t pos = r->off;
	size_t total = 0;
	ssize_t n = 0;
	int err;

	if (!r->file)
		return -EBADF;
	if (!(r->op & (RUMPUSER_BIO_READ | RUMPUSER_BIO_WRITE)))
		return -EINVAL;
	/* The kernel warns about reads of write-only files: refuse first. */
	if (!(r->file->f_mode &
	      ((r->op & RUMPUSER_BIO_READ) ? FMODE_READ : FMODE_WRITE)))
		return -EBADF;
	while (total < r->dlen) {
		if (r->op & RUMPUSER_BIO_READ)
			n = kernel_read(r->file, r->data + total,
					r->dlen - total, &pos);
		else
			n = kernel_write(r->file, r->data + total,
					 r->dlen - total, &pos);
		if (n <= 0)
			break;
		total += n;
	}
	*done = total;
	if (n < 0)
		return n;
	if ((r->op & RUMPUSER_BIO_WRITE) && (r->op & RUMPUSER_BIO_SYNC) &&
	    r->dlen) {
		err = vfs_fsync_range(r->file, r->off, r->off + r->dlen - 1, 1);
		if (err)
			return err;
	}
	return 0;
}

static void bio_free(struct bio_req *r)
{
	if (r->file)
		fput(r->file);
	kfree(r);
}

/* Wait for the next request; NULL when told to stop. */
static struct bio_req *bio_next(void)
{
	unsigned int state = rv_wait_state();
	struct bio_req *r = NULL;

	spin_lock(&bio_lock);
	while (list_empty(&bio_queue) && !bio_stopping) {
		set_current_state(state);
		spin_unlock(&bio_lock);
		schedule();
		rv_check_signal();	/* ends us when dying */
		spin_lock(&bio_lock);
	}
	__set_current_state(TASK_RUNNING);
	if (!bio_stopping) {
		r = list_first_entry(&bio_queue, struct bio_req, link);
		list_del(&r->link);
	}
	spin_unlock(&bio_lock);
	return r;
}

static int bio_main(void *unused)
{
	struct bio_req *r;
	int nlocks;

	/* An lwp of our own, to be scheduled in the guest for biodone. */
	rv_hyp.hyp_schedule();
	rv_hyp.hyp_lwproc_newlwp(0);
	rv_hyp.hyp_unschedule();

	while ((r = bio_next())) {
		size_t done = 0;
		int err = bio_transfer(r, &done);

		hyp_schedule(0, NULL);
		r->biodone(r->arg, done, rv_errno_to_netbsd(err));
		hyp_unschedule(&nlocks, NULL);
		bio_free(r);
	}
	/* Stopped at release: the guest has halted, no upcall is safe. */
	return 0;
}

/* Start the bio thread unless it runs; 0 or a Linux errno. */
static int bio_start(void)
{
	struct rv_thread *t;
	int err = 0;

	mutex_lock(&bio_start_lock);
	if (READ_ONCE(bio_task))
		goto out;
	t = kzalloc(sizeof(*t), GFP_KERNEL | __GFP_NOWARN);
	if (!t) {
		err = -ENOMEM;
		goto out;
	}
	t->run = bio_main;
	err = rv_thread_spawn(t, "rumpvisor-bio", -1);
	if (err) {
		kfree(t);
		goto out;
	}
	spin_lock(&bio_lock);
	bio_stopping = false;
	WRITE_ONCE(bio_task, t->task);
	spin_unlock(&bio_lock);
out:
	mutex_unlock(&bio_start_lock);
	return err;
}

void rumpuser_bio(int fd, int op, void *data, size_t dlen, int64_t off,
		  rump_biodone_fn biodone, void *arg)
{
	struct bio_req *r;
	int err = 0, nlocks;

	hyp_unschedule(&nlocks, NULL);
	rv_check_signal();	/* ends us when dying */
	r = kmalloc(sizeof(*r), GFP_KERNEL | __GFP_NOWARN);
	if (!r) {
		err = -ENOMEM;
		goto fail;
	}
	r->file = rv_file_get(fd);
	r->op = op;
	r->data = data;
	r->dlen = dlen;
	r->off = off;
	r->biodone = biodone;
	r->arg = arg;
	err = bio_start();
	if (err) {
		bio_free(r);
		goto fail;
	}
	spin_lock(&bio_lock);
	list_add_tail(&r->link, &bio_queue);
	wake_up_process(bio_task);
	spin_unlock(&bio_lock);
	hyp_schedule(nlocks, NULL);
	return;

fail:
	/*
	 * Nothing is queued, so nobody else will ever complete it: report the
	 * failure from here, scheduled, as the bio thread would.
	 */
	hyp_schedule(nlocks, NULL);
	biodone(arg, 0, rv_errno_to_netbsd(err));
}
EXPORT_SYMBOL(rumpuser_bio);

/* Release: ask the bio thread to leave (rv_instance_end waits for it). */
void rv_bio_stop(void)
{
	spin_lock(&bio_lock);
	bio_stopping = true;
	if (bio_task)
		wake_up_process(bio_task);
	spin_unlock(&bio_lock);
}

/* After every thread has ended: drop what was never done. */
void rv_bio_reset(void)
{
	struct bio_req *r, *tmp;
	LIST_HEAD(left);

	spin_lock(&bio_lock);
	list_splice_init(&bio_queue, &left);
	bio_task = NULL;
	bio_stopping = false;
	spin_unlock(&bio_lock);
	list_for_each_entry_safe(r, tmp, &left, link)
		bio_free(r);
}
