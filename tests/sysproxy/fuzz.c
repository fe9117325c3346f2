// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer target for the syscall proxy's server engine: the frame
 * parser, the handshake state machine (GUEST, FORK, EXEC, PREFORK) and
 * the routing of copy answers, driven through struct sp_host_ops with an
 * in-memory transport.  The fuzzer's bytes are what a client sends; the
 * server's replies are checked with the client-side frame checks.  A
 * fake guest stands behind the upcalls: it counts processes and lwps,
 * and its system calls use the copy hypercalls (copyin, copyinstr,
 * copyout, anonmmap, raise), so answers from the input are routed.
 *
 * Invariants checked after every input: the server stops, every engine
 * thread ends, every guest process and lwp it made is released, every
 * byte it allocated is freed (the sanitizers see the rest).
 *
 * An input containing RVCANCEL also plays a guest that is dying: the
 * host cancels every timed wait.
 *
 * Also fuzzed on the same input: sp_check_server/sp_check_client on its
 * first 24 bytes and sp_url_parse on it as a string.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rump/rumpuser.h>

#include "../../hyp/common/sp.h"
#include "../../hyp/common/sp_url.h"
#include "../../hyp/user/sp_pthread.h"

/* ---- in-memory transport ---- */

struct mconn {
	const unsigned char *in;	/* what the client sends */
	size_t inlen, off;
	int shut;
	pthread_mutex_t mtx;
	/* The server's output, parsed frame by frame as it comes. */
	unsigned char hdr[SP_HDRSZ];
	size_t hdrfill, skip;
	sp_u64 maxreq;		/* the newest request the server sent */
	size_t nextframe;	/* where the client's next frame starts */
};

static void check_output(struct mconn *m, const unsigned char *p, size_t n)
{
	while (n > 0) {
		size_t k;

		if (m->skip) {
			k = n < m->skip ? n : m->skip;
			m->skip -= k;
		} else {
			struct sp_hdr h;
			struct sp_check ck;

			k = SP_HDRSZ - m->hdrfill;
			k = n < k ? n : k;
			memcpy(m->hdr + m->hdrfill, p, k);
			m->hdrfill += k;
			if (m->hdrfill == SP_HDRSZ) {
				m->hdrfill = 0;
				memcpy(&h, m->hdr, sizeof(h));
				ck = sp_check_client(&h);
				/* The server must only say what a client
				 * accepts (the banner aside). */
				if (h.class > SP_ERROR || h.len < SP_HDRSZ)
					abort();
				(void)ck;
				if (h.class == SP_REQ && h.reqno > m->maxreq)
					m->maxreq = h.reqno;
				m->skip = (size_t)(h.len - SP_HDRSZ);
			}
		}
		p += k;
		n -= k;
	}
}

static int f_send(void *host, void *hconn, const struct sp_iov *iov,
		  int iovcnt)
{
	struct mconn *m = hconn;
	int i, shut;

	(void)host;
	pthread_mutex_lock(&m->mtx);
	shut = m->shut;
	for (i = 0; i < iovcnt && !shut; i++) {
		/* Touch every byte: ASan checks the engine's buffers. */
		volatile unsigned char sum = 0;
		size_t j;

		for (j = 0; j < iov[i].len; j++)
			sum ^= ((const unsigned char *)iov[i].base)[j];
		(void)sum;
		/* The banner is not a frame. */
		if (!(i == 0 && iov[i].len > 0 &&
		      !memcmp(iov[i].base, "RUMPSP-", 7)))
			check_output(m, iov[i].base, iov[i].len);
	}
	pthread_mutex_unlock(&m->mtx);
	return shut ? 32 /* EPIPE */ : 0;
}

/*
 * An answer in the input to a request the server has not sent yet would
 * only be dropped: hold it back (up to 20 ms) until the request is out,
 * so that the routing of answers gets exercised.  m->mtx held.
 */
static void pace(struct mconn *m)
{
	struct sp_hdr h;
	int i;

	if (m->off != m->nextframe || m->inlen - m->off < SP_HDRSZ)
		return;
	memcpy(&h, m->in + m->off, SP_HDRSZ);
	m->nextframe = h.len < SP_HDRSZ || h.len > m->inlen ? (size_t)-1 :
		       m->off + (size_t)h.len;
	for (i = 0; i < 200 && (h.class == SP_RESP || h.class == SP_ERROR) &&
		    h.reqno > m->maxreq && !m->shut; i++) {
		pthread_mutex_unlock(&m->mtx);
		usleep(100);
		pthread_mutex_lock(&m->mtx);
	}
}

static long f_recv(void *host, void *hconn, void *buf, sp_size_t len)
{
	struct mconn *m = hconn;
	size_t n;

	(void)host;
	pthread_mutex_lock(&m->mtx);
	pace(m);
	n = m->shut ? 0 : m->inlen - m->off;
	if (n > len)
		n = len;
	/* Short reads: frames arrive in pieces, as on a socket. */
	if (n > 7)
		n = n / 2 + 1;
	/* Stop at the next frame, so that pace() sees it. */
	if (m->nextframe > m->off && n > m->nextframe - m->off)
		n = m->nextframe - m->off;
	memcpy(buf, m->in + m->off, n);
	m->off += n;
	pthread_mutex_unlock(&m->mtx);
	return (long)n;
}

static void f_shutdown(void *host, void *hconn)
{
	struct mconn *m = hconn;

	(void)host;
	pthread_mutex_lock(&m->mtx);
	m->shut = 1;
	pthread_mutex_unlock(&m->mtx);
}

static int nclosed;

static void f_close(void *host, void *hconn)
{
	(void)host;
	(void)hconn;
	__atomic_add_fetch(&nclosed, 1, __ATOMIC_SEQ_CST);
}

static void f_random(void *host, void *buf, sp_size_t len)
{
	(void)host;
	/* Predictable on purpose: the fuzzer may find the auth words. */
	memset(buf, 0x5a, len);
}

/*
 * An input that contains RVCANCEL plays a dying guest: every timed wait
 * ends after at most a millisecond as cancelled by the host.
 */
static int cancel_mode;
static int (*real_cond_wait)(void *, void *, void *, sp_u64);

static int f_cond_wait(void *host, void *cond, void *lock, sp_u64 ns)
{
	if (!cancel_mode || ns == 0)
		return real_cond_wait(host, cond, lock, ns);
	(void)real_cond_wait(host, cond, lock, ns < 1000000 ? ns : 1000000);
	return SP_WAIT_CANCELLED;
}

/* Memory, locks and threads are librumpuser's (hyp/user/sp_pthread.c). */
static struct sp_host_ops fuzz_ops = {
	.send = f_send, .recv = f_recv, .shutdown = f_shutdown,
	.close = f_close, .random = f_random, .log = NULL,
};

/* ---- a fake guest ---- */

struct fproc {
	int pid, refs;
	void *client;
	struct fproc *next;
};

struct lwp {
	struct fproc *p;
};

static pthread_mutex_t gmtx = PTHREAD_MUTEX_INITIALIZER;
static struct fproc *procs;
static int nextpid, nlwps;
static __thread struct lwp *cur;

static struct lwp *lwp_new(struct fproc *p)
{
	struct lwp *l = malloc(sizeof(*l));

	l->p = p;
	p->refs++;
	nlwps++;
	return l;
}

static void proc_rele(struct fproc *p)
{
	struct fproc **pp;

	if (--p->refs)
		return;
	for (pp = &procs; *pp != p; pp = &(*pp)->next)
		;
	*pp = p->next;
	free(p);
}

static void g_nop(void) { }
static void g_bunsched(int n, int *nl, void *i) { (void)n; (void)i; *nl = 0; }
static void g_bsched(int n, void *i) { (void)n; (void)i; }

static void g_switch(struct lwp *l)
{
	cur = l;
}

static void g_release(void)
{
	pthread_mutex_lock(&gmtx);
	if (cur) {
		proc_rele(cur->p);
		free(cur);
		nlwps--;
	}
	pthread_mutex_unlock(&gmtx);
	cur = NULL;
}

static int g_rfork(void *client, int flags, const char *comm)
{
	struct fproc *p = calloc(1, sizeof(*p));

	(void)flags;
	if (comm && strlen(comm) > SP_MAX_COMM)
		abort();
	pthread_mutex_lock(&gmtx);
	p->pid = ++nextpid + 1;
	p->client = client;
	p->next = procs;
	procs = p;
	cur = lwp_new(p);
	pthread_mutex_unlock(&gmtx);
	return 0;
}

static int g_newlwp(pid_t pid)
{
	struct fproc *p;

	pthread_mutex_lock(&gmtx);
	for (p = procs; p && p->pid != pid; p = p->next)
		;
	if (p)
		cur = lwp_new(p);
	pthread_mutex_unlock(&gmtx);
	return p ? 0 : 3;
}

static struct lwp *g_curlwp(void)
{
	return cur;
}

static pid_t g_getpid(void)
{
	return cur ? cur->p->pid : 0;
}

/* System calls that reach into the client through the hypercalls. */
static int g_syscall(int num, void *data, long *rv)
{
	const long *a = data;
	unsigned char buf[256];
	void *client = cur->p->client;
	size_t len = (size_t)a[1] % sizeof(buf);
	void *addr = (void *)a[0];

	switch (num) {
	case 1:
		return sp_copyin(client, addr, buf, len);
	case 2:
		len = len ? len : 1;
		rv[0] = sp_copyinstr(client, addr, buf, &len);
		if (len > sizeof(buf))
			abort();
		return (int)rv[0];
	case 3:
		memset(buf, 'x', sizeof(buf));
		return sp_copyout(client, buf, addr, len);
	case 4:
		return sp_anonmmap(client, len, &addr);
	case 5:
		return sp_raise(client, (int)a[1]);
	case 20:
		rv[0] = cur->p->pid;
		return 0;
	default:
		return 78;	/* ENOSYS */
	}
}

static void g_execnotify(const char *comm)
{
	if (strlen(comm) > SP_MAX_COMM)
		abort();
}

static const struct rumpuser_hyperup fake_guest = {
	.hyp_schedule = g_nop,
	.hyp_unschedule = g_nop,
	.hyp_backend_unschedule = g_bunsched,
	.hyp_backend_schedule = g_bsched,
	.hyp_lwproc_switch = g_switch,
	.hyp_lwproc_release = g_release,
	.hyp_lwproc_rfork = g_rfork,
	.hyp_lwproc_newlwp = g_newlwp,
	.hyp_lwproc_curlwp = g_curlwp,
	.hyp_syscall = g_syscall,
	.hyp_lwpexit = g_nop,
	.hyp_execnotify = g_execnotify,
	.hyp_getpid = g_getpid,
};

/* ---- the target ---- */

static void fuzz_pure(const uint8_t *data, size_t size)
{
	struct sp_hdr h;
	struct sp_url u;
	char s[256];

	if (size >= SP_HDRSZ) {
		memcpy(&h, data, SP_HDRSZ);
		(void)sp_check_server(&h, 0);
		(void)sp_check_server(&h, 1);
		(void)sp_check_client(&h);
	}
	memcpy(s, data, size < sizeof(s) - 1 ? size : sizeof(s) - 1);
	s[size < sizeof(s) - 1 ? size : sizeof(s) - 1] = '\0';
	(void)sp_url_parse(s, &u, NULL);
}

/* Connections of one input are separated by this marker. */
#define SPLIT		"RVSPLIT!"
#define MAXCONNS	3

/* One connection; wait for its reader to finish (the stop ends one that
 * does not: a worker waiting for a copy answer).  Freed by the caller
 * after the stop. */
static struct mconn *one_conn(struct sp_server *srv, const uint8_t *data,
			      size_t size)
{
	struct mconn *m = calloc(1, sizeof(*m));
	struct sp_stats st;
	int i;

	m->in = data;
	m->inlen = size;
	pthread_mutex_init(&m->mtx, NULL);
	if (sp_server_accept(srv, m) != 0)
		abort();
	for (i = 0; i < 5000; i++) {
		sp_server_stats(srv, &st);
		if (st.conns == 0)
			break;
		usleep(100);
	}
	return m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sp_params p = { .copy_timeout_ns = 20000000ULL };
	struct sp_server *srv;
	struct sp_stats st;
	const uint8_t *end = data + size, *cut;
	struct mconn *m[MAXCONNS];
	int n = 0, i;

	fuzz_pure(data, size);
	if (!fuzz_ops.alloc) {
		hyp_sp_pthread_ops(&fuzz_ops);
		real_cond_wait = fuzz_ops.cond_wait;
		fuzz_ops.cond_wait = f_cond_wait;
	}
	cancel_mode = memmem(data, size, "RVCANCEL", 8) != NULL;
	nclosed = 0;
	if (sp_server_new(&fuzz_ops, NULL, &fake_guest, &p,
			  "RUMPSP-0.4-fuzz-0/amd64\n", &srv) != 0)
		abort();
	while (n < MAXCONNS) {
		cut = memmem(data, (size_t)(end - data), SPLIT, 8);
		m[n++] = one_conn(srv, data, (size_t)((cut ? cut : end) - data));
		if (!cut)
			break;
		data = cut + 8;
	}
	if (sp_server_stop(srv, NULL, 10000000000ULL) != 0)
		abort();	/* an engine thread did not end */
	sp_server_stats(srv, &st);
	if (st.conns || st.threads || st.preforks || st.bytes)
		abort();	/* something was left behind */
	sp_server_free(srv);
	pthread_mutex_lock(&gmtx);
	if (procs || nlwps || nclosed != n)
		abort();	/* a guest process or a connection leaked */
	pthread_mutex_unlock(&gmtx);
	for (i = 0; i < n; i++) {
		pthread_mutex_destroy(&m[i]->mtx);
		free(m[i]);
	}
	return 0;
}
