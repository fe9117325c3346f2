/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The syscall proxy's server engine: host-independent (no libc, no OS
 * header), written once for both hypervisors.  It speaks NetBSD's
 * protocol on connections the host accepts, runs each client's system
 * calls in a guest process of its own through the guest's upcalls, and
 * implements the rumpuser_sp_copy* family for the guest.
 *
 * The host provides transport, memory, locks, condition waits, threads,
 * randomness and a clock through struct sp_host_ops; the engine calls
 * them and nothing else.  Every int result is 0 or a NetBSD errno, ops
 * included (a host translates its own errors once, in its ops).
 *
 * Threads: the engine starts one reader thread per connection (it reads
 * frames, runs handshakes and PREFORK, routes responses to the guest
 * threads waiting for them) and a pool of worker threads that run system
 * calls, so a call that blocks in the guest stalls nobody else.
 */
#ifndef RV_SP_H
#define RV_SP_H

#include "sp_proto.h"

struct rumpuser_hyperup;
struct sp_server;

struct sp_iov {
	const void *base;
	sp_size_t len;
};

/* cond_wait results besides 0 (woken, possibly spuriously). */
#define SP_WAIT_TIMEDOUT	60	/* ETIMEDOUT */
#define SP_WAIT_CANCELLED	4	/* EINTR: the host ends the guest */

struct sp_host_ops {
	/*
	 * Connections (hconn: the host's handle).  send writes all of the
	 * iovecs or fails; it must fail within a bounded time when the
	 * peer stops reading, and at once after shutdown.  recv returns
	 * the bytes read (> 0), 0 at end of stream, or -errno; it blocks
	 * until data arrives or shutdown.  shutdown may be called any
	 * number of times, from any thread; close comes exactly once,
	 * when the engine has stopped using the connection.
	 */
	int (*send)(void *host, void *hconn, const struct sp_iov *iov,
		    int iovcnt);
	long (*recv)(void *host, void *hconn, void *buf, sp_size_t len);
	void (*shutdown)(void *host, void *hconn);
	void (*close)(void *host, void *hconn);

	/* Memory that may sleep to get; NULL when there is none. */
	void *(*alloc)(void *host, sp_size_t len);
	void (*free)(void *host, void *p, sp_size_t len);

	/*
	 * A sleeping lock and a condition variable.  cond_wait drops lock,
	 * sleeps until broadcast (or a signal that picked it), timeout_ns
	 * (0: no timeout) or the host cancels (SP_WAIT_CANCELLED, e.g. the
	 * guest is dying), and takes lock again.  cond_signal wakes at
	 * least one waiter, cond_broadcast all of them.
	 */
	void *(*lock_new)(void *host);
	void (*lock_free)(void *host, void *lock);
	void (*lock)(void *host, void *lock);
	void (*unlock)(void *host, void *lock);
	void *(*cond_new)(void *host);
	void (*cond_free)(void *host, void *cond);
	int (*cond_wait)(void *host, void *cond, void *lock,
			 sp_u64 timeout_ns);
	void (*cond_broadcast)(void *host, void *cond);
	void (*cond_signal)(void *host, void *cond);

	/* A detached thread running fn(arg); it may enter the guest. */
	int (*thread_start)(void *host, void (*fn)(void *), void *arg,
			    const char *name);
	/* Unpredictable bytes (fork authentication). */
	void (*random)(void *host, void *buf, sp_size_t len);
	/* A monotonic clock. */
	sp_u64 (*now_ns)(void *host);
	/* A one-line diagnostic (may be NULL). */
	void (*log)(void *host, const char *msg);
};

/* Limits and timeouts; a zero field takes the default in brackets. */
struct sp_params {
	sp_u64 copy_timeout_ns;	/* a client answers a copy request (30 s) */
	unsigned max_conns;	/* connections at once (256) */
	unsigned max_inflight;	/* system calls of one client at once (64) */
	unsigned max_workers;	/* worker threads (256) */
	unsigned max_preforks;	/* unclaimed PREFORKs, all clients (128) */
	sp_u64 prefork_ttl_ns;	/* an unclaimed PREFORK lives (60 s) */
};

struct sp_stats {
	unsigned conns;		/* connections open */
	unsigned threads;	/* engine threads (readers + workers) */
	unsigned workers;
	unsigned preforks;	/* unclaimed */
	sp_u64 accepted;	/* connections ever */
	sp_u64 refused;		/* frames answered with an ERROR */
	sp_u64 bytes;		/* engine memory in use */
	sp_u64 peak_bytes;
};

/*
 * A server for the guest whose upcalls are up (it must outlive the
 * server).  banner: sp_banner()'s text.  params may be NULL.
 */
int sp_server_new(const struct sp_host_ops *ops, void *host,
		  const struct rumpuser_hyperup *up,
		  const struct sp_params *params, const char *banner,
		  struct sp_server **srvp);

/*
 * A connection the host accepted: the engine owns hconn from now on
 * (it is closed on failure too).  EBUSY when the server is stopping or
 * full, ENOMEM, or thread_start's error.
 */
int sp_server_accept(struct sp_server *srv, void *hconn);

/*
 * Stop serving: every connection is shut, every waiting guest thread
 * woken, unclaimed PREFORKs released.  Waits up to timeout_ns for the
 * engine's threads to end (except the caller's own worker, when a
 * remote client's system call stops the server: pass its client), then
 * ETIMEDOUT.  Call it outside the guest or unscheduled.
 */
int sp_server_stop(struct sp_server *srv, void *caller_client,
		   sp_u64 timeout_ns);
/* After a successful stop. */
void sp_server_free(struct sp_server *srv);
void sp_server_stats(struct sp_server *srv, struct sp_stats *st);

/*
 * The hypercalls rumpuser_sp_* (client: the cookie the engine passed to
 * hyp_lwproc_rfork).  Called by the guest scheduled; they unschedule
 * while they wait for the client.  EFAULT when the client is gone, does
 * not answer within copy_timeout_ns, or answers wrongly (the connection
 * is then ended).
 */
int sp_copyin(void *client, const void *uaddr, void *kaddr, sp_size_t len);
int sp_copyinstr(void *client, const void *uaddr, void *kaddr,
		 sp_size_t *lenp);
int sp_copyout(void *client, const void *kaddr, void *uaddr, sp_size_t len);
int sp_copyoutstr(void *client, const void *kaddr, void *uaddr,
		  sp_size_t *lenp);
int sp_anonmmap(void *client, sp_size_t len, void **addr);
int sp_raise(void *client, int sig);

#endif /* RV_SP_H */
