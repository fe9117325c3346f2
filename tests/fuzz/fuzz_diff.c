// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuzz-diff: libFuzzer target comparing the guest with Linux's tmpfs.
 *
 * The input's bytes drive vfs-diff's generator (tests/diff/vfsdiff.c):
 * every choice it makes is the next two input bytes modulo the number of
 * choices, so libFuzzer steers the same operations vfs-diff draws at
 * random, restricted as there to what POSIX fixes.  Each operation runs
 * on a fresh directory of a Linux tmpfs through libc and on a fresh
 * directory of the guest (in a fresh guest process) through rump_sys_*;
 * results must agree (vd_same: return values, errno mapped to NetBSD
 * numbers, data read, stat fields, directory listings).  A mismatch
 * prints the sequence and aborts.  Afterwards the guest's memory and
 * processes must be back at their baseline, as in fuzz-vfs.
 *
 * The allowed differences are vfs-diff's: the generator leaves out what
 * POSIX leaves open (see vd_gen_op) and vd_same treats errno pairs POSIX
 * allows either of as one.
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

#include "fz.h"
#include "tests/diff/vfsdiff.h"

#define MAXOPS	128
#define DIRNAME	"fuzz-diff"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *in_p;
static size_t in_n;
static struct fz_counters baseline;
static int verbose;		/* FZ_VERBOSE=1: every operation, both results */

/* The generator's choices: two input bytes each, zeros past the end. */
static uint64_t input_rnd(void)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 2; i++) {
		if (in_n) {
			v |= (uint64_t)*in_p++ << (8 * i);
			in_n--;
		}
	}
	return v;
}

static void remove_linux_dir(void)
{
	vd_rm_linux_tree(vd_linux_base);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char tag[64];

	fz_boot();
	/* run.py removes the directories of processes that died. */
	snprintf(tag, sizeof(tag), "fuzz-diff.%d", (int)getpid());
	if (vd_linux_tmpfs(tag)) {
		fprintf(stderr, "fuzz-diff: no Linux tmpfs: /dev/shm is not "
			"one and mounting one failed (%s)\n", strerror(errno));
		exit(1);
	}
	vd_rnd = input_rnd;
	verbose = getenv("FZ_VERBOSE") != NULL;
	fz_on_fail(remove_linux_dir);
	atexit(remove_linux_dir);
	fz_clean_root();
	fz_counters(&baseline);
	return 0;
}

static void report(const struct op *ops, int n, const struct res *rl,
		   const struct res *rg)
{
	char t[200], dl[200], dg[200];
	int i;

	for (i = 0; i < n; i++) {
		vd_op_text(&ops[i], t, sizeof(t));
		fprintf(stderr, "  %3d %s\n", i, t);
	}
	vd_describe(rl, dl, sizeof(dl));
	vd_describe(rg, dg, sizeof(dg));
	fz_fail("differs from Linux at operation %d: linux %s, guest %s",
		n - 1, dl, dg);
}

static void trace(const struct op *o, int i, const struct res *rl,
		  const struct res *rg)
{
	char t[200], dl[200], dg[200];

	vd_op_text(o, t, sizeof(t));
	vd_describe(rl, dl, sizeof(dl));
	vd_describe(rg, dg, sizeof(dg));
	fprintf(stderr, "%3d %-40s linux %s | guest %s\n", i, t, dl, dg);
}

static void run_ops(void)
{
	static struct op ops[MAXOPS];
	struct side lx, g;
	struct res rl, rg;
	int i;

	vd_side_init(&lx);
	vd_side_init(&g);
	for (i = 0; i < MAXOPS && in_n > 0; i++) {
		vd_gen_op(&ops[i], &lx);
		vd_run_op(&vd_linux, &lx, &ops[i], &rl);
		vd_run_op(&vd_guest, &g, &ops[i], &rg);
		if (verbose)
			trace(&ops[i], i, &rl, &rg);
		if (!vd_same(&ops[i], &rl, &rg))
			report(ops, i + 1, &rl, &rg);
	}
	vd_close_all(&vd_linux, &lx);
	vd_close_all(&vd_guest, &g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_counters now;
	int rv;

	in_p = data;
	in_n = size;
	rv = rump_lwproc_rfork(RUMP_RFCFDG);
	if (rv)
		fz_fail("rfork: %d", rv);
	if (vd_fresh_dirs(DIRNAME))
		fz_fail("cannot make the test directories: %s",
			strerror(errno));
	run_ops();
	if (fz_proc_files(rump_sys_getpid()) != 1)
		fz_fail("descriptors left open in the guest after closing all");
	rump_lwproc_releaselwp();
	if (vd_drop_linux_dir(DIRNAME))
		fz_fail("cannot remove the Linux directory: %s",
			strerror(errno));
	fz_clean_root();
	fz_counters(&now);
	if (now.inuse != baseline.inuse || now.allocs != baseline.allocs ||
	    now.nproc != baseline.nproc)
		fz_fail("guest after cleanup: %llu bytes, %llu allocations, %d "
			"processes; baseline %llu, %llu, %d",
			(unsigned long long)now.inuse,
			(unsigned long long)now.allocs, now.nproc,
			(unsigned long long)baseline.inuse,
			(unsigned long long)baseline.allocs, baseline.nproc);
	return 0;
}
