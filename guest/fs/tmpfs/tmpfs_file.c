/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tmpfs regular-file data: pages in a two-level table.  Holes (pages or
 * whole L2 blocks never written) cost nothing and read as zeros.  Data
 * pages come from RK_KM_NOSLEEP allocations, so a full memory limit
 * shows up as ENOSPC rather than a stuck guest.  Called with the
 * vnode lock held.
 */
#include <rk/types.h>
#include <rk/errno.h>
#include <rk/kmem.h>
#include <rk/lib.h>
#include <rk/vfs.h>

#include "tmpfs.h"

static const uint8_t tmpfs_zeros[TMPFS_PAGE];

static void **
l2_block(struct tmpfs_reg *r, uint64_t pg)
{
	uint64_t i = pg / TMPFS_L2N;

	return i < r->tn_nl1 ? r->tn_l1[i] : NULL;
}

static void *
page_get(struct tmpfs_reg *r, uint64_t pg)
{
	void **l2 = l2_block(r, pg);

	return l2 != NULL ? l2[pg % TMPFS_L2N] : NULL;
}

/*
 * The page for writing, allocated if it is a hole: zeroed, unless the
 * caller is about to overwrite all of it (*fresh tells it so; zeroing
 * would double the memory traffic of sequential writes).
 */
static void *
page_alloc(struct tmpfs_reg *r, uint64_t pg, bool whole, bool *fresh)
{
	uint64_t i = pg / TMPFS_L2N;
	void ***nl1, **l2, *p;
	size_t n;

	if (i >= r->tn_nl1) {
		n = r->tn_nl1 != 0 ? r->tn_nl1 : 4;
		while (n <= i)
			n *= 2;
		nl1 = rk_kmem_zalloc(n * sizeof(*nl1), RK_KM_NOSLEEP);
		if (nl1 == NULL)
			return NULL;
		if (r->tn_l1 != NULL) {
			rk_memcpy(nl1, r->tn_l1, r->tn_nl1 * sizeof(*nl1));
			rk_kmem_free(r->tn_l1, r->tn_nl1 * sizeof(*nl1));
		}
		r->tn_l1 = nl1;
		r->tn_nl1 = n;
	}
	l2 = r->tn_l1[i];
	if (l2 == NULL) {
		l2 = rk_kmem_zalloc(TMPFS_L2N * sizeof(void *), RK_KM_NOSLEEP);
		if (l2 == NULL)
			return NULL;
		r->tn_l1[i] = l2;
		r->tn_nl2++;
	}
	p = l2[pg % TMPFS_L2N];
	*fresh = p == NULL;
	if (p == NULL) {
		p = whole ? rk_kmem_alloc(TMPFS_PAGE, RK_KM_NOSLEEP) :
		    rk_kmem_zalloc(TMPFS_PAGE, RK_KM_NOSLEEP);
		if (p == NULL)
			return NULL;
		l2[pg % TMPFS_L2N] = p;
		r->tn_npages++;
	}
	return p;
}

/* Free page pg again, and its L2 block when that is left empty. */
static void
page_drop(struct tmpfs_reg *r, uint64_t pg)
{
	void **l2 = l2_block(r, pg);
	size_t j;

	rk_kmem_free(l2[pg % TMPFS_L2N], TMPFS_PAGE);
	l2[pg % TMPFS_L2N] = NULL;
	r->tn_npages--;
	for (j = 0; j < TMPFS_L2N; j++)
		if (l2[j] != NULL)
			return;
	rk_kmem_free(l2, TMPFS_L2N * sizeof(void *));
	r->tn_l1[pg / TMPFS_L2N] = NULL;
	r->tn_nl2--;
}

int
rk_tmpfs_reg_read(struct tmpfs_node *node, struct rk_uio *uio)
{
	struct tmpfs_reg *r = &node->tn_u.tn_reg;
	uint64_t pg;
	size_t pgoff, n;
	void *p;
	int error = 0;

	if (uio->uio_offset < 0)
		return RK_EINVAL;
	while (uio->uio_resid > 0 && uio->uio_offset < node->tn_size) {
		pg = (uint64_t)uio->uio_offset / TMPFS_PAGE;
		pgoff = (size_t)((uint64_t)uio->uio_offset % TMPFS_PAGE);
		n = TMPFS_PAGE - pgoff;
		if ((off_t)n > node->tn_size - uio->uio_offset)
			n = (size_t)(node->tn_size - uio->uio_offset);
		p = page_get(r, pg);
		error = rk_uiomove(p != NULL ? (uint8_t *)p + pgoff :
		    (void *)(uintptr_t)tmpfs_zeros, n, uio, false);
		if (error != 0)
			break;
	}
	rk_tmpfs_now(&node->tn_atime);
	return error;
}

int
rk_tmpfs_reg_write(struct tmpfs_node *node, struct rk_uio *uio, int ioflag)
{
	struct tmpfs_reg *r = &node->tn_u.tn_reg;
	uint64_t pg;
	size_t pgoff, n, beyond = 0;
	bool whole, fresh;
	void *p;
	int error = 0;

	/* Writing nothing has no other results (POSIX): not even an
	 * O_APPEND descriptor's offset moves to the end. */
	if (uio->uio_resid == 0)
		return uio->uio_offset < 0 ? RK_EINVAL : 0;
	if (ioflag & RK_IO_APPEND)
		uio->uio_offset = node->tn_size;
	if (uio->uio_offset < 0)
		return RK_EINVAL;
	if (uio->uio_offset >= TMPFS_MAXSIZE)
		return RK_EFBIG;
	/* What lies past the largest size stays in uio_resid: the caller
	 * sees a short write, and EFBIG when it tries again. */
	if ((off_t)uio->uio_resid > TMPFS_MAXSIZE - uio->uio_offset) {
		beyond = uio->uio_resid -
		    (size_t)(TMPFS_MAXSIZE - uio->uio_offset);
		uio->uio_resid -= beyond;
	}
	while (uio->uio_resid > 0) {
		pg = (uint64_t)uio->uio_offset / TMPFS_PAGE;
		pgoff = (size_t)((uint64_t)uio->uio_offset % TMPFS_PAGE);
		n = RK_MIN(TMPFS_PAGE - pgoff, uio->uio_resid);
		whole = pgoff == 0 && n == TMPFS_PAGE;
		p = page_alloc(r, pg, whole, &fresh);
		if (p == NULL) {
			error = RK_ENOSPC;
			break;
		}
		error = rk_uiomove((uint8_t *)p + pgoff, n, uio, true);
		if (error != 0) {
			/* Nothing was copied: a page made for it goes (a
			 * hole again), or it would hold memory past the end
			 * of the file, or old bytes from the allocator. */
			if (fresh)
				page_drop(r, pg);
			break;
		}
		if (uio->uio_offset > node->tn_size)
			node->tn_size = uio->uio_offset;
	}
	uio->uio_resid += beyond;
	rk_tmpfs_now(&node->tn_mtime);
	node->tn_ctime = node->tn_mtime;
	return error;
}

/* Free whole pages from page first on; drop empty L2 blocks.  The walk
 * ends with the last L2 block: a file once written near the largest
 * size has an L1 of 2^19 entries, nearly all NULL. */
static void
free_from(struct tmpfs_reg *r, uint64_t first)
{
	uint64_t i, j, start;
	void **l2;
	bool empty;

	for (i = first / TMPFS_L2N; i < r->tn_nl1 && r->tn_nl2 > 0; i++) {
		l2 = r->tn_l1[i];
		if (l2 == NULL)
			continue;
		start = i == first / TMPFS_L2N ? first % TMPFS_L2N : 0;
		for (j = start; j < TMPFS_L2N; j++) {
			if (l2[j] != NULL) {
				rk_kmem_free(l2[j], TMPFS_PAGE);
				l2[j] = NULL;
				r->tn_npages--;
			}
		}
		empty = true;
		for (j = 0; j < start && empty; j++)
			empty = l2[j] == NULL;
		if (empty) {
			rk_kmem_free(l2, TMPFS_L2N * sizeof(void *));
			r->tn_l1[i] = NULL;
			r->tn_nl2--;
		}
	}
}

int
rk_tmpfs_reg_truncate(struct tmpfs_node *node, off_t len)
{
	struct tmpfs_reg *r = &node->tn_u.tn_reg;
	size_t tail;
	void *p;

	if (len < 0)
		return RK_EINVAL;
	if (len > TMPFS_MAXSIZE)
		return RK_EFBIG;
	if (len < node->tn_size) {
		free_from(r, RK_HOWMANY((uint64_t)len, TMPFS_PAGE));
		/* Zero the cut-off part of the last page: growing the
		 * file later must read zeros there. */
		tail = (size_t)((uint64_t)len % TMPFS_PAGE);
		p = tail != 0 ? page_get(r, (uint64_t)len / TMPFS_PAGE) : NULL;
		if (p != NULL)
			rk_memset((uint8_t *)p + tail, 0, TMPFS_PAGE - tail);
	}
	if (len != node->tn_size) {
		node->tn_size = len;
		rk_tmpfs_now(&node->tn_mtime);
		node->tn_ctime = node->tn_mtime;
	}
	return 0;
}

void
rk_tmpfs_reg_free(struct tmpfs_node *node)
{
	struct tmpfs_reg *r = &node->tn_u.tn_reg;

	free_from(r, 0);
	if (r->tn_l1 != NULL)
		rk_kmem_free(r->tn_l1, r->tn_nl1 * sizeof(*r->tn_l1));
	r->tn_l1 = NULL;
	r->tn_nl1 = 0;
}
