// SPDX-License-Identifier: BSD-2-Clause
/*
 * Concurrency across directories: host threads each make directories in
 * one shared parent, fill them, move them into a directory of their own
 * (a rename across directories), read the shared parent, look names up
 * through "..", remove half again, while one more thread asks getcwd
 * from a directory whose parent keeps changing.  Afterwards every
 * directory holds exactly its expected entries and every link count
 * matches them.  This is what the per-directory locks must get right.
 */
#include "vt_int.h"

#define D "/vt/tree"
#define C D "/common"
#define TT_NTHR 4
#define TT_ITERS 60
#define TT_FSIZE 100

struct tt_thr {
	int id;
	int errors;
	long cwds;		/* getcwd answers checked (the cwd thread) */
	char first[160];	/* the first error, for the report */
	char buf[TT_FSIZE];
};

static struct tt_thr tt_thr[TT_NTHR + 1];
static volatile int tt_done;

static void tt_err(struct tt_thr *t, const char *what, int i, long rv)
{
	if (!t->errors++)
		vt_snprintf(t->first, sizeof(t->first),
			    "thread %d iteration %d: %s returned %ld (%s)",
			    t->id, i, what, rv, vt_errname(vt_errno()));
}

static vt_u64 tt_seed(int id, int i)
{
	return 5000 + (vt_u64)id * 1000 + (vt_u64)i;
}

/* Count the entries of C; each must be a d<id>.<i> directory. */
static void tt_common_seen(const char *name, int type, void *arg)
{
	int *bad = arg;

	if (name[0] != 'd' || type != VT_DT_DIR)
		(*bad)++;
}

/* One iteration: d<id>.<i> made in C, filled, moved to D/a<id>/d<i>,
 * checked through "..", and removed again when i is even. */
static void tt_step(struct tt_thr *t, int i)
{
	char tmp[64], dst[64], f[80], up[96];
	struct rump_stat st;
	long rv;
	int fd, bad = 0;

	vt_snprintf(tmp, sizeof(tmp), C "/d%d.%d", t->id, i);
	vt_snprintf(dst, sizeof(dst), D "/a%d/d%d", t->id, i);
	if ((rv = rump_sys_mkdir(tmp, 0755)) != 0) {
		tt_err(t, "mkdir in the shared parent", i, rv);
		return;
	}
	vt_snprintf(f, sizeof(f), "%s/f", tmp);
	fd = rump_sys_open(f, RUMP_O_WRONLY | RUMP_O_CREAT | RUMP_O_EXCL,
			   0644);
	if (fd < 0) {
		tt_err(t, "create in the new directory", i, fd);
		return;
	}
	vt_fill(t->buf, TT_FSIZE, tt_seed(t->id, i), 0);
	if ((rv = rump_sys_write(fd, t->buf, TT_FSIZE)) != TT_FSIZE)
		tt_err(t, "write", i, rv);
	rump_sys_close(fd);
	if ((rv = rump_sys_rename(tmp, dst)) != 0) {
		tt_err(t, "rename across directories", i, rv);
		return;
	}
	if ((rv = vt_listdir(C, tt_common_seen, &bad)) < 0 || bad)
		tt_err(t, "read the shared parent", i, rv < 0 ? rv : -bad);
	vt_snprintf(up, sizeof(up), "%s/../../common/../a%d/d%d/f", dst,
		    t->id, i);
	rv = rump_sys_stat(up, &st);
	if (rv != 0 || st.st_size != TT_FSIZE)
		tt_err(t, "stat through ..", i, rv);
	if (i % 2 == 0) {
		vt_snprintf(f, sizeof(f), "%s/f", dst);
		if ((rv = rump_sys_unlink(f)) != 0)
			tt_err(t, "unlink", i, rv);
		if ((rv = rump_sys_rmdir(dst)) != 0)
			tt_err(t, "rmdir", i, rv);
	}
}

static void tt_worker(void *arg)
{
	struct tt_thr *t = arg;
	int i;

	for (i = 0; i < TT_ITERS; i++)
		tt_step(t, i);
}

/* The process's cwd is C: its name must stay right throughout (at
 * least once, however late this thread starts). */
static void tt_cwd_worker(void *arg)
{
	struct tt_thr *t = arg;
	char buf[64];
	long rv;

	do {
		rv = rump_sys___getcwd(buf, sizeof(buf));
		if (rv < 0 || vt_strcmp(buf, C))
			tt_err(t, "getcwd", (int)t->cwds, rv);
		t->cwds++;
	} while (!tt_done);
}

struct tt_check {
	int names, bad;
	unsigned char seen[TT_ITERS];
};

static void tt_count(const char *name, int type, void *arg)
{
	(void)name;
	(void)type;
	++*(int *)arg;
}

static void tt_own_seen(const char *name, int type, void *arg)
{
	struct tt_check *c = arg;
	int v = 0;

	c->names++;
	if (*name++ != 'd' || type != VT_DT_DIR || !*name) {
		c->bad++;
		return;
	}
	for (; *name; name++) {
		if (*name < '0' || *name > '9' || v >= TT_ITERS) {
			c->bad++;
			return;
		}
		v = v * 10 + (*name - '0');
	}
	if (v >= TT_ITERS || c->seen[v]++)
		c->bad++;
}

/* D/a<id> holds exactly d<i> for odd i, each with its file. */
static int tt_check_own(int id)
{
	static struct tt_check c;
	struct rump_stat st;
	char p[64], buf[TT_FSIZE + 1];
	int i, wrong = 0;
	long n;

	vt_memset(&c, 0, sizeof(c));
	vt_snprintf(p, sizeof(p), D "/a%d", id);
	n = vt_listdir(p, tt_own_seen, &c);
	if (n != TT_ITERS / 2 || c.bad)
		wrong++;
	if (rump_sys_stat(p, &st) != 0 || st.st_nlink != 2 + TT_ITERS / 2)
		wrong++;
	for (i = 1; i < TT_ITERS; i += 2) {
		if (!c.seen[i])
			wrong++;
		vt_snprintf(p, sizeof(p), D "/a%d/d%d/f", id, i);
		n = vt_slurp(p, buf, sizeof(buf));
		if (n != TT_FSIZE ||
		    vt_check(buf, TT_FSIZE, tt_seed(id, i), 0) >= 0)
			wrong++;
	}
	return wrong;
}

static int tt_start(void **cookie)
{
	char p[64];
	int k;

	tt_done = 0;
	for (k = 0; k < TT_NTHR; k++) {
		vt_snprintf(p, sizeof(p), D "/a%d", k);
		VT_VAL(rump_sys_mkdir(p, 0755), 0);
	}
	VT_VAL(rump_sys_chdir(C), 0);
	for (k = 0; k <= TT_NTHR; k++) {
		vt_memset(&tt_thr[k], 0, sizeof(tt_thr[k]));
		tt_thr[k].id = k;
		if (vt_host->spawn(k < TT_NTHR ? tt_worker : tt_cwd_worker,
				   &tt_thr[k], &cookie[k]))
			break;
	}
	return k;
}

void vt_t_tree(void)
{
	void *cookie[TT_NTHR + 1];
	struct rump_stat st;
	int k, started, errors = 0, wrong = 0, left = 0;
	long n, rv;

	vt_out("# %d threads x %d directories moved across directories, "
	       "getcwd alongside", TT_NTHR, TT_ITERS);
	VT_VAL(rump_sys_mkdir(D, 0755), 0);
	VT_VAL(rump_sys_mkdir(C, 0755), 0);
	started = tt_start(cookie);
	vt_ok(started == TT_NTHR + 1, "start %d threads (%d started)",
	      TT_NTHR + 1, started);
	for (k = 0; k < started && k < TT_NTHR; k++)
		vt_host->join(cookie[k]);
	tt_done = 1;
	if (started == TT_NTHR + 1)
		vt_host->join(cookie[TT_NTHR]);
	for (k = 0; k < started; k++) {
		errors += tt_thr[k].errors;
		if (tt_thr[k].errors)
			vt_out("# %s", tt_thr[k].first);
	}
	vt_ok(errors == 0 && started > TT_NTHR && tt_thr[TT_NTHR].cwds > 0,
	      "no system call failed in the threads, and getcwd always "
	      "named the cwd (%ld answers, %d failures)",
	      started > TT_NTHR ? tt_thr[TT_NTHR].cwds : 0L, errors);
	VT_VAL(rump_sys_chdir("/"), 0);

	/* The calls first: vt_ok's arguments have no order. */
	n = vt_listdir(C, tt_count, &left);
	rv = rump_sys_stat(C, &st);
	vt_ok(n == 0 && left == 0 && rv == 0 && st.st_nlink == 2,
	      "the shared parent is empty, nlink 2 (%d left, nlink %u)", left,
	      rv == 0 ? (unsigned)st.st_nlink : 0);
	for (k = 0; k < TT_NTHR; k++)
		wrong += tt_check_own(k);
	vt_ok(!wrong, "each thread's directory holds exactly its odd "
	      "directories with their files and nlink 2 + %d (%d wrong)",
	      TT_ITERS / 2, wrong);
	rv = rump_sys_stat(D, &st);
	vt_ok(rv == 0 && st.st_nlink == 2 + TT_NTHR + 1,
	      "the top directory's nlink counts its %d subdirectories (%u)",
	      TT_NTHR + 1, rv == 0 ? (unsigned)st.st_nlink : 0);
	vt_rmtree(D);
	vt_ok(vt_ftype(D) == 0, "cleanup of " D);
}
