/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tmpfs regular-file pages: a radix tree of page pointers.  Every block
 * of the tree is one page of TMPFS_FAN pointers; a tree of height h
 * covers TMPFS_FAN^h pages (height 1: the root block points at pages).
 * The tree grows at the top when a write lands past what it covers, so
 * a file written only near the largest size costs a handful of blocks,
 * and freeing walks only the blocks that exist.  A NULL pointer at any
 * level is a hole that reads as zeros.  Called with the vnode lock held.
 */
#include <rk/types.h>
#include <rk/kmem.h>
#include <rk/lib.h>

#include "tmpfs.h"

#define FAN_SHIFT	9
#define BLOCK_SIZE	(TMPFS_FAN * sizeof(void *))

_Static_assert(TMPFS_FAN == 1u << FAN_SHIFT, "a block is one page");

/* The slot for page pg in a block at level lvl (1: the leaf level). */
static size_t
slot(uint64_t pg, unsigned lvl)
{
	return (size_t)(pg >> (FAN_SHIFT * (lvl - 1))) & (TMPFS_FAN - 1);
}

/* Whether a tree of this height reaches page pg. */
static bool
covers(unsigned height, uint64_t pg)
{
	return height > 0 &&
	    (FAN_SHIFT * height >= 64 || pg >> (FAN_SHIFT * height) == 0);
}

/* Free the block at *link if nothing is left in it. */
static void
free_if_empty(struct tmpfs_reg *r, void **link)
{
	void **b = *link;
	size_t i;

	for (i = 0; i < TMPFS_FAN; i++)
		if (b[i] != NULL)
			return;
	rk_kmem_free(b, BLOCK_SIZE);
	*link = NULL;
	r->tn_nblocks--;
}

/* Free a page and clear its slot. */
static void
free_page(struct tmpfs_reg *r, void **slotp)
{
	rk_kmem_free(*slotp, TMPFS_PAGE);
	*slotp = NULL;
	r->tn_npages--;
}

void *
rk_tmpfs_page_get(struct tmpfs_reg *r, uint64_t pg)
{
	void **b = r->tn_root;
	unsigned lvl;

	if (!covers(r->tn_height, pg))
		return NULL;
	for (lvl = r->tn_height; lvl > 1 && b != NULL; lvl--)
		b = b[slot(pg, lvl)];
	return b != NULL ? b[slot(pg, 1)] : NULL;
}

/* Add levels at the top until the tree reaches page pg. */
static int
grow(struct tmpfs_reg *r, uint64_t pg)
{
	void **b;

	while (!covers(r->tn_height, pg)) {
		if (r->tn_root == NULL) {
			r->tn_height++;
			continue;
		}
		b = rk_kmem_zalloc(BLOCK_SIZE, RK_KM_NOSLEEP);
		if (b == NULL)
			return -1;
		b[0] = r->tn_root;
		r->tn_root = b;
		r->tn_height++;
		r->tn_nblocks++;
	}
	return 0;
}

/* The slot that holds page pg's pointer, with the blocks down to it
 * allocated; NULL if memory ran out. */
static void **
leaf_slot(struct tmpfs_reg *r, uint64_t pg)
{
	void **link = (void **)&r->tn_root;
	unsigned lvl;

	for (lvl = r->tn_height; lvl >= 1; lvl--) {
		if (*link == NULL) {
			*link = rk_kmem_zalloc(BLOCK_SIZE, RK_KM_NOSLEEP);
			if (*link == NULL)
				return NULL;
			r->tn_nblocks++;
		}
		link = &((void **)*link)[slot(pg, lvl)];
	}
	return link;
}

void *
rk_tmpfs_page_alloc(struct tmpfs_reg *r, uint64_t pg, bool whole,
    bool *fresh)
{
	void **link;

	if (grow(r, pg) != 0 || (link = leaf_slot(r, pg)) == NULL)
		return NULL;
	*fresh = *link == NULL;
	if (*link == NULL) {
		*link = whole ? rk_kmem_alloc(TMPFS_PAGE, RK_KM_NOSLEEP) :
		    rk_kmem_zalloc(TMPFS_PAGE, RK_KM_NOSLEEP);
		if (*link == NULL)
			return NULL;
		r->tn_npages++;
	}
	return *link;
}

/*
 * Free the pages of the subtree at *link (level lvl, its first page
 * base) from page first on, and every block left empty.
 */
static void
free_subtree(struct tmpfs_reg *r, void **link, unsigned lvl, uint64_t base,
    uint64_t first)
{
	void **b = *link;
	uint64_t span = (uint64_t)1 << (FAN_SHIFT * (lvl - 1));
	size_t i = first > base ? (size_t)((first - base) / span) : 0;

	for (; i < TMPFS_FAN; i++) {
		if (b[i] == NULL)
			continue;
		if (lvl > 1) {
			free_subtree(r, &b[i], lvl - 1, base + i * span, first);
			continue;
		}
		free_page(r, &b[i]);
	}
	free_if_empty(r, link);
}

void
rk_tmpfs_pages_free_from(struct tmpfs_reg *r, uint64_t first)
{
	if (r->tn_root != NULL && covers(r->tn_height, first))
		free_subtree(r, (void **)&r->tn_root, r->tn_height, 0, first);
	if (r->tn_root == NULL)
		r->tn_height = 0;
}

/* Free page pg's pointer at *link (level lvl), then each block on its
 * path that is left empty. */
static void
drop_path(struct tmpfs_reg *r, void **link, unsigned lvl, uint64_t pg)
{
	void **b = *link;
	void **next = &b[slot(pg, lvl)];

	if (lvl > 1)
		drop_path(r, next, lvl - 1, pg);
	else
		free_page(r, next);
	free_if_empty(r, link);
}

/* Free page pg again (it exists), and the blocks that leaves empty. */
void
rk_tmpfs_page_drop(struct tmpfs_reg *r, uint64_t pg)
{
	drop_path(r, (void **)&r->tn_root, r->tn_height, pg);
	if (r->tn_root == NULL)
		r->tn_height = 0;
}
