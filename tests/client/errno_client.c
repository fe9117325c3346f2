// SPDX-License-Identifier: BSD-2-Clause
/*
 * A client written as for NetBSD's rump kernels: it includes only
 * <rump/rump.h> and <rump/rump_syscalls.h> (and libc), compares errno
 * with the RUMP_E* names after failed calls and prints rump_strerror()'s
 * messages.  Built like any client:
 *   cc errno_client.c $(pkg-config --cflags --libs rump)
 * TAP on stdout; exit status 1 when a test failed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

static int ntest, nfail;

static int report(int ok, const char *what)
{
	ntest++;
	nfail += !ok;
	printf("%s %d - %s\n", ok ? "ok" : "not ok", ntest, what);
	return ok;
}

/* A call that must fail with errno == want (a RUMP_E* number). */
static void expect_error(const char *call, long rv, int want,
			 const char *wantname)
{
	int e = errno;
	char what[300];

	snprintf(what, sizeof(what), "%s fails with %s (%s)", call, wantname,
		 rump_strerror(want));
	if (!report(rv == -1 && e == want, what))
		printf("# returned %ld, errno %d (%s)\n", rv, e,
		       rump_strerror(e));
}

static void expect_ok(const char *call, long rv)
{
	int e = errno;

	if (!report(rv >= 0, call))
		printf("# failed with errno %d (%s)\n", e, rump_strerror(e));
}

#define FAILS(call, err)	expect_error(#call, (long)(call), err, #err)
#define WORKS(call)		expect_ok(#call, (long)(call))

static void file_errors(void)
{
	char longname[600], small[2];
	int fd;

	WORKS(rump_sys_mkdir("/d", 0755));
	FAILS(rump_sys_mkdir("/d", 0755), RUMP_EEXIST);
	FAILS(rump_sys_open("/nope", RUMP_O_RDONLY), RUMP_ENOENT);
	fd = rump_sys_open("/d/f", RUMP_O_RDWR | RUMP_O_CREAT, 0644);
	expect_ok("rump_sys_open(\"/d/f\", RUMP_O_RDWR | RUMP_O_CREAT)", fd);
	WORKS(rump_sys_close(fd));
	FAILS(rump_sys_close(fd), RUMP_EBADF);
	FAILS(rump_sys_open("/d/f", RUMP_O_RDWR | RUMP_O_CREAT | RUMP_O_EXCL,
			    0644), RUMP_EEXIST);
	FAILS(rump_sys_rmdir("/d"), RUMP_ENOTEMPTY);
	FAILS(rump_sys_mkdir("/d/f/x", 0755), RUMP_ENOTDIR);
	FAILS(rump_sys_open("/d", RUMP_O_RDWR), RUMP_EISDIR);
	FAILS(rump_sys_rmdir("/d/."), RUMP_EINVAL);
	memset(longname, 'n', sizeof(longname) - 1);
	longname[0] = '/';
	longname[sizeof(longname) - 1] = '\0';
	FAILS(rump_sys_mkdir(longname, 0755), RUMP_ENAMETOOLONG);
	WORKS(rump_sys_chdir("/d"));
	FAILS(rump_sys___getcwd(small, sizeof(small)), RUMP_ERANGE);
}

static void messages(void)
{
	const char *seen[RUMP_ELAST + 1];
	int i, j, known = 1, distinct = 1;

	report(!strcmp(rump_strerror(RUMP_EEXIST), "File exists") &&
	       !strcmp(rump_strerror(RUMP_ENOENT),
		       "No such file or directory") &&
	       !strcmp(rump_strerror(RUMP_EAGAIN),
		       "Resource temporarily unavailable"),
	       "rump_strerror gives NetBSD's messages");
	for (i = 1; i <= RUMP_ELAST; i++) {
		seen[i] = rump_strerror(i);
		known &= strcmp(seen[i], "Unknown error") != 0;
		for (j = 1; j < i; j++)
			distinct &= strcmp(seen[i], seen[j]) != 0;
	}
	report(known && distinct, "rump_strerror knows every number "
	       "1..RUMP_ELAST, each with its own message");
	report(!strcmp(rump_strerror(RUMP_ELAST + 1), "Unknown error") &&
	       !strcmp(rump_strerror(-1), "Unknown error"),
	       "rump_strerror of an unknown number is \"Unknown error\"");
	report(RUMP_EWOULDBLOCK == RUMP_EAGAIN && RUMP_ELAST == 96,
	       "RUMP_EWOULDBLOCK is RUMP_EAGAIN, RUMP_ELAST is 96");
}

int main(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		printf("usage: errno-client\nA NetBSD-style rump client: "
		       "errno against RUMP_E*; TAP on stdout.\n");
		return 0;
	}
	if (!report(rump_init() == 0, "rump_init")) {
		printf("1..%d\n", ntest);
		return 1;
	}
	file_errors();
	messages();
	printf("1..%d\n", ntest);
	fflush(stdout);
	if (nfail)
		return 1;
	/* Halting ends the process with status 0, as on NetBSD. */
	rump_sys_reboot(0, NULL);
	return 1;
}
