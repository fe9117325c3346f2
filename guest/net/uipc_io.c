// SPDX-License-Identifier: BSD-2-Clause
/*
 * Moving data between clients and sockets: sosend and soreceive for
 * streams and datagrams, with blocking, non-blocking (EWOULDBLOCK),
 * timeouts (SO_SNDTIMEO/SO_RCVTIMEO), MSG_PEEK, MSG_WAITALL, MSG_TRUNC.
 */
#include <rk/lib.h>
#include <rk/kmem.h>
#include <rk/errno.h>
#include <rk/file.h>
#include <rk/syscall.h>
#include <rump/rumpdefs.h>

#include "net.h"
#include "uipc.h"

/*
 * Bytes per send chain, made of 2 KiB buffers (rk_m_getchain): kept
 * ones, not a block of pages from the host per chunk.
 */
#define SEND_CHUNK	16384
#define UDP_MAXDGRAM	(RK_IP_MAXPACKET - 28)

void rk_uio_init(struct rk_uio_net *u, const struct rk_iov *iov, int iovcnt)
{
	u->u_iov = iov;
	u->u_iovcnt = iovcnt;
	u->u_idx = 0;
	u->u_off = 0;
	rk_iov_total(iov, iovcnt, &u->u_resid);
}

/* Copy n bytes between the client's iovecs and kbuf. */
int rk_uio_move(struct rk_uio_net *u, void *kbuf, size_t n, bool in)
{
	uint8_t *k = kbuf;
	int error;

	while (n > 0 && u->u_idx < u->u_iovcnt) {
		const struct rk_iov *v = &u->u_iov[u->u_idx];
		size_t c = RK_MIN(n, v->iov_len - u->u_off);
		uint8_t *ua = (uint8_t *)v->iov_base + u->u_off;

		error = in ? rk_copyin(ua, k, c) : rk_copyout(k, ua, c);
		if (error)
			return error;
		k += c;
		n -= c;
		u->u_resid -= c;
		u->u_off += c;
		if (u->u_off == v->iov_len) {
			u->u_idx++;
			u->u_off = 0;
		}
	}
	return 0;
}

/* Sleep on sb (net lock is the interlock); RK_EWOULDBLOCK on timeout. */
int rk_sbwait(struct rk_sockbuf *sb)
{
	if (sb->sb_timeo > 0)
		return rk_net_timedwait(&sb->sb_cv, sb->sb_timeo) ?
		       RK_EWOULDBLOCK : 0;
	rk_net_wait(&sb->sb_cv);
	return 0;
}

static int so_takeerror(struct rk_socket *so)
{
	int error = so->so_error;

	so->so_error = 0;
	return error;
}

/*
 * Fill chain m from u, without the net lock: a remote client's memory is
 * a round trip away (up to the copy timeout if it never answers), and
 * the whole stack must not wait for it.  The socket cannot go meanwhile
 * (the caller's descriptor holds it); what it became is looked at again.
 */
static int uio_fill(struct rk_uio_net *u, struct rk_mbuf *m)
{
	int error = 0;

	rk_net_unlock();
	for (; m && !error; m = m->m_next)
		error = rk_uio_move(u, m->m_data, m->m_len, true);
	rk_net_lock();
	return error;
}

/* The socket can still send (after the lock was let go); 0 or errno. */
static int send_still(struct rk_socket *so)
{
	if (so->so_state & RK_SS_CANTSENDMORE)
		return RK_EPIPE;
	if (so->so_error)
		return so_takeerror(so);
	if (!so->so_pcb || (so->so_type == RUMP_SOCK_STREAM &&
			    !(so->so_state & RK_SS_ISCONNECTED)))
		return RK_ENOTCONN;
	return 0;
}

static int send_dgram(struct rk_socket *so, struct rk_uio_net *u,
		      uint32_t addr, uint16_t port, int flags)
{
	struct rk_mbuf *m;
	int error;

	if (u->u_resid > UDP_MAXDGRAM || u->u_resid > so->so_snd.sb_hiwat)
		return RK_EMSGSIZE;
	m = rk_m_get(u->u_resid, RK_MHEADROOM);
	if (!m)
		return RK_ENOBUFS;
	error = uio_fill(u, m);
	if (!error)
		error = send_still(so);
	if (error) {
		rk_m_freem(m);
		return error;
	}
	return so->so_proto->pr_send(so, m, addr, port, flags);
}

/* Wait for room in the send buffer; 0 when there is some. */
static int send_wait(struct rk_socket *so, bool nbio)
{
	int error;

	for (;;) {
		if (so->so_state & RK_SS_CANTSENDMORE)
			return RK_EPIPE;
		if (so->so_error)
			return so_takeerror(so);
		if (!(so->so_state & RK_SS_ISCONNECTED))
			return (so->so_state & RK_SS_ISCONNECTING) ?
			       RK_EAGAIN : RK_ENOTCONN;
		if (rk_sbspace(&so->so_snd) > 0)
			return 0;
		if (nbio)
			return RK_EWOULDBLOCK;
		error = rk_sbwait(&so->so_snd);
		if (error)
			return error;
	}
}

static int send_stream(struct rk_socket *so, struct rk_uio_net *u,
		       int flags, bool nbio, size_t *sent)
{
	size_t n;
	struct rk_mbuf *m;
	int error = 0;

	*sent = 0;
	while (u->u_resid > 0) {
		error = send_wait(so, nbio);
		if (error == RK_EAGAIN && nbio)
			error = RK_EWOULDBLOCK;
		if (error)
			break;
		n = RK_MIN((size_t)rk_sbspace(&so->so_snd), u->u_resid);
		n = RK_MIN(n, (size_t)SEND_CHUNK);
		m = rk_m_getchain(n, 0);
		if (!m) {
			error = RK_ENOBUFS;
			break;
		}
		error = uio_fill(u, m);
		if (!error)
			error = send_still(so);
		if (error) {
			rk_m_freem(m);
			break;
		}
		/* More to come: let Nagle hold a small tail back. */
		error = so->so_proto->pr_send(so, m, 0, 0,
					      flags | (u->u_resid ?
						       RK_PRUS_MORETOCOME : 0));
		if (error)
			break;
		*sent += n;	/* a chunk counts once the socket has it */
	}
	return *sent > 0 ? 0 : error;
}

int rk_sosend(struct rk_socket *so, struct rk_uio_net *u, uint32_t addr,
	      uint16_t port, bool hasaddr, int flags, bool nbio, size_t *sent)
{
	size_t len = u->u_resid;
	int error;

	*sent = 0;
	if (so->so_type == RUMP_SOCK_STREAM) {
		if (hasaddr && !(so->so_state & RK_SS_ISCONNECTED))
			return RK_ENOTCONN;
		return send_stream(so, u, flags, nbio, sent);
	}
	if (so->so_state & RK_SS_CANTSENDMORE)
		return RK_EPIPE;
	if (so->so_error)
		return so_takeerror(so);
	if (!hasaddr && !(so->so_state & RK_SS_ISCONNECTED))
		return RK_EDESTADDRREQ;
	if (hasaddr && (so->so_state & RK_SS_ISCONNECTED))
		return RK_EISCONN;
	if (!so->so_pcb)
		return RK_ENOTCONN;
	error = send_dgram(so, u, hasaddr ? addr : 0, hasaddr ? port : 0,
			   flags);
	if (error == 0)
		*sent = len;
	return error;
}

/* Wait for data; 0 when there is some or EOF (so_rcv empty). */
static int recv_wait(struct rk_socket *so, bool nbio, size_t want)
{
	struct rk_sockbuf *sb = &so->so_rcv;
	int error;

	for (;;) {
		/* A datagram socket is readable with a record queued, even
		 * an empty one. */
		if (so->so_type != RUMP_SOCK_STREAM ? sb->sb_mb != NULL :
		    (sb->sb_cc > 0 && sb->sb_cc >= want))
			return 0;
		if (so->so_error)
			return sb->sb_cc > 0 ? 0 : so_takeerror(so);
		if (so->so_state & RK_SS_CANTRCVMORE)
			return 0;
		if (sb->sb_cc > 0 && want > sb->sb_cc &&
		    !(so->so_state & RK_SS_ISCONNECTED))
			return 0;
		if (so->so_type == RUMP_SOCK_STREAM &&
		    !(so->so_state & (RK_SS_ISCONNECTED | RK_SS_ISCONNECTING)))
			return RK_ENOTCONN;
		if (nbio)
			return RK_EWOULDBLOCK;
		error = rk_sbwait(sb);
		if (error)
			return error;
	}
}

/*
 * The first n bytes of a stream's receive buffer, taken out of it (as
 * rk_sbdrop counts them): whole mbufs, and a copy of the front of the
 * one that holds the last bytes.  NULL: no memory for that copy.
 */
static struct rk_mbuf *sb_take(struct rk_sockbuf *sb, size_t n)
{
	struct rk_mbuf *head = sb->sb_mb, **link = &head, *m, *part;
	size_t got = 0;

	for (m = head; m && got + m->m_len <= n; m = m->m_next) {
		got += m->m_len;
		link = &m->m_next;
	}
	if (got < n) {
		part = rk_m_get(n - got, 0);
		if (!part)
			return NULL;
		rk_memcpy(part->m_data, m->m_data, n - got);
	} else {
		part = NULL;
	}
	*link = part;
	sb->sb_mb = m;		/* what stays, its front dropped below */
	if (!m)
		sb->sb_tail = NULL;
	sb->sb_cc -= (uint32_t)got;
	if (part)
		rk_sbdrop(sb, n - got);
	head->m_pktlen = (uint32_t)n;
	return head;
}

/* Chain m (its m_pktlen bytes) back to the front of a stream's buffer. */
static void sb_putback(struct rk_sockbuf *sb, struct rk_mbuf *m)
{
	struct rk_mbuf *t;

	for (t = m; t->m_next; t = t->m_next)
		;
	t->m_next = sb->sb_mb;
	if (!sb->sb_mb)
		sb->sb_tail = t;
	sb->sb_mb = m;
	sb->sb_cc += m->m_pktlen;
}

/*
 * Copy chain m to u without the net lock (see uio_fill), then free it;
 * the bytes not copied when the copy fails go back to the front of sb.
 */
static int uio_drain(struct rk_uio_net *u, struct rk_mbuf *m,
		     struct rk_sockbuf *sb, bool stream)
{
	struct rk_mbuf *t;
	size_t done = 0;
	int error = 0;

	rk_net_unlock();
	for (t = m; t && !error && u->u_resid > 0; t = t->m_next) {
		size_t c = RK_MIN((size_t)t->m_len, u->u_resid);

		error = rk_uio_move(u, t->m_data, c, false);
		if (!error)
			done += c;
	}
	rk_net_lock();
	if (error && stream && rk_m_length(m) > done) {
		rk_m_adj(m, (long)done);	/* m_pktlen: what is left */
		sb_putback(sb, m);
		return error;
	}
	rk_m_freem(m);
	return error;
}

static int recv_stream(struct rk_socket *so, struct rk_uio_net *u, int flags,
		       bool nbio, size_t *got)
{
	struct rk_sockbuf *sb = &so->so_rcv;
	size_t start = u->u_resid, n;
	struct rk_mbuf *m;
	int error = 0;

	do {
		size_t want = RK_MAX((size_t)sb->sb_lowat, (size_t)1);

		error = recv_wait(so, nbio, RK_MIN(want, u->u_resid));
		if (error || sb->sb_cc == 0)
			break;
		n = RK_MIN((size_t)sb->sb_cc, u->u_resid);
		m = (flags & RUMP_MSG_PEEK) ? rk_m_copychain(sb->sb_mb, 0, n, 0) :
		    sb_take(sb, n);
		if (!m) {
			error = RK_ENOBUFS;
			break;
		}
		if (!(flags & RUMP_MSG_PEEK) && so->so_pcb)
			so->so_proto->pr_rcvd(so);
		error = uio_drain(u, m, sb, !(flags & RUMP_MSG_PEEK));
	} while (!error && u->u_resid > 0 && (flags & RUMP_MSG_WAITALL) &&
		 !(flags & RUMP_MSG_PEEK));
	*got = start - u->u_resid;
	if (error == RK_EWOULDBLOCK && *got > 0)
		error = 0;
	return *got > 0 ? 0 : error;
}

static int recv_dgram(struct rk_socket *so, struct rk_uio_net *u, int flags,
		      bool nbio, size_t *got, uint32_t *addr, uint16_t *port,
		      int *oflags)
{
	struct rk_sockbuf *sb = &so->so_rcv;
	struct rk_mbuf *m;
	size_t start = u->u_resid;
	int error;

	error = recv_wait(so, nbio, 1);
	if (error || !sb->sb_mb)
		return error;
	m = sb->sb_mb;
	*addr = m->m_faddr;
	*port = m->m_fport;
	if (m->m_pktlen > u->u_resid)
		*oflags |= RUMP_MSG_TRUNC;
	if (flags & RUMP_MSG_PEEK) {
		m = rk_m_copychain(m, 0, RK_MIN((size_t)m->m_pktlen,
						 u->u_resid), 0);
		if (!m)
			return RK_ENOBUFS;
	} else {
		sb->sb_mb = m->m_nextpkt;
		if (!sb->sb_mb)
			sb->sb_tail = NULL;
		sb->sb_cc -= m->m_pktlen;
		m->m_nextpkt = NULL;
	}
	/* A datagram is taken whole, even if the copy fails. */
	error = uio_drain(u, m, sb, false);
	*got = start - u->u_resid;
	return error;
}

int rk_soreceive(struct rk_socket *so, struct rk_uio_net *u, int flags,
		 bool nbio, size_t *got, uint32_t *addr, uint16_t *port,
		 int *oflags)
{
	*got = 0;
	*oflags = 0;
	*addr = 0;
	*port = 0;
	if (flags & RUMP_MSG_DONTWAIT)
		nbio = true;
	if (so->so_type == RUMP_SOCK_STREAM) {
		if (so->so_state & RK_SS_ISCONNECTED) {
			struct rk_inpcb *inp = so->so_pcb;

			if (inp) {
				*addr = inp->inp_faddr;
				*port = inp->inp_fport;
			}
		}
		return recv_stream(so, u, flags, nbio, got);
	}
	return recv_dgram(so, u, flags, nbio, got, addr, port, oflags);
}
