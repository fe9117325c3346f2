// SPDX-License-Identifier: BSD-2-Clause
/* Test data patterns and file helpers built on rump_sys_*. */
#include "vt_int.h"

/*
 * A pattern that differs per offset and per stream, so that a block read
 * from the wrong place or the wrong file is caught.  Never zero, so a
 * hole read back where data belongs is caught too.
 */
static vt_u64 vt_word(vt_u64 seed, vt_u64 w)
{
	vt_u64 x = w * 0x9e3779b97f4a7c15ull + seed * 0xbf58476d1ce4e5b9ull;

	return x ^ (x >> 29);
}

vt_u8 vt_pat(vt_u64 seed, vt_u64 off)
{
	return (vt_u8)((vt_word(seed, off >> 3) >> ((off & 7) * 8)) | 1);
}

/* One hash per 8 bytes: the large-file test fills many megabytes. */
void vt_fill(void *buf, vt_size_t len, vt_u64 seed, vt_u64 off)
{
	vt_u8 *p = buf;
	vt_u64 x = vt_word(seed, off >> 3);
	vt_size_t i;

	for (i = 0; i < len; i++, off++) {
		if (!(off & 7))
			x = vt_word(seed, off >> 3);
		p[i] = (vt_u8)((x >> ((off & 7) * 8)) | 1);
	}
}

long vt_check(const void *buf, vt_size_t len, vt_u64 seed, vt_u64 off)
{
	const vt_u8 *p = buf;
	vt_u64 x = vt_word(seed, off >> 3);
	vt_size_t i;

	for (i = 0; i < len; i++, off++) {
		if (!(off & 7))
			x = vt_word(seed, off >> 3);
		if (p[i] != (vt_u8)((x >> ((off & 7) * 8)) | 1))
			return (long)i;
	}
	return -1;
}

int vt_mkfile(const char *path, const char *data, vt_size_t len)
{
	int fd, e;
	long n;

	fd = rump_sys_open(path, RUMP_O_WRONLY | RUMP_O_CREAT | RUMP_O_TRUNC,
			   0644);
	if (fd < 0)
		return vt_errno();
	n = rump_sys_write(fd, data, len);
	e = n < 0 ? vt_errno() : n != (long)len ? -1 : 0;
	if (rump_sys_close(fd) < 0 && !e)
		e = vt_errno();
	return e;
}

long vt_slurp(const char *path, char *buf, vt_size_t len)
{
	long n, got = 0;
	int fd;

	fd = rump_sys_open(path, RUMP_O_RDONLY);
	if (fd < 0)
		return -vt_errno();
	while (got < (long)len - 1) {
		n = rump_sys_read(fd, buf + got, len - 1 - got);
		if (n < 0) {
			got = -vt_errno();
			break;
		}
		if (n == 0)
			break;
		got += n;
	}
	rump_sys_close(fd);
	if (got >= 0)
		buf[got] = '\0';
	return got;
}

unsigned vt_ftype(const char *path)
{
	struct rump_stat st;

	if (rump_sys_lstat(path, &st) < 0)
		return 0;
	return st.st_mode & VT_S_IFMT;
}

long vt_listdir(const char *path,
		void (*fn)(const char *name, int type, void *arg), void *arg)
{
	/* On the stack (kernel stacks are small): no sharing between threads. */
	char buf[VT_GETDENTS_BUF] __attribute__((aligned(8)));
	long n, off, count = 0;
	int fd;

	fd = rump_sys_open(path, RUMP_O_RDONLY | RUMP_O_DIRECTORY);
	if (fd < 0)
		return -vt_errno();
	for (;;) {
		n = rump_sys_getdents(fd, buf, sizeof(buf));
		if (n < 0) {
			count = -vt_errno();
			break;
		}
		if (n == 0)
			break;
		for (off = 0; off < n;) {
			struct rump_dirent *d = (struct rump_dirent *)(buf + off);

			if (d->d_reclen == 0 || off + d->d_reclen > n) {
				/* A corrupt record: report it as EIO. */
				count = -VT_EIO;
				goto out;
			}
			off += d->d_reclen;
			if (!vt_strcmp(d->d_name, ".") ||
			    !vt_strcmp(d->d_name, ".."))
				continue;
			count++;
			if (fn)
				fn(d->d_name, d->d_type, arg);
		}
	}
out:
	rump_sys_close(fd);
	return count;
}

static void vt_rm_one(const char *name, int type, void *arg)
{
	char p[VT_PATH_MAX];

	vt_snprintf(p, sizeof(p), "%s/%s", (const char *)arg, name);
	if (type == VT_DT_DIR)
		vt_rmtree(p);
	else
		rump_sys_unlink(p);
}

/*
 * Removing entries while listing may make getdents skip some, so the
 * directory is listed until it is empty.
 */
void vt_rmtree(const char *path)
{
	int pass;

	if (vt_ftype(path) != VT_S_IFDIR) {
		rump_sys_unlink(path);
		return;
	}
	for (pass = 0; pass < 64; pass++)
		if (vt_listdir(path, vt_rm_one, (void *)path) <= 0)
			break;
	rump_sys_rmdir(path);
}
