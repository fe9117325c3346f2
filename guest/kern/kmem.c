// SPDX-License-Identifier: BSD-2-Clause
/*
 * Kernel memory allocator.
 *
 * Sizes up to RK_KMEM_MAXCLASS come from per-size caches: power-of-two
 * object classes carved from slabs that are aligned to their own size,
 * so that an object's slab header is found by masking its address.  A
 * slab that becomes empty goes back to the hypervisor (one empty slab
 * per class is kept, so that alloc/free at a boundary does not thrash).
 * Larger sizes go straight to rumpuser_malloc.
 *
 * The caches are locked with SPIN hypervisor mutexes entered _nowrap:
 * the scheduler allocates lwps while holding no virtual CPU, so kmem
 * must never unschedule.  rumpuser_malloc is called without the lock.
 */
#include <rk/kmem.h>
#include <rk/lib.h>
#include <rk/errno.h>
#include <rk/printf.h>

#define KMEM_MINSHIFT	4		/* 16 bytes */
#define KMEM_MAXSHIFT	11		/* 2048 bytes */
#define KMEM_NCLASS	(KMEM_MAXSHIFT - KMEM_MINSHIFT + 1)
#define KMEM_PAGE	4096
#define KMEM_SLAB_MAGIC	0x6b736c62U

/*
 * Sizes up to RK_KMEM_SLABMAX come from the caches.  A build may set it
 * to 0: then every object is a block of its own from the hypervisor (the
 * sanitized fuzz build, so that AddressSanitizer sees each object).
 */
#ifndef RK_KMEM_SLABMAX
#define RK_KMEM_SLABMAX	((size_t)1 << KMEM_MAXSHIFT)
#endif

struct kslab {
	struct kslab *next, *prev;	/* on its cache's partial/full list */
	struct kcache *cache;
	void *freelist;			/* free objects, linked through word 0 */
	uint32_t nfree;
	uint32_t magic;
};

struct kcache {
	struct rumpuser_mtx *lock;
	size_t objsize;
	size_t slabsize;
	uint32_t perslab;
	struct kslab *partial;		/* some objects free */
	struct kslab *full;		/* no object free */
	struct kslab *empty;		/* at most one, kept for reuse */
	unsigned long nslabs;
};

static struct kcache caches[KMEM_NCLASS];
static uint64_t limit;
static uint64_t bytes_inuse, allocs_inuse, bytes_hyp;
static bool kmem_ready;
/* RUMP_KMEM_DIRECT: every allocation straight from the hypervisor with
 * its exact size, so that a sanitizer (ASan in the fuzz targets) sees
 * each object's bounds and lifetime. */
static bool kmem_direct;

/* Memory from the hypervisor, with the byte count of what we hold. */
static void *hyp_alloc(size_t len, int align)
{
	void *p;

	if (rumpuser_malloc(len, align, &p) != 0)
		return NULL;
	rk_atomic_add(&bytes_hyp, len);
	return p;
}

static void hyp_free(void *p, size_t len)
{
	rk_atomic_sub(&bytes_hyp, len);
	rumpuser_free(p, len);
}

static int size_class(size_t len)
{
	int c = 0;

	while (((size_t)1 << (c + KMEM_MINSHIFT)) < len)
		c++;
	return c;
}

static size_t hdrsize(void)
{
	return RK_ROUNDUP2(sizeof(struct kslab), (size_t)16);
}

static void list_insert(struct kslab **head, struct kslab *s)
{
	s->prev = NULL;
	s->next = *head;
	if (*head)
		(*head)->prev = s;
	*head = s;
}

static void list_remove(struct kslab **head, struct kslab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		*head = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
}

/* A fresh slab with every object on its freelist (not yet on a list). */
static struct kslab *slab_create(struct kcache *kc)
{
	struct kslab *s = hyp_alloc(kc->slabsize, (int)kc->slabsize);
	char *obj;
	uint32_t i;

	if (!s)
		return NULL;
	s->cache = kc;
	s->magic = KMEM_SLAB_MAGIC;
	s->nfree = kc->perslab;
	s->freelist = NULL;
	obj = (char *)s + hdrsize();
	for (i = 0; i < kc->perslab; i++, obj += kc->objsize) {
		*(void **)(void *)obj = s->freelist;
		s->freelist = obj;
	}
	return s;
}

static void *cache_alloc(struct kcache *kc)
{
	struct kslab *s, *fresh = NULL;
	void *obj;

	for (;;) {
		rumpuser_mutex_enter_nowrap(kc->lock);
		s = kc->partial;
		if (!s && kc->empty) {
			s = kc->empty;
			kc->empty = NULL;
			list_insert(&kc->partial, s);
		}
		if (!s && fresh) {
			s = fresh;
			fresh = NULL;
			kc->nslabs++;
			list_insert(&kc->partial, s);
		}
		if (s)
			break;
		rumpuser_mutex_exit(kc->lock);
		fresh = slab_create(kc);
		if (!fresh)
			return NULL;
	}
	obj = s->freelist;
	s->freelist = *(void **)obj;
	if (--s->nfree == 0) {
		list_remove(&kc->partial, s);
		list_insert(&kc->full, s);
	}
	rumpuser_mutex_exit(kc->lock);
	/* Lost a race with another allocator: give the spare slab back. */
	if (fresh)
		hyp_free(fresh, kc->slabsize);
	return obj;
}

static void cache_free(struct kcache *kc, void *obj)
{
	struct kslab *s = (struct kslab *)((uintptr_t)obj &
					   ~((uintptr_t)kc->slabsize - 1));
	struct kslab *release = NULL;

	if (s->magic != KMEM_SLAB_MAGIC || s->cache != kc)
		rk_panic("kmem_free: %p is not a %zu-byte object", obj,
			 kc->objsize);
	rumpuser_mutex_enter_nowrap(kc->lock);
	if (s->nfree == 0) {
		list_remove(&kc->full, s);
		list_insert(&kc->partial, s);
	}
	*(void **)obj = s->freelist;
	s->freelist = obj;
	if (++s->nfree == kc->perslab) {
		list_remove(&kc->partial, s);
		if (kc->empty) {
			release = kc->empty;
			kc->nslabs--;
		}
		kc->empty = s;
	}
	rumpuser_mutex_exit(kc->lock);
	if (release) {
		release->magic = 0;
		hyp_free(release, kc->slabsize);
	}
}

/* Charge size bytes; false when over the limit for a NOSLEEP caller. */
static bool charge(size_t size, int flags)
{
	uint64_t now = rk_atomic_add(&bytes_inuse, size);

	if (limit && now > limit && (flags & RK_KM_NOSLEEP)) {
		rk_atomic_sub(&bytes_inuse, size);
		return false;
	}
	rk_atomic_inc(&allocs_inuse);
	return true;
}

static void uncharge(size_t size)
{
	rk_atomic_sub(&bytes_inuse, size);
	rk_atomic_dec(&allocs_inuse);
}

static size_t footprint(size_t len)
{
	if (len <= RK_KMEM_SLABMAX)
		return caches[size_class(len)].objsize;
	return len;
}

/*
 * The alignment a block straight from the hypervisor gets: what a cache
 * object of that size would have (its class size) up to a cache line,
 * so that types aligned to one (struct rk_cpu) are, whatever the build.
 */
static size_t direct_align(size_t len)
{
	if (len >= KMEM_PAGE)
		return KMEM_PAGE;
	return len >= 64 ? 64 : 16;
}

static void *alloc_once(size_t len)
{
	if (kmem_direct)
		return hyp_alloc(len, direct_align(len));
	if (len <= RK_KMEM_SLABMAX)
		return cache_alloc(&caches[size_class(len)]);
	return hyp_alloc(len, direct_align(len));
}

void *rk_kmem_alloc(size_t len, int flags)
{
	size_t size;
	void *p;
	int tries;

	if (len == 0)
		len = 1;
	if (RK_UNLIKELY(!kmem_ready))
		rk_panic("kmem_alloc before kmem_init");
	size = footprint(len);
	if (!charge(size, flags))
		return NULL;
	for (tries = 0;; tries++) {
		p = alloc_once(len);
		if (RK_LIKELY(p != NULL))
			return p;
		if (flags & RK_KM_NOSLEEP)
			break;
		/* RK_KM_SLEEP may not fail: wait for the host to find
		 * memory, but do not hang forever. */
		if (tries == 500)
			rk_panic("kmem_alloc: out of memory for %zu bytes", len);
		rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 10000000);
	}
	uncharge(size);
	return NULL;
}

void *rk_kmem_zalloc(size_t len, int flags)
{
	void *p = rk_kmem_alloc(len, flags);

	if (p)
		rk_memset(p, 0, len);
	return p;
}

void rk_kmem_free(void *p, size_t len)
{
	if (!p)
		return;
	if (len == 0)
		len = 1;
	uncharge(footprint(len));
	if (kmem_direct)
		hyp_free(p, len);
	else if (len <= RK_KMEM_SLABMAX)
		cache_free(&caches[size_class(len)], p);
	else
		hyp_free(p, len);
}

char *rk_kmem_strdup(const char *s, int flags)
{
	size_t n = rk_strlen(s) + 1;
	char *d = rk_kmem_alloc(n, flags);

	if (d)
		rk_memcpy(d, s, n);
	return d;
}

void rk_kmem_stats(struct rk_kmem_stats *st)
{
	st->bytes_inuse = rk_atomic_load(&bytes_inuse);
	st->allocs_inuse = rk_atomic_load(&allocs_inuse);
	st->limit = limit;
	st->bytes_hyp = rk_atomic_load(&bytes_hyp);
}

int rk_kmem_init(void)
{
	char buf[32];
	int c;

	limit = 0;
	bytes_inuse = allocs_inuse = bytes_hyp = 0;
	if (rumpuser_getparam("RUMP_MEMLIMIT", buf, sizeof(buf)) == 0 &&
	    rk_parse_size(buf, &limit) != 0)
		limit = 0;
	kmem_direct = rumpuser_getparam("RUMP_KMEM_DIRECT", buf,
					sizeof(buf)) == 0 && buf[0] == '1';
	for (c = 0; c < KMEM_NCLASS; c++) {
		struct kcache *kc = &caches[c];

		kc->objsize = (size_t)1 << (c + KMEM_MINSHIFT);
		/* Small classes in one page; the big ones in 16 KiB so a
		 * slab holds more than one or two objects. */
		kc->slabsize = kc->objsize <= 512 ? KMEM_PAGE : 4 * KMEM_PAGE;
		kc->perslab = (uint32_t)((kc->slabsize - hdrsize()) /
					 kc->objsize);
		kc->partial = kc->full = kc->empty = NULL;
		kc->nslabs = 0;
		rumpuser_mutex_init(&kc->lock, RUMPUSER_MTX_SPIN);
	}
	kmem_ready = true;
	return 0;
}

static void free_list(struct kcache *kc, struct kslab *s)
{
	while (s) {
		struct kslab *next = s->next;

		s->magic = 0;
		hyp_free(s, kc->slabsize);
		s = next;
	}
}

/*
 * Halt: every slab goes back to the hypervisor, even ones with objects
 * still allocated (reported: that is a leak somewhere in the guest).
 */
void rk_kmem_fini(void)
{
	int c;

	if (rk_atomic_load(&allocs_inuse))
		rk_printf("kmem: %llu allocations (%llu bytes) leaked at halt\n",
			  (unsigned long long)allocs_inuse,
			  (unsigned long long)bytes_inuse);
	kmem_ready = false;
	for (c = 0; c < KMEM_NCLASS; c++) {
		struct kcache *kc = &caches[c];

		free_list(kc, kc->partial);
		free_list(kc, kc->full);
		free_list(kc, kc->empty);
		kc->partial = kc->full = kc->empty = NULL;
		rumpuser_mutex_destroy(kc->lock);
		kc->lock = NULL;
	}
}
