// SPDX-License-Identifier: BSD-2-Clause
/*
 * Processes.  proc 0 (static) is the kernel's; the default client
 * process (pid 1) holds the implicit lwps of host threads that call in
 * without one and lives until halt; others come from rfork.  A process
 * is reference counted (its lwps plus lookups) and ends with the last
 * reference: its descriptors are closed and its directories released.
 */
#include <rk/lib.h>
#include <rk/kmem.h>
#include <rk/errno.h>
#include <rk/file.h>
#include <rk/clock.h>
#include "kern.h"

#define PID_MAX		99999

struct rk_proc rk_proc0;
static struct rk_proc *default_proc;
static struct rk_proc *proc_list;	/* all but proc 0 */
static struct rumpuser_mtx *proc_mtx;
static pid_t next_pid;
static struct rk_proc_hooks *proc_hooks;

void rk_proc_hooks_register(struct rk_proc_hooks *h)
{
	struct rk_proc_hooks **hp = &proc_hooks;

	while (*hp)
		hp = &(*hp)->ph_next;
	h->ph_next = NULL;
	*hp = h;
}

static void hooks_fork(struct rk_proc *child, struct rk_proc *parent)
{
	struct rk_proc_hooks *h;

	for (h = proc_hooks; h; h = h->ph_next)
		if (h->ph_fork)
			h->ph_fork(child, parent);
}

static void hooks_exit(struct rk_proc *p)
{
	struct rk_proc_hooks *h;

	for (h = proc_hooks; h; h = h->ph_next)
		if (h->ph_exit)
			h->ph_exit(p);
}

void rk_proc_init(void)
{
	rumpuser_mutex_init(&proc_mtx, RUMPUSER_MTX_SPIN);
	proc_list = NULL;
	default_proc = NULL;
	next_pid = 1;
	rk_memset(&rk_proc0, 0, sizeof(rk_proc0));
	rk_proc0.p_pid = 0;
	rk_proc0.p_flags = RK_PF_SYSTEM;
	rk_proc0.p_refcnt = 1;
	rk_strlcpy(rk_proc0.p_comm, "system", sizeof(rk_proc0.p_comm));
	rk_mutex_init(&rk_proc0.p_lock);
	rk_proc0.p_fd = rk_fd_init();
}

struct rk_proc *rk_curproc(void)
{
	struct lwp *l = rk_curlwp();

	return l ? l->l_proc : &rk_proc0;
}

struct rk_proc *rk_default_proc(void)
{
	return default_proc ? default_proc : &rk_proc0;
}

void rk_proc_hold(struct rk_proc *p)
{
	rk_atomic_inc(&p->p_refcnt);
}

static bool pid_in_use(pid_t pid)
{
	struct rk_proc *p;

	for (p = proc_list; p; p = p->p_next)
		if (p->p_pid == pid)
			return true;
	return false;
}

static void proc_unlink(struct rk_proc *p)
{
	struct rk_proc **pp;

	rumpuser_mutex_enter_nowrap(proc_mtx);
	for (pp = &proc_list; *pp; pp = &(*pp)->p_next) {
		if (*pp == p) {
			*pp = p->p_next;
			break;
		}
	}
	rumpuser_mutex_exit(proc_mtx);
}

static void proc_destroy(struct rk_proc *p)
{
	rk_mutex_destroy(&p->p_lock);
	rk_kmem_free(p, sizeof(*p));
}

int rk_proc_create(struct rk_proc *parent, int fdflags, const char *comm,
		   struct rk_proc **pp)
{
	struct rk_proc *p = rk_kmem_zalloc(sizeof(*p), RK_KM_SLEEP);
	long nsec;

	if (parent && parent->p_fd && parent != &rk_proc0) {
		if (fdflags & 0x02)		/* RUMP_RFCFDG */
			p->p_fd = rk_fd_init();
		else if (fdflags & 0x01)	/* RUMP_RFFDG */
			p->p_fd = rk_fd_copy(parent->p_fd);
		else
			p->p_fd = rk_fd_share(parent->p_fd);
	} else {
		p->p_fd = rk_fd_init();
	}
	if (!p->p_fd) {
		rk_kmem_free(p, sizeof(*p));
		return RK_ENOMEM;
	}
	p->p_refcnt = 1;
	rk_mutex_init(&p->p_lock);
	/* Without a name of its own a child keeps its parent's. */
	if (!comm)
		comm = parent ? parent->p_comm : "rump";
	rk_strlcpy(p->p_comm, comm, sizeof(p->p_comm));
	rk_time_wall(&p->p_start_sec, &nsec);
	rumpuser_mutex_enter_nowrap(proc_mtx);
	do {
		if (next_pid >= PID_MAX)
			next_pid = 1;
		p->p_pid = ++next_pid;
	} while (pid_in_use(p->p_pid));
	p->p_next = proc_list;
	proc_list = p;
	rumpuser_mutex_exit(proc_mtx);
	hooks_fork(p, parent);
	*pp = p;
	return 0;
}

/* pid 1: made once the root file system is there. */
int rk_proc_create_default(void)
{
	struct rk_proc *p = rk_kmem_zalloc(sizeof(*p), RK_KM_SLEEP);
	long nsec;

	p->p_fd = rk_fd_init();
	p->p_pid = 1;
	p->p_flags = RK_PF_DEFAULT;
	p->p_refcnt = 1;	/* permanent until halt */
	rk_mutex_init(&p->p_lock);
	rk_strlcpy(p->p_comm, "init", sizeof(p->p_comm));
	rk_time_wall(&p->p_start_sec, &nsec);
	rumpuser_mutex_enter_nowrap(proc_mtx);
	p->p_next = proc_list;
	proc_list = p;
	rumpuser_mutex_exit(proc_mtx);
	hooks_fork(p, NULL);
	hooks_fork(&rk_proc0, NULL);
	__atomic_store_n(&default_proc, p, __ATOMIC_RELEASE);
	return 0;
}

/* The last reference: runs scheduled (closing files may sleep). */
void rk_proc_rele(struct rk_proc *p)
{
	if (rk_atomic_dec(&p->p_refcnt) != 0 || p == &rk_proc0)
		return;
	proc_unlink(p);
	rk_fd_free(p->p_fd);
	p->p_fd = NULL;
	hooks_exit(p);
	proc_destroy(p);
}

struct rk_proc *rk_proc_find(pid_t pid)
{
	struct rk_proc *p;

	if (pid == 0) {
		rk_proc_hold(&rk_proc0);
		return &rk_proc0;
	}
	rumpuser_mutex_enter_nowrap(proc_mtx);
	for (p = proc_list; p; p = p->p_next) {
		/* One whose last reference is going is as good as gone. */
		if (p->p_pid == pid && rk_atomic_load(&p->p_refcnt) > 0) {
			rk_proc_hold(p);
			break;
		}
	}
	rumpuser_mutex_exit(proc_mtx);
	return p;
}

static void fill_info(struct rk_procinfo *pi, struct rk_proc *p)
{
	pi->pi_pid = p->p_pid;
	pi->pi_nlwps = rk_atomic_load(&p->p_nlwps);
	pi->pi_nfiles = p->p_fd ? rk_fd_count(p) : 0;
	pi->pi_start_sec = p->p_start_sec;
	rk_strlcpy(pi->pi_comm, p->p_comm, sizeof(pi->pi_comm));
}

int rk_proc_snapshot(struct rk_procinfo *buf, int max)
{
	struct rk_proc *p;
	int n = 0;

	if (max > 0)
		fill_info(&buf[0], &rk_proc0);
	n = 1;
	rumpuser_mutex_enter_nowrap(proc_mtx);
	for (p = proc_list; p; p = p->p_next) {
		if (n < max)
			fill_info(&buf[n], p);
		n++;
	}
	rumpuser_mutex_exit(proc_mtx);
	/* The list is newest first; present it by pid. */
	if (n <= max) {
		int i, j;

		for (i = 1; i < n; i++) {
			struct rk_procinfo t = buf[i];

			for (j = i; j > 0 && buf[j - 1].pi_pid > t.pi_pid; j--)
				buf[j] = buf[j - 1];
			buf[j] = t;
		}
	}
	return n;
}

/* Halt, step 1: close every descriptor, release every directory. */
void rk_proc_teardown_all(void)
{
	struct rk_proc *p;

	for (p = proc_list; p; p = p->p_next) {
		rk_fd_free(p->p_fd);
		p->p_fd = NULL;
		hooks_exit(p);
	}
	rk_fd_free(rk_proc0.p_fd);
	rk_proc0.p_fd = NULL;
	hooks_exit(&rk_proc0);
}

/* Halt, step 2: free every process but keep (the halting one). */
void rk_proc_free_all(struct rk_proc *keep)
{
	struct rk_proc *p, *next;

	for (p = proc_list; p; p = next) {
		next = p->p_next;
		if (p != keep)
			proc_destroy(p);
	}
	proc_list = keep && keep != &rk_proc0 ? keep : NULL;
	if (proc_list)
		keep->p_next = NULL;
	default_proc = NULL;
}

void rk_proc_free_last(struct rk_proc *p)
{
	if (p && p != &rk_proc0)
		proc_destroy(p);
	proc_list = NULL;
	rk_mutex_destroy(&rk_proc0.p_lock);
	proc_hooks = NULL;
	rumpuser_mutex_destroy(proc_mtx);
	proc_mtx = NULL;
}
