/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * TCP internals (RFC 9293): the control block, sequence arithmetic that
 * survives wrap-around (RFC 1982 style: compare by signed difference),
 * states with BSD's numbers, timers as monotonic deadlines checked by
 * the stack's tick.
 */
#ifndef RK_NET_TCP_H
#define RK_NET_TCP_H

#include "net.h"

#define SEQ_LT(a, b)	((int32_t)((uint32_t)(a) - (uint32_t)(b)) < 0)
#define SEQ_LEQ(a, b)	((int32_t)((uint32_t)(a) - (uint32_t)(b)) <= 0)
#define SEQ_GT(a, b)	((int32_t)((uint32_t)(a) - (uint32_t)(b)) > 0)
#define SEQ_GEQ(a, b)	((int32_t)((uint32_t)(a) - (uint32_t)(b)) >= 0)
#define SEQ_MAX(a, b)	(SEQ_GT(a, b) ? (a) : (b))
#define SEQ_MIN(a, b)	(SEQ_LT(a, b) ? (a) : (b))

enum {
	TCPS_CLOSED, TCPS_LISTEN, TCPS_SYN_SENT, TCPS_SYN_RECEIVED,
	TCPS_ESTABLISHED, TCPS_CLOSE_WAIT, TCPS_FIN_WAIT_1, TCPS_CLOSING,
	TCPS_LAST_ACK, TCPS_FIN_WAIT_2, TCPS_TIME_WAIT,
};
#define TCPS_HAVERCVDSYN(s)	((s) >= TCPS_SYN_RECEIVED)
#define TCPS_HAVEESTABLISHED(s)	((s) >= TCPS_ESTABLISHED)
#define TCPS_HAVERCVDFIN(s)	((s) == TCPS_CLOSE_WAIT || \
				 (s) == TCPS_CLOSING || \
				 (s) == TCPS_LAST_ACK || (s) == TCPS_TIME_WAIT)

#define TH_FIN	0x01
#define TH_SYN	0x02
#define TH_RST	0x04
#define TH_PUSH	0x08
#define TH_ACK	0x10
#define TH_URG	0x20

#define TCP_HDR_LEN	20
#define TCP_MAXWIN	65535
#define TCP_MAX_WINSHIFT 14
#define TCP_MSS_DEFAULT	536
#define TCPOPT_EOL	0
#define TCPOPT_NOP	1
#define TCPOPT_MAXSEG	2
#define TCPOPT_WINDOW	3
#define TCPOPT_SACK_PERMITTED 4
#define TCPOPT_SACK	5
#define TCP_SACK_MAXBLKS 4		/* per segment, no timestamps */
#define TCP_SACK_SCOREBOARD 8		/* ranges the sender remembers */

/* Timers. */
enum { TCPT_REXMT, TCPT_PERSIST, TCPT_KEEP, TCPT_2MSL, TCPT_DELACK,
       TCPT_NTIMERS };

#define TCP_NS(ms)		((int64_t)(ms) * 1000000LL)
#define TCP_RTO_INIT		TCP_NS(1000)
#define TCP_RTO_MIN		TCP_NS(200)
#define TCP_RTO_MAX		TCP_NS(60000)
#define TCP_PERSMIN		TCP_NS(200)
#define TCP_PERSMAX		TCP_NS(60000)
#define TCP_DELACK		TCP_NS(40)
#define TCP_MSL			TCP_NS(30000)
#define TCP_MAXRXTSHIFT		12
#define TCP_SYNMAXRXT		6
#define TCP_KEEPIDLE_DEF	7200	/* seconds */
#define TCP_KEEPINTVL_DEF	75
#define TCP_KEEPCNT_DEF		8
#define TCP_KEEPINIT_DEF	75

/* t_flags */
#define TF_ACKNOW	0x0001
#define TF_DELACK	0x0002
#define TF_NODELAY	0x0004
#define TF_SENTFIN	0x0008
#define TF_REQ_SCALE	0x0010
#define TF_RCVD_SCALE	0x0020
#define TF_INRECOVERY	0x0040
#define TF_FORCE	0x0080
#define TF_MORETOCOME	0x0100
#define TF_SACK_PERMIT	0x0200		/* both sides said SACK-permitted */

struct sackblk {
	uint32_t start, end;		/* [start, end) */
};

/* Counters (printed at halt with RUMP_NET_STATS=1). */
struct rk_tcpstat {
	uint64_t connects, accepts, drops, rexmt_timeouts, rexmt_segs;
	uint64_t fast_rexmits, partial_acks, sack_rexmits, dupacks;
	uint64_t ooo_segs, challenge_acks, persist_probes, keep_probes;
	uint64_t sack_blocks_in, sack_blocks_out;
};
extern struct rk_tcpstat rk_tcpstat;

struct tseg {				/* out-of-order data */
	uint32_t ts_seq;
	uint32_t ts_len;
	bool ts_fin;
	struct rk_mbuf *ts_m;
	struct tseg *ts_next;
};

struct tcpcb {
	struct rk_inpcb *t_inp;
	int t_state;
	int t_flags;
	uint32_t iss, irs;
	uint32_t snd_una, snd_nxt, snd_max, snd_wl1, snd_wl2;
	uint32_t snd_wnd, max_sndwnd;
	uint32_t snd_cwnd, snd_ssthresh, snd_recover;
	uint32_t rcv_nxt, rcv_adv;
	uint8_t snd_scale, rcv_scale, request_r_scale, requested_s_scale;
	uint32_t t_maxseg;		/* largest segment we send */
	int t_dupacks;
	int t_rxtshift;
	int64_t t_rtttime;		/* timing this segment; 0: none */
	uint32_t t_rtseq;
	int64_t t_srtt, t_rttvar, t_rto;
	int64_t t_timer[TCPT_NTIMERS];	/* deadlines, 0: off */
	int64_t t_rcvtime;		/* last segment received */
	int t_keepidle, t_keepintvl, t_keepcnt, t_keepinit;
	int t_softerror;
	int t_unacked;			/* full segments not yet acked */
	struct tseg *t_segq;
	int t_segqlen;
	struct sackblk t_lastooo;	/* latest out-of-order data (first
					   SACK block we report) */
	struct sackblk t_sacked[TCP_SACK_SCOREBOARD];	/* peer's SACKs */
	int t_nsacked;
	uint32_t t_sack_high;		/* retransmitted up to, recovery */
	struct tcpcb *t_next, **t_prevp;
};

#define intotcpcb(inp)	((struct tcpcb *)(inp)->inp_ppcb)
#define sototcpcb(so)	((so)->so_pcb ? intotcpcb((struct rk_inpcb *) \
					   (so)->so_pcb) : NULL)

struct tcpcb *rk_tcp_newtcpcb(struct rk_inpcb *inp);
/* Free tp and its pcb; the socket learns it is disconnected. */
void rk_tcp_close(struct tcpcb *tp);
/* Abort: RST if synchronised, so_error, close. */
void rk_tcp_drop(struct tcpcb *tp, int error);
int rk_tcp_output(struct tcpcb *tp);
/* A bare segment (ACK, RST, keepalive probe) with explicit numbers. */
void rk_tcp_respond(uint32_t src, uint32_t dst, uint16_t sport,
		    uint16_t dport, uint32_t seq, uint32_t ack, int flags,
		    uint32_t win);
uint32_t rk_tcp_iss(uint32_t src, uint32_t dst, uint16_t sport,
		    uint16_t dport);
void rk_tcp_settimer(struct tcpcb *tp, int which, int64_t ns);
void rk_tcp_canceltimers(struct tcpcb *tp);
int64_t rk_tcp_rexmtval(const struct tcpcb *tp);
void rk_tcp_setpersist(struct tcpcb *tp);
void rk_tcp_xmit_timer(struct tcpcb *tp, int64_t rtt);
/* The MSS to announce / to use for a destination. */
uint32_t rk_tcp_mss(uint32_t dst);
uint8_t rk_tcp_wscale(uint32_t hiwat);
/* User closed the sending side. */
void rk_tcp_usrclosed(struct tcpcb *tp);
void rk_tcp_freeq(struct tcpcb *tp);
void rk_tcp_initcwnd(struct tcpcb *tp);
/* SACK (tcp_sack.c): the blocks to report, the peer's blocks, the next
 * hole to retransmit. */
size_t rk_tcp_sack_options(struct tcpcb *tp, uint8_t *opt, size_t room);
void rk_tcp_sack_update(struct tcpcb *tp, const struct sackblk *b, int n);
void rk_tcp_sack_clean(struct tcpcb *tp);
bool rk_tcp_sack_hole(struct tcpcb *tp, uint32_t from, uint32_t *seqp);
/* Send one segment's worth at seq (a retransmission). */
void rk_tcp_rexmit_at(struct tcpcb *tp, uint32_t seq);

extern struct tcpcb *rk_tcb_list;

#endif /* RK_NET_TCP_H */
