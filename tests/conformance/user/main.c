// SPDX-License-Identifier: BSD-2-Clause
/*
 * ct-user: the conformance suite against the userspace hypervisor.
 *   ct-user [--quick] [--scratch DIR]    run the suite (TAP on stderr)
 *   ct-user --exit-tests                 rumpuser_exit in forked children
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../ct.h"

static int host_errno(void)
{
	return errno;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: ct-user [--quick] [--scratch DIR]\n"
		   "       ct-user --exit-tests\n"
		   "Runs the rumpuser conformance suite; TAP goes to stderr.\n");
}

/* Fork a child that runs the exit scenario; return its wait status. */
static int exit_child(struct ct_host *h, int value)
{
	pid_t pid;
	int st, rv;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		alarm(60);	/* a hypervisor that hangs on exit dies by SIGALRM */
		rv = ct_exit_scenario(h, value);
		fprintf(stderr, "# exit scenario setup failed: %d\n", rv);
		_exit(100);
	}
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

static int exit_tests(struct ct_host *h)
{
	int st, fail = 0;

	st = exit_child(h, -1);
	if (st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT) {
		fprintf(stderr, "ok 1 - rumpuser_exit(PANIC) with blocked threads "
				"dies by SIGABRT\n");
	} else {
		fprintf(stderr, "not ok 1 - rumpuser_exit(PANIC) with blocked "
				"threads dies by SIGABRT # status 0x%x\n", st);
		fail++;
	}
	st = exit_child(h, 7);
	if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 7) {
		fprintf(stderr, "ok 2 - rumpuser_exit(7) with blocked threads "
				"exits with status 7\n");
	} else {
		fprintf(stderr, "not ok 2 - rumpuser_exit(7) with blocked "
				"threads exits with status 7 # status 0x%x\n", st);
		fail++;
	}
	fprintf(stderr, "1..2\n");
	return fail ? 1 : 0;
}

/* Remove the directory we made and the files the suite left in it. */
static void remove_scratch(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quick", no_argument, NULL, 'q' },
		{ "scratch", required_argument, NULL, 's' },
		{ "exit-tests", no_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ct_host h = {
		.name = "user",
		.outside = "/etc/passwd",
		.confined = 0,
		.geterrno = host_errno,
	};
	char tmpl[] = "/tmp/ct-user.XXXXXX";
	const char *scratch = NULL;
	int c, exits = 0, failed;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			h.quick = 1;
			break;
		case 's':
			scratch = optarg;
			break;
		case 'x':
			exits = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (!scratch) {
		scratch = mkdtemp(tmpl);
		if (!scratch) {
			perror("ct-user: mkdtemp");
			return 1;
		}
	}
	h.scratch = scratch;
	if (exits)
		failed = exit_tests(&h);
	else
		failed = ct_run(&h) ? 1 : 0;
	if (scratch == tmpl)
		remove_scratch(tmpl);
	return failed;
}
