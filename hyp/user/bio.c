// SPDX-License-Identifier: BSD-2-Clause
/*
 * Asynchronous block I/O.  Requests go to a FIFO served by one host
 * thread that owns a guest lwp; it does the transfer with pread/pwrite
 * and reports completion by calling biodone while scheduled in the guest.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "hyp.h"

struct bio_req {
	struct bio_req *next;
	int fd;
	int op;
	void *data;
	size_t dlen;
	int64_t off;
	rump_biodone_fn biodone;
	void *arg;
};

static pthread_mutex_t bio_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t bio_cv = PTHREAD_COND_INITIALIZER;
static struct bio_req *bio_head, **bio_tail = &bio_head;
static int bio_started;		/* the thread is running */

/* Do the transfer; returns 0 or a NetBSD errno, *donep the bytes moved. */
static int bio_transfer(struct bio_req *r, size_t *donep)
{
	size_t done = 0;
	ssize_t n;
	int rv = 0;

	if (!(r->op & (RUMPUSER_BIO_READ | RUMPUSER_BIO_WRITE))) {
		*donep = 0;
		return RV_EINVAL;
	}
	while (done < r->dlen) {
		if (r->op & RUMPUSER_BIO_READ)
			n = pread(r->fd, (char *)r->data + done, r->dlen - done,
				  (off_t)(r->off + (int64_t)done));
		else
			n = pwrite(r->fd, (char *)r->data + done,
				   r->dlen - done,
				   (off_t)(r->off + (int64_t)done));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rv = rv_errno_to_netbsd(errno);
			break;
		}
		if (n == 0)	/* end of file: report the short transfer */
			break;
		done += (size_t)n;
	}
	if (rv == 0 && (r->op & RUMPUSER_BIO_WRITE) &&
	    (r->op & RUMPUSER_BIO_SYNC) && fdatasync(r->fd) != 0)
		rv = rv_errno_to_netbsd(errno);
	*donep = done;
	return rv;
}

/* Report completion to the guest, scheduled on a virtual CPU. */
static void bio_complete(struct bio_req *r, size_t done, int error)
{
	int nlocks;

	hyp_sched(0, NULL);
	r->biodone(r->arg, done, error);
	hyp_unsched(&nlocks, NULL);
}

/* Give this host thread an lwp of the current guest. */
static void bio_getlwp(void)
{
	/* An lwp from a guest that has since been halted is gone. */
	hyp_u_curlwp = NULL;
	hyp_u_up.hyp_schedule();
	hyp_u_up.hyp_lwproc_newlwp(0);
	hyp_u_up.hyp_unschedule();
}

static void *bio_thread(void *unused)
{
	unsigned int gen = 0, cur;
	struct bio_req *r;
	size_t done;
	int error;

	(void)unused;
	for (;;) {
		pthread_mutex_lock(&bio_mtx);
		while (bio_head == NULL)
			pthread_cond_wait(&bio_cv, &bio_mtx);
		r = bio_head;
		bio_head = r->next;
		if (bio_head == NULL)
			bio_tail = &bio_head;
		pthread_mutex_unlock(&bio_mtx);

		cur = __atomic_load_n(&hyp_u_generation, __ATOMIC_SEQ_CST);
		if (cur != gen) {
			bio_getlwp();
			gen = cur;
		}
		error = bio_transfer(r, &done);
		bio_complete(r, done, error);
		free(r);
	}
	return NULL;
}

/* With bio_mtx held: start the thread once; 0 or a NetBSD errno. */
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
		return rv_errno_to_netbsd(rc);
	pthread_setname_np(t, "rumpuser_bio");
	bio_started = 1;
	return 0;
}

void rumpuser_bio(int fd, int op, void *data, size_t dlen, int64_t off,
		  rump_biodone_fn biodone, void *arg)
{
	struct bio_req *r;
	int nlocks, rv;
	size_t done;

	r = malloc(sizeof(*r));
	if (r == NULL) {
		biodone(arg, 0, RV_ENOMEM);
		return;
	}
	r->next = NULL;
	r->fd = fd;
	r->op = op;
	r->data = data;
	r->dlen = dlen;
	r->off = off;
	r->biodone = biodone;
	r->arg = arg;

	hyp_unsched(&nlocks, NULL);
	pthread_mutex_lock(&bio_mtx);
	rv = bio_start();
	if (rv == 0) {
		*bio_tail = r;
		bio_tail = &r->next;
		pthread_cond_signal(&bio_cv);
	}
	pthread_mutex_unlock(&bio_mtx);
	if (rv != 0) {
		/* No I/O thread (the host refused one): do it synchronously. */
		rv = bio_transfer(r, &done);
		hyp_sched(nlocks, NULL);
		biodone(arg, done, rv);
		free(r);
		return;
	}
	hyp_sched(nlocks, NULL);
}
