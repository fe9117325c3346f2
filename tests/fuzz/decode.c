// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuzz-vfs: an input's bytes to a sequence of operations (format in
 * ops.h).  Decoding depends on the bytes only, never on the guest, so a
 * crash input replays the same calls.
 *
 * Names come from a fixed table of ten that can exist plus ".", "..",
 * an empty component and one over-long name.  The table is small on
 * purpose: inputs may create names in "/" (with ".." or absolute paths),
 * and the root directory must stay below the size at which its hash
 * table grows for good, or the memory check after cleanup would see the
 * growth (16 entries: ten names, /fuzz-kern and /fuzz-work stay below).
 */
#include <stdlib.h>
#include <string.h>

#include <rump/rumpdefs.h>

#include "model.h"
#include "ops.h"

#define NAME_LONG255	7
#define NAME_LONG511	8
#define NAME_LONG512	9
#define NAME_WEIRD	10
#define NNAMES		14
#define PATH_CAP	8192

static const char *const short_names[NNAMES] = {
	[0] = "a", [1] = "b", [2] = "c", [3] = "d", [4] = "e", [5] = "f",
	[6] = "g", [NAME_WEIRD] = "sp ce\001\377*", [11] = ".", [12] = "..",
	[13] = "",
};

struct rd {
	const uint8_t *p;
	size_t n;
};

static uint8_t rd8(struct rd *r)
{
	if (r->n == 0)
		return 0;
	r->n--;
	return *r->p++;
}

static uint64_t rdn(struct rd *r, int bytes)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < bytes; i++)
		v |= (uint64_t)rd8(r) << (8 * i);
	return v;
}

/* Append name number i of the table to the path buffer. */
static size_t put_name(char *buf, size_t at, int i)
{
	size_t len;

	if (i == NAME_LONG255 || i == NAME_LONG511 || i == NAME_LONG512) {
		len = i == NAME_LONG255 ? 255 : i == NAME_LONG511 ? 511 : 512;
		if (at + len + 2 >= PATH_CAP)
			return at;
		memset(buf + at, i == NAME_LONG255 ? 'y' : 'z', len);
		return at + len;
	}
	len = strlen(short_names[i]);
	if (at + len + 2 >= PATH_CAP)
		return at;
	memcpy(buf + at, short_names[i], len);
	return at + len;
}

static void ptr_bad(struct fz_ptr *p, uint8_t which)
{
	static char *const bad[] = { NULL, (char *)1, (char *)4095 };

	memset(p, 0, sizeof(*p));
	p->p = bad[which % 3];
	p->bad = 1;
}

/* A real buffer of exactly size bytes (AddressSanitizer sees its end). */
static void ptr_buf(struct fz_ptr *p, size_t size)
{
	memset(p, 0, sizeof(*p));
	p->p = malloc(size ? size : 1);
	p->size = size;
}

static void read_path(struct rd *r, struct fz_ptr *out)
{
	static char buf[PATH_CAP];
	uint8_t h = rd8(r), c;
	int form = h >> 5, ncomp = (h & 7) + 1, i, rep;
	size_t at = 0;

	if (form == 5) {
		ptr_buf(out, 1);
		out->p[0] = '\0';
		return;
	}
	if (form == 6) {
		ptr_bad(out, rd8(r));
		return;
	}
	if (form == 7) {
		/* Exactly RUMP_MAXPATHLEN bytes and no NUL: the guest must
		 * stop at the limit (ENAMETOOLONG), not read on. */
		ptr_buf(out, RUMP_MAXPATHLEN);
		memset(out->p, 'n', RUMP_MAXPATHLEN);
		out->nonul = 1;
		return;
	}
	if (h & 8)
		buf[at++] = '/';
	for (i = 0; i < ncomp; i++) {
		c = rd8(r);
		rep = (c & 0x80) ? 1 + rd8(r) % 64 : 1;
		while (rep-- > 0 && at + 2 < PATH_CAP) {
			at = put_name(buf, at, (c & 0x0f) % NNAMES);
			if ((rep > 0 || i + 1 < ncomp) && at + 2 < PATH_CAP)
				buf[at++] = '/';
		}
	}
	if ((h & 16) && at + 2 < PATH_CAP)
		buf[at++] = '/';
	buf[at] = '\0';
	ptr_buf(out, at + 1);
	memcpy(out->p, buf, at + 1);
}

static uint64_t read_len(struct rd *r)
{
	switch (rd8(r) % 8) {
	case 0:
		return 0;
	case 1:
	case 2:
		return rd8(r);
	case 3:
		return rdn(r, 2) % 9000;
	case 4:
		return 4096 * (uint64_t)(rd8(r) % 4) + (rd8(r) % 3) - 1;
	case 5:
		return rdn(r, 2);
	case 6:
		/* More than SSIZE_MAX: rejected before any byte moves. */
		return ((uint64_t)1 << 63) + rd8(r) * 0x1000000000000ull;
	default:
		return 1 + rd8(r) % 32;
	}
}

static int64_t read_off(struct rd *r)
{
	static const int64_t edge[] = {
		(int64_t)1 << 40, ((int64_t)1 << 40) - 1, ((int64_t)1 << 40) - 100,
		((int64_t)1 << 40) - 4096, INT64_MAX, INT64_MIN, -1, -4096,
		(int64_t)1 << 62, ((int64_t)1 << 32) - 1, (int64_t)1 << 32,
		4096, 4095, 8191, 1 << 20, 0,
	};

	switch (rd8(r) % 6) {
	case 0:
	case 1:
		return rd8(r);
	case 2:
		return (int64_t)(rdn(r, 2) % 24000);
	case 3:
		return edge[rd8(r) % 16];
	case 4:
		return (int64_t)((uint64_t)edge[rd8(r) % 16] + (uint64_t)(int8_t)rd8(r));
	default:
		return (int64_t)rdn(r, 8);
	}
}

static int read_oflags(struct rd *r)
{
	static const int bits[] = {
		RUMP_O_CREAT, RUMP_O_EXCL, RUMP_O_TRUNC, RUMP_O_APPEND,
		RUMP_O_DIRECTORY, RUMP_O_NOFOLLOW, RUMP_O_NONBLOCK,
		RUMP_O_CLOEXEC, RUMP_O_SYNC, RUMP_O_DSYNC, RUMP_O_RSYNC,
		RUMP_O_SHLOCK, RUMP_O_EXLOCK, RUMP_O_ASYNC, RUMP_O_NOCTTY,
		0x40000000,
	};
	uint16_t sel = (uint16_t)rdn(r, 2);
	uint8_t h = rd8(r);
	int f = h & 3, i;

	if ((h & 0xfc) == 0xfc)
		return (int)rdn(r, 4);	/* anything at all */
	for (i = 0; i < 16; i++)
		if (sel & (1u << i))
			f |= bits[i];
	/* Most opens create or find something: keep CREAT likelier. */
	if (h & 4)
		f |= RUMP_O_CREAT;
	return f;
}

static void read_mount(struct rd *r, struct fz_op *o)
{
	static const char *const types[] = {
		"tmpfs", "kernfs", "tmpfs", "kernfs", "nfs", "", "tmpfs\001",
		"a-file-system-type-name-that-is-too-long-for-any-table",
	};
	static const int flagsets[] = {
		0, RUMP_MNT_RDONLY, RUMP_MNT_UPDATE, RUMP_MNT_FORCE,
		RUMP_MNT_NOEXEC | RUMP_MNT_NOSUID, 0, 0, -1,
	};
	uint8_t h = rd8(r);
	const char *t = types[h & 7];

	if ((h >> 3) % 16 == 15) {
		ptr_bad(&o->path2, rd8(r));
	} else {
		ptr_buf(&o->path2, strlen(t) + 1);
		memcpy(o->path2.p, t, strlen(t) + 1);
	}
	o->flags = flagsets[(h >> 3) & 7];
	if (o->flags == -1)
		o->flags = (int)rdn(r, 4);
	o->len = rd8(r) % 4 == 0 ? read_len(r) : 0;
	o->bufkind = h >> 7;
}

static void decode_args(struct rd *r, struct fz_op *o)
{
	switch (o->kind) {
	case FZ_OPEN:
		read_path(r, &o->path);
		o->flags = read_oflags(r);
		o->mode = (int)rdn(r, 2);
		o->slot = rd8(r);
		break;
	case FZ_READ: case FZ_WRITE: case FZ_PREAD: case FZ_PWRITE:
	case FZ_GETDENTS:
		o->fd = rd8(r);
		o->len = read_len(r);
		o->bufkind = rd8(r) % 16 == 0;
		if (o->kind == FZ_PREAD || o->kind == FZ_PWRITE)
			o->off = read_off(r);
		break;
	case FZ_LSEEK:
		o->fd = rd8(r);
		o->off = read_off(r);
		o->whence = rd8(r);
		o->whence = o->whence < 250 ? o->whence % 3 :
		    (int)rdn(r, 4);
		break;
	case FZ_MKDIR:
		read_path(r, &o->path);
		o->mode = (int)rdn(r, 2);
		break;
	case FZ_RENAME: case FZ_SYMLINK:
		read_path(r, &o->path);
		read_path(r, &o->path2);
		break;
	case FZ_READLINK: case FZ_STAT: case FZ_LSTAT:
		read_path(r, &o->path);
		o->len = read_len(r);
		o->bufkind = rd8(r) % 16 == 0;
		break;
	case FZ_RMDIR: case FZ_UNLINK: case FZ_CHDIR:
		read_path(r, &o->path);
		break;
	case FZ_TRUNCATE:
		read_path(r, &o->path);
		o->off = read_off(r);
		break;
	case FZ_FTRUNCATE:
		o->fd = rd8(r);
		o->off = read_off(r);
		break;
	case FZ_CLOSE: case FZ_FSTAT: case FZ_FSYNC:
		o->fd = rd8(r);
		o->bufkind = rd8(r) % 16 == 0;
		break;
	case FZ_GETCWD:
		o->len = read_len(r);
		o->bufkind = rd8(r) % 16 == 0;
		break;
	case FZ_DUP: case FZ_DUP2:
		o->fd = rd8(r);
		o->fd2 = rd8(r);
		o->slot = rd8(r);
		break;
	case FZ_MOUNT:
		read_path(r, &o->path);
		read_mount(r, o);
		break;
	case FZ_UNMOUNT:
		read_path(r, &o->path);
		o->flags = rd8(r) % 4 == 0 ? (int)rdn(r, 4) : 0;
		break;
	case FZ_KOPEN:
		o->fd = rd8(r);		/* the kernfs file */
		o->flags = read_oflags(r) & ~RUMP_O_CREAT;
		o->slot = rd8(r);
		break;
	case FZ_RFORK:
		o->flags = rd8(r);
		break;
	default:
		break;
	}
}

struct fz_run *fz_decode(const uint8_t *data, size_t size)
{
	struct fz_run *run = calloc(1, sizeof(*run));
	struct rd r = { data, size };
	uint8_t h = rd8(&r);
	int i, kopens = 0;

	run->nthreads = (h & 4) ? 2 + (h & 3) % 3 : 1;
	for (i = 0; i < FZ_NSLOTS; i++)
		run->slots[i] = -1;
	while (r.n > 0 && run->nops < FZ_MAXOPS) {
		struct fz_op *o = &run->ops[run->nops++];

		o->kind = (enum fz_kind)(rd8(&r) % FZ_NOPS);
		decode_args(&r, o);
		kopens += o->kind == FZ_KOPEN;
	}
	/* With several threads a descriptor may turn into a kernfs file
	 * between the fstat before a read and the read. */
	run->content_checks = run->nthreads == 1 || kopens == 0;
	return run;
}

static void ptr_free(struct fz_ptr *p)
{
	if (!p->bad)
		free(p->p);
}

void fz_run_free(struct fz_run *run)
{
	int i;

	for (i = 0; i < run->nops; i++) {
		ptr_free(&run->ops[i].path);
		ptr_free(&run->ops[i].path2);
	}
	for (i = 0; i < FZ_MAXTHREADS; i++)
		fz_fdset_put(run->thr[i].model[0]);
	free(run);
}
