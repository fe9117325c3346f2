/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Processes and lightweight processes (lwps).
 *
 * proc 0 is the kernel: it owns the boot lwp and kernel threads.  Host
 * threads that enter the guest through rump_sys_* without an lwp of
 * their own get an implicit lwp in the default client process (pid 1),
 * which lives from rump_init to halt.  The hypervisor makes further
 * client processes with hyp_lwproc_rfork (remote clients, tests).
 */
#ifndef RK_PROC_H
#define RK_PROC_H

#include <rk/types.h>
#include <rk/lock.h>

struct rk_filedesc;
struct vnode;

#define RK_MAXCOMLEN	24

struct rk_proc {
	pid_t p_pid;
	struct rk_filedesc *p_fd;	/* descriptor table */
	struct vnode *p_cwd;		/* current directory (VFS holds a ref) */
	struct vnode *p_rdir;		/* root directory, NULL for the global root */
	struct rk_mutex p_lock;		/* p_cwd, p_rdir, p_nlwps */
	int p_nlwps;			/* lwps in this process */
	unsigned int p_refcnt;		/* lwps + lookups in progress */
	int p_flags;
	void *p_client;			/* hypervisor's remote client, or NULL */
	int64_t p_start_sec;		/* wall clock at creation */
	char p_comm[RK_MAXCOMLEN];
	struct rk_proc *p_next;		/* all processes (rk_proc_lock) */
};

#define RK_PF_SYSTEM	0x1	/* proc 0 */
#define RK_PF_DEFAULT	0x2	/* the implicit client process */

struct lwp {
	struct rk_proc *l_proc;
	int l_tid;
	int l_cpu;			/* virtual CPU held, -1 for none */
	int l_lastcpu;			/* where it ran last (a hint) */
	int l_flags;			/* RK_LW_* */
	int l_nosched;			/* backend_unschedule found no CPU */
	unsigned int l_magic;
	struct lwp *l_next;		/* all lwps (for halt) */
	struct lwp *l_prev;
	void *l_private;		/* owner's data (kthread start) */
	/* Interruptible sleeps (lwp.c; lwp list lock): */
	int l_intr;			/* told to exit (hyp_lwpexit) */
	struct rk_cv *l_sleepcv;	/* sleeping on, or NULL */
	struct rk_mutex *l_sleepmtx;	/* ... with this interlock */
};

#define RK_LW_IMPLICIT	0x01	/* lent to a thread entering without lwp */
#define RK_LW_KTHREAD	0x02	/* a kernel thread */
#define RK_LW_EXITING	0x04	/* exit(2) called */
#define RK_LW_HYP	0x08	/* made by hyp_lwproc_newlwp/rfork */

/* The lwp bound to the calling host thread, NULL if none. */
static inline struct lwp *rk_curlwp(void)
{
	return rumpuser_curlwp();
}

struct rk_proc *rk_curproc(void);

/* Process 0 and the default client process. */
extern struct rk_proc rk_proc0;
struct rk_proc *rk_default_proc(void);

/* Look a process up; takes a reference dropped with rk_proc_rele. */
struct rk_proc *rk_proc_find(pid_t pid);
void rk_proc_rele(struct rk_proc *p);

/* A snapshot of the process list (kernfs). */
struct rk_procinfo {
	pid_t pi_pid;
	int pi_nlwps;
	int pi_nfiles;
	int64_t pi_start_sec;
	char pi_comm[RK_MAXCOMLEN];
};
/* Fills at most max entries, returns the number of processes. */
int rk_proc_snapshot(struct rk_procinfo *buf, int max);

/*
 * Per-process hooks of subsystems (the VFS gives a new process its
 * parent's current and root directory and drops them at exit).  fork
 * runs when a process is made (parent NULL for proc 0 and the default
 * process), exit when it ends and at halt.  A subsystem registers its
 * hooks once at boot; hooks run in registration order.
 */
struct rk_proc_hooks {
	void (*ph_fork)(struct rk_proc *child, struct rk_proc *parent);
	void (*ph_exit)(struct rk_proc *p);
	struct rk_proc_hooks *ph_next;
};
void rk_proc_hooks_register(struct rk_proc_hooks *h);

#endif /* RK_PROC_H */
