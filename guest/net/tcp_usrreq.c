// SPDX-License-Identifier: BSD-2-Clause
/*
 * TCP's user requests (the protocol switch): attach, bind, listen,
 * connect, send, window updates after reads, shutdown, close, abort,
 * and the IPPROTO_TCP socket options.
 */
#include <rk/lib.h>
#include <rk/errno.h>
#include <rump/rumpdefs.h>

#include "tcp.h"
#include "uipc.h"

static int tcp_attach(struct rk_socket *so, int proto)
{
	struct rk_inpcb *inp;

	(void)proto;
	inp = rk_in_pcballoc(so, &rk_tcbtable, RK_IPPROTO_TCP);
	rk_tcp_newtcpcb(inp);
	return 0;
}

void rk_tcp_usrclosed(struct tcpcb *tp)
{
	struct rk_socket *so = tp->t_inp->inp_socket;

	switch (tp->t_state) {
	case TCPS_CLOSED:
	case TCPS_LISTEN:
	case TCPS_SYN_SENT:
		rk_tcp_close(tp);
		return;
	case TCPS_SYN_RECEIVED:
	case TCPS_ESTABLISHED:
		tp->t_state = TCPS_FIN_WAIT_1;
		break;
	case TCPS_CLOSE_WAIT:
		tp->t_state = TCPS_LAST_ACK;
		break;
	default:
		return;
	}
	if (so)
		rk_soisdisconnecting(so);
	rk_tcp_output(tp);
}

/* The user closed the socket. */
static void tcp_detach(struct rk_socket *so)
{
	struct tcpcb *tp = sototcpcb(so);

	if (!tp)
		return;
	/* Unread data: the peer must know it was not consumed (RFC 2525
	 * 2.17, RFC 1122 4.2.2.13). */
	if (so->so_rcv.sb_cc > 0 && TCPS_HAVEESTABLISHED(tp->t_state)) {
		rk_tcp_drop(tp, RK_ECONNRESET);
		return;
	}
	rk_socantrcvmore(so);
	rk_tcp_usrclosed(tp);
}

static void tcp_abort(struct rk_socket *so)
{
	struct tcpcb *tp = sototcpcb(so);

	if (tp)
		rk_tcp_drop(tp, RK_ECONNABORTED);
}

static int tcp_bind(struct rk_socket *so, uint32_t addr, uint16_t port)
{
	return rk_in_pcbbind(so->so_pcb, &rk_tcbtable, addr, port);
}

static int tcp_listen(struct rk_socket *so)
{
	struct rk_inpcb *inp = so->so_pcb;
	struct tcpcb *tp = intotcpcb(inp);
	int error = 0;

	if (tp->t_state != TCPS_CLOSED && tp->t_state != TCPS_LISTEN)
		return RK_EINVAL;
	if (inp->inp_lport == 0)
		error = rk_in_pcbbind(inp, &rk_tcbtable, RK_INADDR_ANY, 0);
	if (error == 0) {
		tp->t_state = TCPS_LISTEN;
		tp->t_flags |= TF_REQ_SCALE;
	}
	return error;
}

static int tcp_connect(struct rk_socket *so, uint32_t addr, uint16_t port)
{
	struct rk_inpcb *inp = so->so_pcb;
	struct tcpcb *tp = intotcpcb(inp);
	int error;

	if (tp->t_state != TCPS_CLOSED)
		return RK_EISCONN;
	if (addr == RK_INADDR_BCAST || rk_in_multicast(addr) ||
	    rk_in_broadcast(addr, NULL))
		return RK_EAFNOSUPPORT;
	error = rk_in_pcbconnect(inp, &rk_tcbtable, addr, port);
	if (error)
		return error;
	tp->t_flags |= TF_REQ_SCALE;
	tp->request_r_scale = rk_tcp_wscale(so->so_rcv.sb_hiwat);
	tp->iss = rk_tcp_iss(inp->inp_laddr, inp->inp_faddr, inp->inp_lport,
			     inp->inp_fport);
	tp->snd_una = tp->snd_nxt = tp->snd_max = tp->iss;
	tp->snd_recover = tp->iss;
	tp->t_maxseg = rk_tcp_mss(addr);
	tp->t_state = TCPS_SYN_SENT;
	rk_soisconnecting(so);
	rk_tcp_settimer(tp, TCPT_KEEP, (int64_t)tp->t_keepinit * 1000000000LL);
	rk_tcp_output(tp);
	return 0;
}

static int tcp_disconnect(struct rk_socket *so)
{
	(void)so;
	return RK_EOPNOTSUPP;
}

static int tcp_shutdown(struct rk_socket *so)
{
	struct tcpcb *tp = sototcpcb(so);

	rk_socantsendmore(so);
	if (tp)
		rk_tcp_usrclosed(tp);
	return 0;
}

static int tcp_send(struct rk_socket *so, struct rk_mbuf *m, uint32_t addr,
		    uint16_t port, int flags)
{
	struct tcpcb *tp = sototcpcb(so);
	int error;

	(void)addr;
	(void)port;
	if (!tp) {
		rk_m_freem(m);
		return RK_ECONNRESET;
	}
	rk_sbappend_stream(&so->so_snd, m);
	if (flags & RK_PRUS_MORETOCOME)
		tp->t_flags |= TF_MORETOCOME;
	error = rk_tcp_output(tp);
	tp = sototcpcb(so);
	if (tp)
		tp->t_flags &= ~TF_MORETOCOME;
	(void)error;
	return 0;
}

static void tcp_rcvd(struct rk_socket *so)
{
	struct tcpcb *tp = sototcpcb(so);

	if (tp && TCPS_HAVEESTABLISHED(tp->t_state))
		rk_tcp_output(tp);
}

static int opt_get(int v, void *val, size_t *len)
{
	rk_memcpy(val, &v, sizeof(v));
	*len = sizeof(v);
	return 0;
}

static int tcp_getopt(struct tcpcb *tp, int name, void *val, size_t *len)
{
	switch (name) {
	case RUMP_TCP_NODELAY:
		return opt_get((tp->t_flags & TF_NODELAY) != 0, val, len);
	case RUMP_TCP_MAXSEG:
		return opt_get((int)tp->t_maxseg, val, len);
	case RUMP_TCP_KEEPIDLE:
		return opt_get(tp->t_keepidle, val, len);
	case RUMP_TCP_KEEPINTVL:
		return opt_get(tp->t_keepintvl, val, len);
	case RUMP_TCP_KEEPCNT:
		return opt_get(tp->t_keepcnt, val, len);
	case RUMP_TCP_KEEPINIT:
		return opt_get(tp->t_keepinit, val, len);
	}
	return RK_ENOPROTOOPT;
}

/* The keepalive and connection-timeout knobs (seconds, count). */
static int tcp_setkeep(struct tcpcb *tp, int name, int v)
{
	if (v < 1 || v > 86400 * 30)
		return RK_EINVAL;
	if (name == RUMP_TCP_KEEPIDLE)
		tp->t_keepidle = v;
	else if (name == RUMP_TCP_KEEPINTVL)
		tp->t_keepintvl = v;
	else if (name == RUMP_TCP_KEEPCNT)
		tp->t_keepcnt = v;
	else
		tp->t_keepinit = v;
	if (name == RUMP_TCP_KEEPIDLE && TCPS_HAVEESTABLISHED(tp->t_state))
		rk_tcp_settimer(tp, TCPT_KEEP, (int64_t)v * 1000000000LL);
	return 0;
}

static int tcp_setopt(struct tcpcb *tp, int name, int v)
{
	switch (name) {
	case RUMP_TCP_NODELAY:
		if (v)
			tp->t_flags |= TF_NODELAY;
		else
			tp->t_flags &= ~TF_NODELAY;
		if (v && TCPS_HAVEESTABLISHED(tp->t_state))
			rk_tcp_output(tp);
		return 0;
	case RUMP_TCP_MAXSEG:
		if (v < 64 || v > 65535)
			return RK_EINVAL;
		tp->t_maxseg = RK_MIN(tp->t_maxseg, (uint32_t)v);
		return 0;
	case RUMP_TCP_KEEPIDLE:
	case RUMP_TCP_KEEPINTVL:
	case RUMP_TCP_KEEPCNT:
	case RUMP_TCP_KEEPINIT:
		return tcp_setkeep(tp, name, v);
	}
	return RK_ENOPROTOOPT;
}

static int tcp_ctloutput(struct rk_socket *so, bool set, int level, int name,
			 void *val, size_t *len)
{
	struct tcpcb *tp = sototcpcb(so);
	int v = 0;

	if (level == RUMP_IPPROTO_IP)
		return rk_ip_ctloutput(so, set, level, name, val, len);
	if (level != RUMP_IPPROTO_TCP || !tp)
		return RK_ENOPROTOOPT;
	if (!set)
		return tcp_getopt(tp, name, val, len);
	if (*len < sizeof(int))
		return RK_EINVAL;
	rk_memcpy(&v, val, sizeof(v));
	return tcp_setopt(tp, name, v);
}

const struct rk_protosw rk_tcp_protosw = {
	.pr_type = RUMP_SOCK_STREAM,
	.pr_protocol = RK_IPPROTO_TCP,
	.pr_attach = tcp_attach,
	.pr_detach = tcp_detach,
	.pr_bind = tcp_bind,
	.pr_listen = tcp_listen,
	.pr_connect = tcp_connect,
	.pr_disconnect = tcp_disconnect,
	.pr_shutdown = tcp_shutdown,
	.pr_send = tcp_send,
	.pr_rcvd = tcp_rcvd,
	.pr_abort = tcp_abort,
	.pr_ctloutput = tcp_ctloutput,
};
