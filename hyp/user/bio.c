// SPDX-License-Identifier: BSD-2-Clause
/*
 * Asynchronous block I/O.  Requests go to a FIFO served by one host
 * thread that owns a guest lwp; the transfer (hyp/common/bio.c) uses
 * pread/pwrite, and completion calls biodone scheduled in the guest.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include <rump/rumpuser_component.h>

#include "hyp.h"
#include "../common/bio.h"

struct bio_req {
	struct rv_bioreq r;	/* the host-independent part */
	struct bio_req *next;
	int fd;
};

static pthread_mutex_t bio_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t bio_cv = PTHREAD_COND_INITIALIZER;
static struct bio_req *bio_head, **bio_tail = &bio_head;
static int bio_started;		/* the thread is running */

static long bio_rw(void *file, void *buf, size_t len, int64_t off, int write)
{
	int fd = (int)(long)file;
	ssize_t n;

	do {
		n = write ? pwrite(fd, buf, len, (off_t)off) :
			    pread(fd, buf, len, (off_t)off);
	} while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : (long)n;
}

static int bio_sync(void *file, int64_t off, size_t len)
{
	(void)off;
	(void)len;
	return fdatasync((int)(long)file) ? -errno : 0;
}

static const struct rv_bio_ops bio_ops = {
	.rw = bio_rw,
	.sync = bio_sync,
};

static void bio_do(struct bio_req *r)
{
	size_t done;
	int err;

	err = rv_bio_transfer(&bio_ops, (void *)(long)r->fd, &r->r, &done);
	rv_bio_done(&r->r, done, rv_nb(err));
}

static struct bio_req *bio_next(void)
{
	struct bio_req *r;

	pthread_mutex_lock(&bio_mtx);
	while (bio_head == NULL)
		pthread_cond_wait(&bio_cv, &bio_mtx);
	r = bio_head;
	bio_head = r->next;
	if (bio_head == NULL)
		bio_tail = &bio_head;
	pthread_mutex_unlock(&bio_mtx);
	return r;
}

static void *bio_thread(void *unused)
{
	unsigned int gen = 0, cur;
	struct bio_req *r;

	(void)unused;
	for (;;) {
		r = bio_next();
		/* An lwp from a guest that has since been halted is gone. */
		cur = __atomic_load_n(&rv_generation, __ATOMIC_SEQ_CST);
		if (cur != gen) {
			rv_cur_lwp = NULL;
			rumpuser_component_kthread();
			gen = cur;
		}
		bio_do(r);
		free(r);
	}
	return NULL;
}

/* With bio_mtx held: start the thread once; 0 or a negative errno. */
static int bio_start(void)
{
	pthread_attr_t attr;
	pthread_t t;
	int rc;

	if (bio_started)
		return 0;
	rc = pthread_attr_init(&attr);
	if (rc == 0) {
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		rc = pthread_create(&t, &attr, bio_thread, NULL);
		pthread_attr_destroy(&attr);
	}
	if (rc != 0)
		return -rc;
	pthread_setname_np(t, "rumpuser_bio");
	bio_started = 1;
	return 0;
}

void rumpuser_bio(int fd, int op, void *data, size_t dlen, int64_t off,
		  rump_biodone_fn biodone, void *arg)
{
	struct bio_req *r;
	int nlocks, rv;

	r = malloc(sizeof(*r));
	if (r == NULL) {
		biodone(arg, 0, RV_ENOMEM);
		return;
	}
	rv_bioreq_fill(&r->r, op, data, dlen, off, biodone, arg);
	r->next = NULL;
	r->fd = fd;

	rv_up_backend_unschedule(&nlocks, NULL);
	pthread_mutex_lock(&bio_mtx);
	rv = bio_start();
	if (rv == 0) {
		*bio_tail = r;
		bio_tail = &r->next;
		pthread_cond_signal(&bio_cv);
	}
	pthread_mutex_unlock(&bio_mtx);
	rv_up_backend_schedule(nlocks, NULL);
	if (rv != 0) {
		/* No I/O thread (the host refused one): do it here. */
		bio_do(r);
		free(r);
	}
}
