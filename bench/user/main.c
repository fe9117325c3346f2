// SPDX-License-Identifier: BSD-2-Clause
/*
 * bench-user: the hypercall benchmarks on the userspace hypervisor, plus
 * the bare-pthreads reference rows the targets are stated against.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../bench.h"

#define REF_MIN_NS (200LL * 1000 * 1000)

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Bare pthreads: a token passed through one condition variable. */
static pthread_mutex_t ref_m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ref_cv = PTHREAD_COND_INITIALIZER;
static int ref_turn;
static long ref_n;

static void ref_play(int me)
{
	pthread_mutex_lock(&ref_m);
	for (long i = 0; i < ref_n; i++) {
		while (ref_turn != me)
			pthread_cond_wait(&ref_cv, &ref_m);
		ref_turn = !me;
		pthread_cond_signal(&ref_cv);
	}
	pthread_mutex_unlock(&ref_m);
}

static void *ref_pong(void *arg)
{
	(void)arg;
	ref_play(1);
	return NULL;
}

static void *ref_nop(void *arg)
{
	return arg;
}

static void ref_cv_roundtrip(const char *host)
{
	long long t0, dt;
	pthread_t t;

	for (ref_n = 256;; ref_n *= 2) {
		ref_turn = 0;
		t0 = now_ns();
		pthread_create(&t, NULL, ref_pong, NULL);
		ref_play(0);
		pthread_join(t, NULL);
		dt = now_ns() - t0;
		if (dt >= REF_MIN_NS)
			break;
	}
	bg_report(host, "pthread_cv_roundtrip", ref_n, dt);
}

static void ref_create_join(const char *host)
{
	long long t0, dt;
	pthread_t t;
	long n;

	for (n = 256;; n *= 2) {
		t0 = now_ns();
		for (long i = 0; i < n; i++) {
			if (pthread_create(&t, NULL, ref_nop, NULL) == 0)
				pthread_join(t, NULL);
		}
		dt = now_ns() - t0;
		if (dt >= REF_MIN_NS)
			break;
	}
	bg_report(host, "pthread_create_join", n, dt);
}

int main(int argc, char **argv)
{
	const char *host = "user";
	int error;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--host") && i + 1 < argc) {
			host = argv[++i];
		} else {
			fprintf(stderr,
				"usage: %s [--host NAME]\n"
				"Runs the hypercall benchmarks on the userspace "
				"hypervisor and bare-pthreads reference rows;\n"
				"prints one 'BENCH host= case= iters= ps=' line "
				"per result (bench/report.py makes tables).\n",
				argv[0]);
			return strcmp(argv[i], "--help") ? 2 : 0;
		}
	}
	error = bg_run(host);
	if (error) {
		fprintf(stderr, "bench-user: guest boot failed: %d\n", error);
		return 1;
	}
	ref_cv_roundtrip(host);
	ref_create_join(host);
	return 0;
}
