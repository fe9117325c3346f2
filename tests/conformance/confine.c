// SPDX-License-Identifier: BSD-2-Clause
/*
 * Confinement under attack (kernel hypervisor only): the host directory
 * the guest may open files in, prepared by tests/vm/check-instances.sh,
 * holds escapes of every kind, and a host process renames a directory in
 * and out of it while the guest looks names up through it:
 *
 *   JAIL/esc     -> ../outside/secret      (relative symlink out)
 *   JAIL/abs     -> /tmp/outside/secret    (absolute symlink)
 *   JAIL/up      -> ..                     (directory symlink up)
 *   JAIL/make    -> /tmp/outside/made      (a file to create outside,
 *                                           also as up/outside/made)
 *   JAIL/proc                              (procfs mounted inside)
 *   JAIL/fifo, JAIL/null, JAIL/sock        (FIFO, character device, socket)
 *   JAIL/a/b/deep -> ../../..              (b is renamed to and from
 *                                           outside by a host loop)
 *   JAIL/a/b/file                          (a file that is "inside")
 *   JAIL/plain, JAIL/absin -> /plain       (an absolute symlink whose
 *                                           target, read from JAIL, is
 *                                           a file inside)
 *
 * ct_host->scratch is JAIL (the instance's files= directory) and
 * ct_host->outside the secret file.  No open may return the secret's
 * content, none may block, and nothing may be created outside.
 */
#include "ct_int.h"

#define SECRET_WORD	"secret"
#define CT_ENXIO	6

static char jail_path[320];

static const char *in_jail(const char *rel)
{
	tg_snprintf(jail_path, sizeof(jail_path), "%s/%s", ct_host->scratch,
		    rel);
	return jail_path;
}

/* Open name; if it opens, read it: 1 when the secret came back. */
static int leaks(const char *name, int mode, int *rvp)
{
	struct rumpuser_iovec iov;
	char buf[16] = "";
	size_t done = 0;
	int fd, rv;

	rv = rumpuser_open(name, mode, &fd);
	if (rvp)
		*rvp = rv;
	if (rv)
		return 0;
	iov.iov_base = buf;
	iov.iov_len = sizeof(buf) - 1;
	rumpuser_iovread(fd, &iov, 1, 0, &done);
	rumpuser_close(fd);
	return done >= 6 && !tg_memcmp(buf, SECRET_WORD, 6);
}

static void escape(const char *rel, const char *what)
{
	int rv;
	int leaked = leaks(in_jail(rel), RUMPUSER_OPEN_RDONLY, &rv);

	ct_check(!leaked && rv != 0, what, "'%s': rv %d, leaked %d",
		 jail_path, rv, leaked);
}

static void t_links(void)
{
	int fd, rv;

	escape("esc", "a relative symlink out of the directory is refused");
	escape("abs", "an absolute symlink out of it is refused");
	/* Looked up from the directory as a root, /plain would be JAIL/plain;
	 * a scoped lookup refuses every absolute symlink instead. */
	escape("absin", "an absolute symlink is refused, not read from the "
	       "directory as a root");
	escape("up/outside/secret", "a symlink to its parent is refused");
	escape("proc/self/root/tmp/outside/secret",
	       "a magic link of a procfs mounted inside is refused");
	escape("proc/1/root/tmp/outside/secret",
	       "init's root through procfs is refused");
	rv = rumpuser_open(in_jail("make"),
			   RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_CREATE, &fd);
	ct_check(rv != 0, "creating through a symlink that points out is refused",
		 "rv %d", rv);
	if (rv == 0)
		rumpuser_close(fd);
	/* The parent is found through a directory symlink that leads out:
	 * the lookup must fail before anything is created there (the
	 * script checks that /tmp/outside/made does not exist). */
	rv = rumpuser_open(in_jail("up/outside/made"),
			   RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_CREATE, &fd);
	ct_check(rv != 0,
		 "creating below a directory symlink that points out is refused",
		 "rv %d", rv);
	if (rv == 0)
		rumpuser_close(fd);
}

static void no_block(const char *rel, const char *what)
{
	int64_t t0 = tg_now_ns();
	int fd, rv = rumpuser_open(in_jail(rel), RUMPUSER_OPEN_RDONLY, &fd);

	ct_check(rv == CT_ENXIO && tg_now_ns() - t0 < 2000 * CT_MS, what,
		 "rv %d after %lld ms", rv,
		 (long long)((tg_now_ns() - t0) / CT_MS));
	if (rv == 0)
		rumpuser_close(fd);
}

static void t_special(void)
{
	uint64_t size;
	int type, rv;

	no_block("fifo", "a FIFO is refused at once (ENXIO), without blocking");
	no_block("null", "a character device is refused (ENXIO)");
	no_block("sock", "a socket is refused (ENXIO)");
	rv = rumpuser_getfileinfo(in_jail("fifo"), &size, &type);
	ct_check(rv == 0 && type == RUMPUSER_FT_OTHER,
		 "getfileinfo of a FIFO says OTHER without opening it",
		 "rv %d type %d", rv, type);
}

/* Look names up through a directory a host loop moves in and out. */
static void t_renamer(void)
{
	int64_t end = tg_now_ns() + 3000 * CT_MS;
	int tries = 0, opened = 0, leaked = 0, created = 0, rv;

	while (tg_now_ns() < end) {
		leaked += leaks(in_jail("a/b/deep/outside/secret"),
				RUMPUSER_OPEN_RDONLY, &rv);
		leaked += leaks(in_jail("a/b/deep/tmp/outside/secret"),
				RUMPUSER_OPEN_RDONLY, NULL);
		/* The parent of a new file, through the moving directory: a
		 * lookup that left the directory creates outside even when
		 * the open is refused after (the script checks that
		 * /tmp/outside/made does not exist). */
		leaks(in_jail("a/b/deep/tmp/outside/made"),
		      RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_CREATE, &rv);
		created += rv == 0;
		leaks(in_jail("a/b/file"), RUMPUSER_OPEN_RDONLY, &rv);
		opened += rv == 0;
		tries++;
	}
	ct_diag("renamer: %d rounds, the inside file opened %d times", tries,
		opened);
	ct_check(!leaked && tries > 50,
		 "3 s of lookups through a directory renamed in and out never reach the secret",
		 "%d rounds, %d leaks", tries, leaked);
	ct_check(!created,
		 "... and never create a file through it",
		 "%d of %d creations succeeded", created, tries);
}

int ct_confine_run(const struct ct_host *h)
{
	int rv;

	ct_host = h;
	ct_tap_reset();
	rv = tg_boot(0);
	if (rv) {
		rumpuser_dprintf("Bail out! the guest does not boot (%d)\n", rv);
		return 1;
	}
	ct_diag("confinement of %s (secret: %s)", h->scratch, h->outside);
	t_links();
	t_special();
	t_renamer();
	tg_halt();
	rumpuser_dprintf("1..%d\n", ct_count());
	ct_diag("confine: %d of %d failed", ct_failures(), ct_count());
	return ct_failures();
}
