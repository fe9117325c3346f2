// SPDX-License-Identifier: BSD-2-Clause
/*
 * Lent packet data (rk_m_borrow, rk_m_unborrow; guest/include/rk/mbuf.h)
 * on a booted guest, from outside its network stack: what a TCP
 * segment borrowed from its socket buffer holds, the piece limit, and
 * the copy that replaces the lent pieces before a packet is kept.  Only
 * the guest's own headers: its types are not the host's.
 */
#include <rk/mbuf.h>
#include "guest_tap.h"

#define SRC_LEN		5000	/* three 2 KiB buffers */
#define OFF		100
#define LEN		4000
#define NTESTS		10	/* the plan comes first (tests/tap.py) */

static unsigned char byte_at(size_t i)
{
	return (unsigned char)(i * 7 + 3);
}

/* The packet holds byte_at(off + i) for each of its len bytes. */
static int holds(const struct rk_mbuf *m, size_t off, size_t len)
{
	static unsigned char buf[SRC_LEN];
	size_t i;

	if (m->m_pktlen != len || rk_m_length(m) != len)
		return 0;
	rk_m_copydata(m, 0, len, buf);
	for (i = 0; i < len; i++)
		if (buf[i] != byte_at(off + i))
			return 0;
	return 1;
}

/* Every piece but the first is lent (want 1) or none is (want 0). */
static int lent(const struct rk_mbuf *m, int want)
{
	if (m->m_flags & RK_M_BORROWED)
		return 0;
	for (m = m->m_next; m; m = m->m_next)
		if (!!(m->m_flags & RK_M_BORROWED) != want)
			return 0;
	return 1;
}

/* Each lent piece points into src's buffers. */
static int inside(const struct rk_mbuf *m, const struct rk_mbuf *src)
{
	const struct rk_mbuf *s;

	for (m = m->m_next; m; m = m->m_next) {
		for (s = src; s; s = s->m_next)
			if (m->m_data >= s->m_data &&
			    m->m_data + m->m_len <= s->m_data + s->m_len)
				break;
		if (!s)
			return 0;
	}
	return 1;
}

int main(void)
{
	static unsigned char data[SRC_LEN];
	struct rk_mbuf *src, *b, *u;
	long before;
	size_t i;

	if (!tap_boot(NTESTS))
		return 1;
	before = rk_m_count();
	for (i = 0; i < SRC_LEN; i++)
		data[i] = byte_at(i);
	src = rk_m_getchain(SRC_LEN, 0);
	ok(src && src->m_next && src->m_next->m_next, "a 5000-byte chain");
	rk_m_copyback(src, 0, SRC_LEN, data);

	b = rk_m_borrow(src, OFF, LEN, RK_MHEADROOM, 48);
	ok(b && b->m_len == 0 && b->m_next, "borrow: a header, then pieces");
	ok(b && holds(b, OFF, LEN), "... holding [100, 4100) of the chain");
	ok(b && lent(b, 1) && inside(b, src), "... lent: pointing into it");
	ok(!rk_m_borrow(src, 0, SRC_LEN, RK_MHEADROOM, 2),
	   "three pieces with a limit of two: none made");

	u = b ? rk_m_unborrow(b) : 0;
	ok(u == b, "unborrow keeps the packet's first mbuf");
	ok(u && lent(u, 0) && holds(u, OFF, LEN),
	   "... and puts copies in place of the lent pieces");
	for (i = 0; i < SRC_LEN; i++)
		data[i] = (unsigned char)~byte_at(i);
	rk_m_copyback(src, 0, SRC_LEN, data);
	ok(u && holds(u, OFF, LEN), "the copy stays when the lender changes");
	ok(u && rk_m_unborrow(u) == u && holds(u, OFF, LEN),
	   "unborrow of a packet that owns its data: the same packet");
	rk_m_freem(u);
	rk_m_freem(src);
	ok(rk_m_count() == before, "every mbuf freed");
	return tap_end("mbuf", NTESTS);
}
