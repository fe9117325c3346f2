/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Internals of the syscall proxy engine (sp_server.c, sp_conn.c,
 * sp_copy.c, sp_guest.c).  Freestanding: the hypercall header is
 * included with the engine's own integer types.
 */
#ifndef RV_SP_INT_H
#define RV_SP_INT_H

#include "sp.h"

typedef __SIZE_TYPE__ size_t;
typedef __INT64_TYPE__ int64_t;
typedef __UINT64_TYPE__ uint64_t;
typedef __UINT8_TYPE__ uint8_t;
typedef __INT32_TYPE__ pid_t;
#define RUMPUSER_TYPES_DEFINED 1
#include <rump/rumpuser.h>

#include "common.h"

#ifndef NULL
#define NULL ((void *)0)
#endif

/* NetBSD's RUMP_RFFD* (rfork flags of hyp_lwproc_rfork). */
#define SP_RFFD_SHARE	0x00
#define SP_RFFD_COPY	0x01
#define SP_RFFD_CLEAR	0x02

#define SP_NSEC		1000000000ULL
#define SP_IDLE_NS	(10 * SP_NSEC)	/* an idle worker beyond the few */
#define SP_MIN_IDLE	2		/* workers kept when idle */

/* A guest thread waiting for a client's answer (sp_copy.c). */
struct sp_wait {
	struct sp_wait *next;
	sp_u64 reqno;
	void *buf;			/* the answer goes here */
	sp_size_t len;			/* at most this many bytes */
	sp_size_t got;
	int exact;			/* a shorter answer is an error */
	int state;			/* SP_WS_* */
	int error;
};
enum { SP_WS_WAIT, SP_WS_RECV, SP_WS_DONE };

/* Connection states. */
enum { SP_CS_NEW, SP_CS_RUNNING, SP_CS_DYING };

struct sp_conn {
	struct sp_server *srv;
	void *hconn;
	void *lock;		/* everything below but sendlock's wire */
	void *cv;		/* waits, inflight, state changes */
	void *sendlock;		/* one frame at a time on the wire */
	int state;
	int handshaken;		/* the reader's own: past the handshake */
	int inexec;
	/* Threads working for this client: its reader, queued and
	 * running system calls.  The last one releases the process. */
	unsigned active;
	/* The memory: the connection plus unclaimed PREFORKs of it. */
	unsigned refs;
	unsigned inflight;	/* system calls queued or running */
	unsigned npreforks;
	sp_u64 nextreq;		/* our requests to the client */
	struct sp_wait *waits;
	struct lwp *mainlwp;	/* the client's process ... */
	int pid;		/* ... and its pid */
	struct sp_conn *next;	/* the server's list */
	struct sp_conn *prev;
};

/* A process copied at PREFORK, waiting for a FORK handshake. */
struct sp_prefork {
	struct sp_prefork *next;
	sp_u32 auth[SP_AUTHWORDS];
	struct lwp *lwp;
	struct sp_conn *parent;	/* holds a reference */
	sp_u64 expires;
};

/* Work for a worker thread. */
enum { SP_W_SYSCALL, SP_W_EXEC };
struct sp_work {
	struct sp_work *next;
	struct sp_conn *conn;	/* holds an active reference */
	sp_u64 reqno;
	int kind;
	sp_u32 word;
	union {
		long args[SP_MAX_ARGS / sizeof(long)];
		char comm[SP_MAX_COMM + 1];
	} u;
};

struct sp_server {
	const struct sp_host_ops *ops;
	void *host;
	const struct rumpuser_hyperup *up;
	struct sp_params p;
	char banner[SP_BANNER_MAX + 1];
	sp_size_t bannerlen;
	void *lock;		/* everything below */
	void *workcv;		/* idle workers */
	void *donecv;		/* stop waits for threads */
	int stopping;
	struct sp_conn *conns;
	struct sp_prefork *preforks;
	struct sp_work *workq;
	struct sp_work **worktail;
	unsigned nconns, npreforks, nwork;
	unsigned nthreads, nworkers, nidle;
	sp_u64 accepted;
	/* Atomic counters. */
	sp_u64 refused;
	sp_u64 bytes, peak;
};

/* sp_server.c */
void *sp_zalloc(struct sp_server *srv, sp_size_t len);
void sp_free(struct sp_server *srv, void *p, sp_size_t len);
void sp_log(struct sp_server *srv, const char *msg);
void sp_thread_done(struct sp_server *srv);
/* Take a connection whose process is gone off the list. */
void sp_server_unlink(struct sp_server *srv, struct sp_conn *c);
/* Queue work; its conn's active and inflight counts are already up. */
void sp_queue_work(struct sp_server *srv, struct sp_work *w);
/* PREFORK bookkeeping. */
int sp_prefork_add(struct sp_server *srv, struct sp_prefork *pf);
struct sp_prefork *sp_prefork_take(struct sp_server *srv,
				   const sp_u32 *auth);
void sp_prefork_release(struct sp_server *srv, struct sp_prefork *pf);
void sp_prefork_expire(struct sp_server *srv, int all);

/* sp_conn.c */
int sp_conn_start(struct sp_server *srv, struct sp_conn *c);
void sp_conn_kill(struct sp_conn *c);
void sp_conn_unactive(struct sp_conn *c);
void sp_conn_rele(struct sp_conn *c);
int sp_send(struct sp_conn *c, const struct sp_iov *iov, int n);
int sp_send_error(struct sp_conn *c, sp_u64 reqno, enum sp_err err);
int sp_recv_all(struct sp_conn *c, void *buf, sp_size_t len);
int sp_skip(struct sp_conn *c, sp_size_t len);
void sp_run_work(struct sp_work *w);

/* sp_copy.c: a client's answer to one of our requests. */
int sp_route_response(struct sp_conn *c, const struct sp_hdr *h,
		      sp_size_t body);

/* sp_guest.c: the guest's upcalls, each entered with a virtual CPU. */
void sp_g_switch(struct sp_server *srv, struct lwp *l);
void sp_g_release(struct sp_server *srv);
int sp_g_rfork(struct sp_server *srv, void *client, int flags,
	       const char *comm);
int sp_g_newlwp(struct sp_server *srv, int pid);
struct lwp *sp_g_curlwp(struct sp_server *srv);
int sp_g_getpid(struct sp_server *srv);
int sp_g_syscall(struct sp_server *srv, int num, void *args, long *rv);
void sp_g_lwpexit(struct sp_server *srv);
void sp_g_execnotify(struct sp_server *srv, const char *comm);
/* Give the virtual CPU back around a wait (the caller is the guest). */
void sp_g_unsched(struct sp_server *srv, int *nlocks);
void sp_g_sched(struct sp_server *srv, int nlocks);

static inline void sp_lock(struct sp_server *srv, void *lock)
{
	srv->ops->lock(srv->host, lock);
}

static inline void sp_unlock(struct sp_server *srv, void *lock)
{
	srv->ops->unlock(srv->host, lock);
}

static inline void sp_broadcast(struct sp_server *srv, void *cv)
{
	srv->ops->cond_broadcast(srv->host, cv);
}

static inline void sp_signal(struct sp_server *srv, void *cv)
{
	srv->ops->cond_signal(srv->host, cv);
}

static inline int sp_wait(struct sp_server *srv, void *cv, void *lock,
			  sp_u64 timeout_ns)
{
	return srv->ops->cond_wait(srv->host, cv, lock, timeout_ns);
}

static inline void sp_memzero(void *p, sp_size_t n)
{
	__builtin_memset(p, 0, n);
}

#endif /* RV_SP_INT_H */
