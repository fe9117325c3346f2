/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Kernel memory allocator.  Small sizes come from per-size caches
 * (power-of-two classes carved from pages), larger ones straight from
 * the hypervisor.  The caller passes the size back to rk_kmem_free.
 */
#ifndef RK_KMEM_H
#define RK_KMEM_H

#include <rk/types.h>

#define RK_KM_SLEEP	0x1	/* may wait; never returns NULL */
#define RK_KM_NOSLEEP	0x2	/* returns NULL on shortage or over the limit */

/*
 * RUMP_MEMLIMIT: once bytes_inuse would pass limit, RK_KM_NOSLEEP
 * allocations fail (tmpfs file data uses them and reports ENOSPC).
 * RK_KM_SLEEP allocations (metadata) are counted but not refused, so
 * that the guest can always make progress and free memory.
 */
void *rk_kmem_alloc(size_t len, int flags);
void *rk_kmem_zalloc(size_t len, int flags);
void rk_kmem_free(void *p, size_t len);

/* Duplicate a string (rk_kmem_free(p, strlen + 1)). */
char *rk_kmem_strdup(const char *s, int flags);

struct rk_kmem_stats {
	uint64_t bytes_inuse;	/* bytes handed out to callers */
	uint64_t allocs_inuse;	/* live allocations */
	uint64_t limit;		/* RUMP_MEMLIMIT, 0 for none */
	uint64_t bytes_hyp;	/* bytes held from the hypervisor */
};
void rk_kmem_stats(struct rk_kmem_stats *st);

/* Boot and halt (kern/kmem.c). */
int rk_kmem_init(void);
void rk_kmem_fini(void);

#endif /* RK_KMEM_H */
