// SPDX-License-Identifier: BSD-2-Clause
/* Block I/O requests, the same on both hosts (bio.h). */
#include "bio.h"
#include "common.h"

void rv_bioreq_fill(struct rv_bioreq *r, int op, void *data, size_t dlen,
		    int64_t off, rump_biodone_fn biodone, void *arg)
{
	r->op = op;
	r->data = data;
	r->dlen = dlen;
	r->off = off;
	r->biodone = biodone;
	r->arg = arg;
}

int rv_bio_transfer(const struct rv_bio_ops *ops, void *file,
		    const struct rv_bioreq *r, size_t *done)
{
	int write = (r->op & RUMPUSER_BIO_WRITE) != 0;
	size_t total = 0;
	long n = 0;

	*done = 0;
	if (!(r->op & (RUMPUSER_BIO_READ | RUMPUSER_BIO_WRITE)))
		return -RV_LX_EINVAL;
	while (total < r->dlen) {
		n = ops->rw(file, (char *)r->data + total, r->dlen - total,
			    r->off + (int64_t)total, write);
		if (n <= 0)
			break;
		total += (size_t)n;
	}
	*done = total;
	if (n < 0)
		return (int)n;
	if (write && (r->op & RUMPUSER_BIO_SYNC) && r->dlen)
		return ops->sync(file, r->off, r->dlen);
	return 0;
}

void rv_bio_done(const struct rv_bioreq *r, size_t done, int netbsd_error)
{
	const struct rumpuser_hyperup *up = rv_upcalls();
	int nlocks = 0;

	if (up)
		up->hyp_backend_schedule(0, NULL);
	r->biodone(r->arg, done, netbsd_error);
	if (up)
		up->hyp_backend_unschedule(0, &nlocks, NULL);
}
