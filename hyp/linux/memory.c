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
 *
 * Small blocks (up to 4 KiB) come in power-of-two size classes and are
 * kept, once freed, in small per-CPU magazines: a guest frees and
 * allocates the same sizes over and over, and a magazine hit costs a
 * preempt_disable and an array access where the slab fast path needs a
 * double-word cmpxchg (very costly under emulation).  rumpuser_free() only
 * knows the length, so the magazine for a block is chosen from the length
 * alone; every block is a kmalloc() object at least as large as its class
 * and aligned to its own power-of-two size, so any block in a magazine
 * serves any request of that class.  Magazines hold at most 16 KiB per
 * class per CPU and are emptied when the instance is released.
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

#define MAG_MIN_SHIFT	4			/* 16 bytes */
#define MAG_MAX_SHIFT	12			/* 4 KiB */
#define MAG_CLASSES	(MAG_MAX_SHIFT - MAG_MIN_SHIFT + 1)
#define MAG_DEPTH	32
#define MAG_BYTES	16384			/* per class and CPU */

struct rv_magazine {
	unsigned int n;
	void *obj[MAG_DEPTH];
};

static DEFINE_PER_CPU(struct rv_magazine[MAG_CLASSES], rv_mags);

/* Size class of a small block: log2 of its power-of-two size, less 4. */
static inline unsigned int mag_class(size_t n)
{
	return n <= (1UL << MAG_MIN_SHIFT) ? 0 :
	       order_base_2(n) - MAG_MIN_SHIFT;
}

static inline unsigned int mag_depth(unsigned int c)
{
	return min(MAG_DEPTH, MAG_BYTES >> (c + MAG_MIN_SHIFT));
}

static void *mag_get(unsigned int c)
{
	struct rv_magazine *m = get_cpu_ptr(&rv_mags[c]);
	void *p = m->n ? m->obj[--m->n] : NULL;

	put_cpu_ptr(&rv_mags[c]);
	return p;
}

/* Keep a freed block for reuse; false when the magazine is full. */
static bool mag_put(unsigned int c, void *p)
{
	struct rv_magazine *m = get_cpu_ptr(&rv_mags[c]);
	bool kept = m->n < mag_depth(c);

	if (kept)
		m->obj[m->n++] = p;
	put_cpu_ptr(&rv_mags[c]);
	return kept;
}

/* Give every kept block back to the slab; no guest thread may be running. */
static void mag_drain(void)
{
	unsigned int c;
	int cpu;

	for_each_possible_cpu(cpu) {
		for (c = 0; c < MAG_CLASSES; c++) {
			struct rv_magazine *m = per_cpu_ptr(&rv_mags[c], cpu);

			while (m->n)
				kfree(m->obj[--m->n]);
		}
	}
}

void rv_mem_reset(void)
{
	mag_drain();
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

	/* Callers send blocks of 4 KiB and less to the magazines. */
	if (align <= PAGE_SIZE && len > PAGE_SIZE)
		return kvmalloc(len, gfp);
	n = max(len, align);
	if (n > KMALLOC_MAX_SIZE)
		return NULL;
	return kmalloc(roundup_pow_of_two(n), gfp);
}

int rumpuser_malloc(size_t len, int alignment, void **memp)
{
	size_t n = max_t(size_t, len, alignment);
	void *p;

	if (alignment < 0 || (alignment & (alignment - 1)))
		return RV_EINVAL;
	if (n <= (1UL << MAG_MAX_SHIFT)) {
		unsigned int c = mag_class(n);

		p = mag_get(c);
		if (!p)
			p = kmalloc(1UL << (c + MAG_MIN_SHIFT), RV_GFP);
	} else {
		p = mem_get(len, alignment, RV_GFP);
	}
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
	mem_count(-1, -(long)len);
	/* len <= 4 KiB means a kmalloc() block of at least its class. */
	if (len <= (1UL << MAG_MAX_SHIFT) && mag_put(mag_class(len), mem))
		return;
	kvfree(mem);
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
