// SPDX-License-Identifier: BSD-2-Clause
/*
 * IPv4 reassembly (RFC 791, RFC 815).  Fragments of one datagram (same
 * source, destination, protocol and id) wait on a queue sorted by
 * offset until every hole is filled.  Exact duplicates are ignored;
 * any other overlap drops the whole datagram (no ambiguity attacks).
 * Limits: RK_REASS_MAXQ datagrams at once (the oldest goes), fragments
 * per datagram, 64 KiB per datagram, and a 30 s lifetime after which a
 * datagram whose first fragment came is answered with ICMP time
 * exceeded (reassembly).
 */
#include <rk/lib.h>
#include <rk/kmem.h>
#include <rk/errno.h>

#include "net.h"

#define REASS_MAXQ	64
#define REASS_MAXFRAGS	64
#define REASS_TTL	(30LL * 1000000000LL)

struct frag {
	struct rk_mbuf *f_m;		/* payload only (header trimmed) */
	uint16_t f_off, f_len;		/* bytes */
	struct frag *f_next;
};

struct reassq {
	uint32_t q_src, q_dst;
	uint16_t q_id;
	uint8_t q_proto;
	bool q_last;			/* final fragment seen */
	uint32_t q_total;		/* datagram length once known */
	int q_nfrags;
	int64_t q_expire;
	struct rk_mbuf *q_first;	/* header of fragment 0 (for ICMP) */
	struct frag *q_frags;
	struct reassq *q_next;
};

static struct reassq *reassq_list;
static int reassq_count;

int rk_ip_reass_count(void)
{
	return reassq_count;
}

static void q_free(struct reassq *q)
{
	struct reassq **pp;
	struct frag *f;

	for (pp = &reassq_list; *pp; pp = &(*pp)->q_next) {
		if (*pp == q) {
			*pp = q->q_next;
			break;
		}
	}
	while ((f = q->q_frags) != NULL) {
		q->q_frags = f->f_next;
		rk_m_freem(f->f_m);
		rk_kmem_free(f, sizeof(*f));
	}
	if (q->q_first)
		rk_m_freem(q->q_first);
	rk_kmem_free(q, sizeof(*q));
	reassq_count--;
}

static struct reassq *q_lookup(const uint8_t *ip)
{
	uint32_t src = rk_get32n(ip + 12), dst = rk_get32n(ip + 16);
	uint16_t id = rk_be16(ip + 4);
	struct reassq *q, *oldest = NULL;

	for (q = reassq_list; q; q = q->q_next)
		if (q->q_src == src && q->q_dst == dst && q->q_id == id &&
		    q->q_proto == ip[9])
			return q;
	if (reassq_count >= REASS_MAXQ) {
		for (q = reassq_list; q; q = q->q_next)
			if (!oldest || q->q_expire < oldest->q_expire)
				oldest = q;
		q_free(oldest);
	}
	q = rk_kmem_zalloc(sizeof(*q), RK_KM_NOSLEEP);
	if (!q)
		return NULL;
	q->q_src = src;
	q->q_dst = dst;
	q->q_id = id;
	q->q_proto = ip[9];
	q->q_expire = rk_net_now() + REASS_TTL;
	q->q_next = reassq_list;
	reassq_list = q;
	reassq_count++;
	rk_net_timer_kick();
	return q;
}

/* Insert; -1: overlap (drop the datagram), 0 duplicate, 1 added. */
static int q_insert(struct reassq *q, struct frag *nf)
{
	struct frag **pp, *f;

	for (pp = &q->q_frags; (f = *pp) != NULL; pp = &f->f_next) {
		if (f->f_off == nf->f_off && f->f_len == nf->f_len)
			return 0;
		if (nf->f_off < f->f_off + f->f_len &&
		    f->f_off < nf->f_off + nf->f_len)
			return -1;
		if (nf->f_off < f->f_off)
			break;
	}
	nf->f_next = f;
	*pp = nf;
	q->q_nfrags++;
	return 1;
}

static bool q_complete(struct reassq *q)
{
	struct frag *f;
	uint32_t next = 0;

	if (!q->q_last)
		return false;
	for (f = q->q_frags; f; f = f->f_next) {
		if (f->f_off != next)
			return false;
		next += f->f_len;
	}
	return next == q->q_total;
}

/* The datagram: fragment 0's header, then the payloads. */
static struct rk_mbuf *q_assemble(struct reassq *q)
{
	struct rk_mbuf *m = q->q_first;
	struct frag *f;
	uint8_t *ip;
	size_t hlen;

	q->q_first = NULL;
	while ((f = q->q_frags) != NULL) {
		q->q_frags = f->f_next;
		rk_m_cat(m, f->f_m);
		rk_kmem_free(f, sizeof(*f));
	}
	ip = m->m_data;
	hlen = (size_t)(ip[0] & 0x0f) << 2;
	rk_put16(ip + 2, (uint16_t)(hlen + q->q_total));
	rk_put16(ip + 6, 0);
	q_free(q);
	return m;
}

struct rk_mbuf *rk_ip_reass(struct rk_mbuf *m, size_t hlen)
{
	uint8_t *ip = m->m_data;
	uint16_t offw = rk_be16(ip + 6);
	size_t off = (size_t)(offw & RK_IP_OFFMASK) * 8;
	size_t len = m->m_pktlen - hlen;
	bool more = (offw & RK_IP_MF) != 0;
	struct reassq *q;
	struct frag *f;
	int rv;

	/* Every fragment but the last carries a multiple of 8 bytes. */
	if ((more && (len == 0 || (len & 7))) || off + len > RK_IP_MAXPACKET - hlen)
		goto drop;
	q = q_lookup(ip);
	if (!q)
		goto drop;
	if (!more) {
		if (q->q_last && q->q_total != off + len)
			goto dropq;
		q->q_last = true;
		q->q_total = (uint32_t)(off + len);
	} else if (q->q_last && off + len > q->q_total) {
		goto dropq;
	}
	if (q->q_nfrags >= REASS_MAXFRAGS)
		goto dropq;
	f = rk_kmem_zalloc(sizeof(*f), RK_KM_NOSLEEP);
	if (!f)
		goto drop;
	f->f_off = (uint16_t)off;
	f->f_len = (uint16_t)len;
	rv = q_insert(q, f);
	if (rv <= 0) {
		rk_kmem_free(f, sizeof(*f));
		if (rv < 0)
			goto dropq;
		goto drop;
	}
	if (off == 0) {
		/* Keep the header (with options) for the whole datagram
		 * and for an ICMP error. */
		q->q_first = rk_m_copym(m, 0, hlen, RK_MHEADROOM);
		if (!q->q_first)
			goto dropq_f;
		q->q_first->m_flags = m->m_flags;
		q->q_first->m_rcvif = m->m_rcvif;
	}
	rk_m_adj(m, (long)hlen);
	f->f_m = m;
	if (q_complete(q) && q->q_first)
		return q_assemble(q);
	return NULL;
dropq_f:
	f->f_m = m;
	q_free(q);
	return NULL;
dropq:
	q_free(q);
drop:
	rk_m_freem(m);
	return NULL;
}

bool rk_ip_reass_timer(int64_t now)
{
	struct reassq *q, *next;

	for (q = reassq_list; q; q = next) {
		next = q->q_next;
		if (now < q->q_expire)
			continue;
		if (q->q_first && q->q_frags) {
			/* RFC 792: time exceeded, with fragment 0's header
			 * and first 8 payload bytes. */
			struct rk_mbuf *m = q->q_first;
			struct frag *f0 = q->q_frags;

			q->q_first = NULL;
			if (f0->f_off == 0) {
				q->q_frags = f0->f_next;
				rk_m_cat(m, f0->f_m);
				rk_kmem_free(f0, sizeof(*f0));
			}
			rk_icmp_error(m, RK_ICMP_TIMXCEED,
				      RK_ICMP_TIMXCEED_REASS, 0);
		}
		q_free(q);
	}
	return reassq_list != NULL;
}

void rk_ip_reass_fini(void)
{
	while (reassq_list)
		q_free(reassq_list);
}
