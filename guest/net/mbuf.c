// SPDX-License-Identifier: BSD-2-Clause
/* Packet buffers (rk/mbuf.h). */
#include <rk/lib.h>
#include <rk/kmem.h>
#include <rk/lock.h>
#include <rk/mbuf.h>

static long nmbufs;

#define M_HDRSIZE	sizeof(struct rk_mbuf)

/*
 * Freed packets of the common size (a full Ethernet frame with headroom:
 * one 2 KiB block) wait on a free list, up to M_KEEP of them.  A TCP
 * stream allocates and frees one per segment, a socket buffer's worth at
 * a time, and without the list kmem would build and release whole slabs
 * (hypervisor allocations) all along.  Not in the sanitized fuzz build
 * (RK_KMEM_SLABMAX=0), where AddressSanitizer must see every buffer's
 * life.
 */
#define M_CLUSTER	2048
#if defined(RK_KMEM_SLABMAX) && RK_KMEM_SLABMAX == 0
#define M_KEEP		0
#else
#define M_KEEP		128
#endif

static struct rk_mutex m_keep_mtx;
static struct rk_mbuf *m_kept;		/* linked by m_next */
static int m_nkept;
static bool m_keeping;			/* between rk_m_init and rk_m_fini */

static size_t m_allocsize(size_t want)
{
	size_t sz = 256;

	if (want > 2048)
		return want;
	while (sz < want)
		sz <<= 1;
	return sz;
}

static struct rk_mbuf *m_take_kept(void)
{
	struct rk_mbuf *m;

	if (!m_keeping)
		return NULL;
	rk_mutex_enter(&m_keep_mtx);
	m = m_kept;
	if (m) {
		m_kept = m->m_next;
		m_nkept--;
	}
	rk_mutex_exit(&m_keep_mtx);
	return m;
}

/* Keep m for reuse; false if the list is full (or off). */
static bool m_keep(struct rk_mbuf *m)
{
	bool kept = false;

	if (!m_keeping || M_HDRSIZE + m->m_size != M_CLUSTER)
		return false;
	rk_mutex_enter(&m_keep_mtx);
	if (m_nkept < M_KEEP) {
		m->m_next = m_kept;
		m_kept = m;
		m_nkept++;
		kept = true;
	}
	rk_mutex_exit(&m_keep_mtx);
	return kept;
}

void rk_m_init(void)
{
	m_kept = NULL;
	m_nkept = 0;
	if (M_KEEP == 0)
		return;
	rk_mutex_init(&m_keep_mtx);
	m_keeping = true;
}

/* Halt: give the kept buffers back (nothing else runs any more). */
void rk_m_fini(void)
{
	struct rk_mbuf *m;

	if (!m_keeping)
		return;
	m_keeping = false;
	while ((m = m_kept) != NULL) {
		m_kept = m->m_next;
		rk_kmem_free(m, M_CLUSTER);
	}
	m_nkept = 0;
	rk_mutex_destroy(&m_keep_mtx);
}

struct rk_mbuf *rk_m_get(size_t len, size_t headroom)
{
	size_t total = m_allocsize(M_HDRSIZE + headroom + len);
	struct rk_mbuf *m = NULL;

	if (len > 0x7fffffff || headroom > 0x10000)
		return NULL;
	if (total == M_CLUSTER)
		m = m_take_kept();
	if (!m)
		m = rk_kmem_alloc(total, RK_KM_NOSLEEP);
	if (!m)
		return NULL;
	rk_memset(m, 0, M_HDRSIZE);
	m->m_size = (uint32_t)(total - M_HDRSIZE);
	m->m_data = m->m_buf + headroom;
	m->m_len = (uint32_t)len;
	m->m_flags = RK_M_PKTHDR;
	m->m_pktlen = (uint32_t)len;
	rk_atomic_inc(&nmbufs);
	return m;
}

/*
 * A long packet (a TCP segment of 64 KiB from a host that offloads
 * segmentation) as a chain of 2 KiB buffers: kept ones, and no
 * allocation of 64 KiB and more per packet.
 */
struct rk_mbuf *rk_m_getchain(size_t len, size_t headroom)
{
	size_t first = M_CLUSTER - M_HDRSIZE, left, n;
	struct rk_mbuf *m, *tail, *t;

	if (headroom >= first || len <= first - headroom)
		return rk_m_get(len, headroom);
	first -= headroom;
	m = tail = rk_m_get(first, headroom);
	for (left = len - first; m && left; left -= n) {
		n = RK_MIN(left, M_CLUSTER - M_HDRSIZE);
		t = rk_m_get(n, 0);
		if (!t) {
			rk_m_freem(m);
			return NULL;
		}
		t->m_flags &= ~RK_M_PKTHDR;
		tail->m_next = t;
		tail = t;
		m->m_pktlen += (uint32_t)n;
	}
	return m;
}

/* The mbuf of chain *mp holding byte *offp (made relative to it). */
static void m_seek(const struct rk_mbuf **mp, size_t *offp)
{
	const struct rk_mbuf *m = *mp;
	size_t off = *offp;

	for (; m && off >= m->m_len; m = m->m_next)
		off -= m->m_len;
	*mp = m;
	*offp = off;
}

/* Copy len bytes from (*mp, *offp) to dst, moving the position on. */
static void m_copyout(const struct rk_mbuf **mp, size_t *offp, size_t len,
		      uint8_t *dst)
{
	const struct rk_mbuf *m = *mp;
	size_t off = *offp, n;

	for (; m && len; dst += n, len -= n) {
		n = RK_MIN(len, (size_t)m->m_len - off);
		rk_memcpy(dst, m->m_data + off, n);
		off += n;
		if (off == m->m_len) {
			m = m->m_next;
			off = 0;
		}
	}
	RK_ASSERT(len == 0);
	*mp = m;
	*offp = off;
}

struct rk_mbuf *rk_m_borrow(const struct rk_mbuf *m, size_t off, size_t len,
			    size_t headroom, size_t maxpieces)
{
	struct rk_mbuf *h, *tail, *b;
	size_t n;

	h = tail = rk_m_get(0, headroom);
	if (!h)
		return NULL;
	m_seek(&m, &off);
	for (; m && len; m = m->m_next, off = 0, len -= n) {
		n = RK_MIN(len, (size_t)m->m_len - off);
		if (n == 0)
			continue;
		b = maxpieces-- ? rk_m_get(0, 0) : NULL;
		if (!b) {
			rk_m_freem(h);
			return NULL;
		}
		b->m_flags = RK_M_BORROWED;
		b->m_data = m->m_data + off;
		b->m_len = (uint32_t)n;
		tail->m_next = b;
		tail = b;
		h->m_pktlen += (uint32_t)n;
	}
	RK_ASSERT(len == 0);
	return h;
}

struct rk_mbuf *rk_m_unborrow(struct rk_mbuf *m)
{
	struct rk_mbuf *prev = m, *b, *c, *t;

	RK_ASSERT(!(m->m_flags & RK_M_BORROWED));
	for (b = m->m_next; b; prev = t, b = t->m_next) {
		t = b;
		if (!(b->m_flags & RK_M_BORROWED))
			continue;
		c = rk_m_copychain(b, 0, b->m_len, 0);
		if (!c) {
			rk_m_freem(m);
			return NULL;
		}
		for (t = c; t->m_next; t = t->m_next)
			;
		c->m_flags &= ~RK_M_PKTHDR;
		prev->m_next = c;
		t->m_next = b->m_next;
		rk_m_free(b);
	}
	return m;
}

/* The source is walked once, not from its start for each new mbuf. */
struct rk_mbuf *rk_m_copychain(const struct rk_mbuf *m, size_t off,
			       size_t len, size_t headroom)
{
	struct rk_mbuf *n = rk_m_getchain(len, headroom), *t;

	m_seek(&m, &off);
	for (t = n; t; t = t->m_next)
		m_copyout(&m, &off, t->m_len, t->m_data);
	return n;
}

void rk_m_free(struct rk_mbuf *m)
{
	rk_atomic_dec(&nmbufs);
	if (!m_keep(m))
		rk_kmem_free(m, M_HDRSIZE + m->m_size);
}

void rk_m_freem(struct rk_mbuf *m)
{
	struct rk_mbuf *n;

	for (; m; m = n) {
		n = m->m_next;
		rk_m_free(m);
	}
}

void rk_m_freeq(struct rk_mbuf *m)
{
	struct rk_mbuf *n;

	for (; m; m = n) {
		n = m->m_nextpkt;
		rk_m_freem(m);
	}
}

long rk_m_count(void)
{
	return rk_atomic_load(&nmbufs);
}

struct rk_mbuf *rk_m_prepend(struct rk_mbuf *m, size_t len)
{
	struct rk_mbuf *n;

	RK_ASSERT(!(m->m_flags & RK_M_BORROWED));
	if ((size_t)(m->m_data - m->m_buf) >= len) {
		m->m_data -= len;
		m->m_len += (uint32_t)len;
		m->m_pktlen += (uint32_t)len;
		return m;
	}
	n = rk_m_get(len, RK_MHEADROOM);
	if (!n) {
		rk_m_freem(m);
		return NULL;
	}
	n->m_next = m;
	n->m_pktlen = m->m_pktlen + (uint32_t)len;
	n->m_flags = m->m_flags;
	n->m_rcvif = m->m_rcvif;
	n->m_faddr = m->m_faddr;
	n->m_fport = m->m_fport;
	m->m_flags &= ~RK_M_PKTHDR;
	return n;
}

struct rk_mbuf *rk_m_pullup(struct rk_mbuf *m, size_t len)
{
	struct rk_mbuf *n;

	if (m->m_len >= len)
		return m;
	if (m->m_pktlen < len) {
		rk_m_freem(m);
		return NULL;
	}
	n = rk_m_copym(m, 0, m->m_pktlen, RK_MHEADROOM);
	if (n) {
		n->m_flags = m->m_flags;
		n->m_rcvif = m->m_rcvif;
		n->m_faddr = m->m_faddr;
		n->m_fport = m->m_fport;
	}
	rk_m_freem(m);
	return n;
}

void rk_m_adj(struct rk_mbuf *m, long n)
{
	struct rk_mbuf *it;
	size_t len, keep;

	if (n >= 0) {
		len = RK_MIN((size_t)n, (size_t)m->m_pktlen);
		m->m_pktlen -= (uint32_t)len;
		for (it = m; it && len; it = it->m_next) {
			size_t d = RK_MIN(len, (size_t)it->m_len);

			it->m_data += d;
			it->m_len -= (uint32_t)d;
			len -= d;
		}
		return;
	}
	len = RK_MIN((size_t)-n, (size_t)m->m_pktlen);
	keep = m->m_pktlen - len;
	m->m_pktlen = (uint32_t)keep;
	for (it = m; it; it = it->m_next) {
		if (it->m_len >= keep) {
			it->m_len = (uint32_t)keep;
			keep = 0;
		} else {
			keep -= it->m_len;
		}
	}
}

void rk_m_copydata(const struct rk_mbuf *m, size_t off, size_t len,
		   void *dst)
{
	m_seek(&m, &off);
	m_copyout(&m, &off, len, dst);
}

void rk_m_copyback(struct rk_mbuf *m, size_t off, size_t len,
		   const void *src)
{
	const struct rk_mbuf *at = m;
	const uint8_t *s = src;

	m_seek(&at, &off);
	/* at is one of m's own mbufs: writable as m is. */
	for (m = (struct rk_mbuf *)(uintptr_t)at; m && len; m = m->m_next) {
		size_t n = RK_MIN(len, (size_t)m->m_len - off);

		rk_memcpy(m->m_data + off, s, n);
		s += n;
		len -= n;
		off = 0;
	}
	RK_ASSERT(len == 0);
}

struct rk_mbuf *rk_m_copym(const struct rk_mbuf *m, size_t off, size_t len,
			   size_t headroom)
{
	struct rk_mbuf *n = rk_m_get(len, headroom);

	if (n)
		rk_m_copydata(m, off, len, n->m_data);
	return n;
}

void rk_m_cat(struct rk_mbuf *m, struct rk_mbuf *n)
{
	struct rk_mbuf *t = m;

	while (t->m_next)
		t = t->m_next;
	t->m_next = n;
	m->m_pktlen += n->m_pktlen;
	n->m_flags &= ~RK_M_PKTHDR;
}

size_t rk_m_length(const struct rk_mbuf *m)
{
	size_t len = 0;

	for (; m; m = m->m_next)
		len += m->m_len;
	return len;
}

/*
 * The sum is kept as 32 bits of 16-bit big-endian words (odd offsets
 * are handled by the caller's byte order trick below).  The bulk is
 * added as 32-bit words in the machine's byte order into 64 bits: a
 * ones' complement sum is the same in either order up to a swap of its
 * two bytes (RFC 1071), done once at the end.
 */
static uint32_t sum_words(const uint8_t *p, size_t n)
{
	uint64_t s = 0;
	uint32_t w;

	for (; n >= 4; n -= 4, p += 4) {
		__builtin_memcpy(&w, p, 4);
		s += w;
	}
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	s = ((s & 0xff) << 8) | (s >> 8);
#endif
	return (uint32_t)s;
}

uint32_t rk_in_sum(const void *buf, size_t len, uint32_t sum)
{
	const uint8_t *p = buf;
	uint64_t s = sum;

	if (len >= 4) {
		s += sum_words(p, len & ~(size_t)3);
		p += len & ~(size_t)3;
		len &= 3;
	}
	while (len >= 2) {
		s += (uint32_t)(p[0] << 8 | p[1]);
		p += 2;
		len -= 2;
	}
	if (len)
		s += (uint32_t)p[0] << 8;
	while (s >> 32)
		s = (s & 0xffffffff) + (s >> 32);
	return (uint32_t)s;
}

static uint32_t swap16sum(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ((sum & 0xff) << 8) | (sum >> 8);
}

uint32_t rk_m_sum(const struct rk_mbuf *m, size_t off, size_t len,
		  uint32_t sum)
{
	bool odd = false;

	m_seek(&m, &off);
	for (; m && len; m = m->m_next) {
		size_t n = RK_MIN(len, (size_t)m->m_len - off);
		uint32_t part = rk_in_sum(m->m_data + off, n, 0);

		/* A piece starting at an odd position has its bytes
		 * swapped relative to the whole. */
		sum += odd ? swap16sum(part) : part;
		if (sum < part)
			sum++;
		sum = (sum & 0xffff) + (sum >> 16);
		if (n & 1)
			odd = !odd;
		len -= n;
		off = 0;
	}
	return sum;
}

uint16_t rk_in_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}
