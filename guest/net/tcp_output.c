// SPDX-License-Identifier: BSD-2-Clause
/*
 * TCP output: decide whether a segment is due (data the windows allow,
 * Nagle's rule, window updates, ACKs, SYN, FIN, probes), build it with
 * its options and send it; repeat while there is more.
 */
#include <rk/lib.h>
#include <rk/errno.h>
#include <rump/rumpdefs.h>

#include "tcp.h"

/* Pieces a segment may borrow from the socket buffer (the rest of a
 * 64-piece frame is headers and slack: if_virt.c's VIRTIF_MAXIOV). */
#define SEGMENT_LENT_MAX	48

static int outflags(int state)
{
	switch (state) {
	case TCPS_CLOSED:
		return TH_RST | TH_ACK;
	case TCPS_LISTEN:
		return 0;
	case TCPS_SYN_SENT:
		return TH_SYN;
	case TCPS_SYN_RECEIVED:
		return TH_SYN | TH_ACK;
	case TCPS_FIN_WAIT_1:
	case TCPS_CLOSING:
	case TCPS_LAST_ACK:
		return TH_FIN | TH_ACK;
	default:
		return TH_ACK;
	}
}

/* The receive window to advertise (bytes, never shrinking). */
static uint32_t rcv_window(struct tcpcb *tp, struct rk_socket *so)
{
	uint32_t win = so ? rk_sbspace(&so->so_rcv) : 0;
	uint32_t maxwin = (uint32_t)TCP_MAXWIN << tp->rcv_scale;

	/* Silly window avoidance (RFC 1122 4.2.3.3). */
	if (so && win < so->so_rcv.sb_hiwat / 4 && win < tp->t_maxseg)
		win = 0;
	win = RK_MIN(win, maxwin);
	if (SEQ_GT(tp->rcv_adv, tp->rcv_nxt) &&
	    win < tp->rcv_adv - tp->rcv_nxt)
		win = tp->rcv_adv - tp->rcv_nxt;
	return win;
}

static size_t build_options(struct tcpcb *tp, int flags, uint8_t *opt)
{
	size_t n = 0;

	if (!(flags & TH_SYN))
		return rk_tcp_sack_options(tp, opt, 40);
	opt[n++] = TCPOPT_MAXSEG;
	opt[n++] = 4;
	rk_put16(opt + n, (uint16_t)rk_tcp_mss(tp->t_inp->inp_faddr));
	n += 2;
	if ((tp->t_flags & TF_REQ_SCALE) &&
	    (!(flags & TH_ACK) || (tp->t_flags & TF_RCVD_SCALE))) {
		opt[n++] = TCPOPT_NOP;
		opt[n++] = TCPOPT_WINDOW;
		opt[n++] = 3;
		opt[n++] = tp->request_r_scale;
	}
	/* We take SACKs; in a SYN-ACK only if the peer offered them. */
	if (!(flags & TH_ACK) || (tp->t_flags & TF_SACK_PERMIT)) {
		opt[n++] = TCPOPT_NOP;
		opt[n++] = TCPOPT_NOP;
		opt[n++] = TCPOPT_SACK_PERMITTED;
		opt[n++] = 2;
	}
	return n;
}

/* Is a segment due?  len: data bytes the windows allow at off. */
static bool should_send(struct tcpcb *tp, struct rk_socket *so, long len,
			long off, int flags, uint32_t win)
{
	uint32_t sbcc = so ? so->so_snd.sb_cc : 0;
	bool idle = tp->snd_max == tp->snd_una;
	long adv;

	if (len) {
		if ((uint32_t)len >= tp->t_maxseg)
			return true;
		if ((idle || (tp->t_flags & TF_NODELAY)) &&
		    !(tp->t_flags & TF_MORETOCOME) &&
		    (uint32_t)(len + off) >= sbcc)
			return true;
		if (tp->t_flags & TF_FORCE)
			return true;
		if (tp->max_sndwnd && (uint32_t)len >= tp->max_sndwnd / 2)
			return true;
		if (SEQ_LT(tp->snd_nxt, tp->snd_max))
			return true;
	}
	if (win > 0 && TCPS_HAVERCVDSYN(tp->t_state)) {
		adv = (long)win - (long)(tp->rcv_adv - tp->rcv_nxt);
		if (adv >= (long)(2 * tp->t_maxseg))
			return true;
		if (so && 2 * adv >= (long)so->so_rcv.sb_hiwat)
			return true;
	}
	if (tp->t_flags & TF_ACKNOW)
		return true;
	if (flags & (TH_SYN | TH_RST))
		return true;
	if ((flags & TH_FIN) &&
	    (!(tp->t_flags & TF_SENTFIN) || tp->snd_nxt == tp->snd_una))
		return true;
	return false;
}

/* The header in front of m: ports, numbers, flags, window, options. */
static void fill_header(struct tcpcb *tp, struct rk_mbuf *m, uint32_t seq,
			int flags, uint32_t win, const uint8_t *opt,
			size_t optlen)
{
	struct rk_inpcb *inp = tp->t_inp;
	uint8_t *th = m->m_data;

	rk_memset(th, 0, TCP_HDR_LEN);
	rk_memcpy(th, &inp->inp_lport, 2);
	rk_memcpy(th + 2, &inp->inp_fport, 2);
	rk_put32(th + 4, seq);
	rk_put32(th + 8, tp->rcv_nxt);
	th[12] = (uint8_t)(((TCP_HDR_LEN + optlen) / 4) << 4);
	th[13] = (uint8_t)flags;
	/* The window of a SYN is never scaled (RFC 7323 2.2). */
	rk_put16(th + 14, (uint16_t)RK_MIN((flags & TH_SYN) ? win :
					   win >> tp->rcv_scale,
					   (uint32_t)TCP_MAXWIN));
	rk_memcpy(th + TCP_HDR_LEN, opt, optlen);
	if (m->m_flags & RK_M_CSUM_TX)	/* the interface finishes it */
		rk_put16(th + 16, rk_in_pseudo_sum(m->m_pktlen, inp->inp_laddr,
						   inp->inp_faddr,
						   RK_IPPROTO_TCP));
	else
		rk_put16(th + 16, rk_in_pseudo_cksum(m, 0, m->m_pktlen,
						     inp->inp_laddr,
						     inp->inp_faddr,
						     RK_IPPROTO_TCP));
}

/* What was sent moves snd_nxt/snd_max, starts RTT timing and the
 * retransmission timer (a forced probe into a closed window does not). */
static void advance(struct tcpcb *tp, long len, int flags)
{
	uint32_t startseq = tp->snd_nxt;

	if ((tp->t_flags & TF_FORCE) && tp->t_timer[TCPT_PERSIST] &&
	    tp->snd_wnd == 0) {
		if (SEQ_GT(tp->snd_nxt + (uint32_t)len, tp->snd_max))
			tp->snd_max = tp->snd_nxt + (uint32_t)len;
		return;
	}
	if (flags & TH_SYN)
		tp->snd_nxt++;
	if (flags & TH_FIN) {
		tp->snd_nxt++;
		tp->t_flags |= TF_SENTFIN;
	}
	tp->snd_nxt += (uint32_t)len;
	if (SEQ_GT(tp->snd_nxt, tp->snd_max)) {
		tp->snd_max = tp->snd_nxt;
		if (!tp->t_rtttime) {
			tp->t_rtttime = rk_net_now();
			tp->t_rtseq = startseq;
		}
	}
	if (!tp->t_timer[TCPT_REXMT] && tp->snd_nxt != tp->snd_una) {
		tp->t_timer[TCPT_PERSIST] = 0;
		rk_tcp_settimer(tp, TCPT_REXMT, rk_tcp_rexmtval(tp));
	}
}

/* What a segment asks of its interface (struct segout). */
struct segout {
	int caps;			/* RK_IFCAP_* toward the peer */
	uint32_t maxseg;		/* payload per wire segment */
};

/*
 * A long segment's data: lent from the socket buffer to an interface
 * that is done with it when its transmit returns (the buffer cannot
 * change meanwhile: the net lock is held), else copied.
 */
static struct rk_mbuf *segment_chain(struct rk_socket *so, size_t len,
				     size_t off, const struct segout *so_out)
{
	struct rk_mbuf *m = NULL;

	if (so_out->caps & RK_IFCAP_TXSYNC)
		m = rk_m_borrow(so->so_snd.sb_mb, off, len, RK_MHEADROOM,
				SEGMENT_LENT_MAX);
	if (!m)
		m = rk_m_copychain(so->so_snd.sb_mb, off, len, RK_MHEADROOM);
	return m;
}

/* The segment's data (a chain when long), offloads marked. */
static struct rk_mbuf *segment_data(struct rk_socket *so, long len,
				    long off, const struct segout *so_out)
{
	struct rk_mbuf *m;

	if (len <= 0)
		m = rk_m_get(0, RK_MHEADROOM);
	else if ((uint32_t)len > so_out->maxseg)
		m = segment_chain(so, (size_t)len, (size_t)off, so_out);
	else
		m = rk_m_copym(so->so_snd.sb_mb, (size_t)off, (size_t)len,
			       RK_MHEADROOM);
	if (!m)
		return NULL;
	if (so_out->caps & RK_IFCAP_TXCSUM_TCP4)
		m->m_flags |= RK_M_CSUM_TX;
	if ((uint32_t)len > so_out->maxseg) {
		m->m_flags |= RK_M_TSO;
		m->m_tso_segsz = (uint16_t)so_out->maxseg;
	}
	return m;
}

static int send_segment(struct tcpcb *tp, struct rk_socket *so, long len,
			long off, int flags, uint32_t win, const uint8_t *opt,
			size_t optlen, const struct segout *so_out)
{
	struct rk_inpcb *inp = tp->t_inp;
	struct rk_mbuf *m;
	struct rk_ipopts o = { 0 };
	uint32_t seq;

	m = segment_data(so, len, off, so_out);
	if (!m)
		return RK_ENOBUFS;
	m = rk_m_prepend(m, TCP_HDR_LEN + optlen);
	if (!m)
		return RK_ENOBUFS;
	/* A retransmitted FIN keeps its sequence number. */
	if ((flags & TH_FIN) && (tp->t_flags & TF_SENTFIN) &&
	    tp->snd_nxt == tp->snd_max)
		tp->snd_nxt--;
	if (len || (flags & (TH_SYN | TH_FIN)) || tp->t_timer[TCPT_PERSIST])
		seq = tp->snd_nxt;
	else
		seq = tp->snd_max;
	if (len && off + len == (long)so->so_snd.sb_cc)
		flags |= TH_PUSH;
	fill_header(tp, m, seq, flags, win, opt, optlen);
	advance(tp, len, flags);
	if (win > 0 && SEQ_GT(tp->rcv_nxt + win, tp->rcv_adv))
		tp->rcv_adv = tp->rcv_nxt + win;
	tp->t_flags &= ~(TF_ACKNOW | TF_DELACK);
	tp->t_timer[TCPT_DELACK] = 0;
	tp->t_unacked = 0;
	o.ttl = inp->inp_ttl;
	o.tos = inp->inp_tos;
	return rk_ip_output(m, inp->inp_laddr, inp->inp_faddr, RK_IPPROTO_TCP,
			    &o);
}

/*
 * The most data one segment may carry: maxseg, or with TSO toward the
 * peer whole segments of maxseg up to a 64 KiB IP packet.
 */
static uint32_t segment_limit(const struct segout *so_out, size_t optlen,
			      int flags)
{
	uint32_t room = RK_IP_TSO_MAX - RK_IP_HDR_LEN - TCP_HDR_LEN -
			(uint32_t)optlen;

	if (!(so_out->caps & RK_IFCAP_TSO4) || (flags & (TH_SYN | TH_RST)) ||
	    room < 2 * so_out->maxseg)
		return so_out->maxseg;
	return room / so_out->maxseg * so_out->maxseg;
}

int rk_tcp_output(struct tcpcb *tp)
{
	struct rk_socket *so = tp->t_inp->inp_socket;
	uint32_t sbcc, win, rwin, maxseg, limit;
	struct segout so_out;
	uint8_t opt[40];
	size_t optlen;
	long len, off;
	int flags, error;
	bool sendalot;

	so_out.caps = so ? rk_ip_ifcaps(tp->t_inp->inp_faddr) : 0;
	do {
		sendalot = false;
		sbcc = so ? so->so_snd.sb_cc : 0;
		off = (long)(tp->snd_nxt - tp->snd_una);
		win = RK_MIN(tp->snd_wnd, tp->snd_cwnd);
		flags = outflags(tp->t_state);
		if ((tp->t_flags & TF_FORCE) && win == 0)
			win = 1;	/* the zero-window probe */
		if ((flags & TH_SYN) && SEQ_GT(tp->snd_nxt, tp->snd_una)) {
			flags &= ~TH_SYN;
			off--;
		}
		len = (long)RK_MIN(sbcc, win) - off;
		if (flags & TH_SYN)
			len = 0;	/* no data on SYN */
		if (len < 0) {
			len = 0;
			if (win == 0) {
				tp->t_timer[TCPT_REXMT] = 0;
				tp->snd_nxt = tp->snd_una;
			}
		}
		/* Options (SACK blocks) take room from the data. */
		optlen = build_options(tp, flags, opt);
		maxseg = tp->t_maxseg > optlen + 64 ? tp->t_maxseg -
			 (uint32_t)optlen : tp->t_maxseg;
		so_out.maxseg = maxseg;
		limit = segment_limit(&so_out, optlen, flags);
		if (len > (long)limit) {
			len = (long)limit;
			sendalot = true;
		}
		if (SEQ_LT(tp->snd_nxt + (uint32_t)len, tp->snd_una + sbcc))
			flags &= ~TH_FIN;
		rwin = rcv_window(tp, so);
		if (!should_send(tp, so, len, off, flags, rwin)) {
			if (sbcc && !tp->t_timer[TCPT_REXMT] &&
			    !tp->t_timer[TCPT_PERSIST] &&
			    TCPS_HAVEESTABLISHED(tp->t_state)) {
				tp->t_rxtshift = 0;
				rk_tcp_setpersist(tp);
			}
			return 0;
		}
		error = send_segment(tp, so, len, off, flags, rwin, opt,
				     optlen, &so_out);
		if (error)
			return error == RK_ENOBUFS ? 0 : error;
	} while (sendalot);
	return 0;
}
