// SPDX-License-Identifier: BSD-2-Clause
/* fuzz-vfs: the models of single-thread inputs (model.h). */
#include <stdlib.h>
#include <string.h>

#include <rump/rump.h>

#include "fz.h"
#include "model.h"

struct fz_fdset {
	uint8_t flags[FZ_FDMAX];	/* 0: closed; else FZ_F* | 0x80 */
	int refs;
};

#define OPEN_BIT	0x80

struct fz_fdset *fz_fdset_new(void)
{
	struct fz_fdset *s = calloc(1, sizeof(*s));

	s->refs = 1;
	return s;
}

struct fz_fdset *fz_fdset_fork(struct fz_fdset *parent, int flags)
{
	struct fz_fdset *s;

	if (flags == RUMP_RFFD_SHARE) {
		parent->refs++;
		return parent;
	}
	s = fz_fdset_new();
	if (flags == RUMP_RFFD_COPY)
		memcpy(s->flags, parent->flags, sizeof(s->flags));
	return s;
}

void fz_fdset_put(struct fz_fdset *s)
{
	if (s && --s->refs == 0)
		free(s);
}

int fz_fdset_has(const struct fz_fdset *s, int fd)
{
	return fd >= 0 && fd < FZ_FDMAX && s->flags[fd] != 0;
}

void fz_fdset_set(struct fz_fdset *s, int fd, int fflags)
{
	s->flags[fd] = (uint8_t)(fflags | OPEN_BIT);
}

void fz_fdset_clear(struct fz_fdset *s, int fd)
{
	if (fd >= 0 && fd < FZ_FDMAX)
		s->flags[fd] = 0;
}

int fz_fdset_flags(const struct fz_fdset *s, int fd)
{
	return fz_fdset_has(s, fd) ? s->flags[fd] & ~OPEN_BIT : 0;
}

int fz_fdset_lowest(const struct fz_fdset *s)
{
	int fd;

	for (fd = 0; fd < FZ_FDMAX && s->flags[fd]; fd++)
		continue;
	return fd;
}

/* ------------------------------------------------------------ sizes */

static struct fz_size *size_find(struct fz_run *run, uint64_t dev,
				 uint64_t ino, int add)
{
	int i;

	for (i = 0; i < run->nsizes; i++)
		if (run->sizes[i].dev == dev && run->sizes[i].ino == ino)
			return &run->sizes[i];
	if (!add || run->nsizes == FZ_NSIZES)
		return NULL;
	run->sizes[run->nsizes].dev = dev;
	run->sizes[run->nsizes].ino = ino;
	run->sizes[run->nsizes].size = -1;
	return &run->sizes[run->nsizes++];
}

void fz_size_opened(struct fz_run *run, uint64_t dev, uint64_t ino,
		    int64_t size, int truncated)
{
	struct fz_size *s = size_find(run, dev, ino, 1);

	if (!s)
		return;
	if (s->size < 0)
		s->size = size;
	if (truncated)
		s->size = 0;
	fz_size_check(run, dev, ino, size, "open");
}

void fz_size_wrote(struct fz_run *run, uint64_t dev, uint64_t ino,
		   int64_t end)
{
	struct fz_size *s = size_find(run, dev, ino, 0);

	if (!s)
		fz_fail("a write to file %llu, which no open reported",
			(unsigned long long)ino);
	if (end > s->size)
		s->size = end;
}

void fz_size_truncated(struct fz_run *run, uint64_t dev, uint64_t ino,
		       int64_t size)
{
	struct fz_size *s = size_find(run, dev, ino, 0);

	if (s)
		s->size = size;
}

void fz_size_check(struct fz_run *run, uint64_t dev, uint64_t ino,
		   int64_t size, const char *what)
{
	struct fz_size *s = size_find(run, dev, ino, 0);

	if (s && s->size >= 0 && s->size != size)
		fz_fail("%s: file %llu on device %llu has %lld bytes, the "
			"writes and truncations since it was opened make %lld",
			what, (unsigned long long)ino,
			(unsigned long long)dev, (long long)size,
			(long long)s->size);
}

/* ------------------------------------------------------------ data */

void fz_add_kerndev(struct fz_run *run, uint64_t dev)
{
	if (run->nkerndevs < (int)(sizeof(run->kerndevs) /
				   sizeof(run->kerndevs[0])))
		run->kerndevs[run->nkerndevs++] = dev;
}

int fz_is_kerndev(struct fz_run *run, uint64_t dev)
{
	int i;

	if (dev == fz_kern_dev)
		return 1;
	for (i = 0; i < run->nkerndevs; i++)
		if (run->kerndevs[i] == dev)
			return 1;
	return 0;
}

uint8_t fz_pattern(uint64_t ino, uint64_t off, int positional)
{
	uint64_t h;

	if (!positional)
		return 0xa5;
	h = (ino * 0x9e3779b97f4a7c15ull) ^ (off * 0xc2b2ae3d27d4eb4full);
	h ^= h >> 29;
	return (uint8_t)(h | 1);
}

void fz_check_data(struct fz_run *run, uint64_t dev, uint64_t ino,
		   uint64_t off, const uint8_t *buf, size_t n)
{
	int positional = run->nthreads == 1;
	size_t i;

	for (i = 0; i < n; i++)
		if (buf[i] != 0 && buf[i] != fz_pattern(ino, off + i,
							positional))
			fz_fail("file %llu on device %llu: byte %#x at offset "
				"%llu is neither 0 nor what was written there "
				"(%#x)", (unsigned long long)ino,
				(unsigned long long)dev, buf[i],
				(unsigned long long)(off + i),
				fz_pattern(ino, off + i, positional));
}
