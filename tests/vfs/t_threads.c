// SPDX-License-Identifier: BSD-2-Clause
/*
 * Concurrency: host threads (from the glue) create, write, rename and
 * unlink in one directory, replace one shared name and append to one
 * shared descriptor, all at once.  Afterwards the directory holds exactly
 * the expected names with the expected contents, the shared name is
 * whole (one writer's file, never a mix), and every appended record is
 * there exactly once and intact.
 */
#include "vt_int.h"

#define D "/vt/thr"
#define VT_NTHR 4
#define VT_ITERS 150
#define VT_FSIZE 200		/* bytes of each per-thread file */
#define VT_SSIZE 8192		/* the shared file: several pages */
#define VT_REC 32		/* one appended record */

struct vt_thr {
	int id, iters, logfd;
	int errors;
	char first[160];	/* the first error, for the report */
	char buf[VT_SSIZE + 1];	/* per thread: kernel stacks are small */
};

static struct vt_thr vt_thr[VT_NTHR];

static void vt_terr(struct vt_thr *t, const char *what, int i, long rv)
{
	if (!t->errors++)
		vt_snprintf(t->first, sizeof(t->first),
			    "thread %d iteration %d: %s returned %ld (%s)",
			    t->id, i, what, rv, vt_errname(vt_errno()));
}

/* Seed of iteration i of thread id. */
static vt_u64 vt_tseed(int id, int i)
{
	return 1000 + (vt_u64)id * 100000 + (vt_u64)i;
}

static void vt_worker(void *arg)
{
	struct vt_thr *t = arg;
	char a[64], b[64], rec[VT_REC + 1], s[64];
	long rv;
	int i, fd;

	vt_snprintf(s, sizeof(s), D "/s%d", t->id);
	for (i = 0; i < t->iters; i++) {
		vt_snprintf(a, sizeof(a), D "/t%d.%d", t->id, i);
		vt_snprintf(b, sizeof(b), D "/r%d.%d", t->id, i);
		fd = rump_sys_open(a, RUMP_O_RDWR | RUMP_O_CREAT | RUMP_O_EXCL,
				   0644);
		if (fd < 0) {
			vt_terr(t, "open(O_CREAT|O_EXCL)", i, fd);
			continue;
		}
		vt_fill(t->buf, VT_FSIZE, vt_tseed(t->id, i), 0);
		if ((rv = rump_sys_write(fd, t->buf, VT_FSIZE)) != VT_FSIZE)
			vt_terr(t, "write", i, rv);
		if ((rv = rump_sys_close(fd)) != 0)
			vt_terr(t, "close", i, rv);
		if ((rv = rump_sys_rename(a, b)) != 0)
			vt_terr(t, "rename", i, rv);
		/* Every third file is removed again. */
		if (i % 3 == 0 && (rv = rump_sys_unlink(b)) != 0)
			vt_terr(t, "unlink", i, rv);

		/* Replace the shared name with a complete file of ours. */
		fd = rump_sys_open(s, RUMP_O_WRONLY | RUMP_O_CREAT |
				   RUMP_O_TRUNC, 0644);
		if (fd < 0) {
			vt_terr(t, "open(shared tmp)", i, fd);
		} else {
			vt_fill(t->buf, VT_SSIZE, vt_tseed(t->id, 0), 0);
			rv = rump_sys_write(fd, t->buf, VT_SSIZE);
			if (rv != VT_SSIZE)
				vt_terr(t, "write(shared tmp)", i, rv);
			rump_sys_close(fd);
			if ((rv = rump_sys_rename(s, D "/shared")) != 0)
				vt_terr(t, "rename onto shared", i, rv);
		}

		/* One record on the shared O_APPEND descriptor. */
		vt_snprintf(rec, sizeof(rec), "T%d R%06d %-20s\n", t->id, i,
			    "record");
		if ((rv = rump_sys_write(t->logfd, rec, VT_REC)) != VT_REC)
			vt_terr(t, "append", i, rv);
	}
}

struct vt_tcheck {
	int names, bad, dup;
	unsigned char seen[VT_NTHR][VT_ITERS];
};

/* Parse "<c><id>.<i>"; 0 on success. */
static int vt_tname(const char *name, char c, int *id, int *i)
{
	int v = 0;

	if (*name++ != c || *name < '0' || *name > '9')
		return -1;
	*id = *name++ - '0';
	if (*name++ != '.' || !*name)
		return -1;
	for (; *name; name++) {
		if (*name < '0' || *name > '9')
			return -1;
		v = v * 10 + (*name - '0');
	}
	*i = v;
	return *id < VT_NTHR && v < VT_ITERS ? 0 : -1;
}

static void vt_tseen(const char *name, int type, void *arg)
{
	struct vt_tcheck *c = arg;
	int id, i;

	(void)type;
	c->names++;
	if (!vt_strcmp(name, "shared") || !vt_strcmp(name, "log"))
		return;
	if (vt_tname(name, 'r', &id, &i)) {
		c->bad++;
		return;
	}
	if (c->seen[id][i]++)
		c->dup++;
}

void vt_t_threads(void)
{
	static struct vt_tcheck c;
	static char log[VT_NTHR * VT_ITERS * VT_REC + 1];
	void *cookie[VT_NTHR];
	int nthr = VT_NTHR, iters = vt_host->quick ? 30 : VT_ITERS;
	int i, k, started, errors = 0, wrong = 0, owner = -1;
	long n, nrec;
	int next[VT_NTHR];
	int logfd;

	vt_out("# %d threads x %d iterations in one directory", nthr, iters);
	VT_VAL(rump_sys_mkdir(D, 0755), 0);
	logfd = rump_sys_open(D "/log", RUMP_O_RDWR | RUMP_O_CREAT |
			      RUMP_O_APPEND, 0644);
	vt_ok(logfd >= 0, "open the shared O_APPEND log");
	for (started = 0; started < nthr; started++) {
		struct vt_thr *t = &vt_thr[started];

		vt_memset(t, 0, sizeof(*t));
		t->id = started;
		t->iters = iters;
		t->logfd = logfd;
		if (vt_host->spawn(vt_worker, t, &cookie[started]))
			break;
	}
	vt_ok(started == nthr, "start %d threads (%d started)", nthr, started);
	for (i = 0; i < started; i++)
		vt_host->join(cookie[i]);
	for (i = 0; i < started; i++) {
		errors += vt_thr[i].errors;
		if (vt_thr[i].errors)
			vt_out("# %s", vt_thr[i].first);
	}
	vt_ok(errors == 0, "no system call failed in the threads (%d "
	      "failures)", errors);

	/* The directory: exactly r<id>.<i> for i % 3 != 0, shared and log. */
	vt_memset(&c, 0, sizeof(c));
	n = vt_listdir(D, vt_tseen, &c);
	for (k = 0; k < started; k++)
		for (i = 0; i < iters; i++)
			if ((i % 3 != 0) != (c.seen[k][i] == 1))
				wrong++;
	vt_ok(n == c.names && !c.bad && !c.dup && !wrong &&
	      vt_ftype(D "/shared") == VT_S_IFREG,
	      "the directory holds exactly the expected names (%ld listed, "
	      "%d unknown, %d duplicates, %d missing or extra)", n, c.bad,
	      c.dup, wrong);
	for (k = 0, wrong = 0; k < started; k++)
		for (i = 1; i < iters; i += 3) {
			char p[64];
			int fd;

			vt_snprintf(p, sizeof(p), D "/r%d.%d", k, i);
			fd = rump_sys_open(p, RUMP_O_RDONLY);
			n = fd >= 0 ? rump_sys_read(fd, vt_thr[0].buf,
						    VT_SSIZE) : -1;
			if (fd >= 0)
				rump_sys_close(fd);
			if (n != VT_FSIZE || vt_check(vt_thr[0].buf, VT_FSIZE,
						      vt_tseed(k, i), 0) >= 0)
				wrong++;
		}
	vt_ok(!wrong, "renamed files hold their writer's data (%d wrong)",
	      wrong);

	/* The shared name is one writer's complete file. */
	n = vt_slurp(D "/shared", vt_thr[0].buf, VT_SSIZE + 1);
	for (k = 0; k < started && n == VT_SSIZE; k++)
		if (vt_check(vt_thr[0].buf, VT_SSIZE, vt_tseed(k, 0), 0) < 0)
			owner = k;
	vt_ok(owner >= 0, "the shared name holds one thread's whole file "
	      "(%ld bytes, owner %d)", n, owner);
	for (k = 0; k < started; k++) {
		char p[64];

		vt_snprintf(p, sizeof(p), D "/s%d", k);
		if (vt_ftype(p))
			wrong++;
	}
	vt_ok(!wrong, "no temporary names are left");

	/* Appends: all there, whole, each thread's in its own order. */
	nrec = (long)started * iters;
	n = rump_sys_pread(logfd, log, sizeof(log) - 1, 0);
	vt_ok(n == nrec * VT_REC, "the log holds %ld records (%ld bytes)",
	      nrec, n);
	for (k = 0; k < VT_NTHR; k++)
		next[k] = 0;
	for (i = 0, wrong = 0; n > 0 && i < n / VT_REC; i++) {
		const char *r = log + i * VT_REC;
		int id = r[1] - '0', seq = 0, j;

		if (r[0] != 'T' || id < 0 || id >= started || r[2] != ' ' ||
		    r[3] != 'R' || r[VT_REC - 1] != '\n') {
			wrong++;
			continue;
		}
		for (j = 4; j < 10; j++)
			seq = seq * 10 + (r[j] - '0');
		if (seq != next[id]++)
			wrong++;
	}
	vt_ok(!wrong, "appended records are whole and in order per thread "
	      "(%d bad)", wrong);
	VT_VAL(rump_sys_close(logfd), 0);
	vt_rmtree(D);
	vt_ok(vt_ftype(D) == 0, "cleanup of " D);
}
