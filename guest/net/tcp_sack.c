// SPDX-License-Identifier: BSD-2-Clause
/*
 * Selective acknowledgements (RFC 2018).  As receiver: the SACK blocks
 * an ACK carries while out-of-order data waits, the block of the latest
 * segment first.  As sender: a scoreboard of the ranges the peer holds,
 * used in loss recovery to retransmit the holes rather than only the
 * first unacknowledged segment (a simple form of RFC 6675's hole
 * search; the window is still NewReno's).
 */
#include <rk/lib.h>

#include "tcp.h"

struct rk_tcpstat rk_tcpstat;

static bool blk_contains(const struct sackblk *a, const struct sackblk *b)
{
	return SEQ_LEQ(a->start, b->start) && SEQ_GEQ(a->end, b->end);
}

/* The out-of-order data as ranges, coalesced; at most max. */
static int ooo_ranges(struct tcpcb *tp, struct sackblk *r, int max)
{
	struct tseg *q;
	int n = 0;

	for (q = tp->t_segq; q; q = q->ts_next) {
		if (n > 0 && r[n - 1].end == q->ts_seq) {
			r[n - 1].end += q->ts_len;
			continue;
		}
		if (n == max)
			break;
		r[n].start = q->ts_seq;
		r[n].end = q->ts_seq + q->ts_len;
		n++;
	}
	return n;
}

size_t rk_tcp_sack_options(struct tcpcb *tp, uint8_t *opt, size_t room)
{
	struct sackblk r[TCP_SACK_SCOREBOARD], out[TCP_SACK_MAXBLKS];
	int n, i, k = 0, first = -1;
	size_t len;

	if (!(tp->t_flags & TF_SACK_PERMIT) || !tp->t_segq || room < 12)
		return 0;
	n = ooo_ranges(tp, r, TCP_SACK_SCOREBOARD);
	/* RFC 2018 4: the block with the most recent segment first. */
	for (i = 0; i < n; i++)
		if (blk_contains(&r[i], &tp->t_lastooo))
			first = i;
	if (first >= 0)
		out[k++] = r[first];
	for (i = 0; i < n && k < TCP_SACK_MAXBLKS &&
	     (size_t)(4 + 8 * (k + 1)) <= room; i++)
		if (i != first)
			out[k++] = r[i];
	len = 0;
	opt[len++] = TCPOPT_NOP;
	opt[len++] = TCPOPT_NOP;
	opt[len++] = TCPOPT_SACK;
	opt[len++] = (uint8_t)(2 + 8 * k);
	for (i = 0; i < k; i++) {
		rk_put32(opt + len, out[i].start);
		rk_put32(opt + len + 4, out[i].end);
		len += 8;
	}
	rk_tcpstat.sack_blocks_out += (uint64_t)k;
	return len;
}

/* Drop what the cumulative ACK covers. */
void rk_tcp_sack_clean(struct tcpcb *tp)
{
	int i, k = 0;

	for (i = 0; i < tp->t_nsacked; i++) {
		struct sackblk b = tp->t_sacked[i];

		if (SEQ_LEQ(b.end, tp->snd_una))
			continue;
		if (SEQ_LT(b.start, tp->snd_una))
			b.start = tp->snd_una;
		tp->t_sacked[k++] = b;
	}
	tp->t_nsacked = k;
}

/* Merge one valid block into the sorted, disjoint scoreboard. */
static void sb_merge(struct tcpcb *tp, struct sackblk b)
{
	struct sackblk *s = tp->t_sacked;
	int i, k, n = tp->t_nsacked;

	for (i = 0; i < n;) {
		if (SEQ_LEQ(b.start, s[i].end) && SEQ_GEQ(b.end, s[i].start)) {
			b.start = SEQ_MIN(b.start, s[i].start);
			b.end = SEQ_MAX(b.end, s[i].end);
			for (k = i; k < n - 1; k++)
				s[k] = s[k + 1];
			n--;
		} else {
			i++;
		}
	}
	if (n == TCP_SACK_SCOREBOARD)
		n--;		/* forget the highest range */
	for (i = n; i > 0 && SEQ_GT(s[i - 1].start, b.start); i--)
		s[i] = s[i - 1];
	s[i] = b;
	tp->t_nsacked = n + 1;
}

void rk_tcp_sack_update(struct tcpcb *tp, const struct sackblk *b, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		/* RFC 2018: only blocks above snd_una, within what we
		 * sent, are meaningful; anything else is ignored. */
		if (!SEQ_LT(b[i].start, b[i].end) ||
		    SEQ_LEQ(b[i].start, tp->snd_una) ||
		    SEQ_GT(b[i].end, tp->snd_max))
			continue;
		rk_tcpstat.sack_blocks_in++;
		sb_merge(tp, b[i]);
	}
}

/*
 * The first sequence number at or after from that the peer does not
 * hold and that lies below the highest range it does hold: a hole.
 */
bool rk_tcp_sack_hole(struct tcpcb *tp, uint32_t from, uint32_t *seqp)
{
	int i;

	if (tp->t_nsacked == 0)
		return false;
	if (SEQ_LT(from, tp->snd_una))
		from = tp->snd_una;
	for (i = 0; i < tp->t_nsacked; i++) {
		if (SEQ_LT(from, tp->t_sacked[i].start)) {
			*seqp = from;
			return true;
		}
		if (SEQ_LT(from, tp->t_sacked[i].end))
			from = tp->t_sacked[i].end;
	}
	return false;
}

void rk_tcp_rexmit_at(struct tcpcb *tp, uint32_t seq)
{
	uint32_t onxt = tp->snd_nxt, cwnd = tp->snd_cwnd;

	tp->snd_nxt = seq;
	tp->snd_cwnd = (seq - tp->snd_una) + tp->t_maxseg;
	rk_tcpstat.rexmt_segs++;
	rk_tcp_output(tp);
	tp->snd_cwnd = cwnd;
	if (SEQ_GT(onxt, tp->snd_nxt))
		tp->snd_nxt = onxt;
}
