// SPDX-License-Identifier: BSD-2-Clause
/*
 * sp-forkexec: fork and exec of a librumpclient program, as NetBSD's
 * rumpclient(3) describes them.  A forked child gets a server process of
 * its own that starts with the parent's descriptors (the open file and
 * its offset are shared, as after fork(2)); an exec'd program keeps its
 * server process and descriptors.  TAP on stdout.
 *   RUMP_SERVER=URL sp-forkexec
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rump/rumpclient.h>
#include <rump/rump_syscalls.h>

#include "tap.h"

extern char **environ;



static int read_at(int fd, off_t off, char *buf, size_t len)
{
	long n;

	if (rump_sys_lseek(fd, off, 0) != off)
		return -1;
	n = rump_sys_read(fd, buf, len - 1);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return (int)n;
}

/* The forked child: exit status 0 when all its checks hold. */
static int child(int fd, pid_t parent)
{
	char buf[64];
	pid_t me = rump_sys_getpid();

	if (me <= 1 || me == parent)
		return 10;
	if (read_at(fd, 0, buf, sizeof(buf)) != 5 || strcmp(buf, "hello"))
		return 11;
	if (rump_sys_write(fd, " child", 6) != 6)
		return 12;
	/* Our descriptor, not the parent's: closing it leaves theirs. */
	if (rump_sys_close(fd) != 0)
		return 13;
	return 0;
}

/* After exec: argv = prog --after-exec FD PID. */
static int after_exec(char **argv)
{
	char buf[64];
	int fd = atoi(argv[2]);
	pid_t pid = atoi(argv[3]);

	if (rumpclient_init() != 0)
		return 20;
	if (rump_sys_getpid() != pid)
		return 21;
	if (read_at(fd, 0, buf, sizeof(buf)) < 5 || strncmp(buf, "hello", 5))
		return 22;
	return 0;
}

static int wait_status(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void t_fork(int fd, pid_t me)
{
	char buf[64];
	pid_t pid = rumpclient_fork();
	int st;

	if (pid == 0)
		_exit(child(fd, me));
	ok(pid > 0, "rumpclient_fork (host pid %d)", (int)pid);
	st = wait_status(pid);
	ok(st == 0, "the child had its own server process with the parent's "
	   "descriptor (exit %d)", st);
	ok(read_at(fd, 0, buf, sizeof(buf)) == 11 &&
	   !strcmp(buf, "hello child"),
	   "the parent's descriptor still works and sees the child's write "
	   "(\"%s\")", buf);
	ok(rump_sys_getpid() == me, "the parent's server process is the same");
}

static void t_exec(int fd, const char *self)
{
	pid_t pid = rumpclient_fork();
	int st;

	if (pid == 0) {
		char fds[16], pids[16];
		char *args[] = { (char *)"sp-forkexec", (char *)"--after-exec",
				 fds, pids, NULL };

		snprintf(fds, sizeof(fds), "%d", fd);
		snprintf(pids, sizeof(pids), "%d", (int)rump_sys_getpid());
		rumpclient_exec(self, args, environ);
		_exit(30);
	}
	st = wait_status(pid);
	ok(st == 0, "rumpclient_exec: the new program kept the server process "
	   "and its descriptors (exit %d)", st);
}

static void t_cancel(void)
{
	struct rumpclient_fork *rf = rumpclient_prefork();

	ok(rf != NULL, "rumpclient_prefork");
	if (rf)
		rumpclient_fork_cancel(rf);
	ok(rump_sys_getpid() > 1, "rumpclient_fork_cancel; the connection "
	   "goes on");
}

int main(int argc, char **argv)
{
	char path[64];
	pid_t me;
	int fd;

	if (argc == 4 && !strcmp(argv[1], "--after-exec"))
		return after_exec(argv);
	if (argc != 1) {
		printf("usage: RUMP_SERVER=URL sp-forkexec\n"
		       "fork and exec of a rump client (TAP on stdout).\n");
		return strcmp(argv[1], "--help") ? 2 : 0;
	}
	if (rumpclient_init() != 0) {
		printf("Bail out! rumpclient_init: %s\n", strerror(errno));
		return 1;
	}
	me = rump_sys_getpid();
	ok(me > 1, "connected: server process %d", (int)me);
	snprintf(path, sizeof(path), "/forkexec.%d", (int)getpid());
	fd = rump_sys_open(path, RUMP_O_RDWR | RUMP_O_CREAT | RUMP_O_TRUNC,
			   0644);
	ok(fd >= 0 && rump_sys_write(fd, "hello", 5) == 5,
	   "a file with 5 bytes (descriptor %d)", fd);
	t_fork(fd, me);
	t_exec(fd, "/proc/self/exe");
	t_cancel();
	rump_sys_close(fd);
	ok(rump_sys_unlink(path) == 0, "cleaned up");
	return tap_done("sp-forkexec");
}
