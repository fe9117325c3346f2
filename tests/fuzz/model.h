/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz-vfs's models of what single-thread inputs did (model.c): open
 * descriptors per process with their access, and the size of every
 * file the input wrote or opened.
 */
#ifndef FZ_MODEL_H
#define FZ_MODEL_H

#include <stdint.h>

#include "ops.h"

/* Descriptor flags the model keeps. */
#define FZ_FREAD	0x1
#define FZ_FWRITE	0x2
#define FZ_FAPPEND	0x4

struct fz_fdset *fz_fdset_new(void);
/* The child's table after rfork with flags (RUMP_RFFD_*). */
struct fz_fdset *fz_fdset_fork(struct fz_fdset *parent, int flags);
void fz_fdset_put(struct fz_fdset *s);
void fz_fdset_set(struct fz_fdset *s, int fd, int fflags);
void fz_fdset_clear(struct fz_fdset *s, int fd);
int fz_fdset_flags(const struct fz_fdset *s, int fd);
int fz_fdset_lowest(const struct fz_fdset *s);

/* Sizes, by (dev, ino) of tmpfs files. */
/* A file seen by open with size after it (truncated: by O_TRUNC). */
void fz_size_opened(struct fz_run *run, uint64_t dev, uint64_t ino,
		    int64_t size, int truncated);
void fz_size_wrote(struct fz_run *run, uint64_t dev, uint64_t ino,
		   int64_t end);
/* A truncation to size (of a file the model may not know: ignored). */
void fz_size_truncated(struct fz_run *run, uint64_t dev, uint64_t ino,
		       int64_t size);
void fz_size_check(struct fz_run *run, uint64_t dev, uint64_t ino,
		   int64_t size, const char *what);

void fz_add_kerndev(struct fz_run *run, uint64_t dev);

#endif /* FZ_MODEL_H */
