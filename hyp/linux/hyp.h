/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rumpvisor.ko internals: the instance, its threads, upcall wrappers and
 * the way every blocking hypercall waits.
 */
#ifndef RV_LINUX_HYP_H
#define RV_LINUX_HYP_H

#define pr_fmt(fmt) "rumpvisor: " fmt

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

#include <rump/rumpuser.h>
#include <rumpvisor/linux.h>

#include "../common/common.h"

/* The one guest instance rumpvisor hosts at a time. */
struct rv_instance {
	struct mutex lock;		/* claim, init, release */
	struct module *owner;		/* claimed by rumpvisor_run() */
	bool initialised;		/* rumpuser_init() succeeded */
	bool dying;			/* rumpuser_exit() or forced release */
	bool exited;			/* rumpuser_exit() was called */
	int exit_value;
	unsigned int seq;		/* instance number, for the hostname */

	spinlock_t threads_lock;	/* threads, spawned */
	struct list_head threads;	/* live struct rv_thread */
	unsigned int spawned;		/* threads started since the last release */
	atomic_t nthreads;		/* live threads (all kinds) */
	atomic_t nguest;		/* live threads running guest code */
	/* Completed by each ending thread from core kernel code. */
	struct completion ended;
};

extern struct rv_instance rv_inst;
extern struct rumpuser_hyperup rv_hyp;

/* A hypervisor kernel thread. */
struct rv_thread {
	struct list_head link;		/* rv_inst.threads */
	struct task_struct *task;
	struct module *owner;		/* pinned while the thread lives */
	void *(*fn)(void *);		/* guest thread body, or */
	int (*run)(void *);		/* rumpvisor_run()'s or our own body */
	void *arg;
	int ret;			/* run()'s value */
	bool joinable;			/* done is completed, creator frees */
	bool guest;			/* runs guest code (not a service thread) */
	bool died;			/* ended by the instance dying */
	refcount_t refs;		/* the thread, plus its joiner if joinable */
	struct completion done;
};

/* threads.c */
int rv_thread_spawn(struct rv_thread *t, const char *name, int cpuidx);
struct rv_thread *rv_self(void);
/*
 * Never returns; not declared __noreturn so that callers in other files
 * keep code after the call and objtool (which cannot see across files)
 * does not take it for a fall-through.
 */
void rv_thread_end(void);
void rv_kill_threads(struct task_struct *except);
void rv_interrupted(void);
void rv_thread_put(struct rv_thread *t);

/*
 * The state blocking hypercalls sleep in.  Our threads: killable (the
 * instance ends them with SIGKILL) and not counted in the load or by the
 * hung-task detector.  Any other task (a component's host thread) cannot
 * be ended by us, so it sleeps uninterruptibly, also without load.
 */
static inline unsigned int rv_wait_state(void)
{
	return rv_self() ? (TASK_KILLABLE | TASK_NOLOAD) : TASK_IDLE;
}

/*
 * For a task that must never return to its caller but is not ours to
 * end: sleep for good, idle (no CPU, no load, no hung-task report).
 * Inline so that objtool sees it never returns.
 */
static inline void __noreturn rv_park(void)
{
	for (;;) {
		set_current_state(TASK_IDLE);
		schedule();
	}
}

/* Call after a killable wait was cut short: dies or clears the signal. */
static inline void rv_check_signal(void)
{
	if (unlikely(fatal_signal_pending(current)) && rv_self())
		rv_interrupted();
}

/* Upcalls around blocking: give the virtual CPU back, take one again. */
static inline void hyp_unschedule(int *nlocks, void *interlock)
{
	rv_hyp.hyp_backend_unschedule(0, nlocks, interlock);
}

static inline void hyp_schedule(int nlocks, void *interlock)
{
	rv_hyp.hyp_backend_schedule(nlocks, interlock);
}

/* curlwp.c */
void rv_curlwp_init(void);
void rv_curlwp_forget(void);
void rv_lwp_set_errno(int err);
int rv_lwp_get_errno(void);
void rv_curlwp_reset(void);

/* memory.c */
void rv_mem_counts(long *allocs, long *bytes);
void rv_mem_reset(void);

/* mutex.c: for condvar.c */
void rv_mutex_release(struct rumpuser_mtx *mtx);
void rv_mutex_take_unscheduled(struct rumpuser_mtx *mtx);
bool rv_mutex_spin_kmutex(const struct rumpuser_mtx *mtx);

/* param.c */
extern char *rv_param_files;
void rv_param_start(unsigned int seq);

/* console.c */
void rv_console_flush(void);

/* file.c */
struct file *rv_file_get(int fd);
void rv_files_reset(void);

/* bio.c */
void rv_bio_stop(void);
void rv_bio_reset(void);

/* exit.c */
void rv_exit_reset(void);

#endif /* RV_LINUX_HYP_H */
