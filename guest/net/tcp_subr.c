// SPDX-License-Identifier: BSD-2-Clause
/*
 * TCP control blocks, initial sequence numbers (RFC 6528), bare
 * segments (ACK, RST, probes), round-trip estimation (RFC 6298) and the
 * timers (retransmission, persist, keepalive, 2MSL, delayed ACK).
 */
#include <rk/lib.h>
#include <rk/kmem.h>
#include <rk/errno.h>
#include <rk/printf.h>
#include <rump/rumpdefs.h>

#include "tcp.h"

struct tcpcb *rk_tcb_list;
struct rk_inpcbtable rk_tcbtable;
static uint32_t iss_secret[4];
static bool iss_fixed;			/* RUMP_TCP_ISSBASE given */
static uint32_t iss_base;

void rk_tcp_init(void)
{
	char buf[24];
	uint64_t v;
	int i;

	rk_tcb_list = NULL;
	rk_memset(&rk_tcbtable, 0, sizeof(rk_tcbtable));
	rk_memset(&rk_udbtable, 0, sizeof(rk_udbtable));
	rk_memset(&rk_rawtable, 0, sizeof(rk_rawtable));
	for (i = 0; i < 4; i++)
		iss_secret[i] = rk_net_random();
	/* Tests: start sequence numbers just below the wrap. */
	iss_fixed = rumpuser_getparam("RUMP_TCP_ISSBASE", buf,
				      sizeof(buf)) == 0 &&
		    rk_parse_size(buf, &v) == 0;
	iss_base = iss_fixed ? (uint32_t)v : 0;
}

static void print_stats(void)
{
	const struct rk_tcpstat *t = &rk_tcpstat;

	rk_printf("tcpstat: connects=%llu accepts=%llu drops=%llu "
		  "rexmt_timeouts=%llu rexmt_segs=%llu fast_rexmits=%llu "
		  "partial_acks=%llu sack_rexmits=%llu dupacks=%llu "
		  "ooo_segs=%llu challenge_acks=%llu persist_probes=%llu "
		  "keep_probes=%llu sack_blocks_in=%llu sack_blocks_out=%llu\n",
		  (unsigned long long)t->connects,
		  (unsigned long long)t->accepts,
		  (unsigned long long)t->drops,
		  (unsigned long long)t->rexmt_timeouts,
		  (unsigned long long)t->rexmt_segs,
		  (unsigned long long)t->fast_rexmits,
		  (unsigned long long)t->partial_acks,
		  (unsigned long long)t->sack_rexmits,
		  (unsigned long long)t->dupacks,
		  (unsigned long long)t->ooo_segs,
		  (unsigned long long)t->challenge_acks,
		  (unsigned long long)t->persist_probes,
		  (unsigned long long)t->keep_probes,
		  (unsigned long long)t->sack_blocks_in,
		  (unsigned long long)t->sack_blocks_out);
}

void rk_tcp_fini(void)
{
	char buf[8];

	while (rk_tcb_list)
		rk_tcp_close(rk_tcb_list);
	if (rumpuser_getparam("RUMP_NET_STATS", buf, sizeof(buf)) == 0 &&
	    buf[0] == '1')
		print_stats();
	rk_memset(&rk_tcpstat, 0, sizeof(rk_tcpstat));
}

/* RFC 6528: ISN = M + F(4-tuple, secret), M a 4 us clock. */
uint32_t rk_tcp_iss(uint32_t src, uint32_t dst, uint16_t sport,
		    uint16_t dport)
{
	uint32_t h = iss_secret[0], w[3] = { src, dst,
					     (uint32_t)sport << 16 | dport };
	int i;

	if (iss_fixed)
		return iss_base + (rk_net_random() & 0xfff);
	for (i = 0; i < 3; i++) {
		h ^= w[i] + iss_secret[(i + 1) & 3];
		h *= 0x9e3779b1U;
		h ^= h >> 15;
		h *= 0x85ebca77U;
		h ^= h >> 13;
	}
	return h + (uint32_t)(rk_net_now() / 4000);
}

struct tcpcb *rk_tcp_newtcpcb(struct rk_inpcb *inp)
{
	struct tcpcb *tp = rk_kmem_zalloc(sizeof(*tp), RK_KM_SLEEP);

	tp->t_inp = inp;
	inp->inp_ppcb = tp;
	tp->t_state = TCPS_CLOSED;
	tp->t_maxseg = TCP_MSS_DEFAULT;
	tp->t_rto = TCP_RTO_INIT;
	tp->snd_cwnd = 0x3fffffff;
	tp->snd_ssthresh = 0x3fffffff;
	tp->t_keepidle = TCP_KEEPIDLE_DEF;
	tp->t_keepintvl = TCP_KEEPINTVL_DEF;
	tp->t_keepcnt = TCP_KEEPCNT_DEF;
	tp->t_keepinit = TCP_KEEPINIT_DEF;
	tp->t_rcvtime = rk_net_now();
	tp->t_next = rk_tcb_list;
	if (rk_tcb_list)
		rk_tcb_list->t_prevp = &tp->t_next;
	tp->t_prevp = &rk_tcb_list;
	rk_tcb_list = tp;
	return tp;
}

void rk_tcp_freeq(struct tcpcb *tp)
{
	struct tseg *q;

	while ((q = tp->t_segq) != NULL) {
		tp->t_segq = q->ts_next;
		rk_m_freem(q->ts_m);
		rk_kmem_free(q, sizeof(*q));
	}
	tp->t_segqlen = 0;
}

void rk_tcp_close(struct tcpcb *tp)
{
	struct rk_inpcb *inp = tp->t_inp;
	struct rk_socket *so = inp->inp_socket;

	*tp->t_prevp = tp->t_next;
	if (tp->t_next)
		tp->t_next->t_prevp = tp->t_prevp;
	rk_tcp_freeq(tp);
	inp->inp_ppcb = NULL;
	rk_kmem_free(tp, sizeof(*tp));
	rk_in_pcbfree(inp);
	if (so) {
		rk_soisdisconnected(so);
		rk_sofree(so);
	}
}

void rk_tcp_drop(struct tcpcb *tp, int error)
{
	struct rk_inpcb *inp = tp->t_inp;
	struct rk_socket *so = inp->inp_socket;

	if (TCPS_HAVERCVDSYN(tp->t_state) && tp->t_state != TCPS_TIME_WAIT) {
		tp->t_state = TCPS_CLOSED;
		rk_tcp_respond(inp->inp_laddr, inp->inp_faddr, inp->inp_lport,
			       inp->inp_fport, tp->snd_nxt, tp->rcv_nxt,
			       TH_RST | TH_ACK, 0);
	}
	rk_tcpstat.drops++;
	if (error == RK_ETIMEDOUT && tp->t_softerror)
		error = tp->t_softerror;
	if (so)
		so->so_error = error;
	rk_tcp_close(tp);
}

void rk_tcp_respond(uint32_t src, uint32_t dst, uint16_t sport,
		    uint16_t dport, uint32_t seq, uint32_t ack, int flags,
		    uint32_t win)
{
	struct rk_mbuf *m = rk_m_get(TCP_HDR_LEN, RK_MHEADROOM);
	uint8_t *th;

	if (!m)
		return;
	th = m->m_data;
	rk_memset(th, 0, TCP_HDR_LEN);
	rk_memcpy(th, &sport, 2);
	rk_memcpy(th + 2, &dport, 2);
	rk_put32(th + 4, seq);
	rk_put32(th + 8, (flags & TH_ACK) ? ack : 0);
	th[12] = (TCP_HDR_LEN / 4) << 4;
	th[13] = (uint8_t)flags;
	rk_put16(th + 14, (uint16_t)RK_MIN(win, (uint32_t)TCP_MAXWIN));
	rk_put16(th + 16, rk_in_pseudo_cksum(m, 0, TCP_HDR_LEN, src, dst,
					     RK_IPPROTO_TCP));
	rk_ip_output(m, src, dst, RK_IPPROTO_TCP, NULL);
}

uint32_t rk_tcp_mss(uint32_t dst)
{
	int mtu = rk_ip_mtu(dst);

	return mtu > 40 + 64 ? (uint32_t)mtu - 40 : 64;
}

/* The smallest shift that lets the window cover the buffer. */
uint8_t rk_tcp_wscale(uint32_t hiwat)
{
	uint8_t s = 0;

	while (s < TCP_MAX_WINSHIFT && ((uint32_t)TCP_MAXWIN << s) < hiwat)
		s++;
	return s;
}

/* RFC 6928's initial window: 10 segments, here up to 14600 bytes. */
void rk_tcp_initcwnd(struct tcpcb *tp)
{
	tp->snd_cwnd = RK_MIN(10 * tp->t_maxseg,
			      RK_MAX(2 * tp->t_maxseg, 14600U));
}

void rk_tcp_settimer(struct tcpcb *tp, int which, int64_t ns)
{
	tp->t_timer[which] = ns ? rk_net_now() + ns : 0;
	if (ns)
		rk_net_timer_kick();
}

void rk_tcp_canceltimers(struct tcpcb *tp)
{
	int i;

	for (i = 0; i < TCPT_NTIMERS; i++)
		tp->t_timer[i] = 0;
}

int64_t rk_tcp_rexmtval(const struct tcpcb *tp)
{
	int64_t rto = tp->t_rto;
	int i;

	for (i = 0; i < tp->t_rxtshift && rto < TCP_RTO_MAX; i++)
		rto *= 2;
	return RK_MIN(RK_MAX(rto, TCP_RTO_MIN), TCP_RTO_MAX);
}

void rk_tcp_setpersist(struct tcpcb *tp)
{
	int64_t t = rk_tcp_rexmtval(tp);

	t = RK_MIN(RK_MAX(t, TCP_PERSMIN), TCP_PERSMAX);
	rk_tcp_settimer(tp, TCPT_PERSIST, t);
	if (tp->t_rxtshift < TCP_MAXRXTSHIFT)
		tp->t_rxtshift++;
}

/* RFC 6298 2.2-2.4 with a new measurement rtt (ns). */
void rk_tcp_xmit_timer(struct tcpcb *tp, int64_t rtt)
{
	int64_t d;

	if (rtt <= 0)
		rtt = 1000;
	if (tp->t_srtt == 0) {
		tp->t_srtt = rtt;
		tp->t_rttvar = rtt / 2;
	} else {
		d = tp->t_srtt - rtt;
		if (d < 0)
			d = -d;
		tp->t_rttvar = (3 * tp->t_rttvar + d) / 4;
		tp->t_srtt = (7 * tp->t_srtt + rtt) / 8;
	}
	tp->t_rto = tp->t_srtt + RK_MAX(TCP_NS(10), 4 * tp->t_rttvar);
	tp->t_rto = RK_MIN(RK_MAX(tp->t_rto, TCP_RTO_MIN), TCP_RTO_MAX);
	tp->t_rtttime = 0;
	tp->t_rxtshift = 0;
}

/* ---- timers ---- */

static void timer_rexmt(struct tcpcb *tp)
{
	uint32_t win;

	if (++tp->t_rxtshift > (tp->t_state == TCPS_SYN_SENT ?
				TCP_SYNMAXRXT : TCP_MAXRXTSHIFT)) {
		tp->t_rxtshift = TCP_MAXRXTSHIFT;
		rk_tcp_drop(tp, RK_ETIMEDOUT);
		return;
	}
	rk_tcp_settimer(tp, TCPT_REXMT, rk_tcp_rexmtval(tp));
	rk_tcpstat.rexmt_timeouts++;
	/* What the peer SACKed may be reneged: forget it (RFC 2018 8). */
	tp->t_nsacked = 0;
	tp->t_sack_high = tp->snd_una;
	/* Karn: no timing across a retransmission; RFC 6298 5.7 */
	tp->t_rtttime = 0;
	tp->snd_nxt = tp->snd_una;
	tp->t_flags &= ~TF_INRECOVERY;
	tp->t_dupacks = 0;
	/* RFC 5681 (4): ssthresh from the flight, window of one. */
	win = RK_MIN(tp->snd_wnd, tp->snd_cwnd) / 2;
	tp->snd_ssthresh = RK_MAX(win, 2 * tp->t_maxseg);
	tp->snd_cwnd = tp->t_maxseg;
	tp->snd_recover = tp->snd_max;
	rk_tcp_output(tp);
}

static void timer_persist(struct tcpcb *tp)
{
	rk_tcp_setpersist(tp);
	rk_tcpstat.persist_probes++;
	tp->t_flags |= TF_FORCE;
	rk_tcp_output(tp);
	tp->t_flags &= ~TF_FORCE;
}

static void timer_keep(struct tcpcb *tp, int64_t now)
{
	struct rk_inpcb *inp = tp->t_inp;
	struct rk_socket *so = inp->inp_socket;
	int64_t idle = now - tp->t_rcvtime;

	if (tp->t_state < TCPS_ESTABLISHED) {
		rk_tcp_drop(tp, RK_ETIMEDOUT);
		return;
	}
	if (!so || !(so->so_options & RUMP_SO_KEEPALIVE) ||
	    tp->t_state > TCPS_CLOSING) {
		rk_tcp_settimer(tp, TCPT_KEEP, (int64_t)tp->t_keepidle *
				1000000000LL);
		return;
	}
	if (idle >= ((int64_t)tp->t_keepidle + (int64_t)tp->t_keepcnt *
		     tp->t_keepintvl) * 1000000000LL) {
		rk_tcp_drop(tp, RK_ETIMEDOUT);
		return;
	}
	/* A probe: one below snd_una, so the peer must answer. */
	rk_tcpstat.keep_probes++;
	rk_tcp_respond(inp->inp_laddr, inp->inp_faddr, inp->inp_lport,
		       inp->inp_fport, tp->snd_una - 1, tp->rcv_nxt, TH_ACK, 0);
	rk_tcp_settimer(tp, TCPT_KEEP, (int64_t)tp->t_keepintvl * 1000000000LL);
}

static void timer_fire(struct tcpcb *tp, int which, int64_t now)
{
	tp->t_timer[which] = 0;
	switch (which) {
	case TCPT_REXMT:
		timer_rexmt(tp);
		break;
	case TCPT_PERSIST:
		timer_persist(tp);
		break;
	case TCPT_KEEP:
		timer_keep(tp, now);
		break;
	case TCPT_2MSL:
		rk_tcp_close(tp);
		break;
	case TCPT_DELACK:
		tp->t_flags |= TF_ACKNOW;
		rk_tcp_output(tp);
		break;
	}
}

bool rk_tcp_timer(int64_t now)
{
	struct tcpcb *tp, *next;
	bool more = false;
	int i;

	for (tp = rk_tcb_list; tp; tp = next) {
		next = tp->t_next;
		for (i = 0; i < TCPT_NTIMERS; i++) {
			if (tp->t_timer[i] && tp->t_timer[i] <= now) {
				timer_fire(tp, i, now);
				break;	/* tp may be gone; next tick */
			}
		}
	}
	for (tp = rk_tcb_list; tp && !more; tp = tp->t_next)
		for (i = 0; i < TCPT_NTIMERS; i++)
			if (tp->t_timer[i])
				more = true;
	return more;
}

void rk_tcp_ctlinput(int type, int code, uint32_t dst, const uint8_t *ip,
		     size_t len)
{
	size_t hlen = (size_t)(ip[0] & 0x0f) << 2;
	uint16_t sport = rk_get16n(ip + hlen), dport = rk_get16n(ip + hlen + 2);
	uint32_t src = rk_get32n(ip + 12), seq = rk_be32(ip + hlen + 4);
	struct rk_inpcb *inp;
	struct tcpcb *tp;

	(void)len;
	if (type != RK_ICMP_UNREACH && type != RK_ICMP_TIMXCEED)
		return;
	inp = rk_in_pcblookup(&rk_tcbtable, dst, dport, src, sport, false);
	if (!inp || !(tp = intotcpcb(inp)))
		return;
	/* RFC 5927: only for data we have in flight. */
	if (SEQ_LT(seq, tp->snd_una) || SEQ_GEQ(seq, tp->snd_max))
		return;
	if (tp->t_state == TCPS_SYN_SENT && type == RK_ICMP_UNREACH &&
	    (code == RK_ICMP_UNREACH_PORT || code == RK_ICMP_UNREACH_PROTOCOL))
		rk_tcp_drop(tp, RK_ECONNREFUSED);
	else
		tp->t_softerror = type == RK_ICMP_UNREACH &&
				  code == RK_ICMP_UNREACH_NET ?
				  RK_ENETUNREACH : RK_EHOSTUNREACH;
}
