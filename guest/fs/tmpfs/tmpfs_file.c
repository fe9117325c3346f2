/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tmpfs regular-file data, kept in pages (tmpfs_pages.c).  Holes (pages
 * never written) cost nothing and read as zeros.  Data
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
		p = rk_tmpfs_page_get(r, pg);
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
		p = rk_tmpfs_page_alloc(r, pg, whole, &fresh);
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
				rk_tmpfs_page_drop(r, pg);
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
		rk_tmpfs_pages_free_from(r, RK_HOWMANY((uint64_t)len, TMPFS_PAGE));
		/* Zero the cut-off part of the last page: growing the
		 * file later must read zeros there. */
		tail = (size_t)((uint64_t)len % TMPFS_PAGE);
		p = tail != 0 ? rk_tmpfs_page_get(r, (uint64_t)len / TMPFS_PAGE) : NULL;
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

	rk_tmpfs_pages_free_from(r, 0);
}
