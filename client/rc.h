/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Internals of librumpclient: the process's one connection to a rump
 * kernel server and the requests on it.  Functions return 0 or a NetBSD
 * errno; the public API (rumpclient.c) turns them into host errno where
 * NetBSD's API does.
 */
#ifndef RV_CLIENT_RC_H
#define RV_CLIENT_RC_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "../hyp/common/sp_proto.h"
#include "../hyp/common/sp_url.h"

/* NetBSD errno numbers the library returns by name. */
#define RC_EPERM	1
#define RC_EIO		5
#define RC_ENOMEM	12
#define RC_EFAULT	14
#define RC_EINVAL	22
#define RC_EAGAIN	35
#define RC_EOPNOTSUPP	45
#define RC_ENOTCONN	57
#define RC_EPROTO	96

/* A thread waiting for the answer to its request. */
struct rc_wait {
	struct rc_wait *next;
	uint64_t reqno;
	void *buf;		/* the answer's body goes here */
	size_t len;
	size_t got;
	int state;		/* RC_W_* */
	int error;		/* NetBSD errno (ERROR frame, lost link) */
};

/* A waiter's answer: not yet, being written by the reader, in. */
enum { RC_W_WAIT, RC_W_RECV, RC_W_DONE };

struct rc_conn {
	int fd;			/* -1: not connected */
	pthread_mutex_t mtx;	/* everything but the wire */
	pthread_cond_t cv;
	pthread_mutex_t sendmtx;	/* one frame at a time */
	int receiving;		/* a thread reads frames for everyone */
	int dead;		/* the link broke */
	uint64_t nextreq;
	struct rc_wait *waits;
	struct sp_url url;
};

/* The process's connection. */
extern struct rc_conn rc_conn;

/* Reset the state (after fork in the child, before the first connect). */
void rc_reset(struct rc_conn *c, int fd);
/* Connect to c->url and read the banner: a socket, or -(NetBSD errno). */
int rc_connect(const struct rc_conn *c);
/* Use a new socket after a reconnect (waiters of the old one failed). */
void rc_attach(struct rc_conn *c, int fd);
/* Close the socket and fail every waiter. */
void rc_disconnect(struct rc_conn *c);
/*
 * Send a request (body: len bytes) and wait for its answer: at most
 * resplen bytes into resp, *got set.  0, a NetBSD errno from an ERROR
 * frame, or RC_ENOTCONN when the link broke.
 */
int rc_request(struct rc_conn *c, int type, uint32_t word, const void *body,
	       size_t len, void *resp, size_t resplen, size_t *got);
/* The same without waiting for an answer (a cancelled FORK). */
int rc_send_only(struct rc_conn *c, int type, uint32_t word,
		 const void *body, size_t len);
/* The handshake of a new connection: 0 or a NetBSD errno. */
int rc_handshake(struct rc_conn *c, int kind, const void *body, size_t len);

/*
 * The device path (rc_dev.c), RUMP_SERVER=dev://NAME: the descriptor
 * stands in for the connection.  open and fork return a descriptor or
 * -(NetBSD errno); the others 0 or a NetBSD errno.
 */
int rc_dev_open(const char *name);
int rc_dev_syscall(int fd, int num, const void *data, size_t dlen,
		   long *retval);
int rc_dev_fork(int fd);
int rc_dev_exec(int fd, const char *comm);
int rc_dev_check(int fd);

#endif /* RV_CLIENT_RC_H */
