// SPDX-License-Identifier: BSD-2-Clause
/* rumpuser_bio: many requests in flight, completion context. */
#include "ct_int.h"

#define NREQ	64
#define BLK	4096

struct breq {
	unsigned char *buf;
	int idx;
	int calls;
	int error;
	size_t done;
	int ctx_ok;		/* scheduled, own non-temporary lwp */
	int lwp_id;
};

struct bctl {
	struct breq r[NREQ];
	int completed;
	int order[NREQ];
	struct lwp *submitter;
};

static struct bctl *bc;

static void biodone(void *arg, size_t done, int error)
{
	struct breq *r = arg;
	struct lwp *l = tg_curlwp();
	int n;

	r->done = done;
	r->error = error;
	r->ctx_ok = tg_scheduled() && tg_lwp_valid(l) &&
		    !tg_lwp_temporary(l) && l != bc->submitter;
	r->lwp_id = tg_lwp_id(l);
	tg_atomic_inc(&r->calls);
	n = tg_atomic_inc(&bc->completed) - 1;
	if (n < NREQ)
		bc->order[n] = r->idx;
}

static void fill(unsigned char *b, int idx)
{
	int i;

	for (i = 0; i < BLK; i++)
		b[i] = (unsigned char)(idx * 31 + i * 7);
}

static int pass(int fd, int op, const char *what)
{
	struct tg_stats s0, s1;
	char name[96], ord[NREQ * 3 + 1];
	int i, bad_calls = 0, bad_err = 0, bad_ctx = 0, inorder = 1, n = 0;

	bc->completed = 0;
	for (i = 0; i < NREQ; i++) {
		bc->r[i].calls = 0;
		bc->r[i].error = -1;
		bc->r[i].done = 0;
	}
	tg_stats(&s0);
	for (i = 0; i < NREQ; i++)
		rumpuser_bio(fd, op | ((op & RUMPUSER_BIO_WRITE) && i % 8 == 0 ?
				       RUMPUSER_BIO_SYNC : 0),
			     bc->r[i].buf, BLK, (int64_t)i * BLK, biodone,
			     &bc->r[i]);
	tg_stats(&s1);
	tg_snprintf(name, sizeof(name), "bio: %d %s requests complete", NREQ,
		    what);
	if (!ct_await(&bc->completed, NREQ, 20000)) {
		ct_check(0, name, "%d of %d completed in 20 s", bc->completed,
			 NREQ);
		ct_bail("bio completions lost");
		return 0;
	}
	ct_sleep_ms(20);	/* late duplicates show up here */
	for (i = 0; i < NREQ; i++) {
		if (bc->r[i].calls != 1)
			bad_calls++;
		if (bc->r[i].error || bc->r[i].done != BLK)
			bad_err++;
		if (!bc->r[i].ctx_ok)
			bad_ctx++;
		if (bc->order[i] != i)
			inorder = 0;
	}
	ct_check(bad_err == 0, name, "%d failed (first: error %d done %zu)",
		 bad_err, bc->r[0].error, bc->r[0].done);
	tg_snprintf(name, sizeof(name), "bio: %s biodone called exactly once each",
		    what);
	ct_check(bad_calls == 0 && bc->completed == NREQ, name,
		 "%d requests with a wrong count, %d calls", bad_calls,
		 bc->completed);
	tg_snprintf(name, sizeof(name),
		    "bio: %s biodone runs scheduled on its own lwp", what);
	ct_check(bad_ctx == 0, name, "%d calls in a wrong context", bad_ctx);
	tg_snprintf(name, sizeof(name), "bio: %s submission unschedules", what);
	ct_check(s1.backend_unsched - s0.backend_unsched >= NREQ &&
		 s1.backend_sched - s0.backend_sched ==
		 s1.backend_unsched - s0.backend_unsched, name,
		 "unsched +%lu sched +%lu for %d calls",
		 s1.backend_unsched - s0.backend_unsched,
		 s1.backend_sched - s0.backend_sched, NREQ);
	for (i = 0; i < 24 && i < NREQ; i++)
		n += tg_snprintf(ord + n, sizeof(ord) - (size_t)n, "%d ",
				 bc->order[i]);
	ct_diag("bio %s completion order%s: %s...", what,
		inorder ? " (submission order)" : "", ord);
	return 1;
}

/*
 * A read that runs past the end of the file: biodone must report the
 * bytes actually read (half a block), not the length asked for.
 */
static int short_read(int fd)
{
	struct breq *r = &bc->r[0];
	int k, bad = 0;

	bc->completed = 0;
	r->calls = 0;
	r->error = -1;
	r->done = 0;
	tg_memset(r->buf, 0, BLK);
	rumpuser_bio(fd, RUMPUSER_BIO_READ, r->buf, BLK,
		     (int64_t)NREQ * BLK - BLK / 2, biodone, r);
	if (!ct_await(&bc->completed, 1, 20000)) {
		ct_check(0, "bio: read past the end reports the bytes read",
			 "no completion in 20 s");
		ct_bail("bio completion lost");
		return 0;
	}
	for (k = 0; k < BLK / 2; k++)
		if (r->buf[k] != (unsigned char)((NREQ - 1) * 31 +
						 (k + BLK / 2) * 7))
			bad++;
	ct_check(r->error == 0 && r->done == BLK / 2 && bad == 0,
		 "bio: read past the end reports the bytes read",
		 "error %d done %zu (want %d), %d bytes differ", r->error,
		 r->done, BLK / 2, bad);
	return 1;
}

void ct_t_bio(void)
{
	char path[200];
	int fd = -1, rv, i, bad = 0;

	bc = tg_alloc(sizeof(*bc));
	if (!bc) {
		ct_check(0, "bio setup", "no memory");
		return;
	}
	tg_memset(bc, 0, sizeof(*bc));
	bc->submitter = tg_curlwp();
	for (i = 0; i < NREQ; i++) {
		rumpuser_malloc(BLK, BLK, (void **)&bc->r[i].buf);
		bc->r[i].idx = i;
	}
	ct_path(path, sizeof(path), "ct-bio");
	rv = rumpuser_open(path, RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_CREATE |
			   RUMPUSER_OPEN_BIO, &fd);
	if (!ct_check(rv == 0, "open with BIO", "rv %d", rv))
		goto out;
	for (i = 0; i < NREQ; i++)
		fill(bc->r[i].buf, i);
	if (!pass(fd, RUMPUSER_BIO_WRITE, "write"))
		return;		/* bailing out: requests may still be live */
	for (i = 0; i < NREQ; i++)
		tg_memset(bc->r[i].buf, 0, BLK);
	if (!pass(fd, RUMPUSER_BIO_READ, "read"))
		return;
	for (i = 0; i < NREQ; i++) {
		int k;

		for (k = 0; k < BLK; k++)
			if (bc->r[i].buf[k] != (unsigned char)(i * 31 + k * 7))
				break;
		if (k != BLK)
			bad++;
	}
	ct_check(bad == 0, "bio: data read back matches", "%d blocks differ",
		 bad);
	if (!short_read(fd))
		return;
	rumpuser_close(fd);
out:
	for (i = 0; i < NREQ; i++)
		rumpuser_free(bc->r[i].buf, BLK);
	tg_free(bc, sizeof(*bc));
	bc = NULL;
}
