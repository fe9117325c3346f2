// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpuser_daemonize_begin/_done: the foreground process must exit with
 * the daemon's verdict (0 on success, 1 with a message on failure, 1 when
 * the daemon dies first), the daemon must run in a session of its own,
 * and its stdio goes to /dev/null only on success.  TAP on stdout.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rump/rumpuser.h>

/* What the daemon reports back to the test over a pipe. */
struct report {
	int begin_rv;		/* rumpuser_daemonize_begin() */
	int own_session;	/* getsid(0) == getpid() */
	int stdout_null;	/* fd 1 is /dev/null after _done */
};

enum mode { DONE_OK, DONE_ERROR, DIE_EARLY, DONE_OK_KEEP };

static int testno, failed;

static void ok(int cond, const char *what)
{
	testno++;
	if (!cond)
		failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", testno, what);
	fflush(stdout);
}

static int is_devnull(int fd)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat("/dev/null", &b) == 0 &&
	       S_ISCHR(a.st_mode) && a.st_rdev == b.st_rdev;
}

/*
 * Runs in a child of the test: it daemonizes, so this process becomes
 * the foreground parent and its exit status is what we check.  The
 * daemon writes its report to wfd.
 */
static void RUMPUSER_NORETURN run_case(enum mode m, int wfd)
{
	struct report r;
	int rv;

	memset(&r, 0, sizeof(r));
	if (m == DONE_OK_KEEP)
		setenv("RUMPUSER_DAEMONIZE_KEEP_STDIO", "1", 1);
	else
		unsetenv("RUMPUSER_DAEMONIZE_KEEP_STDIO");
	/* Keep the parent's failure message out of the TAP stream. */
	if (m != DONE_OK && m != DONE_OK_KEEP) {
		FILE *f = freopen("/dev/null", "w", stderr);

		(void)f;
	}
	rv = rumpuser_daemonize_begin();
	r.begin_rv = rv;
	r.own_session = getsid(0) == getpid();
	if (rv != 0) {
		if (write(wfd, &r, sizeof(r)) != sizeof(r))
			_exit(4);
		_exit(3);
	}
	switch (m) {
	case DONE_OK:
	case DONE_OK_KEEP:
		rumpuser_daemonize_done(0);
		break;
	case DONE_ERROR:
		rumpuser_daemonize_done(5);
		break;
	case DIE_EARLY:
		break;
	}
	r.stdout_null = is_devnull(STDOUT_FILENO);
	if (write(wfd, &r, sizeof(r)) != sizeof(r))
		_exit(4);
	_exit(0);
}

/* Returns the foreground exit status (-1 if abnormal), fills *r. */
static int try_case(enum mode m, struct report *r, int *got_report)
{
	int fds[2], status;
	pid_t pid;
	ssize_t n;

	if (pipe(fds) != 0)
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fds[0]);
		run_case(m, fds[1]);
	}
	close(fds[1]);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	/* The daemon outlives the foreground process: read until it closes. */
	do {
		n = read(fds[0], r, sizeof(*r));
	} while (n < 0 && errno == EINTR);
	*got_report = n == (ssize_t)sizeof(*r);
	close(fds[0]);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(void)
{
	struct report r;
	int st, got;

	printf("1..10\n");

	st = try_case(DONE_OK, &r, &got);
	ok(st == 0, "success: foreground exits 0");
	ok(got && r.begin_rv == 0, "success: daemon started");
	ok(got && r.own_session, "success: daemon leads its own session");
	ok(got && r.stdout_null, "success: daemon stdio on /dev/null");

	st = try_case(DONE_OK_KEEP, &r, &got);
	ok(st == 0, "keep stdio: foreground exits 0");
	ok(got && !r.stdout_null,
	   "keep stdio: RUMPUSER_DAEMONIZE_KEEP_STDIO keeps stdout");

	st = try_case(DONE_ERROR, &r, &got);
	ok(st == 1, "error: foreground exits 1");
	ok(got && !r.stdout_null, "error: daemon keeps its stdio");

	st = try_case(DIE_EARLY, &r, &got);
	ok(st == 1, "daemon dies before _done: foreground exits 1");

	ok(rumpuser_daemonize_done(0) == 0,
	   "_done without _begin is harmless");

	return failed ? 1 : 0;
}
