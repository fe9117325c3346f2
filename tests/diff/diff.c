// SPDX-License-Identifier: BSD-2-Clause
/*
 * vfs-diff: differential test of the guest's file system against Linux's
 * own tmpfs.  For each seed a random sequence of file operations runs on
 * both: through libc in a fresh directory of a Linux tmpfs, and through
 * rump_sys_* in a fresh directory of the guest.  Return values, data read
 * back and errno (Linux's mapped to NetBSD numbers) must agree wherever
 * POSIX fixes them; the generator avoids what POSIX leaves open (see
 * vd_gen_op in vfsdiff.c) and a few errno pairs POSIX allows either of
 * are compared as classes.  TAP on stdout, one test per seed; a mismatch
 * prints the op sequence up to it, which `vfs-diff --seed S --ops N -v`
 * replays.  The differential fuzz target (tests/fuzz) runs the same
 * generator and sides on sequences decoded from its input.
 *
 *   vfs-diff [--seeds N] [--first S] [--ops N] [--seed S] [-v]
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>

#include "vfsdiff.h"

static uint64_t rng;
static int verbose;

static uint64_t xorshift(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* One seed; returns the index of the first mismatch, or -1. */
static int run_seed(unsigned seed, int nops, int testno)
{
	struct side lx, g;
	struct op *ops = calloc(nops, sizeof(*ops));
	struct res rl, rg;
	char t[200], dl[200], dg[200], name[32];
	int i, bad = -1;

	vd_side_init(&lx);
	vd_side_init(&g);
	rng = 0x9e3779b97f4a7c15ull ^ ((uint64_t)seed * 0x100000001b3ull);
	xorshift();
	snprintf(name, sizeof(name), "s%u", seed);
	if (vd_fresh_dirs(name)) {
		printf("not ok %d - seed %u: cannot make the test directories "
		       "(%s)\n", testno, seed, strerror(errno));
		free(ops);
		return 0;
	}
	for (i = 0; i < nops; i++) {
		vd_gen_op(&ops[i], &lx);
		vd_run_op(&vd_linux, &lx, &ops[i], &rl);
		vd_run_op(&vd_guest, &g, &ops[i], &rg);
		if (verbose) {
			vd_op_text(&ops[i], t, sizeof(t));
			vd_describe(&rl, dl, sizeof(dl));
			printf("# %3d %-40s %s\n", i, t, dl);
		}
		if (!vd_same(&ops[i], &rl, &rg)) {
			bad = i;
			break;
		}
	}
	if (bad < 0) {
		printf("ok %d - seed %u: %d operations agree\n", testno, seed,
		       nops);
	} else {
		vd_op_text(&ops[bad], t, sizeof(t));
		vd_describe(&rl, dl, sizeof(dl));
		vd_describe(&rg, dg, sizeof(dg));
		printf("not ok %d - seed %u: op %d %s: linux %s, guest %s\n",
		       testno, seed, bad, t, dl, dg);
		printf("# replay: vfs-diff --seed %u --ops %d -v\n", seed,
		       bad + 1);
		for (i = 0; i <= bad; i++) {
			vd_op_text(&ops[i], t, sizeof(t));
			printf("#   %3d %s\n", i, t);
		}
	}
	vd_close_all(&vd_linux, &lx);
	vd_close_all(&vd_guest, &g);
	free(ops);
	fflush(stdout);
	return bad;
}

int main(int argc, char **argv)
{
	unsigned first = 1, nseeds = 20, one = 0;
	int nops = 300, i, failed = 0, rv, have_one = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seeds") && i + 1 < argc)
			nseeds = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--first") && i + 1 < argc)
			first = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--ops") && i + 1 < argc)
			nops = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
			one = strtoul(argv[++i], NULL, 0);
			have_one = 1;
		} else if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else {
			int help = !strcmp(argv[i], "--help");

			fprintf(help ? stdout : stderr,
				"usage: vfs-diff [--seeds N] [--first S] "
				"[--ops N] [--seed S] [-v]\n"
				"Runs seeded random file operations on Linux's tmpfs "
				"(libc) and on the guest\nand compares results and "
				"errno; TAP, one test per seed.  --seed S replays one\n"
				"seed, -v prints every operation.\n");
			return help ? 0 : 2;
		}
	}
	if (have_one) {
		first = one;
		nseeds = 1;
	}
	vd_rnd = xorshift;
	if (vd_linux_tmpfs("vfs-diff")) {
		printf("1..0 # SKIP no Linux tmpfs: /dev/shm is not one and "
		       "mounting one failed (%s)\n", strerror(errno));
		return 0;
	}
	printf("# linux side: %s (tmpfs); guest side: /s<seed>\n",
	       vd_linux_base);
	rv = rump_init();
	if (rv) {
		printf("Bail out! rump_init: %d\n", rv);
		vd_rm_linux_tree(vd_linux_base);
		return 1;
	}
	for (i = 0; i < (int)nseeds; i++)
		failed += run_seed(first + i, nops, i + 1) >= 0;
	printf("1..%u\n", nseeds);
	vd_rm_linux_tree(vd_linux_base);
	fflush(stdout);
	/* Halting may end the process (status 0): only when all agreed. */
	if (failed)
		return 1;
	rump_sys_reboot(0, NULL);
	return 0;
}
