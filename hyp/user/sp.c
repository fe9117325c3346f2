// SPDX-License-Identifier: BSD-2-Clause
/*
 * The syscall proxy in userspace: rumpuser_sp_*.  The protocol engine is
 * hyp/common/sp_*.c; this file gives it sockets (sp_pthread.c: memory,
 * locks, threads) and runs the accept loop.
 *
 * Environment (read at rumpuser_sp_init):
 *   RUMP_SP_COPYTIMEOUT_MS  how long a client may take to answer a copy
 *                           request before it is disconnected (30000)
 *   RUMP_SP_MAXCLIENTS      connections at once (256)
 *   RUMP_SP_STATS           1: print the engine's counters at fini
 */
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "hyp.h"
#include "sendall.h"
#include "sp_pthread.h"
#include "../common/sp.h"
#include "../common/sp_url.h"

#define SP_BACKLOG	256

static struct {
	pthread_mutex_t mtx;	/* init/fini */
	struct sp_server *srv;
	int lfd;
	pthread_t acceptor;
	char sockpath[PATH_MAX];	/* to remove at fini ("" for TCP) */
	struct timeval sndtimeo;
} spu = { .mtx = PTHREAD_MUTEX_INITIALIZER, .lfd = -1 };

/* ---- host ops ---- */

static int u_send(void *host, void *hconn, const struct sp_iov *iov,
		  int iovcnt)
{
	struct iovec v[4];
	int i, error;

	(void)host;
	for (i = 0; i < iovcnt && i < 4; i++) {
		v[i].iov_base = (void *)iov[i].base;
		v[i].iov_len = iov[i].len;
	}
	error = rv_sendmsg_all((int)(intptr_t)hconn, v, i);
	/* SO_SNDTIMEO ran out: a client that stopped reading. */
	if (error == EAGAIN || error == EWOULDBLOCK)
		return RV_ETIMEDOUT;
	return rv_errno_to_netbsd(error);
}

static long u_recv(void *host, void *hconn, void *buf, sp_size_t len)
{
	ssize_t n;

	(void)host;
	do {
		n = recv((int)(intptr_t)hconn, buf, len, 0);
	} while (n < 0 && errno == EINTR);
	return n < 0 ? -rv_errno_to_netbsd(errno) : n;
}

static void u_shutdown(void *host, void *hconn)
{
	(void)host;
	shutdown((int)(intptr_t)hconn, SHUT_RDWR);
}

static void u_close(void *host, void *hconn)
{
	(void)host;
	close((int)(intptr_t)hconn);
}

static void u_random(void *host, void *buf, sp_size_t len)
{
	size_t done = 0;

	(void)host;
	while (done < len) {
		ssize_t n = getrandom((char *)buf + done, len - done, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* The kernel always has entropy after boot. */
			fprintf(stderr, "rumpuser: getrandom: %s\n",
				strerror(errno));
			abort();
		}
		done += (size_t)n;
	}
}

static void u_log(void *host, const char *msg)
{
	(void)host;
	fprintf(stderr, "rumpuser: %s\n", msg);
}

static struct sp_host_ops user_ops = {
	.send = u_send, .recv = u_recv, .shutdown = u_shutdown,
	.close = u_close, .random = u_random, .log = u_log,
};

/* ---- listening ---- */

static void *acceptor(void *arg)
{
	int lfd = (int)(intptr_t)arg, one = 1;

	for (;;) {
		int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM) {
				/* Out of descriptors: let clients leave. */
				usleep(10000);
				continue;
			}
			break;	/* shut down by fini */
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &spu.sndtimeo,
			   sizeof(spu.sndtimeo));
		/* The engine closes fd when it refuses it. */
		(void)sp_server_accept(spu.srv, (void *)(intptr_t)fd);
	}
	return NULL;
}

static unsigned long env_num(const char *name, unsigned long dflt)
{
	const char *s = getenv(name);
	char *end;
	unsigned long v;

	if (!s || !*s)
		return dflt;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v == 0) {
		fprintf(stderr, "rumpuser: ignoring %s=%s (not a positive "
			"number)\n", name, s);
		return dflt;
	}
	return v;
}

/* Where a relative socket path lies, for removing it at fini. */
static void remember_path(const char *path)
{
	char cwd[PATH_MAX];

	size_t n;

	spu.sockpath[0] = '\0';
	if (path[0] == '/') {
		snprintf(spu.sockpath, sizeof(spu.sockpath), "%s", path);
	} else if (getcwd(cwd, sizeof(cwd))) {
		n = strlen(cwd);
		/* A path that does not fit is simply not removed. */
		if (n + 1 + strlen(path) < sizeof(spu.sockpath)) {
			memcpy(spu.sockpath, cwd, n);
			spu.sockpath[n] = '/';
			strcpy(spu.sockpath + n + 1, path);
		}
	}
}

/* Owner-only from the start: the mode of the socket inode is what
 * bind gives the file (Linux), and chmod makes sure of it. */
static int bind_unix(int fd, const struct sp_url *u)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	memcpy(sun.sun_path, u->path, strlen(u->path) + 1);
	if (fchmod(fd, 0600) != 0 ||
	    bind(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0)
		return errno;
	remember_path(u->path);
	if (chmod(u->path, 0600) != 0)
		return errno;
	return 0;
}

static int bind_tcp(int fd, const struct sp_url *u)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int one = 1;

	sin.sin_port = htons(u->port);
	if (u->wildcard)
		sin.sin_addr.s_addr = htonl(INADDR_ANY);
	else
		memcpy(&sin.sin_addr, u->addr, 4);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0)
		return errno;
	return 0;
}

static int listen_on(const char *url, const struct sp_url *u)
{
	int fd, error;

	fd = socket(u->kind == SP_URL_UNIX ? AF_UNIX : AF_INET,
		    SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -rv_errno_to_netbsd(errno);
	error = u->kind == SP_URL_UNIX ? bind_unix(fd, u) : bind_tcp(fd, u);
	if (!error && listen(fd, SP_BACKLOG) != 0)
		error = errno;
	if (error) {
		fprintf(stderr, "rumpuser: cannot listen on %s: %s\n", url,
			strerror(error));
		close(fd);
		if (spu.sockpath[0] && error != EADDRINUSE)
			unlink(spu.sockpath);
		spu.sockpath[0] = '\0';
		return -rv_errno_to_netbsd(error);
	}
	return fd;
}

static int start_server(const char *url, const char *banner)
{
	struct sp_params p = { 0 };
	unsigned long ms = env_num("RUMP_SP_COPYTIMEOUT_MS", 30000);
	int rc;

	p.copy_timeout_ns = (sp_u64)ms * 1000000ULL;
	p.max_conns = (unsigned)env_num("RUMP_SP_MAXCLIENTS", 256);
	spu.sndtimeo.tv_sec = (time_t)(ms / 1000);
	spu.sndtimeo.tv_usec = (suseconds_t)(ms % 1000) * 1000;
	hyp_sp_pthread_ops(&user_ops);
	rc = sp_server_new(&user_ops, NULL, &rv_hyp, &p, banner, &spu.srv);
	if (rc)
		return rc;
	rc = pthread_create(&spu.acceptor, NULL, acceptor,
			    (void *)(intptr_t)spu.lfd);
	if (rc) {
		sp_server_free(spu.srv);
		spu.srv = NULL;
		(void)url;
		return rv_errno_to_netbsd(rc);
	}
	return 0;
}

int rumpuser_sp_init(const char *url, const char *ostype,
		     const char *osrelease, const char *machine)
{
	char banner[SP_BANNER_MAX + 1];
	struct sp_url u;
	const char *why = "";
	int error;

	error = sp_url_parse(url, &u, &why);
	if (error) {
		fprintf(stderr, "rumpuser: bad server URL \"%s\": %s\n",
			url ? url : "", why);
		return error;
	}
	if (u.kind == SP_URL_DEV) {
		fprintf(stderr, "rumpuser: %s: dev:// is served by "
			"rumpvisor.ko, not by a userspace server\n", url);
		return RV_EOPNOTSUPP;
	}
	pthread_mutex_lock(&spu.mtx);
	if (spu.srv) {
		pthread_mutex_unlock(&spu.mtx);
		return RV_EBUSY;
	}
	spu.lfd = listen_on(url, &u);
	if (spu.lfd < 0) {
		error = -spu.lfd;
	} else {
		sp_banner(banner, ostype, osrelease, machine);
		error = start_server(url, banner);
		if (error) {
			close(spu.lfd);
			spu.lfd = -1;
		}
	}
	pthread_mutex_unlock(&spu.mtx);
	return error;
}

static void print_stats(void)
{
	struct sp_stats st;
	const char *e = getenv("RUMP_SP_STATS");

	if (!e || strcmp(e, "1") != 0)
		return;
	sp_server_stats(spu.srv, &st);
	fprintf(stderr, "rumpuser: sp stats: accepted %llu refused %llu "
		"conns %u threads %u preforks %u bytes %llu peak_bytes %llu\n",
		(unsigned long long)st.accepted,
		(unsigned long long)st.refused, st.conns, st.threads,
		st.preforks, (unsigned long long)st.bytes,
		(unsigned long long)st.peak_bytes);
}

/*
 * The guest halts (NetBSD calls this from its reboot): stop accepting,
 * end every connection and wait for the server's threads.  client, when
 * not NULL, is the remote client whose system call is halting us.
 */
void rumpuser_sp_fini(void *client)
{
	int nlocks, error;

	pthread_mutex_lock(&spu.mtx);
	if (!spu.srv) {
		pthread_mutex_unlock(&spu.mtx);
		return;
	}
	shutdown(spu.lfd, SHUT_RDWR);
	pthread_join(spu.acceptor, NULL);
	close(spu.lfd);
	spu.lfd = -1;
	if (spu.sockpath[0])
		unlink(spu.sockpath);
	spu.sockpath[0] = '\0';
	rv_up_backend_unschedule(&nlocks, NULL);
	error = sp_server_stop(spu.srv, client, 10 * 1000000000ULL);
	rv_up_backend_schedule(nlocks, NULL);
	print_stats();
	/* Threads that did not end may still use the server. */
	if (!error)
		sp_server_free(spu.srv);
	spu.srv = NULL;
	pthread_mutex_unlock(&spu.mtx);
}

int rumpuser_sp_copyin(void *client, const void *uaddr, void *kaddr,
		       size_t len)
{
	return sp_copyin(client, uaddr, kaddr, len);
}

int rumpuser_sp_copyinstr(void *client, const void *uaddr, void *kaddr,
			  size_t *lenp)
{
	return sp_copyinstr(client, uaddr, kaddr, lenp);
}

int rumpuser_sp_copyout(void *client, const void *kaddr, void *uaddr,
			size_t len)
{
	return sp_copyout(client, kaddr, uaddr, len);
}

int rumpuser_sp_copyoutstr(void *client, const void *kaddr, void *uaddr,
			   size_t *lenp)
{
	return sp_copyoutstr(client, kaddr, uaddr, lenp);
}

int rumpuser_sp_anonmmap(void *client, size_t len, void **addr)
{
	return sp_anonmmap(client, len, addr);
}

int rumpuser_sp_raise(void *client, int sig)
{
	return sp_raise(client, sig);
}
