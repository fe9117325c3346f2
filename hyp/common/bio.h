/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The part of rumpuser_bio() that is the same on every host: the request,
 * the transfer loop (until done, a short transfer at end of file, a sync
 * for SYNC writes) and the completion upcall.  The host supplies reads,
 * writes and syncs on its own file handles, returning negative host errno
 * values (Linux and glibc share them on x86_64).
 */
#ifndef RV_HYP_COMMON_BIO_H
#define RV_HYP_COMMON_BIO_H

#include <rump/rumpuser.h>

struct rv_bioreq {
	int op;
	void *data;
	size_t dlen;
	int64_t off;
	rump_biodone_fn biodone;
	void *arg;
};

struct rv_bio_ops {
	/* Bytes moved (0 at end of file), or a negative host errno. */
	long (*rw)(void *file, void *buf, size_t len, int64_t off, int write);
	/* 0 or a negative host errno. */
	int (*sync)(void *file, int64_t off, size_t len);
};

void rv_bioreq_fill(struct rv_bioreq *r, int op, void *data, size_t dlen,
		    int64_t off, rump_biodone_fn biodone, void *arg);
/* 0 or a negative host errno; *done is set either way. */
int rv_bio_transfer(const struct rv_bio_ops *ops, void *file,
		    const struct rv_bioreq *r, size_t *done);
/* Call biodone scheduled on a virtual CPU, as the interface wants. */
void rv_bio_done(const struct rv_bioreq *r, size_t done, int netbsd_error);

#endif /* RV_HYP_COMMON_BIO_H */
