// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuzz-vfs: libFuzzer target for the reference guest's system calls.
 *
 * One guest per process (booted in LLVMFuzzerInitialize).  Each input is
 * decoded into a sequence of system calls with hostile arguments (paths
 * with "..", "//", long and over-long names, bad pointers, NUL-less
 * names; huge and negative lengths and offsets; bad descriptors; any
 * open and mount flags), which runs in a fresh guest process
 * (rump_lwproc_rfork) whose working directory is a fresh /fuzz-work,
 * on one thread or spread over up to four that share the process.
 * Every result is checked as it comes (tests/fuzz/check.c) and the state
 * afterwards (tests/fuzz/invariants.c); then the process ends, the
 * harness removes everything the input made (fz_clean_root) and the
 * guest's memory in use and process count must be back at their
 * baseline.  A broken invariant aborts: libFuzzer keeps the input.
 *
 * The input format (tests/fuzz/ops.h): byte 0 chooses one or more
 * threads, then each operation is an opcode byte and its arguments,
 * every argument taken from the bytes that follow (zeros past the end).
 * FZ_VERBOSE=1 in the environment prints every call and its result.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>

#include "fz.h"
#include "ops.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct fz_counters baseline;

/*
 * The threads that run an input's operations beside the main thread:
 * made once and reused (a thread per input cost a tenth of the time in
 * AddressSanitizer's thread setup).  Each input's thread binds a new lwp
 * of the input's process and releases it when done.
 */
struct worker {
	pthread_t pt;
	int tid;
	sem_t start;
};

static struct worker workers[FZ_MAXTHREADS];
static struct fz_run *current;
static sem_t done;

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	for (;;) {
		while (sem_wait(&w->start) != 0)
			continue;
		if (rump_lwproc_newlwp(current->pid) != 0)
			fz_fail("newlwp(%d) for thread %d failed", current->pid,
				w->tid);
		fz_run_thread(current, w->tid);
		rump_lwproc_releaselwp();
		sem_post(&done);
	}
	return NULL;
}

static void start_workers(void)
{
	int i;

	if (sem_init(&done, 0, 0))
		fz_fail("sem_init");
	for (i = 1; i < FZ_MAXTHREADS; i++) {
		workers[i].tid = i;
		if (sem_init(&workers[i].start, 0, 0) ||
		    pthread_create(&workers[i].pt, NULL, worker_main,
				   &workers[i]))
			fz_fail("starting worker thread %d", i);
	}
}

/* Run the decoded operations in a fresh process with cwd FZ_WORK. */
static void run_input(struct fz_run *run)
{
	int i, rv;

	if (rump_sys_mkdir(FZ_WORK, 0755))
		fz_fail("mkdir " FZ_WORK ": errno %d", errno);
	rv = rump_lwproc_rfork(RUMP_RFCFDG);
	if (rv)
		fz_fail("rfork: %d", rv);
	run->pid = rump_sys_getpid();
	if (rump_sys_chdir(FZ_WORK))
		fz_fail("chdir " FZ_WORK ": errno %d", errno);
	current = run;
	for (i = 1; i < run->nthreads; i++)
		sem_post(&workers[i].start);
	fz_run_thread(run, 0);
	for (i = 1; i < run->nthreads; i++)
		while (sem_wait(&done) != 0)
			continue;
	fz_check_state(run);
	/* The process ends with its last lwp: descriptors close. */
	rump_lwproc_releaselwp();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_verbose = getenv("FZ_VERBOSE") != NULL;
	fz_boot();
	start_workers();
	fz_clean_root();
	fz_counters(&baseline);
	return 0;
}

static void check_counters(void)
{
	struct fz_counters now;

	fz_counters(&now);
	if (now.inuse != baseline.inuse || now.allocs != baseline.allocs)
		fz_fail("guest memory after cleanup: %llu bytes in %llu "
			"allocations, baseline %llu bytes in %llu",
			(unsigned long long)now.inuse,
			(unsigned long long)now.allocs,
			(unsigned long long)baseline.inuse,
			(unsigned long long)baseline.allocs);
	if (now.nproc != baseline.nproc)
		fz_fail("%d guest processes after the input, baseline %d",
			now.nproc, baseline.nproc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_run *run = fz_decode(data, size);

	run_input(run);
	fz_clean_root();
	fz_reset_hostname(run);
	fz_run_free(run);
	check_counters();
	return 0;
}
