// SPDX-License-Identifier: BSD-2-Clause
/*
 * TCP input (RFC 9293 3.10.7): checks, options, the connection lookup,
 * LISTEN and SYN-SENT processing, then for synchronised connections the
 * acceptability test, RST and SYN handling with RFC 5961's defences
 * against blind attacks, ACK processing (RTT, congestion control with
 * RFC 5681 slow start / congestion avoidance, fast retransmit and
 * RFC 6582 NewReno recovery), window updates, in-order and out-of-order
 * data, and FIN.
 */
#include <rk/lib.h>
#include <rk/kmem.h>
#include <rk/errno.h>
#include <rump/rumpdefs.h>

#include "tcp.h"

#define REASS_MAXSEGS	256
#define CHALLENGE_PERSEC 1000

struct tcpseg {
	uint32_t src, dst;
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint32_t win;			/* unscaled */
	int flags;
	uint32_t len;			/* data bytes */
	/* options */
	bool has_mss, has_ws, sack_ok;
	uint16_t mss;
	uint8_t ws;
	int nsack;
	struct sackblk sack[TCP_SACK_MAXBLKS];
};

static int64_t chal_second;
static int chal_count;

static void parse_sack(struct tcpseg *s, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && s->nsack < TCP_SACK_MAXBLKS; i++) {
		s->sack[s->nsack].start = rk_be32(p + 8 * i);
		s->sack[s->nsack].end = rk_be32(p + 8 * i + 4);
		s->nsack++;
	}
}

static void parse_options(struct tcpseg *s, const uint8_t *o, size_t n)
{
	size_t i = 0, len;

	while (i < n) {
		if (o[i] == TCPOPT_EOL)
			break;
		if (o[i] == TCPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= n)
			break;
		len = o[i + 1];
		if (len < 2 || i + len > n)
			break;
		if (o[i] == TCPOPT_MAXSEG && len == 4 && (s->flags & TH_SYN)) {
			s->has_mss = true;
			s->mss = rk_be16(o + i + 2);
		} else if (o[i] == TCPOPT_WINDOW && len == 3 &&
			   (s->flags & TH_SYN)) {
			s->has_ws = true;
			s->ws = RK_MIN(o[i + 2], (uint8_t)TCP_MAX_WINSHIFT);
		} else if (o[i] == TCPOPT_SACK_PERMITTED && len == 2 &&
			   (s->flags & TH_SYN)) {
			s->sack_ok = true;
		} else if (o[i] == TCPOPT_SACK && len >= 10 &&
			   (len - 2) % 8 == 0 && !(s->flags & TH_SYN)) {
			parse_sack(s, o + i + 2, (len - 2) / 8);
		}
		i += len;
	}
}

/* An RST in answer to a segment that has no connection. */
static void reset_for(const struct tcpseg *s)
{
	if (s->flags & TH_RST)
		return;
	if (s->dst == RK_INADDR_BCAST || rk_in_multicast(s->dst) ||
	    rk_in_broadcast(s->dst, NULL) || rk_in_multicast(s->src) ||
	    s->src == RK_INADDR_BCAST)
		return;
	if (s->flags & TH_ACK)
		rk_tcp_respond(s->dst, s->src, s->dport, s->sport, s->ack, 0,
			       TH_RST, 0);
	else
		rk_tcp_respond(s->dst, s->src, s->dport, s->sport, 0,
			       s->seq + s->len + ((s->flags & TH_SYN) ? 1 : 0) +
			       ((s->flags & TH_FIN) ? 1 : 0), TH_RST | TH_ACK,
			       0);
}

/* RFC 5961 section 7: challenge ACKs, rate limited. */
static void challenge_ack(struct tcpcb *tp)
{
	int64_t sec = rk_net_now() / 1000000000LL;

	if (sec != chal_second) {
		chal_second = sec;
		chal_count = 0;
	}
	if (++chal_count > CHALLENGE_PERSEC)
		return;
	rk_tcpstat.challenge_acks++;
	tp->t_flags |= TF_ACKNOW;
	rk_tcp_output(tp);
}

static void apply_syn_options(struct tcpcb *tp, const struct tcpseg *s)
{
	uint32_t mss = s->has_mss ? s->mss : TCP_MSS_DEFAULT;

	mss = RK_MIN(mss, rk_tcp_mss(tp->t_inp->inp_faddr));
	tp->t_maxseg = RK_MAX(mss, 64U);
	if (s->sack_ok)
		tp->t_flags |= TF_SACK_PERMIT;
	if (s->has_ws && (tp->t_flags & TF_REQ_SCALE)) {
		tp->t_flags |= TF_RCVD_SCALE;
		tp->snd_scale = s->ws;
		tp->rcv_scale = tp->request_r_scale;
	} else {
		tp->snd_scale = tp->rcv_scale = 0;
	}
	rk_tcp_initcwnd(tp);
}

static void rcv_syn(struct tcpcb *tp, const struct tcpseg *s)
{
	tp->irs = s->seq;
	tp->rcv_nxt = s->seq + 1;
	tp->rcv_adv = tp->rcv_nxt;
}

/* ---- LISTEN ---- */
static void do_listen(struct tcpcb *ltp, struct tcpseg *s)
{
	struct rk_socket *so;
	struct rk_inpcb *inp;
	struct tcpcb *tp;

	if (s->flags & TH_RST)
		return;
	if (s->flags & TH_ACK) {
		reset_for(s);
		return;
	}
	if (!(s->flags & TH_SYN) || s->dst == RK_INADDR_BCAST ||
	    rk_in_broadcast(s->dst, NULL) || rk_in_multicast(s->dst))
		return;
	so = rk_sonewconn(ltp->t_inp->inp_socket);
	if (!so)
		return;		/* backlog full: the peer retries */
	inp = so->so_pcb;
	tp = intotcpcb(inp);
	inp->inp_laddr = s->dst;
	inp->inp_lport = s->dport;
	inp->inp_faddr = s->src;
	inp->inp_fport = s->sport;
	tp->t_flags = ltp->t_flags & (TF_NODELAY | TF_REQ_SCALE);
	tp->request_r_scale = rk_tcp_wscale(so->so_rcv.sb_hiwat);
	tp->t_keepidle = ltp->t_keepidle;
	tp->t_keepintvl = ltp->t_keepintvl;
	tp->t_keepcnt = ltp->t_keepcnt;
	tp->t_keepinit = ltp->t_keepinit;
	tp->iss = rk_tcp_iss(s->dst, s->src, s->dport, s->sport);
	tp->snd_una = tp->snd_nxt = tp->snd_max = tp->iss;
	tp->snd_recover = tp->iss;
	rcv_syn(tp, s);
	apply_syn_options(tp, s);
	tp->snd_wnd = s->win;		/* never scaled in a SYN */
	tp->max_sndwnd = tp->snd_wnd;
	tp->snd_wl1 = s->seq;
	tp->snd_wl2 = tp->iss;
	tp->t_state = TCPS_SYN_RECEIVED;
	rk_tcpstat.accepts++;
	rk_soisconnecting(so);
	rk_tcp_settimer(tp, TCPT_KEEP, (int64_t)tp->t_keepinit * 1000000000LL);
	tp->t_flags |= TF_ACKNOW;
	rk_tcp_output(tp);
}

/* ---- SYN-SENT ---- */
static void do_synsent(struct tcpcb *tp, struct tcpseg *s)
{
	struct rk_socket *so = tp->t_inp->inp_socket;
	bool ackok = false;

	if (s->flags & TH_ACK) {
		if (SEQ_LEQ(s->ack, tp->iss) || SEQ_GT(s->ack, tp->snd_max)) {
			reset_for(s);
			return;
		}
		ackok = true;
	}
	if (s->flags & TH_RST) {
		if (ackok)
			rk_tcp_drop(tp, RK_ECONNREFUSED);
		return;
	}
	if (!(s->flags & TH_SYN))
		return;
	rcv_syn(tp, s);
	apply_syn_options(tp, s);
	tp->snd_wnd = s->win;
	tp->max_sndwnd = tp->snd_wnd;
	tp->snd_wl1 = s->seq;
	tp->snd_wl2 = s->ack;
	if (ackok) {
		tp->snd_una = s->ack;
		if (SEQ_LT(tp->snd_nxt, tp->snd_una))
			tp->snd_nxt = tp->snd_una;
		tp->t_timer[TCPT_REXMT] = 0;
		if (tp->t_rtttime)
			rk_tcp_xmit_timer(tp, rk_net_now() - tp->t_rtttime);
		tp->t_state = TCPS_ESTABLISHED;
		rk_tcpstat.connects++;
		rk_tcp_settimer(tp, TCPT_KEEP,
				(int64_t)tp->t_keepidle * 1000000000LL);
		if (so)
			rk_soisconnected(so);
	} else {
		/* Simultaneous open: SYN-RECEIVED, our SYN again with ACK. */
		tp->t_state = TCPS_SYN_RECEIVED;
		tp->snd_nxt = tp->snd_una;
		tp->t_timer[TCPT_REXMT] = 0;
	}
	tp->t_flags |= TF_ACKNOW;
	rk_tcp_output(tp);
}

/* ---- synchronised states ---- */

/* Trim the segment to the receive window; false: not acceptable. */
static bool trim_to_window(struct tcpcb *tp, struct tcpseg *s,
			   struct rk_mbuf *m, size_t *doff)
{
	uint32_t rwin = tp->rcv_adv - tp->rcv_nxt;
	struct rk_socket *so = tp->t_inp->inp_socket;
	int32_t todrop;

	if (so && rk_sbspace(&so->so_rcv) > rwin)
		rwin = rk_sbspace(&so->so_rcv);
	if (SEQ_LT(tp->rcv_adv, tp->rcv_nxt))
		rwin = 0;
	todrop = (int32_t)(tp->rcv_nxt - s->seq);
	if (todrop > 0) {
		if (s->flags & TH_SYN) {
			s->flags &= ~TH_SYN;
			s->seq++;
			todrop--;
		}
		if ((uint32_t)todrop > s->len ||
		    ((uint32_t)todrop == s->len && !(s->flags & TH_FIN))) {
			/* Entirely old: a duplicate; ACK it. */
			s->flags &= ~TH_FIN;
			tp->t_flags |= TF_ACKNOW;
			todrop = (int32_t)s->len;
		}
		if ((uint32_t)todrop >= s->len && (s->flags & TH_FIN) &&
		    (uint32_t)todrop > s->len) {
			s->flags &= ~TH_FIN;
		}
		*doff += (size_t)todrop;
		s->seq += (uint32_t)todrop;
		s->len -= (uint32_t)RK_MIN((uint32_t)todrop, s->len);
	}
	todrop = (int32_t)((s->seq + s->len) - (tp->rcv_nxt + rwin));
	if (todrop > 0) {
		if ((uint32_t)todrop >= s->len && s->len > 0 &&
		    s->seq != tp->rcv_nxt) {
			/* Wholly outside the window: ACK and drop. */
			tp->t_flags |= TF_ACKNOW;
			return false;
		}
		if (rwin == 0 && s->seq == tp->rcv_nxt) {
			tp->t_flags |= TF_ACKNOW;	/* window probe */
		}
		s->len -= (uint32_t)RK_MIN((uint32_t)todrop, s->len);
		s->flags &= ~(TH_PUSH | TH_FIN);
	}
	(void)m;
	return true;
}

/* The segment as it reached us fits the window (RFC 9293 table)? */
static bool seq_acceptable(const struct tcpcb *tp, const struct tcpseg *s,
			   uint32_t rwin)
{
	uint32_t end = s->seq + (s->len ? s->len - 1 : 0);

	if (rwin == 0)
		return s->len == 0 && s->seq == tp->rcv_nxt;
	if (SEQ_GEQ(s->seq, tp->rcv_nxt) && SEQ_LT(s->seq, tp->rcv_nxt + rwin))
		return true;
	return s->len > 0 && SEQ_GEQ(end, tp->rcv_nxt) &&
	       SEQ_LT(end, tp->rcv_nxt + rwin);
}

/* RFC 5961 3.2: an RST resets only when exactly at rcv_nxt. */
static bool handle_rst(struct tcpcb *tp, const struct tcpseg *s)
{
	uint32_t rwin = RK_MAX(tp->rcv_adv - tp->rcv_nxt, 1U);

	if (SEQ_LT(s->seq, tp->rcv_nxt) || SEQ_GEQ(s->seq, tp->rcv_nxt + rwin))
		return true;	/* outside: ignore */
	if (s->seq != tp->rcv_nxt) {
		challenge_ack(tp);
		return true;
	}
	switch (tp->t_state) {
	case TCPS_SYN_RECEIVED:
		/* Back to LISTEN: the connection just goes (passive). */
		rk_tcp_drop(tp, RK_ECONNREFUSED);
		break;
	case TCPS_CLOSING:
	case TCPS_LAST_ACK:
	case TCPS_TIME_WAIT:
		rk_tcp_close(tp);
		break;
	default:
		tp->t_state = TCPS_CLOSED;
		rk_tcp_drop(tp, RK_ECONNRESET);
		break;
	}
	return true;
}

static void newreno_partial(struct tcpcb *tp, uint32_t acked)
{
	uint32_t onxt = tp->snd_nxt, cwnd = tp->snd_cwnd;

	/* RFC 6582 3.2 (5): retransmit the next hole, deflate. */
	rk_tcpstat.partial_acks++;
	if (SEQ_LT(tp->t_sack_high, tp->snd_una + tp->t_maxseg))
		tp->t_sack_high = tp->snd_una + tp->t_maxseg;
	tp->t_timer[TCPT_REXMT] = 0;
	tp->t_rtttime = 0;
	tp->snd_nxt = tp->snd_una;
	tp->snd_cwnd = tp->t_maxseg;
	rk_tcp_output(tp);
	tp->snd_cwnd = cwnd;
	if (SEQ_GT(onxt, tp->snd_nxt))
		tp->snd_nxt = onxt;
	tp->snd_cwnd = tp->snd_cwnd > acked ? tp->snd_cwnd - acked : 0;
	tp->snd_cwnd += tp->t_maxseg;
	if (!tp->t_timer[TCPT_REXMT])
		rk_tcp_settimer(tp, TCPT_REXMT, rk_tcp_rexmtval(tp));
}

static void fast_retransmit(struct tcpcb *tp)
{
	uint32_t onxt = tp->snd_nxt;
	uint32_t flight = tp->snd_max - tp->snd_una;

	/* RFC 6582 3.2 (2)-(3). */
	rk_tcpstat.fast_rexmits++;
	tp->t_sack_high = tp->snd_una + tp->t_maxseg;
	tp->snd_ssthresh = RK_MAX(flight / 2, 2 * tp->t_maxseg);
	tp->snd_recover = tp->snd_max;
	tp->t_flags |= TF_INRECOVERY;
	tp->t_timer[TCPT_REXMT] = 0;
	tp->t_rtttime = 0;
	tp->snd_nxt = tp->snd_una;
	tp->snd_cwnd = tp->t_maxseg;
	rk_tcp_output(tp);
	tp->snd_cwnd = tp->snd_ssthresh + 3 * tp->t_maxseg;
	if (SEQ_GT(onxt, tp->snd_nxt))
		tp->snd_nxt = onxt;
}

/* In recovery with SACK: retransmit the next hole the peer reported. */
static void sack_rexmit(struct tcpcb *tp)
{
	uint32_t seq;

	if (!(tp->t_flags & TF_SACK_PERMIT) ||
	    !rk_tcp_sack_hole(tp, tp->t_sack_high, &seq))
		return;
	rk_tcpstat.sack_rexmits++;
	rk_tcp_rexmit_at(tp, seq);
	tp->t_sack_high = seq + tp->t_maxseg;
}

/*
 * A duplicate ACK (RFC 5681 2): the third starts fast retransmit, unless
 * it is about data sent before the last timeout (RFC 6582 4.1); in
 * recovery each further one inflates the window by a segment.
 */
static void dupack(struct tcpcb *tp)
{
	if (!tp->t_timer[TCPT_REXMT] || tp->snd_max == tp->snd_una) {
		tp->t_dupacks = 0;
		return;
	}
	tp->t_dupacks++;
	rk_tcpstat.dupacks++;
	if (tp->t_flags & TF_INRECOVERY) {
		if (tp->t_dupacks > 3) {
			tp->snd_cwnd += tp->t_maxseg;
			sack_rexmit(tp);
			rk_tcp_output(tp);
		}
		return;
	}
	if (tp->t_dupacks == 3 && SEQ_GEQ(tp->snd_una, tp->snd_recover))
		fast_retransmit(tp);
}

static void cwnd_open(struct tcpcb *tp, uint32_t acked)
{
	uint32_t incr = tp->t_maxseg;

	if (tp->snd_cwnd > tp->snd_ssthresh)
		incr = RK_MAX(incr * incr / tp->snd_cwnd, 1U);
	else
		incr = RK_MIN(acked, incr);
	tp->snd_cwnd = RK_MIN(tp->snd_cwnd + incr,
			      (uint32_t)TCP_MAXWIN << TCP_MAX_WINSHIFT);
}

/* Data acknowledged: drop it from the send buffer, time, grow. */
static void new_ack(struct tcpcb *tp, const struct tcpseg *s)
{
	struct rk_socket *so = tp->t_inp->inp_socket;
	uint32_t acked = s->ack - tp->snd_una;
	uint32_t sbcc = so ? so->so_snd.sb_cc : 0;

	if (tp->t_flags & TF_INRECOVERY) {
		if (SEQ_LT(s->ack, tp->snd_recover)) {
			newreno_partial(tp, acked);
		} else {
			/* Full ACK: RFC 6582 3.2 (6). */
			uint32_t flight = tp->snd_max - s->ack;

			tp->snd_cwnd = RK_MIN(tp->snd_ssthresh,
					      RK_MAX(flight, tp->t_maxseg) +
					      tp->t_maxseg);
			tp->t_flags &= ~TF_INRECOVERY;
		}
	} else {
		cwnd_open(tp, acked);
	}
	tp->t_dupacks = 0;
	if (tp->t_rtttime && SEQ_GT(s->ack, tp->t_rtseq))
		rk_tcp_xmit_timer(tp, rk_net_now() - tp->t_rtttime);
	if (s->ack == tp->snd_max) {
		tp->t_timer[TCPT_REXMT] = 0;
	} else if (!tp->t_timer[TCPT_PERSIST]) {
		rk_tcp_settimer(tp, TCPT_REXMT, rk_tcp_rexmtval(tp));
	}
	/* Our SYN or FIN counts in the sequence space but not in sb. */
	if (acked > sbcc) {
		if (so)
			rk_sbdrop(&so->so_snd, sbcc);
	} else if (so) {
		rk_sbdrop(&so->so_snd, acked);
	}
	tp->snd_una = s->ack;
	if (SEQ_LT(tp->snd_nxt, tp->snd_una))
		tp->snd_nxt = tp->snd_una;
	if (!(tp->t_flags & TF_INRECOVERY))
		tp->snd_recover = tp->snd_una;
	if (so)
		rk_sowwakeup(so);
}

static void update_window(struct tcpcb *tp, const struct tcpseg *s)
{
	uint32_t win = s->win << tp->snd_scale;

	if (SEQ_LT(tp->snd_wl1, s->seq) ||
	    (tp->snd_wl1 == s->seq && (SEQ_LT(tp->snd_wl2, s->ack) ||
				       (tp->snd_wl2 == s->ack &&
					win > tp->snd_wnd)))) {
		tp->snd_wnd = win;
		tp->snd_wl1 = s->seq;
		tp->snd_wl2 = s->ack;
		if (win > tp->max_sndwnd)
			tp->max_sndwnd = win;
		if (win > 0)
			tp->t_timer[TCPT_PERSIST] = 0;
	}
}

static void enter_timewait(struct tcpcb *tp, struct rk_socket *so)
{
	tp->t_state = TCPS_TIME_WAIT;
	rk_tcp_canceltimers(tp);
	rk_tcp_settimer(tp, TCPT_2MSL, 2 * TCP_MSL);
	if (so)
		rk_soisdisconnected(so);
}

/* Our FIN is acknowledged: move on (returns false if tp is gone). */
static bool fin_acked(struct tcpcb *tp)
{
	struct rk_socket *so = tp->t_inp->inp_socket;

	switch (tp->t_state) {
	case TCPS_FIN_WAIT_1:
		tp->t_state = TCPS_FIN_WAIT_2;
		/* Closed by the user: do not wait for ever. */
		if (!so || (so->so_state & RK_SS_CANTRCVMORE))
			rk_tcp_settimer(tp, TCPT_2MSL, 2 * TCP_MSL);
		break;
	case TCPS_CLOSING:
		enter_timewait(tp, so);
		break;
	case TCPS_LAST_ACK:
		rk_tcp_close(tp);
		return false;
	}
	return true;
}

/* ACK processing; false: tp is gone or the segment is dropped. */
static bool do_ack(struct tcpcb *tp, const struct tcpseg *s)
{
	struct rk_socket *so = tp->t_inp->inp_socket;
	uint32_t maxwnd = RK_MAX(tp->max_sndwnd, 1U);

	if (tp->t_state == TCPS_SYN_RECEIVED) {
		if (SEQ_LEQ(s->ack, tp->snd_una) || SEQ_GT(s->ack, tp->snd_max)) {
			reset_for(s);
			return false;
		}
		tp->t_state = TCPS_ESTABLISHED;
		rk_tcp_settimer(tp, TCPT_KEEP,
				(int64_t)tp->t_keepidle * 1000000000LL);
		tp->snd_wnd = s->win << tp->snd_scale;
		tp->snd_wl1 = s->seq;
		tp->snd_wl2 = s->ack;
		if (so)
			rk_soisconnected(so);
	}
	/* RFC 5961 5.2: acceptable ACKs lie within the last window. */
	if (SEQ_GT(s->ack, tp->snd_max) ||
	    SEQ_LT(s->ack, tp->snd_una - maxwnd)) {
		challenge_ack(tp);
		return false;
	}
	if ((tp->t_flags & TF_SACK_PERMIT) && s->nsack)
		rk_tcp_sack_update(tp, s->sack, s->nsack);
	if (SEQ_LEQ(s->ack, tp->snd_una)) {
		if (s->len == 0 && s->ack == tp->snd_una &&
		    (s->win << tp->snd_scale) == tp->snd_wnd &&
		    !(s->flags & (TH_SYN | TH_FIN)))
			dupack(tp);
		else
			tp->t_dupacks = 0;
		update_window(tp, s);
		return true;
	}
	new_ack(tp, s);
	rk_tcp_sack_clean(tp);
	update_window(tp, s);
	if ((tp->t_flags & TF_SENTFIN) && tp->snd_una == tp->snd_max)
		return fin_acked(tp);
	return true;
}

/* ---- data ---- */

static void reass_insert(struct tcpcb *tp, uint32_t seq, uint32_t len,
			 bool fin, struct rk_mbuf *m)
{
	struct tseg **pp, *q, *n;

	for (pp = &tp->t_segq; (q = *pp) != NULL; pp = &q->ts_next) {
		if (SEQ_GT(q->ts_seq, seq))
			break;
		/* Trim what an earlier segment already holds. */
		if (SEQ_GT(q->ts_seq + q->ts_len, seq)) {
			uint32_t d = q->ts_seq + q->ts_len - seq;

			if (d >= len && !(fin && !q->ts_fin)) {
				rk_m_freem(m);
				return;
			}
			d = RK_MIN(d, len);
			rk_m_adj(m, (long)d);
			seq += d;
			len -= d;
		}
	}
	/* Later segments that the new one covers completely go. */
	while (q && SEQ_LEQ(q->ts_seq + q->ts_len, seq + len) &&
	       !(q->ts_fin && !fin)) {
		*pp = q->ts_next;
		rk_m_freem(q->ts_m);
		rk_kmem_free(q, sizeof(*q));
		tp->t_segqlen--;
		q = *pp;
	}
	if (q && SEQ_GT(seq + len, q->ts_seq)) {
		uint32_t d = seq + len - q->ts_seq;

		rk_m_adj(m, -(long)d);
		len -= d;
		fin = false;
	}
	if (tp->t_segqlen >= REASS_MAXSEGS) {
		rk_m_freem(m);
		return;
	}
	n = rk_kmem_alloc(sizeof(*n), RK_KM_NOSLEEP);
	if (!n) {
		rk_m_freem(m);
		return;
	}
	n->ts_seq = seq;
	n->ts_len = len;
	n->ts_fin = fin;
	n->ts_m = m;
	n->ts_next = q;
	*pp = n;
	tp->t_segqlen++;
}

/* Hand in-order data to the socket; true if a FIN was reached. */
static bool reass_deliver(struct tcpcb *tp, struct rk_socket *so)
{
	struct tseg *q;
	bool fin = false;

	while ((q = tp->t_segq) != NULL && SEQ_LEQ(q->ts_seq, tp->rcv_nxt)) {
		uint32_t skip = tp->rcv_nxt - q->ts_seq;

		tp->t_segq = q->ts_next;
		tp->t_segqlen--;
		if (skip < q->ts_len || (skip == q->ts_len && q->ts_fin)) {
			rk_m_adj(q->ts_m, (long)skip);
			tp->rcv_nxt += q->ts_len - skip;
			if (so && !(so->so_state & RK_SS_CANTRCVMORE))
				rk_sbappend_stream(&so->so_rcv, q->ts_m);
			else
				rk_m_freem(q->ts_m);
			fin = q->ts_fin;
		} else {
			rk_m_freem(q->ts_m);
		}
		rk_kmem_free(q, sizeof(*q));
		if (fin)
			break;
	}
	return fin;
}

static void rcv_fin(struct tcpcb *tp, struct rk_socket *so)
{
	tp->rcv_nxt++;
	tp->t_flags |= TF_ACKNOW;
	if (so)
		rk_socantrcvmore(so);
	switch (tp->t_state) {
	case TCPS_SYN_RECEIVED:
	case TCPS_ESTABLISHED:
		tp->t_state = TCPS_CLOSE_WAIT;
		break;
	case TCPS_FIN_WAIT_1:
		tp->t_state = TCPS_CLOSING;
		break;
	case TCPS_FIN_WAIT_2:
		enter_timewait(tp, so);
		break;
	case TCPS_TIME_WAIT:
		rk_tcp_settimer(tp, TCPT_2MSL, 2 * TCP_MSL);
		break;
	}
}

static void do_data(struct tcpcb *tp, struct tcpseg *s, struct rk_mbuf *m,
		    size_t doff)
{
	struct rk_socket *so = tp->t_inp->inp_socket;
	bool fin = (s->flags & TH_FIN) != 0;

	if (TCPS_HAVERCVDFIN(tp->t_state) && tp->t_state != TCPS_TIME_WAIT) {
		rk_m_freem(m);
		return;		/* data after the FIN: ignored */
	}
	if (tp->t_state == TCPS_TIME_WAIT) {
		rk_m_freem(m);
		if (fin) {
			rk_tcp_settimer(tp, TCPT_2MSL, 2 * TCP_MSL);
			tp->t_flags |= TF_ACKNOW;
		}
		return;
	}
	rk_m_adj(m, (long)doff);
	if (m->m_pktlen > s->len)
		rk_m_adj(m, -(long)(m->m_pktlen - s->len));
	if (s->len == 0 && !fin) {
		rk_m_freem(m);
		return;
	}
	if (s->seq == tp->rcv_nxt && !tp->t_segq) {
		tp->rcv_nxt += s->len;
		if (s->len && so && !(so->so_state & RK_SS_CANTRCVMORE))
			rk_sbappend_stream(&so->so_rcv, m);
		else
			rk_m_freem(m);
		/* Delayed ACK: every second full segment at once (a
		 * segment the host's TSO sent whole counts as several). */
		if (s->len && s->len < 2 * tp->t_maxseg &&
		    ++tp->t_unacked < 2 && !fin) {
			tp->t_flags |= TF_DELACK;
			if (!tp->t_timer[TCPT_DELACK])
				rk_tcp_settimer(tp, TCPT_DELACK, TCP_DELACK);
		} else {
			tp->t_flags |= TF_ACKNOW;
		}
	} else {
		/* Out of order: queue, and a duplicate ACK at once. */
		rk_tcpstat.ooo_segs++;
		tp->t_lastooo.start = s->seq;
		tp->t_lastooo.end = s->seq + s->len;
		reass_insert(tp, s->seq, s->len, fin, m);
		fin = reass_deliver(tp, so);
		tp->t_flags |= TF_ACKNOW;
	}
	if (so && so->so_rcv.sb_cc)
		rk_sorwakeup(so);
	if (fin)
		rcv_fin(tp, so);
}

/* A new SYN for a connection in TIME-WAIT may start a new one. */
static bool timewait_reuse(struct tcpcb *tp, const struct tcpseg *s)
{
	return tp->t_state == TCPS_TIME_WAIT && (s->flags & TH_SYN) &&
	       !(s->flags & (TH_ACK | TH_RST)) && SEQ_GT(s->seq, tp->rcv_nxt);
}

static void do_synchronized(struct tcpcb *tp, struct tcpseg *s,
			    struct rk_mbuf *m, size_t doff)
{
	struct rk_socket *so = tp->t_inp->inp_socket;
	uint32_t rwin = tp->rcv_adv - tp->rcv_nxt;

	if (so && rk_sbspace(&so->so_rcv) > rwin)
		rwin = rk_sbspace(&so->so_rcv);
	if (!seq_acceptable(tp, s, rwin) && !(rwin == 0 &&
					       s->seq == tp->rcv_nxt)) {
		if (!(s->flags & TH_RST)) {
			tp->t_flags |= TF_ACKNOW;
			rk_tcp_output(tp);
		}
		goto drop;
	}
	if (s->flags & TH_RST) {
		handle_rst(tp, s);
		goto drop;
	}
	if (!trim_to_window(tp, s, m, &doff)) {
		rk_tcp_output(tp);
		goto drop;
	}
	/* RFC 5961 4.2: a SYN on a synchronised connection. */
	if (s->flags & TH_SYN) {
		challenge_ack(tp);
		goto drop;
	}
	if (!(s->flags & TH_ACK))
		goto drop;
	tp->t_rcvtime = rk_net_now();
	if (tp->t_timer[TCPT_KEEP] && TCPS_HAVEESTABLISHED(tp->t_state))
		rk_tcp_settimer(tp, TCPT_KEEP,
				(int64_t)tp->t_keepidle * 1000000000LL);
	if (!do_ack(tp, s))
		goto drop;
	do_data(tp, s, m, doff);
	if (tp->t_flags & (TF_ACKNOW) || (so && so->so_snd.sb_cc))
		rk_tcp_output(tp);
	return;
drop:
	rk_m_freem(m);
}

static bool parse_segment(struct rk_mbuf **mp, size_t hlen, struct tcpseg *s,
			  size_t *doffp)
{
	struct rk_mbuf *m = *mp;
	uint8_t ip[RK_IP_HDR_LEN], th[60];
	size_t off, tlen;

	if (m->m_pktlen < hlen + TCP_HDR_LEN)
		return false;
	rk_m_copydata(m, 0, RK_IP_HDR_LEN, ip);
	rk_m_copydata(m, hlen, TCP_HDR_LEN, th);
	off = (size_t)(th[12] >> 4) << 2;
	tlen = m->m_pktlen - hlen;
	if (off < TCP_HDR_LEN || off > tlen)
		return false;
	rk_m_copydata(m, hlen, off, th);
	rk_memset(s, 0, sizeof(*s));
	s->src = rk_get32n(ip + 12);
	s->dst = rk_get32n(ip + 16);
	if (!(m->m_flags & (RK_M_LOOP | RK_M_CSUM_OK)) &&
	    rk_in_pseudo_cksum(m, hlen, tlen, s->src, s->dst,
			       RK_IPPROTO_TCP) != 0)
		return false;
	s->sport = rk_get16n(th);
	s->dport = rk_get16n(th + 2);
	s->seq = rk_be32(th + 4);
	s->ack = rk_be32(th + 8);
	s->flags = th[13] & 0x3f;
	s->win = rk_be16(th + 14);
	s->len = (uint32_t)(tlen - off);
	parse_options(s, th + TCP_HDR_LEN, off - TCP_HDR_LEN);
	*doffp = hlen + off;
	return true;
}

void rk_tcp_input(struct rk_mbuf *m, size_t hlen)
{
	struct rk_inpcb *inp;
	struct tcpcb *tp;
	struct tcpseg s;
	size_t doff;

	if (!parse_segment(&m, hlen, &s, &doff) ||
	    (m->m_flags & (RK_M_BCAST | RK_M_MCAST)) ||
	    /* A SYN to ourselves from the same port (LAND) is no peer. */
	    (s.src == s.dst && s.sport == s.dport && (s.flags & TH_SYN)) ||
	    (s.flags & (TH_SYN | TH_FIN)) == (TH_SYN | TH_FIN) ||
	    (s.flags & (TH_SYN | TH_RST)) == (TH_SYN | TH_RST))
		goto drop;
	inp = rk_in_pcblookup(&rk_tcbtable, s.src, s.sport, s.dst, s.dport,
			      true);
	tp = inp ? intotcpcb(inp) : NULL;
	if (tp && timewait_reuse(tp, &s)) {
		rk_tcp_close(tp);
		inp = rk_in_pcblookup(&rk_tcbtable, s.src, s.sport, s.dst,
				      s.dport, true);
		tp = inp ? intotcpcb(inp) : NULL;
	}
	if (!tp || tp->t_state == TCPS_CLOSED) {
		reset_for(&s);
		goto drop;
	}
	switch (tp->t_state) {
	case TCPS_LISTEN:
		do_listen(tp, &s);
		goto drop;
	case TCPS_SYN_SENT:
		do_synsent(tp, &s);
		goto drop;
	}
	do_synchronized(tp, &s, m, doff);
	return;
drop:
	rk_m_freem(m);
}
