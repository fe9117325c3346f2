// SPDX-License-Identifier: BSD-2-Clause
/*
 * The syscall proxy server: lifecycle, accounting, the worker pool and
 * the PREFORK table.  One lock (srv->lock) covers the connection list,
 * the work queue, the PREFORKs and the thread counts.
 */
#include "sp_int.h"

static const struct sp_params defaults = {
	.copy_timeout_ns = 30 * SP_NSEC,
	.max_conns = 256,
	.max_inflight = 64,
	.max_workers = 256,
	.max_preforks = 128,
	.prefork_ttl_ns = 60 * SP_NSEC,
};

void *sp_zalloc(struct sp_server *srv, sp_size_t len)
{
	void *p = srv->ops->alloc(srv->host, len);
	sp_u64 now, peak;

	if (!p)
		return NULL;
	sp_memzero(p, len);
	now = __atomic_add_fetch(&srv->bytes, len, __ATOMIC_RELAXED);
	peak = __atomic_load_n(&srv->peak, __ATOMIC_RELAXED);
	while (now > peak &&
	       !__atomic_compare_exchange_n(&srv->peak, &peak, now, 0,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
	return p;
}

void sp_free(struct sp_server *srv, void *p, sp_size_t len)
{
	if (!p)
		return;
	__atomic_sub_fetch(&srv->bytes, len, __ATOMIC_RELAXED);
	srv->ops->free(srv->host, p, len);
}

void sp_log(struct sp_server *srv, const char *msg)
{
	if (srv->ops->log)
		srv->ops->log(srv->host, msg);
}

static void merge_params(struct sp_params *p, const struct sp_params *in)
{
	*p = defaults;
	if (!in)
		return;
	if (in->copy_timeout_ns)
		p->copy_timeout_ns = in->copy_timeout_ns;
	if (in->max_conns)
		p->max_conns = in->max_conns;
	if (in->max_inflight)
		p->max_inflight = in->max_inflight;
	if (in->max_workers)
		p->max_workers = in->max_workers;
	if (in->max_preforks)
		p->max_preforks = in->max_preforks;
	if (in->prefork_ttl_ns)
		p->prefork_ttl_ns = in->prefork_ttl_ns;
}

static void server_free_sync(const struct sp_host_ops *ops, void *host,
			     struct sp_server *srv)
{
	if (srv->donecv)
		ops->cond_free(host, srv->donecv);
	if (srv->workcv)
		ops->cond_free(host, srv->workcv);
	if (srv->lock)
		ops->lock_free(host, srv->lock);
}

int sp_server_new(const struct sp_host_ops *ops, void *host,
		  const struct rumpuser_hyperup *up,
		  const struct sp_params *params, const char *banner,
		  struct sp_server **srvp)
{
	struct sp_server *srv = ops->alloc(host, sizeof(*srv));
	sp_size_t n;

	if (!srv)
		return RV_ENOMEM;
	sp_memzero(srv, sizeof(*srv));
	srv->ops = ops;
	srv->host = host;
	srv->up = up;
	merge_params(&srv->p, params);
	for (n = 0; banner[n] && n < SP_BANNER_MAX; n++)
		srv->banner[n] = banner[n];
	srv->bannerlen = n;
	srv->worktail = &srv->workq;
	srv->lock = ops->lock_new(host);
	srv->workcv = ops->cond_new(host);
	srv->donecv = ops->cond_new(host);
	if (!srv->lock || !srv->workcv || !srv->donecv) {
		server_free_sync(ops, host, srv);
		ops->free(host, srv, sizeof(*srv));
		return RV_ENOMEM;
	}
	*srvp = srv;
	return 0;
}

static struct sp_conn *conn_new(struct sp_server *srv, void *hconn)
{
	struct sp_conn *c = sp_zalloc(srv, sizeof(*c));

	if (!c)
		return NULL;
	c->srv = srv;
	c->hconn = hconn;
	c->lock = srv->ops->lock_new(srv->host);
	c->sendlock = srv->ops->lock_new(srv->host);
	c->cv = srv->ops->cond_new(srv->host);
	if (!c->lock || !c->sendlock || !c->cv) {
		c->hconn = NULL;	/* the caller closes it */
		c->refs = 1;
		sp_conn_rele(c);
		return NULL;
	}
	c->refs = 1;		/* the connection */
	c->active = 1;		/* its reader */
	c->nextreq = 1;
	return c;
}

int sp_server_accept(struct sp_server *srv, void *hconn)
{
	struct sp_conn *c = NULL;
	int error = RV_EBUSY;

	sp_lock(srv, srv->lock);
	if (!srv->stopping && srv->nconns < srv->p.max_conns) {
		c = conn_new(srv, hconn);
		error = c ? 0 : RV_ENOMEM;
	}
	if (c) {
		c->next = srv->conns;
		if (srv->conns)
			srv->conns->prev = c;
		srv->conns = c;
		srv->nconns++;
		srv->nthreads++;
		srv->accepted++;
	}
	sp_unlock(srv, srv->lock);
	if (!c) {
		srv->ops->close(srv->host, hconn);
		return error;
	}
	return sp_conn_start(srv, c);
}

void sp_server_unlink(struct sp_server *srv, struct sp_conn *c)
{
	sp_lock(srv, srv->lock);
	if (c->prev)
		c->prev->next = c->next;
	else if (srv->conns == c)
		srv->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->next = c->prev = NULL;
	srv->nconns--;
	sp_unlock(srv, srv->lock);
}

/* A thread of the engine ends: it must not touch srv afterwards. */
void sp_thread_done(struct sp_server *srv)
{
	sp_lock(srv, srv->lock);
	srv->nthreads--;
	sp_broadcast(srv, srv->donecv);
	sp_unlock(srv, srv->lock);
}

/* Wait for work; NULL when this worker should end.  srv->lock held. */
static struct sp_work *worker_next(struct sp_server *srv)
{
	struct sp_work *w;
	int rc;

	while (!srv->workq && !srv->stopping) {
		srv->nidle++;
		rc = sp_wait(srv, srv->workcv, srv->lock, SP_IDLE_NS);
		srv->nidle--;
		if (rc != 0 && !srv->workq && srv->nworkers > SP_MIN_IDLE)
			return NULL;
	}
	w = srv->workq;
	if (!w)
		return NULL;
	srv->workq = w->next;
	if (!srv->workq)
		srv->worktail = &srv->workq;
	srv->nwork--;
	return w;
}

static void worker_main(void *arg)
{
	struct sp_server *srv = arg;
	struct sp_work *w;

	sp_lock(srv, srv->lock);
	while ((w = worker_next(srv)) != NULL) {
		sp_unlock(srv, srv->lock);
		sp_run_work(w);
		sp_lock(srv, srv->lock);
	}
	srv->nworkers--;
	sp_unlock(srv, srv->lock);
	sp_thread_done(srv);
}

void sp_queue_work(struct sp_server *srv, struct sp_work *w)
{
	int spawn;

	w->next = NULL;
	sp_lock(srv, srv->lock);
	*srv->worktail = w;
	srv->worktail = &w->next;
	srv->nwork++;
	/* Start a worker when the idle ones cannot take all the work;
	 * at the limit, the work waits for a running call to end.  One
	 * piece of work wakes one idle worker, not all of them: with many
	 * clients, a herd woken per call would take the CPUs the calls
	 * need (a worker that finds no work sleeps again). */
	spawn = srv->nwork > srv->nidle && srv->nworkers < srv->p.max_workers;
	if (spawn) {
		srv->nworkers++;
		srv->nthreads++;
	}
	sp_signal(srv, srv->workcv);
	sp_unlock(srv, srv->lock);
	if (spawn && srv->ops->thread_start(srv->host, worker_main, srv,
					    "rumpsp-worker") != 0) {
		sp_log(srv, "sp: cannot start a worker thread");
		sp_lock(srv, srv->lock);
		srv->nworkers--;
		srv->nthreads--;
		/* No worker at all: the work must still be done. */
		spawn = srv->nworkers == 0;
		sp_unlock(srv, srv->lock);
		if (spawn)
			sp_log(srv, "sp: no worker; requests wait");
	}
}

static int auth_equal(const sp_u32 *a, const sp_u32 *b)
{
	sp_u32 diff = 0;
	int i;

	for (i = 0; i < SP_AUTHWORDS; i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}

int sp_prefork_add(struct sp_server *srv, struct sp_prefork *pf)
{
	int error = 0;

	sp_prefork_expire(srv, 0);
	sp_lock(srv, srv->lock);
	if (srv->stopping)
		error = RV_EBUSY;
	else if (srv->npreforks >= srv->p.max_preforks)
		error = RV_ENOMEM;
	if (!error) {
		pf->expires = srv->ops->now_ns(srv->host) +
			      srv->p.prefork_ttl_ns;
		pf->next = srv->preforks;
		srv->preforks = pf;
		srv->npreforks++;
	}
	sp_unlock(srv, srv->lock);
	return error;
}

struct sp_prefork *sp_prefork_take(struct sp_server *srv, const sp_u32 *auth)
{
	struct sp_prefork **pp, *pf = NULL;

	sp_lock(srv, srv->lock);
	for (pp = &srv->preforks; *pp; pp = &(*pp)->next) {
		if (auth_equal((*pp)->auth, auth)) {
			pf = *pp;
			*pp = pf->next;
			srv->npreforks--;
			break;
		}
	}
	sp_unlock(srv, srv->lock);
	return pf;
}

/* Ends the copied process and drops the parent's reference. */
void sp_prefork_release(struct sp_server *srv, struct sp_prefork *pf)
{
	struct sp_conn *parent = pf->parent;

	if (pf->lwp) {
		sp_g_switch(srv, pf->lwp);
		sp_g_release(srv);
	}
	sp_lock(srv, parent->lock);
	parent->npreforks--;
	sp_unlock(srv, parent->lock);
	sp_conn_rele(parent);
	sp_free(srv, pf, sizeof(*pf));
}

/* Release PREFORKs nobody claimed in time (all: every one). */
void sp_prefork_expire(struct sp_server *srv, int all)
{
	struct sp_prefork **pp, *pf, *dead = NULL;
	sp_u64 now = srv->ops->now_ns(srv->host);

	sp_lock(srv, srv->lock);
	for (pp = &srv->preforks; (pf = *pp) != NULL;) {
		if (all || pf->expires <= now) {
			*pp = pf->next;
			srv->npreforks--;
			pf->next = dead;
			dead = pf;
		} else {
			pp = &pf->next;
		}
	}
	sp_unlock(srv, srv->lock);
	while ((pf = dead) != NULL) {
		dead = pf->next;
		sp_prefork_release(srv, pf);
	}
}

static void shut_all(struct sp_server *srv)
{
	struct sp_conn *c;

	sp_lock(srv, srv->lock);
	srv->stopping = 1;
	for (c = srv->conns; c; c = c->next)
		sp_conn_kill(c);
	sp_broadcast(srv, srv->workcv);
	sp_unlock(srv, srv->lock);
}

int sp_server_stop(struct sp_server *srv, void *caller_client,
		   sp_u64 timeout_ns)
{
	sp_u64 deadline = srv->ops->now_ns(srv->host) + timeout_ns;
	unsigned self = caller_client ? 1 : 0;
	int error = 0;

	shut_all(srv);
	sp_lock(srv, srv->lock);
	while (srv->nthreads > self) {
		sp_u64 now = srv->ops->now_ns(srv->host);

		if (now >= deadline) {
			error = RV_ETIMEDOUT;
			break;
		}
		(void)sp_wait(srv, srv->donecv, srv->lock, deadline - now);
	}
	sp_unlock(srv, srv->lock);
	sp_prefork_expire(srv, 1);
	if (error)
		sp_log(srv, "sp: server threads did not end in time");
	return error;
}

void sp_server_free(struct sp_server *srv)
{
	const struct sp_host_ops *ops = srv->ops;
	void *host = srv->host;

	server_free_sync(ops, host, srv);
	ops->free(host, srv, sizeof(*srv));
}

void sp_server_stats(struct sp_server *srv, struct sp_stats *st)
{
	sp_lock(srv, srv->lock);
	st->conns = srv->nconns;
	st->threads = srv->nthreads;
	st->workers = srv->nworkers;
	st->preforks = srv->npreforks;
	st->accepted = srv->accepted;
	sp_unlock(srv, srv->lock);
	st->refused = __atomic_load_n(&srv->refused, __ATOMIC_RELAXED);
	st->bytes = __atomic_load_n(&srv->bytes, __ATOMIC_RELAXED);
	st->peak_bytes = __atomic_load_n(&srv->peak, __ATOMIC_RELAXED);
}
