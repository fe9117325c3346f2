// SPDX-License-Identifier: BSD-2-Clause
/*
 * One client connection: its reader thread, the handshakes (GUEST, FORK,
 * EXEC), PREFORK, system calls handed to workers, and the end of the
 * connection.  Frames are checked by sp_proto.c before anything acts on
 * them; a frame that cannot be trusted ends only its own connection.
 *
 * Lifetime: `active` counts the reader and the system calls queued or
 * running; the last one to finish releases the client's process.
 * `refs` counts the connection itself and the PREFORKs copied from it;
 * the last one frees the memory.
 */
#include "sp_int.h"

int sp_send(struct sp_conn *c, const struct sp_iov *iov, int n)
{
	struct sp_server *srv = c->srv;
	int error;

	sp_lock(srv, c->sendlock);
	error = srv->ops->send(srv->host, c->hconn, iov, n);
	sp_unlock(srv, c->sendlock);
	if (error)
		sp_conn_kill(c);
	return error;
}

static int send_frame(struct sp_conn *c, sp_u64 reqno, int class, int type,
		      sp_u32 word, const void *body, sp_size_t len)
{
	struct sp_hdr h = {
		.len = SP_HDRSZ + len, .reqno = reqno, .class = class,
		.type = type, .word = word,
	};
	struct sp_iov iov[2] = { { &h, SP_HDRSZ }, { body, len } };

	return sp_send(c, iov, len ? 2 : 1);
}

int sp_send_error(struct sp_conn *c, sp_u64 reqno, enum sp_err err)
{
	__atomic_add_fetch(&c->srv->refused, 1, __ATOMIC_RELAXED);
	return send_frame(c, reqno, SP_ERROR, 0, err, NULL, 0);
}

static int send_hsresp(struct sp_conn *c, sp_u64 reqno, int error)
{
	return send_frame(c, reqno, SP_RESP, SP_HANDSHAKE, 0, &error,
			  sizeof(error));
}

int sp_recv_all(struct sp_conn *c, void *buf, sp_size_t len)
{
	struct sp_server *srv = c->srv;
	char *p = buf;

	while (len > 0) {
		long n = srv->ops->recv(srv->host, c->hconn, p, len);

		if (n <= 0)
			return n == 0 ? RV_EIO : (int)-n;
		p += n;
		len -= (sp_size_t)n;
	}
	return 0;
}

/* Read and drop len bytes of a body we do not keep. */
int sp_skip(struct sp_conn *c, sp_size_t len)
{
	char scratch[256];
	int error = 0;

	while (len > 0 && !error) {
		sp_size_t n = len < sizeof(scratch) ? len : sizeof(scratch);

		error = sp_recv_all(c, scratch, n);
		len -= n;
	}
	return error;
}

/* The client is gone or must go: wake its waiters, shut the wire. */
void sp_conn_kill(struct sp_conn *c)
{
	struct sp_server *srv = c->srv;

	sp_lock(srv, c->lock);
	c->state = SP_CS_DYING;
	sp_broadcast(srv, c->cv);
	sp_unlock(srv, c->lock);
	srv->ops->shutdown(srv->host, c->hconn);
}

void sp_conn_rele(struct sp_conn *c)
{
	struct sp_server *srv = c->srv;
	const struct sp_host_ops *ops = srv->ops;
	unsigned left;

	if (c->lock) {
		sp_lock(srv, c->lock);
		left = --c->refs;
		sp_unlock(srv, c->lock);
		if (left)
			return;
	}
	if (c->hconn)
		ops->close(srv->host, c->hconn);
	if (c->cv)
		ops->cond_free(srv->host, c->cv);
	if (c->sendlock)
		ops->lock_free(srv->host, c->sendlock);
	if (c->lock)
		ops->lock_free(srv->host, c->lock);
	sp_free(srv, c, sizeof(*c));
}

/* A thread stops working for the client; the last ends its process. */
void sp_conn_unactive(struct sp_conn *c)
{
	struct sp_server *srv = c->srv;
	unsigned left;

	sp_lock(srv, c->lock);
	left = --c->active;
	sp_broadcast(srv, c->cv);
	sp_unlock(srv, c->lock);
	if (left)
		return;
	if (c->mainlwp) {
		sp_g_switch(srv, c->mainlwp);
		sp_g_release(srv);
		c->mainlwp = NULL;
	}
	sp_server_unlink(srv, c);
	sp_conn_rele(c);
}

/* The client's process, the first thing a GUEST handshake makes. */
static int hs_guest(struct sp_conn *c, sp_u64 reqno, sp_size_t len)
{
	struct sp_server *srv = c->srv;
	char *comm = sp_zalloc(srv, SP_MAX_COMM + 1);
	int error;

	if (!comm)
		return sp_send_error(c, reqno, SP_ERR_NOMEM) ?: RV_ENOMEM;
	error = sp_recv_all(c, comm, len);
	if (!error) {
		/* A fresh process with no descriptors, as NetBSD's. */
		error = sp_g_rfork(srv, c, SP_RFFD_CLEAR,
				   comm[0] ? comm : "rumpclient");
		if (error)
			(void)sp_send_error(c, reqno, SP_ERR_RFORK_FAILED);
	}
	sp_free(srv, comm, SP_MAX_COMM + 1);
	if (error)
		return error;
	/*
	 * rfork left us running the new process's lwp: note it and let go
	 * of it.  Switching to an lwp that is already running is a panic in
	 * NetBSD's rump kernel.
	 */
	c->mainlwp = sp_g_curlwp(srv);
	sp_g_switch(srv, NULL);
	return 0;
}

/*
 * A child after fork(): take over the process PREFORK copied.  That
 * copy names the parent's connection, so it is copied once more (its
 * descriptor table shared) under ours, and released.
 */
static int hs_fork(struct sp_conn *c, sp_u64 reqno)
{
	struct sp_server *srv = c->srv;
	struct sp_hsfork f;
	struct sp_prefork *pf;
	int error;

	error = sp_recv_all(c, &f, sizeof(f));
	if (error)
		return error;
	pf = sp_prefork_take(srv, f.auth);
	if (!pf) {
		(void)sp_send_error(c, reqno, SP_ERR_INVALID_PREFORK);
		return RV_ESRCH;
	}
	if (f.cancel) {
		sp_prefork_release(srv, pf);
		return RV_ESRCH;	/* no answer; the connection ends */
	}
	sp_g_switch(srv, pf->lwp);
	error = sp_g_rfork(srv, c, SP_RFFD_SHARE, NULL);
	if (error) {
		/* Still running the copy's lwp: it is released below. */
		(void)sp_send_error(c, reqno, SP_ERR_RFORK_FAILED);
	} else {
		/* Running the new lwp: back to the copy's, to release it. */
		c->mainlwp = sp_g_curlwp(srv);
		sp_g_switch(srv, pf->lwp);
	}
	sp_g_release(srv);
	pf->lwp = NULL;
	sp_prefork_release(srv, pf);
	return error;
}

static int handshake(struct sp_conn *c, const struct sp_hdr *h,
		     sp_size_t len)
{
	struct sp_server *srv = c->srv;
	int error;

	if (h->word == SP_HS_GUEST)
		error = hs_guest(c, h->reqno, len);
	else
		error = hs_fork(c, h->reqno);
	if (error)
		return error;
	sp_g_switch(srv, c->mainlwp);
	c->pid = sp_g_getpid(srv);
	sp_g_switch(srv, NULL);
	c->handshaken = 1;
	sp_lock(srv, c->lock);
	if (c->state == SP_CS_NEW)
		c->state = SP_CS_RUNNING;
	sp_unlock(srv, c->lock);
	return send_hsresp(c, h->reqno, 0);
}

/* An exec is waiting for the client's calls (a worker clears it). */
static int in_exec(struct sp_conn *c)
{
	int inexec;

	sp_lock(c->srv, c->lock);
	inexec = c->inexec;
	sp_unlock(c->srv, c->lock);
	return inexec;
}

/* Copy the client's process now; the auth words name the copy. */
static int prefork(struct sp_conn *c, const struct sp_hdr *h, sp_size_t len)
{
	struct sp_server *srv = c->srv;
	struct sp_prefork *pf;
	sp_u32 auth[SP_AUTHWORDS];
	int error = sp_skip(c, len);

	if (error)
		return error;
	if (in_exec(c)) {
		(void)sp_send_error(c, h->reqno, SP_ERR_INEXEC);
		return RV_EBUSY;
	}
	pf = sp_zalloc(srv, sizeof(*pf));
	if (!pf)
		return sp_send_error(c, h->reqno, SP_ERR_NOMEM);
	/* The main lwp is ours: workers use lwps of their own. */
	sp_g_switch(srv, c->mainlwp);
	error = sp_g_rfork(srv, c, SP_RFFD_COPY, NULL);
	if (!error)
		pf->lwp = sp_g_curlwp(srv);
	sp_g_switch(srv, NULL);
	if (error) {
		sp_free(srv, pf, sizeof(*pf));
		return sp_send_error(c, h->reqno, SP_ERR_RFORK_FAILED);
	}
	srv->ops->random(srv->host, auth, sizeof(auth));
	__builtin_memcpy(pf->auth, auth, sizeof(auth));
	pf->parent = c;
	sp_lock(srv, c->lock);
	c->refs++;
	c->npreforks++;
	sp_unlock(srv, c->lock);
	error = sp_prefork_add(srv, pf);
	if (error) {
		sp_prefork_release(srv, pf);
		return sp_send_error(c, h->reqno, SP_ERR_NOMEM);
	}
	/* Once in the table pf is the child's to take: send our copy. */
	return send_frame(c, h->reqno, SP_RESP, SP_PREFORK, 0, auth,
			  sizeof(auth));
}

/* Hand a system call or an exec to a worker. */
static int queue(struct sp_conn *c, const struct sp_hdr *h, sp_size_t len,
		 int kind)
{
	struct sp_server *srv = c->srv;
	struct sp_work *w;
	int busy, error;

	sp_lock(srv, c->lock);
	busy = c->inflight >= srv->p.max_inflight;
	sp_unlock(srv, c->lock);
	w = busy ? NULL : sp_zalloc(srv, sizeof(*w));
	if (!w) {
		error = sp_skip(c, len);
		return error ?: sp_send_error(c, h->reqno, SP_ERR_TRYAGAIN);
	}
	error = sp_recv_all(c, &w->u, len);
	if (error) {
		sp_free(srv, w, sizeof(*w));
		return error;
	}
	w->conn = c;
	w->reqno = h->reqno;
	w->kind = kind;
	w->word = h->word;
	sp_lock(srv, c->lock);
	c->inflight++;
	c->active++;
	if (kind == SP_W_EXEC)
		c->inexec = 1;
	sp_unlock(srv, c->lock);
	sp_queue_work(srv, w);
	return 0;
}

static int request(struct sp_conn *c, const struct sp_hdr *h, sp_size_t len)
{
	switch (h->type) {
	case SP_HANDSHAKE:
		if (!c->handshaken)
			return handshake(c, h, len);
		if (in_exec(c)) {
			(void)sp_send_error(c, h->reqno, SP_ERR_INEXEC);
			return RV_EBUSY;
		}
		return queue(c, h, len, SP_W_EXEC);
	case SP_PREFORK:
		return prefork(c, h, len);
	default:
		return queue(c, h, len, SP_W_SYSCALL);
	}
}

/* One frame; non-zero ends the connection. */
static int one_frame(struct sp_conn *c)
{
	struct sp_hdr h;
	struct sp_check ck;
	int error = sp_recv_all(c, &h, SP_HDRSZ);

	if (error)
		return error;
	ck = sp_check_server(&h, c->handshaken);
	switch (ck.verdict) {
	case SP_V_CLOSE:
		(void)sp_send_error(c, h.reqno, ck.err);
		return RV_EINVAL;
	case SP_V_REFUSE:
		error = sp_skip(c, ck.bodylen);
		return error ?: sp_send_error(c, h.reqno, ck.err);
	case SP_V_OK:
		break;
	}
	if (h.class == SP_REQ)
		return request(c, &h, ck.bodylen);
	return sp_route_response(c, &h, ck.bodylen);
}

static void reader(void *arg)
{
	struct sp_conn *c = arg;
	struct sp_server *srv = c->srv;
	struct sp_iov banner = { srv->banner, srv->bannerlen };

	if (sp_send(c, &banner, 1) == 0)
		while (one_frame(c) == 0)
			;
	sp_conn_kill(c);
	/* Blocking calls of the process may end now (NetBSD: lwpexit). */
	if (c->mainlwp && !in_exec(c)) {
		sp_g_switch(srv, c->mainlwp);
		sp_g_lwpexit(srv);
		sp_g_switch(srv, NULL);
	}
	sp_conn_unactive(c);
	sp_thread_done(srv);
}

int sp_conn_start(struct sp_server *srv, struct sp_conn *c)
{
	int error = srv->ops->thread_start(srv->host, reader, c,
					   "rumpsp-reader");

	if (error) {
		sp_conn_kill(c);
		sp_conn_unactive(c);
		sp_thread_done(srv);
	}
	return error;
}

static void run_syscall(struct sp_work *w)
{
	struct sp_conn *c = w->conn;
	struct sp_server *srv = c->srv;
	struct sp_sysresp r = { 0, 0, { 0, 0 } };
	long rv[2] = { 0, 0 };

	r.error = sp_g_newlwp(srv, c->pid);
	if (r.error == 0) {
		r.error = sp_g_syscall(srv, (int)w->word, w->u.args, rv);
		sp_g_release(srv);
	} else {
		rv[0] = -1;
	}
	r.retval[0] = rv[0];
	r.retval[1] = rv[1];
	(void)send_frame(c, w->reqno, SP_RESP, SP_SYSCALL, 0, &r, sizeof(r));
}

/* exec: wait for the client's other calls to end, rename the process. */
static void run_exec(struct sp_work *w)
{
	struct sp_conn *c = w->conn;
	struct sp_server *srv = c->srv;
	int dying;

	sp_lock(srv, c->lock);
	while (c->inflight > 1 && c->state != SP_CS_DYING)
		(void)sp_wait(srv, c->cv, c->lock, 0);
	dying = c->state == SP_CS_DYING;
	sp_unlock(srv, c->lock);
	if (dying)
		return;
	sp_g_switch(srv, c->mainlwp);
	sp_g_execnotify(srv, w->u.comm[0] ? w->u.comm : "rumpclient");
	sp_g_switch(srv, NULL);
	sp_lock(srv, c->lock);
	c->inexec = 0;
	sp_unlock(srv, c->lock);
	(void)send_hsresp(c, w->reqno, 0);
}

void sp_run_work(struct sp_work *w)
{
	struct sp_conn *c = w->conn;
	struct sp_server *srv = c->srv;
	int dying;

	sp_lock(srv, c->lock);
	dying = c->state == SP_CS_DYING;
	sp_unlock(srv, c->lock);
	/* Nobody would hear the answer of a call for a client gone. */
	if (!dying) {
		if (w->kind == SP_W_SYSCALL)
			run_syscall(w);
		else
			run_exec(w);
	}
	sp_lock(srv, c->lock);
	c->inflight--;
	sp_broadcast(srv, c->cv);
	sp_unlock(srv, c->lock);
	sp_free(srv, w, sizeof(*w));
	sp_conn_unactive(c);
}
