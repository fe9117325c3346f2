// SPDX-License-Identifier: BSD-2-Clause
/*
 * Guest memory: rumpuser_malloc/_free and rumpuser_anonmmap/_unmap.
 *
 * kmalloc() of a power-of-two size is naturally aligned, which gives any
 * alignment up to KMALLOC_MAX_SIZE; kvmalloc() gives page alignment for
 * anything larger than a page.  Everything is freed with kvfree(), so
 * free needs no record of how memory was obtained.  Live allocations and
 * bytes are kept in per-CPU counters: no shared cache line on the fast
 * path.
 */
#include "hyp.h"

#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/slab.h>

/* Failure is the guest's to handle: no allocation-failure splats. */
#define RV_GFP	(GFP_KERNEL | __GFP_NOWARN)

static DEFINE_PER_CPU(long, rv_allocs);
static DEFINE_PER_CPU(long, rv_bytes);

static inline void mem_count(long n, long bytes)
{
	this_cpu_add(rv_allocs, n);
	this_cpu_add(rv_bytes, bytes);
}

void rv_mem_counts(long *allocs, long *bytes)
{
	long a = 0, b = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		a += per_cpu(rv_allocs, cpu);
		b += per_cpu(rv_bytes, cpu);
	}
	*allocs = a;
	*bytes = b;
}

void rv_mem_reset(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		per_cpu(rv_allocs, cpu) = 0;
		per_cpu(rv_bytes, cpu) = 0;
	}
}

/* Zeroed or not, aligned to align (a power of two), or NULL. */
static void *mem_get(size_t len, size_t align, gfp_t gfp)
{
	size_t n;

	if (len == 0)
		len = 1;
	if (align <= ARCH_KMALLOC_MINALIGN && len <= PAGE_SIZE)
		return kmalloc(len, gfp);
	if (align <= PAGE_SIZE && len > PAGE_SIZE)
		return kvmalloc(len, gfp);
	n = max(len, align);
	if (n > KMALLOC_MAX_SIZE)
		return NULL;
	return kmalloc(roundup_pow_of_two(n), gfp);
}

int rumpuser_malloc(size_t len, int alignment, void **memp)
{
	void *p;

	if (alignment < 0 || (alignment & (alignment - 1)))
		return RV_EINVAL;
	p = mem_get(len, alignment, RV_GFP);
	if (!p)
		return RV_ENOMEM;
	mem_count(1, len);
	*memp = p;
	return 0;
}
EXPORT_SYMBOL(rumpuser_malloc);

void rumpuser_free(void *mem, size_t len)
{
	if (!mem)
		return;
	kvfree(mem);
	mem_count(-1, -(long)len);
}
EXPORT_SYMBOL(rumpuser_free);

int rumpuser_anonmmap(void *prefaddr, size_t size, int alignbit, int exec,
		      void **memp)
{
	size_t align;
	void *p;

	/* Kernel heap memory is never executable; we will not make it so. */
	if (exec)
		return RV_EOPNOTSUPP;
	if (alignbit < 0 || alignbit >= BITS_PER_LONG - 1)
		return RV_EINVAL;
	if (size == 0 || size > (size_t)LONG_MAX - PAGE_SIZE)
		return RV_EINVAL;
	/* prefaddr is only a hint: there is no address space to place in. */
	size = PAGE_ALIGN(size);
	align = max_t(size_t, 1UL << alignbit, PAGE_SIZE);
	p = mem_get(size, align, RV_GFP | __GFP_ZERO);
	if (!p)
		return RV_ENOMEM;
	mem_count(1, size);
	*memp = p;
	return 0;
}
EXPORT_SYMBOL(rumpuser_anonmmap);

void rumpuser_unmap(void *addr, size_t size)
{
	if (!addr)
		return;
	kvfree(addr);
	mem_count(-1, -(long)PAGE_ALIGN(size));
}
EXPORT_SYMBOL(rumpuser_unmap);
