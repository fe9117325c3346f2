// SPDX-License-Identifier: BSD-2-Clause
/*
 * Block I/O: rumpuser_bio() queues a request and returns; each instance
 * has one bio thread (started on first use) that does the transfers in
 * FIFO order (hyp/common/bio.c) and calls the guest's biodone while
 * scheduled on its own guest lwp.  Requests are the instance's memory;
 * the thread is one of its jobs, so both go when the instance ends.
 */
#include "hyp.h"

#include <linux/error-injection.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/sched/task.h>

#include <rump/rumpuser_component.h>

#include "../common/bio.h"

struct bio_req {
	struct rv_bioreq r;		/* the host-independent part */
	struct list_head link;
	struct file *file;		/* NULL: the fd was bad */
};

static long bio_rw(void *file, void *buf, size_t len, int64_t off,
		   int write)
{
	struct file *f = file;
	loff_t pos = off;

	/* The kernel warns about reads of write-only files: refuse first. */
	if (!(f->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
		return -EBADF;
	return rv_file_rw(f, buf, len, &pos, write);
}

static int bio_sync(void *file, int64_t off, size_t len)
{
	return rv_file_sync(file, off, off + len - 1, 1);
}

static const struct rv_bio_ops bio_ops = {
	.rw = bio_rw,
	.sync = bio_sync,
};

void rv_bio_init(struct rv_instance *inst)
{
	mutex_init(&inst->bio.start_lock);
	spin_lock_init(&inst->bio.lock);
	INIT_LIST_HEAD(&inst->bio.queue);
}

/* A request, from the instance's memory (a point of fault injection). */
noinline void *rv_bio_req_new(struct rv_instance *inst)
{
	if (rv_fault(RV_FAULT_BIO_REQ_NEW))
		return NULL;
	return rv_obj_alloc(inst, sizeof(struct bio_req),
			    GFP_KERNEL | __GFP_NOWARN);
}
ALLOW_ERROR_INJECTION(rv_bio_req_new, NULL);

static void bio_free(struct rv_instance *inst, struct bio_req *r)
{
	if (r->file)
		fput(r->file);
	rv_obj_free(inst, r, sizeof(*r));
}

/* Wait for the next request (the instance ending ends us here). */
static struct bio_req *bio_next(struct rv_instance *inst)
{
	struct bio_req *r;

	spin_lock(&inst->bio.lock);
	while (list_empty(&inst->bio.queue)) {
		set_current_state(rv_wait_state());
		spin_unlock(&inst->bio.lock);
		schedule();
		rv_check_signal();
		spin_lock(&inst->bio.lock);
	}
	__set_current_state(TASK_RUNNING);
	r = list_first_entry(&inst->bio.queue, struct bio_req, link);
	list_del(&r->link);
	spin_unlock(&inst->bio.lock);
	return r;
}

static int bio_main(void *arg)
{
	struct rv_instance *inst = arg;
	struct bio_req *r;

	/* Referenced: a late rumpuser_bio() may still wake it. */
	spin_lock(&inst->bio.lock);
	inst->bio.task = get_task_struct(current);
	spin_unlock(&inst->bio.lock);
	rumpuser_component_kthread();	/* a guest lwp of our own */
	for (;;) {
		size_t done = 0;
		int err;

		r = bio_next(inst);
		err = r->file ? rv_bio_transfer(&bio_ops, r->file, &r->r, &done)
			      : -EBADF;
		rv_bio_done(&r->r, done, rv_nb(err));
		bio_free(inst, r);
	}
	return 0;
}

/* Start the instance's bio thread unless it runs; 0 or a negative errno. */
static int bio_start(struct rv_instance *inst)
{
	struct rv_job *job;
	int err = 0;

	mutex_lock(&inst->bio.start_lock);
	if (inst->bio.started)
		goto out;
	err = -ENOMEM;
	job = rv_job_new(inst, "rumpvisor-bio");
	if (!job)
		goto out;
	job->run = bio_main;
	job->arg = inst;
	err = rv_job_start(job);
	if (err) {
		rv_job_put(job);
		goto out;
	}
	inst->bio.started = true;
out:
	mutex_unlock(&inst->bio.start_lock);
	return err;
}

void rumpuser_bio(int fd, int op, void *data, size_t dlen, int64_t off,
		  rump_biodone_fn biodone, void *arg)
{
	struct rv_instance *inst = rv_current();
	struct bio_req *r;
	int err, nlocks;

	if (!inst) {
		biodone(arg, 0, RV_EINVAL);
		return;
	}
	rv_count(inst, RV_HC_BIO);
	rv_up_backend_unschedule(&nlocks, NULL);
	rv_check_signal();	/* an ending instance ends us here */
	err = -ENOMEM;
	r = rv_bio_req_new(inst);
	if (!r)
		goto fail;
	rv_bioreq_fill(&r->r, op, data, dlen, off, biodone, arg);
	r->file = rv_file_get(inst, fd);
	err = bio_start(inst);
	if (err) {
		bio_free(inst, r);
		goto fail;
	}
	spin_lock(&inst->bio.lock);
	list_add_tail(&r->link, &inst->bio.queue);
	if (inst->bio.task)
		wake_up_process(inst->bio.task);
	spin_unlock(&inst->bio.lock);
	rv_up_backend_schedule(nlocks, NULL);
	return;

fail:
	/*
	 * Nothing is queued, so nobody else will ever complete it: report the
	 * failure from here, scheduled, as the bio thread would.
	 */
	rv_up_backend_schedule(nlocks, NULL);
	biodone(arg, 0, rv_nb(err));
}
EXPORT_SYMBOL(rumpuser_bio);

/* The instance has ended: drop what was never done. */
void rv_bio_reclaim(struct rv_instance *inst)
{
	struct task_struct *task;
	struct bio_req *r, *tmp;
	LIST_HEAD(left);

	spin_lock(&inst->bio.lock);
	list_splice_init(&inst->bio.queue, &left);
	task = inst->bio.task;
	inst->bio.task = NULL;
	spin_unlock(&inst->bio.lock);
	if (task)
		put_task_struct(task);
	list_for_each_entry_safe(r, tmp, &left, link)
		bio_free(inst, r);
}
