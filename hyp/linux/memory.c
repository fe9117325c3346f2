// SPDX-License-Identifier: BSD-2-Clause
/*
 * Guest memory, owned per instance: rumpuser_malloc/_free,
 * rumpuser_anonmmap/_unmap, and the objects rumpvisor keeps for a guest.
 *
 * Every byte an instance holds comes from pages it owns, so that when the
 * guest ends (however it ends) all of it goes back to Linux:
 *
 * - small blocks (up to a page, alignment up to a page) come from the
 *   instance's own slabs: pages carved into one power-of-two class each,
 *   so every block is aligned to its size; page->private points to the
 *   slab; a slab that becomes empty goes back to the page allocator
 *   (one empty slab per class is kept);
 * - larger or more aligned blocks are whole pages (page allocator or
 *   vmalloc), recorded in the instance's xarray by virtual page number.
 *
 * In front of the slabs, per-CPU magazines per class (as before the
 * instances, one array access under preempt_disable): a guest frees and
 * allocates the same sizes over and over.  rumpuser_free() only knows the
 * length, so it puts a block in the magazine of its length's class; any
 * block there is at least that large and aligned to at least its class,
 * and it goes back to its own slab (or page record) when a magazine
 * overflows.  Live blocks and bytes are per-CPU counters, per owner (the
 * guest's own, and rumpvisor's objects for it); they are never reset.
 */
#include "hyp.h"

#include <linux/error-injection.h>
#include <linux/gfp.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

/* Failure is the guest's to handle: no allocation-failure splats. */
#define RV_GFP		(GFP_KERNEL | __GFP_NOWARN)
#define MAG_BYTES	16384		/* per class, CPU and instance */
#define BATCH		(RV_MAG_DEPTH / 2)
/* Blocks of up to this many pages try to be physically contiguous. */
#define BIG_CONTIG	8

struct rv_slab {
	struct list_head link;		/* class partial or full list */
	struct rv_instance *inst;
	void *base;
	void *freelist;			/* free blocks, linked through word 0 */
	unsigned short inuse, total;
	unsigned char cls, order;
};

/* Kinds of page blocks in rv_mem.big (low bits of the value). */
enum { BIG_EXACT, BIG_ORDER, BIG_VMALLOC };

static struct kmem_cache *slab_cache;
static atomic_long_t pages_total = ATOMIC_LONG_INIT(0);

long rv_mem_pages_total(void)
{
	return atomic_long_read(&pages_total);
}

static inline size_t class_size(unsigned int c)
{
	return 1UL << (c + RV_CLASS_MIN_SHIFT);
}

static inline unsigned int class_of(size_t n)
{
	return n <= class_size(0) ? 0 : order_base_2(n) - RV_CLASS_MIN_SHIFT;
}

static inline unsigned int mag_depth(unsigned int c)
{
	return min_t(unsigned int, RV_MAG_DEPTH, MAG_BYTES / class_size(c));
}

static void pages_add(struct rv_instance *inst, long n)
{
	atomic_long_add(n, &inst->mem.pages);
	atomic_long_add(n, &pages_total);
}

/* ----------------------------------------------------- host allocations */

/*
 * Every host allocation behind rv_alloc is a point of fault injection
 * (fault.c): a function of its own that fails when rv_fault() says so.
 * __GFP_NOFAIL requests (the locks: their hypercalls have no failure
 * path) never go through one, as the kernel's own failslab skips them.
 */
noinline struct rv_slab *rv_slab_desc(gfp_t gfp)
{
	if (rv_fault(RV_FAULT_SLAB_DESC))
		return NULL;
	return kmem_cache_alloc(slab_cache, gfp);
}
ALLOW_ERROR_INJECTION(rv_slab_desc, NULL);

noinline void *rv_slab_pages(gfp_t gfp, unsigned int order)
{
	if (rv_fault(RV_FAULT_SLAB_PAGES))
		return NULL;
	return (void *)__get_free_pages(gfp, order);
}
ALLOW_ERROR_INJECTION(rv_slab_pages, NULL);

static struct rv_slab *slab_desc(gfp_t gfp)
{
	return gfp & __GFP_NOFAIL ? kmem_cache_alloc(slab_cache, gfp) :
				    rv_slab_desc(gfp);
}

static void *slab_pages(gfp_t gfp, unsigned int order)
{
	return gfp & __GFP_NOFAIL ? (void *)__get_free_pages(gfp, order) :
				    rv_slab_pages(gfp, order);
}

/* ---------------------------------------------------------------- slabs */

/* Slab pages: eight blocks of the larger classes, else one page. */
static unsigned int slab_order(unsigned int c)
{
	int o = (int)(c + RV_CLASS_MIN_SHIFT) + 3 - PAGE_SHIFT;

	return o > 0 ? o : 0;
}

static struct rv_slab *slab_new(struct rv_instance *inst, unsigned int c,
				gfp_t gfp)
{
	unsigned int order = slab_order(c), i;
	struct rv_slab *s;
	void *base, **link;

	/* NOFAIL may only ask for small orders. */
	if (gfp & __GFP_NOFAIL)
		order = min(order, 1U);
	s = slab_desc(gfp);
	if (!s)
		return NULL;
	base = slab_pages(gfp, order);
	if (!base && order) {
		order = 0;
		base = slab_pages(gfp, 0);
	}
	if (!base) {
		kmem_cache_free(slab_cache, s);
		return NULL;
	}
	s->inst = inst;
	s->base = base;
	s->cls = c;
	s->order = order;
	s->inuse = 0;
	s->total = (PAGE_SIZE << order) / class_size(c);
	link = &s->freelist;
	for (i = 0; i < s->total; i++) {
		*link = base + i * class_size(c);
		link = *link;
	}
	*link = NULL;
	for (i = 0; i < (1U << order); i++)
		set_page_private(virt_to_page(base + i * PAGE_SIZE),
				 (unsigned long)s);
	pages_add(inst, 1L << order);
	return s;
}

static void slab_free(struct rv_slab *s)
{
	unsigned int i;

	for (i = 0; i < (1U << s->order); i++)
		set_page_private(virt_to_page(s->base + i * PAGE_SIZE), 0);
	pages_add(s->inst, -(1L << s->order));
	free_pages((unsigned long)s->base, s->order);
	kmem_cache_free(slab_cache, s);
}

/* The slab a block belongs to; NULL for page blocks. */
static struct rv_slab *slab_of(const void *p)
{
	if (is_vmalloc_addr(p) || !virt_addr_valid(p))
		return NULL;
	return (struct rv_slab *)page_private(virt_to_page(p));
}

/* Take up to want blocks of class c from its slabs (cl->lock held). */
static unsigned int class_pop(struct rv_class *cl, void **out,
			      unsigned int want)
{
	unsigned int got = 0;
	struct rv_slab *s;

	while (got < want &&
	       (s = list_first_entry_or_null(&cl->partial, struct rv_slab,
					     link))) {
		if (!s->inuse)
			cl->nfree_slabs--;
		while (got < want && s->freelist) {
			out[got++] = s->freelist;
			s->freelist = *(void **)s->freelist;
			s->inuse++;
		}
		if (!s->freelist)
			list_move(&s->link, &cl->full);
	}
	return got;
}

/* Blocks for a magazine refill: at least one, or 0 when out of memory. */
static unsigned int class_take(struct rv_instance *inst, unsigned int c,
			       void **out, unsigned int want, gfp_t gfp)
{
	struct rv_class *cl = &inst->mem.cls[c];
	struct rv_slab *s;
	unsigned int got;

	spin_lock(&cl->lock);
	got = class_pop(cl, out, want);
	spin_unlock(&cl->lock);
	if (got)
		return got;
	s = slab_new(inst, c, gfp);
	if (!s)
		return 0;
	spin_lock(&cl->lock);
	list_add(&s->link, &cl->partial);
	cl->nfree_slabs++;
	got = class_pop(cl, out, want);
	spin_unlock(&cl->lock);
	return got;
}

/* A block back to its slab (cl->lock held); the slab if now to be freed. */
static struct rv_slab *class_push(struct rv_class *cl, struct rv_slab *s,
				  void *p)
{
	if (!s->freelist)
		list_move(&s->link, &cl->partial);
	*(void **)p = s->freelist;
	s->freelist = p;
	if (--s->inuse)
		return NULL;
	if (cl->nfree_slabs < 1) {
		cl->nfree_slabs++;
		return NULL;
	}
	list_del(&s->link);
	return s;
}

static void big_free(struct rv_instance *inst, void *p);

/* Give blocks back to their slabs (or page records). */
static void class_give(struct rv_instance *inst, void **objs, unsigned int n)
{
	struct rv_slab *s, *dead;
	struct rv_class *cl;
	unsigned int i;

	for (i = 0; i < n; i++) {
		s = slab_of(objs[i]);
		if (!s) {
			big_free(inst, objs[i]);
			continue;
		}
		if (unlikely(s->inst != inst)) {
			pr_err_ratelimited("%s: freed a block it does not own (%px); ignored\n",
					   inst->p.name, objs[i]);
			continue;
		}
		cl = &inst->mem.cls[s->cls];
		spin_lock(&cl->lock);
		dead = class_push(cl, s, objs[i]);
		spin_unlock(&cl->lock);
		if (dead)
			slab_free(dead);
	}
}

/* ------------------------------------------------------------ magazines */

static void *mag_pop(struct rv_pcpu __percpu *pc, unsigned int c)
{
	struct rv_mag *m;
	void *p = NULL;

	preempt_disable();
	m = this_cpu_ptr(&pc->mag[c]);
	if (m->n)
		p = m->obj[--m->n];
	preempt_enable();
	return p;
}

/* A full magazine: half of it goes home first, then p goes in. */
static noinline void mag_push_full(struct rv_instance *inst, unsigned int c,
				   void *p)
{
	void *home[BATCH];
	unsigned int n = 0;
	struct rv_mag *m;

	preempt_disable();
	m = this_cpu_ptr(&inst->pcpu->mag[c]);
	if (m->n >= mag_depth(c)) {
		n = min_t(unsigned int, BATCH, m->n);
		m->n -= n;
		memcpy(home, &m->obj[m->n], n * sizeof(void *));
	}
	m->obj[m->n++] = p;
	preempt_enable();
	if (n)
		class_give(inst, home, n);
}

/*
 * Keep p for reuse.  The fast path has no local array: the kernel zeroes
 * every on-stack array on entry, which alone cost as much as the rest.
 */
static __always_inline void mag_push(struct rv_instance *inst,
				     struct rv_pcpu __percpu *pc,
				     unsigned int c, void *p)
{
	struct rv_mag *m;

	preempt_disable();
	m = this_cpu_ptr(&pc->mag[c]);
	if (likely(m->n < mag_depth(c))) {
		m->obj[m->n++] = p;
		preempt_enable();
		return;
	}
	preempt_enable();
	mag_push_full(inst, c, p);
}

/* Magazine miss: a batch from the slabs, one for the caller. */
static void *small_alloc_slow(struct rv_instance *inst, unsigned int c,
			      gfp_t gfp)
{
	unsigned int n, want = min_t(unsigned int, BATCH, mag_depth(c));
	void *got[BATCH], *p;
	struct rv_mag *m;

	n = class_take(inst, c, got, want, gfp);
	if (!n)
		return NULL;
	p = got[--n];
	preempt_disable();
	m = this_cpu_ptr(&inst->pcpu->mag[c]);
	while (n && m->n < mag_depth(c))
		m->obj[m->n++] = got[--n];
	preempt_enable();
	if (n)
		class_give(inst, got, n);
	return p;
}

/* ---------------------------------------------------------- page blocks */

/*
 * Pages for a block of len bytes aligned to align: *kind and *n say what
 * they are (the record's value); NULL when out of memory.  A point of
 * fault injection, like the slab allocations above.
 */
noinline void *rv_page_block(size_t len, size_t align, gfp_t gfp,
			     unsigned long *kind, unsigned long *n)
{
	size_t npages = PAGE_ALIGN(len) >> PAGE_SHIFT;
	void *p = NULL;

	if (rv_fault(RV_FAULT_PAGE_BLOCK))
		return NULL;
	if (align > PAGE_SIZE) {
		*kind = BIG_ORDER;
		*n = get_order(max(len, align));
		if (*n >= MAX_ORDER)
			return NULL;
		return (void *)__get_free_pages(gfp, *n);
	}
	*n = npages;
	if (npages <= BIG_CONTIG) {
		*kind = BIG_EXACT;
		p = alloc_pages_exact(npages << PAGE_SHIFT,
				      gfp | __GFP_NORETRY);
	}
	if (!p) {
		*kind = BIG_VMALLOC;
		p = __vmalloc(npages << PAGE_SHIFT, gfp);
	}
	return p;
}
ALLOW_ERROR_INJECTION(rv_page_block, NULL);

/* Record a page block in the instance's xarray: 0 or a negative errno. */
noinline int rv_page_record(struct rv_instance *inst, void *p,
			    unsigned long value, gfp_t gfp)
{
	if (rv_fault(RV_FAULT_PAGE_RECORD))
		return -ENOMEM;
	return xa_err(xa_store(&inst->mem.big, (unsigned long)p >> PAGE_SHIFT,
			       xa_mk_value(value), gfp));
}
ALLOW_ERROR_INJECTION(rv_page_record, ERRNO);

/* The host pages a page block's record (its xarray value) stands for. */
static long big_pages(unsigned long v)
{
	return (v & 3) == BIG_ORDER ? 1L << (v >> 2) : (long)(v >> 2);
}

/* Free a page block by its record, without counting. */
static void big_unmap(void *p, unsigned long v)
{
	unsigned long n = v >> 2;

	switch (v & 3) {
	case BIG_EXACT:
		free_pages_exact(p, n << PAGE_SHIFT);
		break;
	case BIG_ORDER:
		free_pages((unsigned long)p, n);
		break;
	default:
		vfree(p);
		break;
	}
}

static void *big_alloc(struct rv_instance *inst, size_t len, size_t align,
		       gfp_t gfp)
{
	unsigned long kind = 0, n = 0;
	void *p;

	p = rv_page_block(len, align, gfp, &kind, &n);
	if (!p)
		return NULL;
	if (rv_page_record(inst, p, n << 2 | kind, gfp)) {
		big_unmap(p, n << 2 | kind);
		return NULL;
	}
	pages_add(inst, big_pages(n << 2 | kind));
	return p;
}

static void big_release(struct rv_instance *inst, void *p, unsigned long v)
{
	big_unmap(p, v);
	pages_add(inst, -big_pages(v));
}

static void big_free(struct rv_instance *inst, void *p)
{
	void *e = xa_erase(&inst->mem.big, (unsigned long)p >> PAGE_SHIFT);

	if (!xa_is_value(e) || offset_in_page(p)) {
		pr_err_ratelimited("%s: freed memory it does not own (%px); ignored\n",
				   inst->p.name, p);
		return;
	}
	big_release(inst, p, xa_to_value(e));
}

/* --------------------------------------------------------------- the API */

static inline void mem_count(struct rv_pcpu __percpu *pc, enum rv_owner who,
			     long n, long bytes)
{
	this_cpu_add(pc->allocs[who], n);
	this_cpu_add(pc->bytes[who], bytes);
}

/*
 * The live-block count of a guest's malloc and free is not kept twice:
 * their hypercall counters are it (rv_mem_counts), so those two calls
 * count only bytes here, and a malloc that fails takes its call back out
 * of allocs[RV_GUEST].  Other blocks count both.
 */
static __always_inline void alloc_count(struct rv_pcpu __percpu *pc,
					enum rv_owner who, long n, long bytes)
{
	if (who == RV_GUEST)
		this_cpu_add(pc->bytes[who], bytes);
	else
		mem_count(pc, who, n, bytes);
}

/*
 * len bytes aligned to align (0 or a power of two), or NULL.  Inline, as
 * is rv_free: with the magazine hit and the counters, a guest's malloc
 * and free are one function each (measured in instructions by make
 * bench: no slower than the allocator before instances).
 */
static __always_inline void *rv_alloc(struct rv_instance *inst,
				      struct rv_pcpu __percpu *pc, size_t len,
				      size_t align, enum rv_owner who, gfp_t gfp)
{
	size_t n = max(len, align);
	void *p;

	if (n <= PAGE_SIZE) {
		unsigned int c = class_of(n);

		p = mag_pop(pc, c);
		if (!p)
			p = small_alloc_slow(inst, c, gfp);
	} else {
		p = big_alloc(inst, len, align, gfp);
	}
	if (p)
		alloc_count(pc, who, 1, len);
	return p;
}

static __always_inline void rv_free(struct rv_instance *inst,
				    struct rv_pcpu __percpu *pc, void *p,
				    size_t len, enum rv_owner who)
{
	if (!p)
		return;
	alloc_count(pc, who, -1, -(long)len);
	if (len <= PAGE_SIZE)
		mag_push(inst, pc, class_of(len), p);
	else
		big_free(inst, p);
}

void rv_mem_counts(struct rv_instance *inst, enum rv_owner who,
		   long *allocs, long *bytes)
{
	long a = 0, b = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		struct rv_pcpu *pc = per_cpu_ptr(inst->pcpu, cpu);

		a += pc->allocs[who];
		b += pc->bytes[who];
		if (who == RV_GUEST)	/* see alloc_count() */
			a += pc->count[RV_HC_MALLOC] - pc->count[RV_HC_FREE];
	}
	*allocs = a;
	*bytes = b;
}

int rv_mem_init(struct rv_instance *inst)
{
	unsigned int c;

	for (c = 0; c < RV_NCLASS; c++) {
		spin_lock_init(&inst->mem.cls[c].lock);
		INIT_LIST_HEAD(&inst->mem.cls[c].partial);
		INIT_LIST_HEAD(&inst->mem.cls[c].full);
	}
	xa_init(&inst->mem.big);
	return 0;
}

static void free_slab_list(struct list_head *l)
{
	struct rv_slab *s, *tmp;

	list_for_each_entry_safe(s, tmp, l, link) {
		list_del(&s->link);
		slab_free(s);
	}
}

/*
 * The instance has ended and no thread of it runs: free every page it
 * holds.  The magazines' blocks live in those pages.  The live counters
 * keep their values: they say what the guest left behind.
 */
void rv_mem_reclaim(struct rv_instance *inst, struct rumpvisor_status *st)
{
	unsigned long idx;
	unsigned int c;
	long a, b;
	void *e;
	int cpu;

	rv_mem_counts(inst, RV_GUEST, &a, &b);
	st->allocs_left = a > 0 ? a : 0;
	st->bytes_left = b > 0 ? b : 0;
	st->pages_reclaimed = atomic_long_read(&inst->mem.pages);
	for_each_possible_cpu(cpu)
		for (c = 0; c < RV_NCLASS; c++)
			per_cpu_ptr(inst->pcpu, cpu)->mag[c].n = 0;
	for (c = 0; c < RV_NCLASS; c++) {
		free_slab_list(&inst->mem.cls[c].partial);
		free_slab_list(&inst->mem.cls[c].full);
		inst->mem.cls[c].nfree_slabs = 0;
	}
	xa_for_each(&inst->mem.big, idx, e)
		big_release(inst, (void *)(idx << PAGE_SHIFT), xa_to_value(e));
	xa_destroy(&inst->mem.big);
	if (atomic_long_read(&inst->mem.pages))
		pr_err("%s: %ld page(s) unaccounted after reclaim\n",
		       inst->p.name, atomic_long_read(&inst->mem.pages));
}

int rv_mem_module_init(void)
{
	slab_cache = KMEM_CACHE(rv_slab, 0);
	return slab_cache ? 0 : -ENOMEM;
}

void rv_mem_module_fini(void)
{
	kmem_cache_destroy(slab_cache);
}

/*
 * Objects rumpvisor allocates for a guest (locks, requests): from the
 * calling guest's instance, so that they go with it.  Outside any guest
 * (a misuse, reported where it happens) they come from kmalloc.
 */
void *rv_obj_alloc(struct rv_instance *inst, size_t len, gfp_t gfp)
{
	if (inst)
		return rv_alloc(inst, inst->pcpu, len, 0, RV_HYP, gfp);
	return kmalloc(len, gfp);
}

void rv_obj_free(struct rv_instance *inst, void *p, size_t len)
{
	if (inst)
		rv_free(inst, inst->pcpu, p, len, RV_HYP);
	else
		kfree(p);
}

/* malloc once its call is counted, when a magazine could not serve it. */
static noinline int malloc_counted(struct rv_instance *inst,
				   struct rv_pcpu __percpu *pc, size_t len,
				   int alignment, void **memp, bool alive)
{
	void *p;

	if (alive)
		rv_alive(inst);
	p = rv_alloc(inst, pc, len, alignment, RV_GUEST, RV_GFP);
	if (!p) {
		this_cpu_dec(pc->allocs[RV_GUEST]);	/* see alloc_count() */
		return RV_ENOMEM;
	}
	*memp = p;
	return 0;
}

/*
 * The call a guest makes most often.  A magazine hit returns from here
 * with no call (and no registers to save); anything else goes on in
 * malloc_counted().  Every 256th call on this CPU gives the CPU up if
 * asked and ends the thread if its instance is ending: a thread of an
 * ending guest may so make a few more calls (nothing is reclaimed while
 * it lives) and still ends promptly.
 */
int rumpuser_malloc(size_t len, int alignment, void **memp)
{
	struct rv_instance *inst = rv_current();
	/* In a register from here: per-CPU operations clobber memory. */
	struct rv_pcpu __percpu *pc;
	size_t n = max(len, (size_t)alignment);
	unsigned long calls;
	int err;
	void *p;

	err = rv_check_malloc(len, alignment);
	if (err)
		return err;
	if (unlikely(!inst))
		return RV_ENOMEM;
	pc = inst->pcpu;
	calls = this_cpu_inc_return(pc->count[RV_HC_MALLOC]);
	if (likely((calls & 255) && n <= PAGE_SIZE)) {
		p = mag_pop(pc, class_of(n));
		if (likely(p)) {
			alloc_count(pc, RV_GUEST, 1, len);
			*memp = p;
			return 0;
		}
	}
	return malloc_counted(inst, pc, len, alignment, memp, !(calls & 255));
}
EXPORT_SYMBOL(rumpuser_malloc);

void rumpuser_free(void *mem, size_t len)
{
	struct rv_instance *inst = rv_current();
	struct rv_pcpu __percpu *pc;

	if (!mem || unlikely(!inst))
		return;
	pc = inst->pcpu;
	/* A thread of an ending guest is stopped by its mallocs, not here. */
	this_cpu_inc(pc->count[RV_HC_FREE]);
	rv_free(inst, pc, mem, len, RV_GUEST);
}
EXPORT_SYMBOL(rumpuser_free);

int rumpuser_anonmmap(void *prefaddr, size_t size, int alignbit, int exec,
		      void **memp)
{
	struct rv_instance *inst = rv_current();
	size_t align;
	void *p;
	int err;

	/* Kernel heap memory is never executable; we will not make it so. */
	err = rv_check_anonmmap(size, alignbit, exec, 0);
	if (err)
		return err;
	if (unlikely(!inst))
		return RV_ENOMEM;
	/* prefaddr is only a hint: there is no address space to place in. */
	size = PAGE_ALIGN(size);
	align = max_t(size_t, 1UL << alignbit, PAGE_SIZE);
	p = big_alloc(inst, size, align, RV_GFP | __GFP_ZERO);
	if (!p)
		return RV_ENOMEM;
	mem_count(inst->pcpu, RV_GUEST, 1, size);
	rv_count(inst, RV_HC_ANONMMAP);
	*memp = p;
	return 0;
}
EXPORT_SYMBOL(rumpuser_anonmmap);

void rumpuser_unmap(void *addr, size_t size)
{
	struct rv_instance *inst = rv_current();

	if (!addr || unlikely(!inst))
		return;
	rv_count(inst, RV_HC_UNMAP);
	mem_count(inst->pcpu, RV_GUEST, -1, -(long)PAGE_ALIGN(size));
	big_free(inst, addr);
}
EXPORT_SYMBOL(rumpuser_unmap);
