// SPDX-License-Identifier: BSD-2-Clause
/*
 * Size: a large sparse file with patterned data, single pages spread
 * over the whole 2^40 bytes a file may reach, and thousands of files in
 * one directory (each listed exactly once by getdents).
 */
#include "vt_int.h"

#define D "/vt/big"
#define VT_MIB (1024L * 1024)
#define VT_CHUNK (64 * 1024)
#define VT_MAXFILES 5000

/* Not on the stack: kernel stacks are 16 KiB. */
static char vt_bbuf[VT_CHUNK] __attribute__((aligned(64)));
static unsigned char vt_seen[VT_MAXFILES];

/*
 * One byte in pages far apart, at the edges of tmpfs's page-table blocks
 * (512 pointers each: 2 MiB, 1 GiB and 512 GiB of file per block at the
 * levels above the pages) and at the largest size: each costs one page
 * (st_blocks) and reads back, and O_TRUNC frees them all.
 */
static const long long vt_far[] = {
	0, 4095, 4096, (2LL << 20) - 1, 2LL << 20, (1LL << 30) - 1,
	1LL << 30, (1LL << 39) - 1, 1LL << 39, (1LL << 40) - 1,
};
#define VT_NFAR ((int)(sizeof(vt_far) / sizeof(vt_far[0])))

static void vt_far_pages(void)
{
	struct rump_stat st;
	int fd, i, bad = -1;
	char c;

	fd = rump_sys_open(D "/far", RUMP_O_RDWR | RUMP_O_CREAT, 0644);
	vt_ok(fd >= 0, "open a new file (fd %d)", fd);
	for (i = 0; i < VT_NFAR; i++)
		if (rump_sys_pwrite(fd, "0123456789" + i, 1, vt_far[i]) != 1)
			bad = i;
	vt_ok(bad < 0, "one byte at each of %d offsets up to 2^40 - 1 "
	      "(first failed: %d)", VT_NFAR, bad);
	VT_VAL(rump_sys_fstat(fd, &st), 0);
	vt_ok(st.st_size == 1LL << 40 && st.st_blocks == 9 * 8, "size 2^40, "
	      "9 pages of 4 KiB (size %lld, blocks %lld)",
	      (long long)st.st_size, (long long)st.st_blocks);
	for (i = 0, bad = -1; i < VT_NFAR; i++)
		if (rump_sys_pread(fd, &c, 1, vt_far[i]) != 1 ||
		    c != "0123456789"[i])
			bad = i;
	vt_ok(bad < 0, "each byte reads back (first bad: %d)", bad);
	VT_VAL(rump_sys_pread(fd, &c, 1, (1LL << 39) + 4096), 1);
	vt_ok(c == 0, "a hole between them reads as zero");

	/* O_TRUNC frees every page; the table works again after it. */
	VT_VAL(rump_sys_close(fd), 0);
	fd = rump_sys_open(D "/far", RUMP_O_RDWR | RUMP_O_TRUNC);
	VT_VAL(rump_sys_fstat(fd, &st), 0);
	vt_ok(st.st_size == 0 && st.st_blocks == 0, "O_TRUNC frees every "
	      "page (size %lld, blocks %lld)", (long long)st.st_size,
	      (long long)st.st_blocks);
	VT_VAL(rump_sys_pwrite(fd, "z", 1, (1LL << 40) - 1), 1);
	VT_VAL(rump_sys_pwrite(fd, "a", 1, 0), 1);
	VT_VAL(rump_sys_fstat(fd, &st), 0);
	vt_ok(st.st_blocks == 2 * 8, "two far pages again (blocks %lld)",
	      (long long)st.st_blocks);
	VT_VAL(rump_sys_pread(fd, &c, 1, 1LL << 39), 1);
	vt_ok(c == 0, "the old byte at 2^39 reads as zero");
	VT_VAL(rump_sys_close(fd), 0);
	VT_VAL(rump_sys_unlink(D "/far"), 0);
}

/*
 * Layout (size = 64 MiB, 8 MiB quick): data in the first quarter, a hole
 * in the middle half, data in the last quarter.  Seed differs per region
 * so that a block landing in the wrong place is caught.
 */
void vt_t_large(void)
{
	long size = (vt_host->quick ? 8 : 64) * VT_MIB;
	long q = size / 4, off, bad = -1, where = -1;
	struct rump_stat st;
	long n;
	int fd, i;

	vt_out("# a %ld MiB sparse file", size / VT_MIB);
	VT_VAL(rump_sys_mkdir(D, 0755), 0);
	fd = rump_sys_open(D "/large", RUMP_O_RDWR | RUMP_O_CREAT, 0644);
	vt_ok(fd >= 0, "create the large file");
	for (off = 0; off < q; off += VT_CHUNK) {
		vt_fill(vt_bbuf, VT_CHUNK, 1, off);
		if ((n = rump_sys_write(fd, vt_bbuf, VT_CHUNK)) != VT_CHUNK)
			break;
	}
	vt_ok(off == q, "write %ld MiB sequentially (stopped at %ld: %ld, %s)",
	      q / VT_MIB, off, off == q ? 0 : n,
	      vt_errname(off == q ? 0 : vt_errno()));
	for (off = 3 * q; off < size; off += VT_CHUNK) {
		vt_fill(vt_bbuf, VT_CHUNK, 2, off);
		if ((n = rump_sys_pwrite(fd, vt_bbuf, VT_CHUNK, off)) !=
		    VT_CHUNK)
			break;
	}
	vt_ok(off == size, "pwrite the last %ld MiB beyond a hole "
	      "(stopped at %ld)", q / VT_MIB, off);
	VT_VAL(rump_sys_fstat(fd, &st), 0);
	vt_ok(st.st_size == size, "size %ld (st_size %lld)", size,
	      (long long)st.st_size);
	vt_out("# st_blocks %lld (%lld KiB allocated for %ld KiB of data)",
	       (long long)st.st_blocks, (long long)st.st_blocks / 2,
	       size / 2 / 1024);

	/* Read it all back through the file offset. */
	VT_VAL(rump_sys_lseek(fd, 0, VT_SEEK_SET), 0);
	for (off = 0; off < size && bad < 0; off += VT_CHUNK) {
		n = rump_sys_read(fd, vt_bbuf, VT_CHUNK);
		if (n != VT_CHUNK) {
			bad = off;
			break;
		}
		if (off < q)
			where = vt_check(vt_bbuf, VT_CHUNK, 1, off);
		else if (off >= 3 * q)
			where = vt_check(vt_bbuf, VT_CHUNK, 2, off);
		else
			for (i = 0, where = -1; i < VT_CHUNK; i++)
				if (vt_bbuf[i]) {
					where = i;
					break;
				}
		if (where >= 0)
			bad = off + where;
	}
	vt_ok(bad < 0, "read back: data, zeros in the hole, data (first bad "
	      "byte at %ld)", bad);
	VT_VAL(rump_sys_read(fd, vt_bbuf, VT_CHUNK), 0);

	/* Unaligned reads across the region edges. */
	n = rump_sys_pread(fd, vt_bbuf, 300, q - 100);
	vt_ok(n == 300 && vt_check(vt_bbuf, 100, 1, q - 100) < 0 &&
	      !vt_bbuf[100] && !vt_bbuf[299], "pread across data -> hole");
	n = rump_sys_pread(fd, vt_bbuf, 300, 3 * q - 200);
	vt_ok(n == 300 && !vt_bbuf[0] && !vt_bbuf[199] &&
	      vt_check(vt_bbuf + 200, 100, 2, 3 * q) < 0,
	      "pread across hole -> data");
	n = rump_sys_pread(fd, vt_bbuf, 1000, size - 10);
	vt_ok(n == 10 && vt_check(vt_bbuf, 10, 2, size - 10) < 0,
	      "pread across the end is short (%ld)", n);

	/* Fill part of the hole at an odd offset; neighbours stay zero. */
	off = 2 * q + 4093;
	vt_fill(vt_bbuf, 10000, 3, off);
	VT_VAL(rump_sys_pwrite(fd, vt_bbuf, 10000, off), 10000);
	n = rump_sys_pread(fd, vt_bbuf, 10002, off - 1);
	vt_ok(n == 10002 && !vt_bbuf[0] && !vt_bbuf[10001] &&
	      vt_check(vt_bbuf + 1, 10000, 3, off) < 0,
	      "a write into the hole, zeros around it");
	VT_VAL(rump_sys_fstat(fd, &st), 0);
	vt_ok(st.st_size == size, "the size did not change");

	/* O_TRUNC frees it all; the file is empty and reusable. */
	VT_VAL(rump_sys_close(fd), 0);
	fd = rump_sys_open(D "/large", RUMP_O_RDWR | RUMP_O_TRUNC);
	VT_VAL(rump_sys_fstat(fd, &st), 0);
	vt_ok(st.st_size == 0, "O_TRUNC of the large file (size %lld)",
	      (long long)st.st_size);
	VT_VAL(rump_sys_pread(fd, vt_bbuf, 16, q), 0);
	VT_VAL(rump_sys_pwrite(fd, "x", 1, q), 1);
	VT_VAL(rump_sys_pread(fd, vt_bbuf, 16, q - 15), 16);
	vt_ok(!vt_bbuf[0] && !vt_bbuf[14] && vt_bbuf[15] == 'x',
	      "no old data comes back after truncation");
	rump_sys_close(fd);
	VT_VAL(rump_sys_unlink(D "/large"), 0);
	vt_far_pages();
	VT_VAL(rump_sys_rmdir(D), 0);
}

static int vt_fnum(const char *name, char prefix)
{
	int v = 0;

	if (*name++ != prefix || !*name)
		return -1;
	for (; *name; name++) {
		if (*name < '0' || *name > '9')
			return -1;
		v = v * 10 + (*name - '0');
	}
	return v;
}

struct vt_many {
	int nfiles;
	char prefix;
	int bad, dup, types;
};

static void vt_many_seen(const char *name, int type, void *arg)
{
	struct vt_many *m = arg;
	int i = vt_fnum(name, m->prefix);

	if (i < 0 || i >= m->nfiles) {
		m->bad++;
		return;
	}
	if (vt_seen[i]++)
		m->dup++;
	if (type != VT_DT_REG)
		m->types++;
}

/* Clear vt_seen, list D, and count names not seen as wanted by want(i). */
static int vt_many_list(struct vt_many *m, char prefix, int step, int rem,
			long *count)
{
	int i, missing = 0;

	vt_memset(vt_seen, 0, sizeof(vt_seen));
	m->prefix = prefix;
	m->bad = m->dup = m->types = 0;
	*count = vt_listdir(D, vt_many_seen, m);
	for (i = 0; i < m->nfiles; i++) {
		int want = i % step == rem;

		if (want != !!vt_seen[i])
			missing++;
	}
	return missing;
}

void vt_t_many(void)
{
	struct vt_many m = { 0 };
	char path[64], buf[16], want[16];
	struct rump_stat st;
	int i, nf = vt_host->quick ? 500 : VT_MAXFILES, wrong;
	long count;

	vt_out("# %d files in one directory", nf);
	m.nfiles = nf;
	VT_VAL(rump_sys_mkdir(D, 0755), 0);
	for (i = 0; i < nf; i++) {
		vt_snprintf(path, sizeof(path), D "/f%d", i);
		vt_snprintf(buf, sizeof(buf), "%d", i);
		if (vt_mkfile(path, buf, vt_strlen(buf)))
			break;
	}
	vt_ok(i == nf, "create %d files (stopped at %d: %s)", nf, i,
	      vt_errname(i == nf ? 0 : vt_errno()));
	wrong = vt_many_list(&m, 'f', 1, 0, &count);
	vt_ok(count == nf && !wrong && !m.bad && !m.dup,
	      "getdents lists every file exactly once (%ld listed, %d "
	      "missing, %d unknown, %d duplicates)", count, wrong, m.bad,
	      m.dup);
	vt_ok(!m.types, "every entry is DT_REG (%d are not)", m.types);
	VT_VAL(rump_sys_stat(D, &st), 0);

	/* Names and contents match (a sample: every 7th). */
	for (i = 0, wrong = 0; i < nf; i += 7) {
		vt_snprintf(path, sizeof(path), D "/f%d", i);
		vt_snprintf(want, sizeof(want), "%d", i);
		if (vt_slurp(path, buf, sizeof(buf)) < 0 ||
		    vt_strcmp(buf, want))
			wrong++;
	}
	vt_ok(!wrong, "file contents match their names (%d wrong)", wrong);

	/* Remove the odd ones, rename the even ones. */
	for (i = 1; i < nf; i += 2) {
		vt_snprintf(path, sizeof(path), D "/f%d", i);
		if (rump_sys_unlink(path) < 0)
			break;
	}
	vt_ok(i >= nf, "unlink the odd half (stopped at %d)", i);
	wrong = vt_many_list(&m, 'f', 2, 0, &count);
	vt_ok(count == (nf + 1) / 2 && !wrong && !m.bad && !m.dup,
	      "getdents lists exactly the even half (%ld listed, %d wrong, "
	      "%d duplicates)", count, wrong, m.dup);
	for (i = 0; i < nf; i += 2) {
		char to[64];

		vt_snprintf(path, sizeof(path), D "/f%d", i);
		vt_snprintf(to, sizeof(to), D "/g%d", i);
		if (rump_sys_rename(path, to) < 0)
			break;
	}
	vt_ok(i >= nf, "rename the even half (stopped at %d)", i);
	wrong = vt_many_list(&m, 'g', 2, 0, &count);
	vt_ok(count == (nf + 1) / 2 && !wrong && !m.bad && !m.dup,
	      "getdents lists exactly the renamed files (%ld listed, %d "
	      "wrong, %d unknown, %d duplicates)", count, wrong, m.bad,
	      m.dup);
	VT_ERR(rump_sys_rmdir(D), VT_ENOTEMPTY);
	for (i = 0; i < nf; i += 2) {
		vt_snprintf(path, sizeof(path), D "/g%d", i);
		if (rump_sys_unlink(path) < 0)
			break;
	}
	vt_ok(i >= nf, "unlink the rest (stopped at %d)", i);
	vt_ok(vt_listdir(D, 0, 0) == 0, "the directory is empty");
	VT_VAL(rump_sys_rmdir(D), 0);
}
