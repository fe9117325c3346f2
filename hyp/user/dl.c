// SPDX-License-Identifier: BSD-2-Clause
/*
 * Module bootstrap and daemonizing.
 *
 * daemonize_begin forks: the parent stays in the foreground until the
 * daemon (the child, in a new session) reports through a pipe whether
 * its start-up worked, then exits 0, or prints the error and exits 1.
 * On success the daemon's stdin/stdout/stderr go to /dev/null, unless
 * RUMPUSER_DAEMONIZE_KEEP_STDIO is set in the environment.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hyp.h"

void rumpuser_dl_bootstrap(rump_modinit_fn modinit, rump_symload_fn symload,
			   rump_compload_fn compload)
{
	/*
	 * Guests are linked statically: their modules and components are
	 * already in the image, and the guest finds them itself.  There are
	 * no shared objects to scan.
	 */
	(void)modinit;
	(void)symload;
	(void)compload;
}

/* Write end of the status pipe in the daemon; -1 when not daemonizing. */
static int daemon_pipe = -1;

static void write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		len -= (size_t)n;
	}
}

/* The foreground parent: wait for the daemon's verdict and exit with it. */
static void RUMPUSER_NORETURN daemon_parent(int rfd)
{
	int status = 0;
	size_t got = 0;
	ssize_t n;

	while (got < sizeof(status)) {
		n = read(rfd, (char *)&status + got, sizeof(status) - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got < sizeof(status)) {
		fprintf(stderr, "rumpuser: daemon exited during start-up\n");
		_exit(1);
	}
	if (status != 0) {
		fprintf(stderr, "rumpuser: daemon start-up failed: "
			"error %d\n", status);
		_exit(1);
	}
	_exit(0);
}

int rumpuser_daemonize_begin(void)
{
	int fds[2];
	pid_t pid;

	if (daemon_pipe != -1)
		return RV_EBUSY;
	/* Buffered output must not be written twice, by parent and child. */
	fflush(NULL);
	if (pipe2(fds, O_CLOEXEC) != 0)
		return rv_errno_to_netbsd(errno);
	pid = fork();
	if (pid < 0) {
		int err = errno;

		close(fds[0]);
		close(fds[1]);
		return rv_errno_to_netbsd(err);
	}
	if (pid > 0) {
		close(fds[1]);
		daemon_parent(fds[0]);
	}
	close(fds[0]);
	/* Leave the terminal's session so that its hangup does not reach us. */
	setsid();
	daemon_pipe = fds[1];
	return 0;
}

static void detach_stdio(void)
{
	int fd = open("/dev/null", O_RDWR);

	if (fd < 0)
		return;
	fflush(NULL);
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
}

int rumpuser_daemonize_done(int error)
{
	if (daemon_pipe == -1)
		return 0;	/* not daemonizing: nobody waits for us */
	if (error == 0 && getenv("RUMPUSER_DAEMONIZE_KEEP_STDIO") == NULL)
		detach_stdio();
	write_all(daemon_pipe, &error, sizeof(error));
	close(daemon_pipe);
	daemon_pipe = -1;
	return 0;
}
