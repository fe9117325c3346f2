// SPDX-License-Identifier: BSD-2-Clause
/*
 * Sockets: creation and teardown, connection state, listen queues, and
 * socket buffers.  A socket lives while the user holds it (a file) or
 * the protocol does (so_pcb); whichever lets go last frees it.
 */
#include <rk/lib.h>
#include <rk/kmem.h>
#include <rk/errno.h>
#include <rump/rumpdefs.h>

#include "net.h"

static struct rk_socket *all_sockets;

static const struct rk_protosw *const protosws[] = {
	&rk_tcp_protosw, &rk_udp_protosw, &rk_rawip_protosw,
};

static const struct rk_protosw *pffind(int type, int proto)
{
	unsigned i;

	for (i = 0; i < RK_NELEM(protosws); i++) {
		const struct rk_protosw *pr = protosws[i];

		if (pr->pr_type != type)
			continue;
		if (type == RUMP_SOCK_RAW || proto == 0 ||
		    proto == pr->pr_protocol)
			return pr;
	}
	return NULL;
}

static void sb_init(struct rk_sockbuf *sb, uint32_t hiwat, uint32_t lowat)
{
	rk_memset(sb, 0, sizeof(*sb));
	sb->sb_hiwat = hiwat;
	sb->sb_lowat = lowat;
	rk_cv_init(&sb->sb_cv);
	rk_selinfo_init(&sb->sb_sel);
}

static void sb_fini(struct rk_sockbuf *sb)
{
	rk_sbflush(sb);
	rk_selinfo_destroy(&sb->sb_sel);
	rk_cv_destroy(&sb->sb_cv);
}

static struct rk_socket *so_alloc(const struct rk_protosw *pr)
{
	struct rk_socket *so = rk_kmem_zalloc(sizeof(*so), RK_KM_SLEEP);
	bool stream = pr->pr_type == RUMP_SOCK_STREAM;

	so->so_type = pr->pr_type;
	so->so_proto = pr;
	sb_init(&so->so_snd, stream ? 262144 : 65536 + 512, 2048);
	sb_init(&so->so_rcv, 262144, 1);
	rk_cv_init(&so->so_cv);
	so->so_next = all_sockets;
	if (all_sockets)
		all_sockets->so_prev = so;
	all_sockets = so;
	return so;
}

static void so_dealloc(struct rk_socket *so)
{
	if (so->so_prev)
		so->so_prev->so_next = so->so_next;
	else
		all_sockets = so->so_next;
	if (so->so_next)
		so->so_next->so_prev = so->so_prev;
	sb_fini(&so->so_snd);
	sb_fini(&so->so_rcv);
	rk_cv_destroy(&so->so_cv);
	rk_kmem_free(so, sizeof(*so));
}

int rk_socreate(int type, int proto, struct rk_socket **sop)
{
	const struct rk_protosw *pr;
	struct rk_socket *so;
	int error;

	if (type != RUMP_SOCK_STREAM && type != RUMP_SOCK_DGRAM &&
	    type != RUMP_SOCK_RAW)
		return RK_EPROTOTYPE;
	pr = pffind(type, proto);
	if (!pr)
		return RK_EPROTONOSUPPORT;
	so = so_alloc(pr);
	error = pr->pr_attach(so, proto);
	if (error) {
		so_dealloc(so);
		return error;
	}
	*sop = so;
	return 0;
}

/* Take so off its listener's queue. */
static void so_dequeue(struct rk_socket *so)
{
	struct rk_socket *head = so->so_head, **pp;

	if (!head)
		return;
	pp = so->so_onq ? &head->so_q : &head->so_q0;
	for (; *pp; pp = &(*pp)->so_qnext) {
		if (*pp == so) {
			*pp = so->so_qnext;
			break;
		}
	}
	if (so->so_onq)
		head->so_qlen--;
	else
		head->so_q0len--;
	so->so_head = NULL;
	so->so_qnext = NULL;
	so->so_onq = false;
}

void rk_sofree(struct rk_socket *so)
{
	if (so->so_pcb || !(so->so_state & RK_SS_NOFDREF))
		return;
	so_dequeue(so);
	so_dealloc(so);
}

static void abort_queue(struct rk_socket *head)
{
	struct rk_socket *so;

	while ((so = head->so_q0 ? head->so_q0 : head->so_q) != NULL) {
		so_dequeue(so);
		if (so->so_pcb)
			so->so_proto->pr_abort(so);
		else
			rk_sofree(so);
	}
}

/* SO_LINGER with a time: wait until the data are delivered (acked). */
static void so_linger(struct rk_socket *so)
{
	int64_t end = rk_net_now() + (int64_t)so->so_linger * 1000000000LL;

	while (so->so_pcb && (so->so_state & RK_SS_ISCONNECTED) &&
	       so->so_snd.sb_cc > 0 && rk_net_now() < end)
		rk_net_timedwait(&so->so_snd.sb_cv, end - rk_net_now());
}

void rk_soclose(struct rk_socket *so)
{
	if (so->so_options & RUMP_SO_ACCEPTCONN)
		abort_queue(so);
	if (so->so_pcb) {
		if ((so->so_options & RUMP_SO_LINGER) && so->so_linger == 0)
			so->so_proto->pr_abort(so);
		else
			so->so_proto->pr_detach(so);
	}
	if (so->so_pcb && (so->so_options & RUMP_SO_LINGER))
		so_linger(so);
	/* From here the protocol frees the socket when it lets go. */
	so->so_state |= RK_SS_NOFDREF;
	rk_sofree(so);
}

struct rk_socket *rk_sonewconn(struct rk_socket *head)
{
	struct rk_socket *so;

	if (head->so_qlen + head->so_q0len >= head->so_qlimit * 3 / 2 + 1)
		return NULL;
	so = so_alloc(head->so_proto);
	so->so_options = head->so_options & ~RUMP_SO_ACCEPTCONN;
	so->so_linger = head->so_linger;
	so->so_state = RK_SS_NOFDREF;
	so->so_snd.sb_hiwat = head->so_snd.sb_hiwat;
	so->so_rcv.sb_hiwat = head->so_rcv.sb_hiwat;
	if (so->so_proto->pr_attach(so, 0) != 0) {
		so_dealloc(so);
		return NULL;
	}
	so->so_head = head;
	so->so_qnext = head->so_q0;
	head->so_q0 = so;
	head->so_q0len++;
	return so;
}

void rk_sowakeup(struct rk_socket *so, struct rk_sockbuf *sb)
{
	(void)so;
	rk_cv_broadcast(&sb->sb_cv);
	rk_selnotify(&sb->sb_sel);
}

static void so_wakeall(struct rk_socket *so)
{
	rk_cv_broadcast(&so->so_cv);
	rk_sorwakeup(so);
	rk_sowwakeup(so);
}

void rk_soisconnecting(struct rk_socket *so)
{
	so->so_state &= ~(RK_SS_ISCONNECTED | RK_SS_ISDISCONNECTING);
	so->so_state |= RK_SS_ISCONNECTING;
}

void rk_soisconnected(struct rk_socket *so)
{
	struct rk_socket *head = so->so_head, **pp;

	so->so_state &= ~(RK_SS_ISCONNECTING | RK_SS_ISDISCONNECTING);
	so->so_state |= RK_SS_ISCONNECTED;
	if (head && !so->so_onq) {
		/* Move from the incomplete to the complete queue's end. */
		so_dequeue(so);
		so->so_head = head;
		so->so_onq = true;
		for (pp = &head->so_q; *pp; pp = &(*pp)->so_qnext)
			;
		*pp = so;
		head->so_qlen++;
		so_wakeall(head);
	}
	so_wakeall(so);
}

void rk_soisdisconnecting(struct rk_socket *so)
{
	so->so_state &= ~RK_SS_ISCONNECTING;
	so->so_state |= RK_SS_ISDISCONNECTING | RK_SS_CANTSENDMORE;
	so_wakeall(so);
}

void rk_soisdisconnected(struct rk_socket *so)
{
	so->so_state &= ~(RK_SS_ISCONNECTING | RK_SS_ISCONNECTED |
			  RK_SS_ISDISCONNECTING);
	so->so_state |= RK_SS_ISDISCONNECTED | RK_SS_CANTSENDMORE |
			RK_SS_CANTRCVMORE;
	so_wakeall(so);
}

void rk_socantsendmore(struct rk_socket *so)
{
	so->so_state |= RK_SS_CANTSENDMORE;
	rk_sowwakeup(so);
}

void rk_socantrcvmore(struct rk_socket *so)
{
	so->so_state |= RK_SS_CANTRCVMORE;
	rk_sorwakeup(so);
}

void rk_soseterror(struct rk_socket *so, int error)
{
	so->so_error = error;
	so_wakeall(so);
}

/* Halt: every descriptor is closed; drop what protocols still hold. */
void rk_soabortall(void)
{
	struct rk_socket *so, *next;

	for (so = all_sockets; so; so = next) {
		next = so->so_next;
		so->so_state |= RK_SS_NOFDREF;
		if (so->so_options & RUMP_SO_ACCEPTCONN)
			abort_queue(so);
	}
	while ((so = all_sockets) != NULL) {
		so->so_state |= RK_SS_NOFDREF;
		if (so->so_pcb)
			so->so_proto->pr_abort(so);
		if (all_sockets == so) {
			so->so_pcb = NULL;
			rk_sofree(so);
		}
	}
}

/* ---- socket buffers ---- */

uint32_t rk_sbspace(const struct rk_sockbuf *sb)
{
	return sb->sb_cc >= sb->sb_hiwat ? 0 : sb->sb_hiwat - sb->sb_cc;
}

void rk_sbappend_stream(struct rk_sockbuf *sb, struct rk_mbuf *m)
{
	uint32_t len = m->m_pktlen;
	struct rk_mbuf *t;

	if (len == 0) {
		rk_m_freem(m);
		return;
	}
	if (sb->sb_tail)
		sb->sb_tail->m_next = m;
	else
		sb->sb_mb = m;
	m->m_flags &= ~RK_M_PKTHDR;
	for (t = m; t->m_next; t = t->m_next)
		;
	sb->sb_tail = t;
	sb->sb_cc += len;
}

bool rk_sbappend_record(struct rk_sockbuf *sb, struct rk_mbuf *m)
{
	if (m->m_pktlen + sb->sb_cc > sb->sb_hiwat) {
		rk_m_freem(m);
		return false;
	}
	m->m_nextpkt = NULL;
	if (sb->sb_tail)
		sb->sb_tail->m_nextpkt = m;
	else
		sb->sb_mb = m;
	sb->sb_tail = m;
	sb->sb_cc += m->m_pktlen;
	return true;
}

/* Stream: drop len bytes from the front. */
void rk_sbdrop(struct rk_sockbuf *sb, size_t len)
{
	struct rk_mbuf *m;

	RK_ASSERT(len <= sb->sb_cc);
	sb->sb_cc -= (uint32_t)len;
	while (len > 0 && (m = sb->sb_mb) != NULL) {
		if (m->m_len > len) {
			m->m_data += len;
			m->m_len -= (uint32_t)len;
			break;
		}
		len -= m->m_len;
		sb->sb_mb = m->m_next;
		rk_m_free(m);
	}
	/* Empty mbufs at the front go too. */
	while ((m = sb->sb_mb) != NULL && m->m_len == 0 && m->m_next) {
		sb->sb_mb = m->m_next;
		rk_m_free(m);
	}
	if (sb->sb_cc == 0) {
		rk_m_freem(sb->sb_mb);
		sb->sb_mb = sb->sb_tail = NULL;
	}
}

void rk_sbflush(struct rk_sockbuf *sb)
{
	struct rk_mbuf *m, *next;

	for (m = sb->sb_mb; m; m = next) {
		next = m->m_nextpkt;
		rk_m_freem(m);
	}
	sb->sb_mb = sb->sb_tail = NULL;
	sb->sb_cc = 0;
}
