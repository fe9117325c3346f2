// SPDX-License-Identifier: BSD-2-Clause
/*
 * mkcorpus: writes the fuzz targets' seed corpus (tests/fuzz/corpus,
 * committed; `make fuzz-corpus` runs this).
 *
 *   mkcorpus DIR      writes DIR/vfs/<name> and DIR/diff/<name>
 *
 * fuzz-vfs seeds are hand-written sequences in its input format
 * (tests/fuzz/ops.h), one per area: file data, directories, links,
 * mounts, kernfs, processes and descriptors, threads, hostile
 * arguments.  fuzz-diff takes any bytes (each pair is one choice of the
 * generator), so its seeds are fixed pseudo-random strings of a few
 * lengths.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ops.h"

/* Name table indexes (tests/fuzz/decode.c). */
enum { A, B, C, D, E, F, G, L255, L511, L512, WEIRD, DOT, DOTDOT, EMPTY };

/* open flag selector bits (decode.c read_oflags) */
#define S_CREAT		0x0001
#define S_EXCL		0x0002
#define S_TRUNC		0x0004
#define S_APPEND	0x0008
#define S_DIRECTORY	0x0010
#define S_NOFOLLOW	0x0020

#define RDONLY	0
#define WRONLY	1
#define RDWR	2

struct seed {
	uint8_t b[4096];
	size_t n;
};

static void put(struct seed *s, int v)
{
	if (s->n < sizeof(s->b))
		s->b[s->n++] = (uint8_t)v;
}

static void put16(struct seed *s, int v)
{
	put(s, v & 0xff);
	put(s, (v >> 8) & 0xff);
}

/* A relative path of the given names (at most 8). */
static void path(struct seed *s, int n, const int *names)
{
	int i;

	put(s, n - 1);
	for (i = 0; i < n; i++)
		put(s, names[i]);
}

#define PATH(s, ...) do {						\
	const int names_[] = { __VA_ARGS__ };				\
	path(s, (int)(sizeof(names_) / sizeof(names_[0])), names_);	\
} while (0)

static void op(struct seed *s, enum fz_kind k)
{
	put(s, k);
}

/* open(path..., acc | sel) into slot */
static void open_(struct seed *s, int acc, int sel, int slot)
{
	put16(s, sel);
	put(s, acc);
	put16(s, 0644);
	put(s, slot);
}

/* A length of exactly v bytes (v < 9000). */
static void len(struct seed *s, int v)
{
	put(s, 3);
	put16(s, v);
}

static void off(struct seed *s, int v)
{
	put(s, 2);
	put16(s, v);
}

static void rw(struct seed *s, enum fz_kind k, int slot, int n, int at)
{
	op(s, k);
	put(s, slot);
	len(s, n);
	put(s, 1);		/* a real buffer */
	if (k == FZ_PREAD || k == FZ_PWRITE)
		off(s, at);
}

static void fdop(struct seed *s, enum fz_kind k, int slot)
{
	op(s, k);
	put(s, slot);
	put(s, 1);
}

static void seed_file_data(struct seed *s)
{
	put(s, 0);
	op(s, FZ_OPEN); PATH(s, A); open_(s, RDWR, S_CREAT, 0);
	rw(s, FZ_WRITE, 0, 5000, 0);
	rw(s, FZ_PWRITE, 0, 100, 8000);
	op(s, FZ_LSEEK); put(s, 0); off(s, 10); put(s, 0);
	rw(s, FZ_READ, 0, 300, 0);
	rw(s, FZ_PREAD, 0, 8999, 4000);
	op(s, FZ_OPEN); PATH(s, A); open_(s, WRONLY, S_TRUNC | S_APPEND, 1);
	rw(s, FZ_WRITE, 1, 77, 0);
	fdop(s, FZ_FSTAT, 0);
	fdop(s, FZ_FSYNC, 1);
	fdop(s, FZ_CLOSE, 0);
}

/* An edge offset of read_off's table (decode.c): 6 is -1, 3 is 2^40 - 4096. */
static void off_edge(struct seed *s, int i)
{
	put(s, 3);
	put(s, i);
}

static void seed_truncate(struct seed *s)
{
	put(s, 0);
	op(s, FZ_OPEN); PATH(s, A); open_(s, RDWR, S_CREAT, 0);
	rw(s, FZ_WRITE, 0, 5000, 0);
	op(s, FZ_FTRUNCATE); put(s, 0); off(s, 100);
	rw(s, FZ_PREAD, 0, 300, 0);
	op(s, FZ_FTRUNCATE); put(s, 0); off(s, 9000);
	rw(s, FZ_PREAD, 0, 8999, 50);
	op(s, FZ_TRUNCATE); PATH(s, A); off_edge(s, 3);
	op(s, FZ_FTRUNCATE); put(s, 0); off_edge(s, 6);
	op(s, FZ_OPEN); PATH(s, A); open_(s, RDONLY, 0, 1);
	op(s, FZ_FTRUNCATE); put(s, 1); off(s, 0);
	op(s, FZ_MKDIR); PATH(s, B); put16(s, 0755);
	op(s, FZ_TRUNCATE); PATH(s, B); off(s, 0);
	/* Last, so that the pages a cut must free are looked for. */
	op(s, FZ_TRUNCATE); PATH(s, A); off(s, 10);
	fdop(s, FZ_FSTAT, 0);
	fdop(s, FZ_CLOSE, 0);
}

static void seed_dirs(struct seed *s)
{
	put(s, 0);
	op(s, FZ_MKDIR); PATH(s, A); put16(s, 0755);
	op(s, FZ_MKDIR); PATH(s, A, B); put16(s, 0755);
	op(s, FZ_MKDIR); PATH(s, A, B, C); put16(s, 0700);
	op(s, FZ_CHDIR); PATH(s, A, B);
	op(s, FZ_GETCWD); len(s, 200); put(s, 1);
	op(s, FZ_OPEN); PATH(s, DOTDOT); open_(s, RDONLY, S_DIRECTORY, 2);
	op(s, FZ_GETDENTS); put(s, 2); len(s, 64); put(s, 1);
	op(s, FZ_RENAME); PATH(s, C); PATH(s, DOTDOT, D);
	op(s, FZ_RMDIR); PATH(s, DOTDOT, D);
	op(s, FZ_RMDIR); PATH(s, DOTDOT);
	op(s, FZ_CHDIR); PATH(s, DOTDOT, DOTDOT);
	op(s, FZ_RENAME); PATH(s, A); PATH(s, A, B, E);
	op(s, FZ_STAT); PATH(s, A, EMPTY, B); len(s, 0); put(s, 1);
}

static void seed_links(struct seed *s)
{
	put(s, 0);
	op(s, FZ_SYMLINK); PATH(s, B); PATH(s, A);
	op(s, FZ_SYMLINK); PATH(s, A); PATH(s, B);
	op(s, FZ_OPEN); PATH(s, A); open_(s, RDWR, S_CREAT, 0);
	op(s, FZ_READLINK); PATH(s, A); len(s, 100); put(s, 1);
	op(s, FZ_LSTAT); PATH(s, A); len(s, 0); put(s, 1);
	op(s, FZ_SYMLINK); PATH(s, DOT); PATH(s, C);
	op(s, FZ_STAT); PATH(s, C, C, C, C, C, C, C, C); len(s, 0); put(s, 1);
	op(s, FZ_OPEN); PATH(s, D); open_(s, RDWR, S_CREAT, 1);
	op(s, FZ_SYMLINK); PATH(s, D); PATH(s, E);
	op(s, FZ_OPEN); PATH(s, E); open_(s, RDWR, S_NOFOLLOW, 2);
	op(s, FZ_UNLINK); PATH(s, D);
	rw(s, FZ_WRITE, 1, 10, 0);
	fdop(s, FZ_FSTAT, 1);
}

static void seed_mounts(struct seed *s)
{
	put(s, 0);
	op(s, FZ_MKDIR); PATH(s, A); put16(s, 0755);
	op(s, FZ_MOUNT); PATH(s, A); put(s, 0); put(s, 1);	/* tmpfs */
	op(s, FZ_OPEN); PATH(s, A, B); open_(s, RDWR, S_CREAT, 0);
	op(s, FZ_UNMOUNT); PATH(s, A); put(s, 1);		/* busy */
	fdop(s, FZ_CLOSE, 0);
	op(s, FZ_MKDIR); PATH(s, A, C); put16(s, 0755);
	op(s, FZ_MOUNT); PATH(s, A, C); put(s, 1); put(s, 1);	/* kernfs */
	op(s, FZ_OPEN); PATH(s, A, C); open_(s, RDONLY, 0, 1);
	op(s, FZ_GETDENTS); put(s, 1); len(s, 4096); put(s, 1);
	fdop(s, FZ_CLOSE, 1);
	op(s, FZ_UNMOUNT); PATH(s, A); put(s, 1);		/* busy */
	op(s, FZ_UNMOUNT); PATH(s, A, C); put(s, 1);
	op(s, FZ_MOUNT); PATH(s, A); put(s, 8); put(s, 1);	/* rdonly */
}

static void seed_kernfs(struct seed *s)
{
	int f;

	put(s, 0);
	for (f = 0; f < 10; f++) {
		op(s, FZ_KOPEN); put(s, f); put16(s, 0); put(s, RDONLY);
		put(s, f % 8);
		rw(s, FZ_READ, f % 8, 4000, 0);
	}
	op(s, FZ_KOPEN); put(s, 1); put16(s, 0); put(s, WRONLY); put(s, 0);
	rw(s, FZ_WRITE, 0, 20, 0);
	op(s, FZ_GETDENTS); put(s, 0); len(s, 600); put(s, 1);
}

static void seed_procs(struct seed *s)
{
	put(s, 0);
	op(s, FZ_OPEN); PATH(s, A); open_(s, RDWR, S_CREAT, 0);
	op(s, FZ_DUP); put(s, 0); put(s, 0); put(s, 1);
	op(s, FZ_DUP2); put(s, 0); put(s, 0xe3); put(s, 2);	/* 65535 */
	op(s, FZ_RFORK); put(s, 1);				/* copy */
	fdop(s, FZ_CLOSE, 0);
	op(s, FZ_GETPID);
	op(s, FZ_RFORK); put(s, 0);				/* share */
	op(s, FZ_DUP); put(s, 1); put(s, 0); put(s, 3);
	op(s, FZ_UNFORK);
	op(s, FZ_RFORK); put(s, 2);				/* clear */
	fdop(s, FZ_FSTAT, 1);
	op(s, FZ_UNFORK);
	op(s, FZ_UNFORK);
	rw(s, FZ_WRITE, 0, 10, 0);
}

static void seed_threads(struct seed *s)
{
	int i;

	put(s, 4 | 2);		/* four threads */
	op(s, FZ_OPEN); PATH(s, A); open_(s, RDWR, S_CREAT, 0);
	op(s, FZ_MKDIR); PATH(s, B); put16(s, 0755);
	op(s, FZ_OPEN); PATH(s, C); open_(s, RDWR, S_CREAT | S_APPEND, 1);
	op(s, FZ_OPEN); PATH(s, DOT); open_(s, RDONLY, 0, 2);
	for (i = 0; i < 6; i++) {
		rw(s, FZ_PWRITE, 0, 3000, 1000 * i);
		op(s, FZ_RENAME); PATH(s, B); PATH(s, D);
		rw(s, FZ_WRITE, 1, 500, 0);
		op(s, FZ_GETDENTS); put(s, 2); len(s, 100); put(s, 1);
		op(s, FZ_RENAME); PATH(s, D); PATH(s, B);
		fdop(s, FZ_CLOSE, 0);
		rw(s, FZ_READ, 1, 700, 0);
		op(s, FZ_OPEN); PATH(s, A); open_(s, RDWR, S_CREAT, 0);
	}
}

static void seed_hostile(struct seed *s)
{
	put(s, 0);
	op(s, FZ_OPEN); put(s, 6 << 5); put(s, 0); open_(s, RDONLY, 0, 0);
	op(s, FZ_OPEN); put(s, 7 << 5); open_(s, RDWR, S_CREAT, 0);
	op(s, FZ_OPEN); put(s, 5 << 5); open_(s, RDONLY, 0, 0);
	op(s, FZ_MKDIR); PATH(s, L511); put16(s, 0755);
	op(s, FZ_MKDIR); PATH(s, L512); put16(s, 0755);
	op(s, FZ_MKDIR); put(s, 0); put(s, 0x80 | L255); put(s, 10);
	put16(s, 0755);
	op(s, FZ_OPEN); PATH(s, WEIRD); open_(s, 3, S_CREAT, 0);
	op(s, FZ_OPEN); PATH(s, WEIRD); open_(s, RDWR, S_CREAT | S_EXCL, 0);
	op(s, FZ_READ); put(s, 0); put(s, 6); put(s, 1); put(s, 1);
	op(s, FZ_WRITE); put(s, 0); len(s, 100); put(s, 0);	/* bad ptr */
	op(s, FZ_PWRITE); put(s, 0); len(s, 10); put(s, 1);
	put(s, 3); put(s, 2);					/* 2^40-100 */
	op(s, FZ_PREAD); put(s, 0); len(s, 10); put(s, 1);
	put(s, 3); put(s, 6);					/* -1 */
	op(s, FZ_LSEEK); put(s, 0); put(s, 3); put(s, 4); put(s, 251);
	put16(s, 7); put16(s, 0);
	op(s, FZ_CLOSE); put(s, 0xe1); put(s, 1);
	op(s, FZ_GETCWD); put(s, 0); put(s, 1);
	op(s, FZ_MOUNT); PATH(s, DOT); put(s, 0x7f); put(s, 0);
}

static int write_seed(const char *dir, const char *name, const void *b,
		      size_t n)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "wb");
	if (!f || fwrite(b, 1, n, f) != n || fclose(f)) {
		fprintf(stderr, "mkcorpus: %s: %s\n", p, strerror(errno));
		return -1;
	}
	return 0;
}

static int vfs_seeds(const char *dir)
{
	static const struct {
		const char *name;
		void (*fn)(struct seed *);
	} seeds[] = {
		{ "file-data", seed_file_data }, { "dirs", seed_dirs },
		{ "links", seed_links }, { "mounts", seed_mounts },
		{ "kernfs", seed_kernfs }, { "procs", seed_procs },
		{ "threads", seed_threads }, { "hostile", seed_hostile },
		{ "truncate", seed_truncate },
	};
	struct seed s;
	size_t i;

	for (i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		s.n = 0;
		seeds[i].fn(&s);
		if (write_seed(dir, seeds[i].name, s.b, s.n))
			return -1;
	}
	return 0;
}

static int diff_seeds(const char *dir)
{
	static const size_t lens[] = { 64, 256, 1024, 4096 };
	uint8_t b[4096];
	uint64_t x = 0x243f6a8885a308d3ull;
	char name[32];
	size_t i, j;

	for (i = 0; i < 8; i++) {
		for (j = 0; j < lens[i % 4]; j++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			b[j] = (uint8_t)(x >> 32);
		}
		snprintf(name, sizeof(name), "random-%zu", i);
		if (write_seed(dir, name, b, lens[i % 4]))
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char vdir[512], ddir[512];

	if (argc != 2 || argv[1][0] == '-') {
		fprintf(argc == 2 && !strcmp(argv[1], "--help") ? stdout :
			stderr, "usage: mkcorpus DIR\nWrites the seed corpus "
			"of the fuzz targets: DIR/vfs/* and DIR/diff/*.\n");
		return argc == 2 && !strcmp(argv[1], "--help") ? 0 : 2;
	}
	snprintf(vdir, sizeof(vdir), "%s/vfs", argv[1]);
	snprintf(ddir, sizeof(ddir), "%s/diff", argv[1]);
	mkdir(argv[1], 0755);
	mkdir(vdir, 0755);
	mkdir(ddir, 0755);
	return vfs_seeds(vdir) || diff_seeds(ddir) ? 1 : 0;
}
