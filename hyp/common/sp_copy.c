// SPDX-License-Identifier: BSD-2-Clause
/*
 * The server's requests to a client: copyin, copyinstr, copyout,
 * copyoutstr, anonmmap, raise (the rumpuser_sp_* hypercalls).  A guest
 * thread sends its request with a fresh request number and sleeps; the
 * connection's reader routes the answer by that number straight into
 * the thread's buffer.  A client that answers wrongly costs the call an
 * EFAULT; one that does not answer within copy_timeout_ns, or vanishes,
 * loses its connection, and the waiting thread returns EFAULT.
 */
#include "sp_int.h"

static struct sp_wait **find_wait(struct sp_conn *c, sp_u64 reqno)
{
	struct sp_wait **wp;

	for (wp = &c->waits; *wp; wp = &(*wp)->next)
		if ((*wp)->reqno == reqno)
			return wp;
	return NULL;
}

/* The reader thread: an answer (RESP or ERROR) to one of our requests. */
int sp_route_response(struct sp_conn *c, const struct sp_hdr *h,
		      sp_size_t body)
{
	struct sp_server *srv = c->srv;
	struct sp_wait **wp, *w = NULL;
	int error;

	sp_lock(srv, c->lock);
	wp = find_wait(c, h->reqno);
	if (wp && (*wp)->state == SP_WS_WAIT)
		w = *wp;
	if (w && (h->class == SP_ERROR || body > w->len ||
		  (w->exact && body != w->len))) {
		w->error = RV_EFAULT;
		w->state = SP_WS_DONE;
		sp_broadcast(srv, c->cv);
		w = NULL;
	} else if (w) {
		w->state = SP_WS_RECV;
	}
	sp_unlock(srv, c->lock);
	/* Late (timed out) or unknown answers are dropped. */
	if (!w)
		return sp_skip(c, body);
	error = sp_recv_all(c, w->buf, body);
	sp_lock(srv, c->lock);
	w->got = body;
	w->error = error ? RV_EFAULT : 0;
	w->state = SP_WS_DONE;
	sp_broadcast(srv, c->cv);
	sp_unlock(srv, c->lock);
	return error;
}

/* A new request number, or 0 when the client is gone. */
static sp_u64 next_reqno(struct sp_conn *c, struct sp_wait *w)
{
	struct sp_server *srv = c->srv;
	sp_u64 reqno = 0;

	sp_lock(srv, c->lock);
	if (c->state != SP_CS_DYING) {
		reqno = c->nextreq++;
		if (w) {
			w->reqno = reqno;
			w->next = c->waits;
			c->waits = w;
		}
	}
	sp_unlock(srv, c->lock);
	return reqno;
}

/* The client takes too long or the host cancels: end the connection. */
static void give_up(struct sp_conn *c, const char *why)
{
	struct sp_server *srv = c->srv;

	sp_unlock(srv, c->lock);
	sp_log(srv, why);
	sp_conn_kill(c);
	sp_lock(srv, c->lock);
}

/*
 * Sleep until the answer is in; c->lock held.  Never leaves while the
 * reader is still writing into w->buf: after giving up on the client
 * it waits (without a timeout) for the reader, which the shut
 * connection ends at once.
 */
static int await(struct sp_conn *c, struct sp_wait *w, int error)
{
	struct sp_server *srv = c->srv;
	sp_u64 deadline = srv->ops->now_ns(srv->host) + srv->p.copy_timeout_ns;

	while (w->state != SP_WS_DONE) {
		sp_u64 now;

		if (w->state == SP_WS_WAIT && (error || c->state == SP_CS_DYING))
			return error ?: RV_EFAULT;
		now = srv->ops->now_ns(srv->host);
		if (!error && now >= deadline) {
			give_up(c, "sp: a client did not answer a copy request "
				   "in time; disconnecting it");
			error = RV_ETIMEDOUT;
			continue;
		}
		if (sp_wait(srv, c->cv, c->lock, error ? 0 : deadline - now) ==
		    SP_WAIT_CANCELLED && !error) {
			give_up(c, "sp: copy request cancelled");
			error = RV_EINTR;
		}
	}
	return error ?: w->error;
}

/* Send a request and wait for its answer (len bytes into buf). */
static int ask(struct sp_conn *c, int type, const void *body,
	       sp_size_t bodylen, void *buf, sp_size_t len, int exact,
	       sp_size_t *got)
{
	struct sp_server *srv = c->srv;
	struct sp_wait w = { .buf = buf, .len = len, .exact = exact };
	struct sp_hdr h = { .len = SP_HDRSZ + bodylen, .class = SP_REQ,
			    .type = type };
	struct sp_iov iov[2] = { { &h, SP_HDRSZ }, { body, bodylen } };
	struct sp_wait **wp;
	int error;

	h.reqno = next_reqno(c, &w);
	if (h.reqno == 0)
		return RV_EFAULT;
	error = sp_send(c, iov, 2);
	sp_lock(srv, c->lock);
	error = await(c, &w, error);
	wp = find_wait(c, w.reqno);
	if (wp)
		*wp = w.next;
	sp_unlock(srv, c->lock);
	if (got)
		*got = w.got;
	return error;
}

/* A request without an answer: COPYOUT*, RAISE. */
static int tell(struct sp_conn *c, int type, sp_u32 word,
		const struct sp_copydata *cd, const void *data)
{
	struct sp_hdr h = { .class = SP_REQ, .type = type, .word = word };
	struct sp_iov iov[3] = { { &h, SP_HDRSZ }, { cd, 0 }, { data, 0 } };

	h.reqno = next_reqno(c, NULL);
	if (h.reqno == 0)
		return RV_EFAULT;
	if (cd) {
		iov[1].len = sizeof(*cd);
		iov[2].len = cd->len;
	}
	h.len = SP_HDRSZ + iov[1].len + iov[2].len;
	return sp_send(c, iov, cd ? 3 : 1);
}

static sp_size_t chunk(sp_size_t len)
{
	return len < SP_MAX_COPY ? len : SP_MAX_COPY;
}

/* A client's address is a number in its address space, not a pointer of
 * ours: it is only ever sent back, never dereferenced or offset here. */
static sp_u64 uaddr_of(const void *uaddr)
{
	return (sp_u64)(unsigned long)uaddr;
}

int sp_copyin(void *client, const void *uaddr, void *kaddr, sp_size_t len)
{
	struct sp_conn *c = client;
	sp_u64 u = uaddr_of(uaddr);
	char *k = kaddr;
	int nlocks, error = 0;

	sp_g_unsched(c->srv, &nlocks);
	while (len > 0 && !error) {
		struct sp_copydata cd = { chunk(len), u };

		error = ask(c, SP_COPYIN, &cd, sizeof(cd), k, cd.len, 1, NULL);
		u += cd.len;
		k += cd.len;
		len -= cd.len;
	}
	sp_g_sched(c->srv, nlocks);
	return error ? RV_EFAULT : 0;
}

/* *lenp: in, the most to fetch; out, what the client sent.  The
 * caller looks for the NUL. */
int sp_copyinstr(void *client, const void *uaddr, void *kaddr,
		 sp_size_t *lenp)
{
	struct sp_conn *c = client;
	struct sp_copydata cd = { chunk(*lenp), uaddr_of(uaddr) };
	int nlocks, error;

	sp_g_unsched(c->srv, &nlocks);
	error = ask(c, SP_COPYINSTR, &cd, sizeof(cd), kaddr, cd.len, 0, lenp);
	sp_g_sched(c->srv, nlocks);
	return error ? RV_EFAULT : 0;
}

static int copyout(struct sp_conn *c, int type, const void *kaddr,
		   void *uaddr, sp_size_t len)
{
	const char *k = kaddr;
	sp_u64 u = uaddr_of(uaddr);
	int nlocks, error = 0;

	sp_g_unsched(c->srv, &nlocks);
	do {
		struct sp_copydata cd = { chunk(len), u };

		error = tell(c, type, 0, &cd, k);
		u += cd.len;
		k += cd.len;
		len -= cd.len;
	} while (len > 0 && !error);
	sp_g_sched(c->srv, nlocks);
	return error ? RV_EFAULT : 0;
}

int sp_copyout(void *client, const void *kaddr, void *uaddr, sp_size_t len)
{
	if (len == 0)
		return 0;
	return copyout(client, SP_COPYOUT, kaddr, uaddr, len);
}

int sp_copyoutstr(void *client, const void *kaddr, void *uaddr,
		  sp_size_t *lenp)
{
	if (*lenp == 0)
		return 0;
	return copyout(client, SP_COPYOUTSTR, kaddr, uaddr, *lenp);
}

int sp_anonmmap(void *client, sp_size_t len, void **addr)
{
	struct sp_conn *c = client;
	sp_u64 size = len, where = 0;
	int nlocks, error;

	sp_g_unsched(c->srv, &nlocks);
	error = ask(c, SP_ANONMMAP, &size, sizeof(size), &where,
		    sizeof(where), 1, NULL);
	sp_g_sched(c->srv, nlocks);
	if (error)
		return RV_EFAULT;
	if (where == 0)
		return RV_ENOMEM;
	*addr = (void *)(unsigned long)where;
	return 0;
}

int sp_raise(void *client, int sig)
{
	struct sp_conn *c = client;
	int nlocks, error;

	sp_g_unsched(c->srv, &nlocks);
	error = tell(c, SP_RAISE, (sp_u32)sig, NULL, NULL);
	sp_g_sched(c->srv, nlocks);
	return error;
}
