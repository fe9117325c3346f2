// SPDX-License-Identifier: BSD-2-Clause
/*
 * librumpclient: NetBSD's client API (<rump/rumpclient.h>, rumpclient(3))
 * over the syscall proxy protocol.  rumpclient_init connects to the
 * server named by RUMP_SERVER and gets a process there; rumpclient_syscall
 * runs a system call in it; fork and exec keep the process relationship
 * the way NetBSD's library does (PREFORK/FORK handshakes, the
 * RUMPCLIENT__EXECFD variable across exec).
 *
 * errno conventions, as NetBSD's: rumpclient_* set the host's errno;
 * rumpclient_syscall returns the rump kernel's (NetBSD) error number.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rump/rumpclient.h>

#include "rc.h"

/* The environment variable NetBSD's library passes the socket in. */
#define EXECFD_ENV	"RUMPCLIENT__EXECFD"

static pid_t init_pid;		/* the process that connected */
static time_t retry_timeout;	/* rumpclient_setconnretry */
static pthread_mutex_t reconnect_mtx = PTHREAD_MUTEX_INITIALIZER;

struct rumpclient_fork {
	uint32_t auth[SP_AUTHWORDS];
	int devfd;			/* dev://: the child's process */
	struct rc_conn saved;		/* for rumpclient_fork_vparent */
};

/* RUMP_SERVER names an in-kernel guest's device (rc_dev.c). */
static int is_dev(void)
{
	return rc_conn.url.kind == SP_URL_DEV;
}

/* NetBSD errno numbers to the host's, for the rumpclient_* calls. */
static int host_errno(int nb)
{
	switch (nb) {
	case RC_EAGAIN:
		return EAGAIN;
	case RC_EOPNOTSUPP:
		return EOPNOTSUPP;
	case RC_ENOTCONN:
		return ENOTCONN;
	case RC_EPROTO:
		return EPROTO;
	case 36:
		return EINPROGRESS;
	case 61:
		return ECONNREFUSED;
	case 63:
		return ENAMETOOLONG;
	default:
		/* 1..34 are the same on both. */
		return nb > 0 && nb <= 34 ? nb : EIO;
	}
}

static int fail(int nb)
{
	errno = host_errno(nb);
	return -1;
}

static const char *progname(void)
{
	extern char *program_invocation_short_name;

	return program_invocation_short_name ? program_invocation_short_name :
					       "rumpclient";
}

static int parse_server(void)
{
	const char *url = getenv("RUMP_SERVER"), *why = "";
	int error;

	if (!url) {
		fprintf(stderr, "rumpclient: RUMP_SERVER is not set\n");
		return 2;	/* ENOENT */
	}
	error = sp_url_parse(url, &rc_conn.url, &why);
	if (error) {
		fprintf(stderr, "rumpclient: RUMP_SERVER=%s: %s\n", url, why);
		return error;
	}
	if (rc_conn.url.wildcard) {
		fprintf(stderr, "rumpclient: RUMP_SERVER=%s: a client needs a "
			"real address\n", url);
		return RC_EINVAL;
	}
	return 0;
}

/* The socket inherited across exec, if this process was exec'd. */
static int exec_fd(void)
{
	const char *s = getenv(EXECFD_ENV);
	char *end;
	long fd;

	if (!s)
		return -1;
	fd = strtol(s, &end, 10);
	unsetenv(EXECFD_ENV);
	if (end == s || fd < 0 || fd > 1 << 20 || fcntl((int)fd, F_GETFD) < 0)
		return -1;
	(void)fcntl((int)fd, F_SETFD, FD_CLOEXEC);
	return (int)fd;
}

/* The device: a process of our own, or the one we had before exec. */
static int open_dev(int execfd)
{
	int fd = execfd, error;

	if (fd < 0)
		fd = rc_dev_open(rc_conn.url.path);
	if (fd < 0)
		return -fd;
	rc_reset(&rc_conn, fd);
	if (execfd < 0)
		return 0;
	error = rc_dev_check(fd);
	return error ? error : rc_dev_exec(fd, progname());
}

static int connect_guest(void)
{
	const char *name = progname();
	int fd = rc_connect(&rc_conn);

	if (fd < 0)
		return -fd;
	rc_reset(&rc_conn, fd);
	return rc_handshake(&rc_conn, SP_HS_GUEST, name, strlen(name) + 1);
}

int rumpclient_init(void)
{
	const char *name = progname();
	int error, fd;

	if (init_pid == getpid())
		return 0;
	error = parse_server();
	if (error)
		return fail(error);
	fd = exec_fd();
	if (is_dev()) {
		error = open_dev(fd);
	} else if (fd >= 0) {
		rc_reset(&rc_conn, fd);
		error = rc_handshake(&rc_conn, SP_HS_EXEC, name,
				     strlen(name) + 1);
	} else {
		error = connect_guest();
	}
	if (error) {
		rc_disconnect(&rc_conn);
		return fail(error);
	}
	init_pid = getpid();
	return 0;
}

/* Reconnect as rumpclient_setconnretry allows; 0 when connected again. */
static int reconnect(void)
{
	time_t start = time(NULL);
	unsigned tries = 0;
	int fd, error = RC_ENOTCONN;

	if (retry_timeout == 0)
		return RC_ENOTCONN;
	if (retry_timeout == RUMPCLIENT_RETRYCONN_DIE)
		_exit(1);
	pthread_mutex_lock(&reconnect_mtx);
	if (!rc_conn.dead) {		/* somebody else did it */
		pthread_mutex_unlock(&reconnect_mtx);
		return 0;
	}
	for (;;) {
		if (is_dev()) {
			fd = rc_dev_open(rc_conn.url.path);
			if (fd >= 0) {
				rc_attach(&rc_conn, fd);
				error = 0;
				break;
			}
		} else {
		fd = rc_connect(&rc_conn);
		if (fd >= 0) {
			const char *name = progname();

			rc_attach(&rc_conn, fd);
			error = rc_handshake(&rc_conn, SP_HS_GUEST, name,
					     strlen(name) + 1);
			if (!error)
				break;
		}
		}
		if (retry_timeout == RUMPCLIENT_RETRYCONN_ONCE ||
		    (retry_timeout > 0 && time(NULL) - start >= retry_timeout))
			break;
		usleep(tries < 10 ? 100000 * tries : 1000000);
		tries++;
	}
	pthread_mutex_unlock(&reconnect_mtx);
	return fd >= 0 && !error ? 0 : RC_ENOTCONN;
}

/* One ioctl; a guest that went away counts as a lost connection. */
static int dev_syscall(int num, const void *data, size_t dlen,
		       register_t *retval)
{
	long rv[2] = { 0, 0 };
	int error;

	for (;;) {
		if (rc_conn.fd < 0 || rc_conn.dead)
			error = RC_ENOTCONN;
		else
			error = rc_dev_syscall(rc_conn.fd, num, data, dlen, rv);
		if (error != RC_ENOTCONN)
			break;
		rc_conn.dead = 1;
		if (reconnect() != 0)
			break;
	}
	retval[0] = rv[0];
	retval[1] = rv[1];
	return error;
}

int rumpclient_syscall(int num, const void *data, size_t dlen,
		       register_t *retval)
{
	struct sp_sysresp r;
	size_t got;
	int error;

	if (dlen > SP_MAX_ARGS)
		return RC_EINVAL;
	if (is_dev())
		return dev_syscall(num, data, dlen, retval);
	for (;;) {
		error = rc_request(&rc_conn, SP_SYSCALL, (uint32_t)num, data,
				   dlen, &r, sizeof(r), &got);
		if (error == RC_EAGAIN) {
			/* The server has too many of our calls running. */
			usleep(1000);
			continue;
		}
		if (error == RC_ENOTCONN && reconnect() == 0)
			continue;
		break;
	}
	if (error)
		return error;
	if (got != sizeof(r))
		return RC_EPROTO;
	retval[0] = r.retval[0];
	retval[1] = r.retval[1];
	return r.error;
}

struct rumpclient_fork *rumpclient_prefork(void)
{
	struct rumpclient_fork *rf = calloc(1, sizeof(*rf));
	size_t got = 0;
	int error;

	if (!rf)
		return NULL;
	rf->devfd = -1;
	if (is_dev()) {
		rf->devfd = rc_dev_fork(rc_conn.fd);
		if (rf->devfd < 0) {
			error = -rf->devfd;
			free(rf);
			fail(error);
			return NULL;
		}
		rf->saved = rc_conn;
		return rf;
	}
	do {
		error = rc_request(&rc_conn, SP_PREFORK, 0, NULL, 0, rf->auth,
				   sizeof(rf->auth), &got);
	} while (error == RC_EAGAIN);
	if (!error && got != sizeof(rf->auth))
		error = RC_EPROTO;
	if (error) {
		free(rf);
		fail(error);
		return NULL;
	}
	rf->saved = rc_conn;
	return rf;
}

/* In the child: a connection of its own, taking over the copy. */
int rumpclient_fork_init(struct rumpclient_fork *rf)
{
	struct sp_hsfork f = { .cancel = 0 };
	int error, fd;

	/* The parent's socket stays the parent's. */
	if (rc_conn.fd >= 0)
		close(rc_conn.fd);
	rc_reset(&rc_conn, -1);
	if (rf->devfd >= 0) {
		/* The copy made at prefork is ours now. */
		rc_reset(&rc_conn, rf->devfd);
		free(rf);
		init_pid = getpid();
		return 0;
	}
	fd = rc_connect(&rc_conn);
	if (fd < 0)
		return fail(-fd);
	rc_reset(&rc_conn, fd);
	memcpy(f.auth, rf->auth, sizeof(f.auth));
	error = rc_handshake(&rc_conn, SP_HS_FORK, &f, sizeof(f));
	free(rf);
	if (error) {
		rc_disconnect(&rc_conn);
		return fail(error);
	}
	init_pid = getpid();
	return 0;
}

/* The fork did not happen: release the server's copy. */
void rumpclient_fork_cancel(struct rumpclient_fork *rf)
{
	struct sp_hsfork f = { .cancel = 1 };
	struct rc_conn c = { .fd = -1 };
	int fd;

	if (rf->devfd >= 0) {
		/* Closing it ends the copy. */
		close(rf->devfd);
		free(rf);
		return;
	}
	c.url = rc_conn.url;
	fd = rc_connect(&c);
	if (fd >= 0) {
		rc_reset(&c, fd);
		memcpy(f.auth, rf->auth, sizeof(f.auth));
		(void)rc_send_only(&c, SP_HANDSHAKE, SP_HS_FORK, &f, sizeof(f));
		close(fd);
	}
	free(rf);
}

/* After vfork: the parent's connection comes back. */
void rumpclient_fork_vparent(struct rumpclient_fork *rf)
{
	rc_conn = rf->saved;
	if (rf->devfd >= 0)
		close(rf->devfd);	/* the child has its own */
	rf->devfd = -1;
}

pid_t rumpclient_fork(void)
{
	struct rumpclient_fork *rf = rumpclient_prefork();
	pid_t pid;

	if (!rf)
		return -1;
	pid = fork();
	if (pid < 0) {
		int e = errno;

		rumpclient_fork_cancel(rf);
		errno = e;
	} else if (pid == 0) {
		if (rumpclient_fork_init(rf) != 0)
			_exit(1);
	} else {
		if (rf->devfd >= 0)
			close(rf->devfd);	/* the child's, not ours */
		free(rf);
	}
	return pid;
}

int rumpclient_exec(const char *path, char *const argv[], char *const envp[])
{
	char var[64];
	char **env;
	size_t n = 0;
	int e;

	while (envp && envp[n])
		n++;
	env = calloc(n + 2, sizeof(*env));
	if (!env)
		return -1;
	memcpy(env, envp, n * sizeof(*env));
	/* NetBSD's form: "socket,eventfd"; we have no second one. */
	snprintf(var, sizeof(var), EXECFD_ENV "=%d,-1", rc_conn.fd);
	env[n] = var;
	/* The socket must survive exec. */
	(void)fcntl(rc_conn.fd, F_SETFD, 0);
	execve(path, argv, env);
	e = errno;
	(void)fcntl(rc_conn.fd, F_SETFD, FD_CLOEXEC);
	free(env);
	errno = e;
	return -1;
}

int rumpclient_daemon(int nochdir, int noclose)
{
	struct rumpclient_fork *rf = rumpclient_prefork();
	int fd;

	if (!rf)
		return -1;
	switch (fork()) {
	case -1:
		rumpclient_fork_cancel(rf);
		return -1;
	case 0:
		break;
	default:
		_exit(0);
	}
	if (setsid() < 0 || (!nochdir && chdir("/") != 0))
		goto fail;
	if (!noclose && (fd = open("/dev/null", O_RDWR)) >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	return rumpclient_fork_init(rf);
fail:
	fd = errno;
	rumpclient_fork_cancel(rf);
	errno = fd;
	return -1;
}

void rumpclient_setconnretry(time_t timeout)
{
	if (timeout < RUMPCLIENT_RETRYCONN_DIE)
		return;
	retry_timeout = timeout;
}

/* For rumphijack-style wrappers: keep our socket out of the way. */
int rumpclient__closenotify(int *fdp, enum rumpclient_closevariant variant)
{
	int fd = *fdp, nfd;

	switch (variant) {
	case RUMPCLIENT_CLOSE_FCLOSEM:
		/* closefrom(fd): close everything below our socket. */
		for (; fd < rc_conn.fd; fd++)
			close(fd);
		if (fd == rc_conn.fd)
			fd++;
		*fdp = fd;
		return 0;
	case RUMPCLIENT_CLOSE_CLOSE:
	case RUMPCLIENT_CLOSE_DUP2:
		if (fd != rc_conn.fd || fd < 0)
			return 0;
		nfd = fcntl(fd, F_DUPFD_CLOEXEC, fd + 1);
		if (nfd < 0)
			return -1;
		/* The caller closes or replaces the old number. */
		rc_conn.fd = nfd;
		return 0;
	}
	errno = EINVAL;
	return -1;
}

int rumpclient_close(void)
{
	if (rc_conn.fd < 0) {
		errno = ENOTCONN;
		return -1;
	}
	if (is_dev()) {
		close(rc_conn.fd);
		rc_conn.fd = -1;
	} else {
		rc_disconnect(&rc_conn);
	}
	init_pid = 0;
	return 0;
}
