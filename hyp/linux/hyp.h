/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rumpvisor.ko internals: instances, the threads that run guest code, the
 * binding of the running thread to its instance and lwp, and the way every
 * blocking hypercall waits.
 *
 * Error convention: every function in this directory returns 0 or a
 * negative Linux errno (or void when it cannot fail); the exported
 * rumpuser_* functions translate once, with rv_nb(), to the NetBSD number
 * the interface wants.
 */
#ifndef RV_LINUX_HYP_H
#define RV_LINUX_HYP_H

#define pr_fmt(fmt) "rumpvisor: " fmt

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/path.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include <rump/rumpuser.h>
#include <rumpvisor/linux.h>

#include "../common/common.h"
#include "jump.h"

/* ---------------------------------------------------------------- memory */

/* Small blocks: power-of-two classes from 16 bytes to a page. */
#define RV_CLASS_MIN_SHIFT	4
#define RV_NCLASS		(PAGE_SHIFT - RV_CLASS_MIN_SHIFT + 1)
#define RV_MAG_DEPTH		32

struct rv_mag {
	unsigned int n;
	void *obj[RV_MAG_DEPTH];
};

/* One class of an instance's small-block allocator (memory.c). */
struct rv_class {
	spinlock_t lock;
	struct list_head partial;	/* slabs with free objects */
	struct list_head full;		/* slabs without */
	unsigned int nfree_slabs;	/* empty slabs kept on partial */
};

/* What an instance's memory is counted as. */
enum rv_owner {
	RV_GUEST,		/* rumpuser_malloc, rumpuser_anonmmap */
	RV_HYP,			/* rumpvisor's objects for the guest (locks...) */
	RV_NOWNER
};

/* Hypercalls counted per instance (sysfs hypercalls/). */
enum rv_hc {
	RV_HC_MALLOC, RV_HC_FREE, RV_HC_ANONMMAP, RV_HC_UNMAP,
	RV_HC_THREAD_CREATE, RV_HC_THREAD_JOIN, RV_HC_OPEN, RV_HC_CLOSE,
	RV_HC_READ, RV_HC_WRITE, RV_HC_BIO, RV_HC_SYNC, RV_HC_FILEINFO,
	RV_HC_SLEEP, RV_HC_CV_WAIT, RV_HC_MUTEX_WAIT, RV_HC_RW_WAIT,
	RV_HC_RANDOM, RV_HC_PARAM, RV_HC_KILL, RV_HC_CONSOLE,
	RV_HC_MAX
};

/* Per-CPU part of an instance: counters and magazines. */
struct rv_pcpu {
	long count[RV_HC_MAX];
	long allocs[RV_NOWNER];		/* live blocks: + on alloc, - on free
					 * (a guest's malloc/free: count[]) */
	long bytes[RV_NOWNER];		/* live bytes asked for */
	struct rv_mag mag[RV_NCLASS];
};

struct rv_mem {
	struct rv_class cls[RV_NCLASS];
	struct xarray big;		/* blocks of pages, by page frame */
	atomic_long_t pages;		/* host pages held */
};

/* --------------------------------------------------------------- files */

struct rv_files {
	struct mutex lock;		/* changes to table */
	struct xarray table;		/* guest fd -> struct file *, RCU */
	atomic_t open;
};

/* ----------------------------------------------------------------- bio */

struct rv_bio {
	struct mutex start_lock;
	spinlock_t lock;		/* queue, task, stopping */
	struct list_head queue;
	struct task_struct *task;	/* the bio thread (referenced) */
	bool started;			/* start_lock */
};

/* ------------------------------------------------------------- console */

#define RV_CON_LINE	256

struct rv_console {
	spinlock_t lock;
	unsigned int len;
	char line[RV_CON_LINE + 1];
};

/* ------------------------------------------------------------ instance */

/* Parameters, resolved once when the instance is created (params.c). */
struct rv_params {
	char name[RUMPVISOR_NAME_MAX + 1];
	int ncpu;
	char hostname[65];
	int verbose;
	unsigned long memlimit;
	char *files;			/* NULL: no host files */
	struct path root;		/* files, looked up once */
	/* The syscall proxy (sp.c, dev.c): */
	char *server;			/* URL the carrier serves, NULL: none */
	bool has_group;			/* server_group given */
	kgid_t group;			/* ... may use the socket and device */
	bool device;			/* /dev/rumpvisor/NAME wanted */
	char dev_url[RUMPVISOR_NAME_MAX + 8];	/* "dev://NAME" */
};

enum rv_state {
	RV_CREATED,		/* no rumpuser_init yet */
	RV_RUNNING,
	RV_HALTING,		/* a clean halt was asked for */
	RV_ENDING,		/* guest ended, threads being ended */
	RV_ENDED,		/* no thread left, everything reclaimed */
};

struct rv_instance {
	struct kobject kobj;		/* its release frees the instance */
	struct list_head link;		/* rv_registry */
	struct module *owner;
	struct rv_params p;
	struct rumpuser_hyperup hyp;	/* the guest's upcalls */

	struct mutex life;		/* halt, kill, destroy */
	spinlock_t lock;		/* state, status, jobs */
	enum rv_state state;
	bool removing;			/* destroy has begun: no sysfs halts */
	struct rumpvisor_status status;
	int (*halt_fn)(void *);
	void *halt_arg;
	unsigned long start_jiffies;

	struct list_head jobs;		/* struct rv_job of this instance */
	int nthreads;			/* live jobs (lock) */
	int nguest;			/* ... of which run guest code */
	unsigned long threads_started;
	wait_queue_head_t wq;		/* nthreads reached 0, state changes */
	struct work_struct reclaim;	/* runs when the last thread ends */
	bool reclaim_queued;

	struct rv_pcpu __percpu *pcpu;
	struct rv_mem mem;
	struct rv_files files;
	struct rv_bio bio;
	struct rv_console con;
	unsigned int self_signals;

	struct list_head entered;	/* struct rv_entry: outside tasks (lock) */
	struct rv_sp *sp;		/* syscall proxy: socket server, device */
	struct list_head reclaimers;	/* struct rv_reclaimer (lock) */
};

static inline struct rv_instance *rv_of(struct rumpvisor *rv)
{
	return (struct rv_instance *)rv;
}

static inline bool rv_dying(const struct rv_instance *inst)
{
	return READ_ONCE(inst->state) >= RV_ENDING;
}

static inline void rv_count(struct rv_instance *inst, enum rv_hc hc)
{
	this_cpu_inc(inst->pcpu->count[hc]);
}

/* ------------------------------------------------ threads and bindings */

/*
 * What the running task is to rumpvisor: its instance, lwp and errno.
 * A task with a binding has a preempt notifier that keeps the per-CPU
 * copy (rv_cur) current, so finding the instance or the lwp of the
 * running task is one per-CPU load.
 */
struct rv_bind {
	struct preempt_notifier pn;
	struct rv_instance *inst;
	struct lwp *lwp;
	int err;
	struct rv_worker *worker;	/* NULL: a task entered from outside */
	struct rv_entry *entry;		/* that task's entry (enter.c) */
};

struct rv_cur {
	struct lwp *lwp;
	struct rv_instance *inst;
	struct rv_bind *bind;
};
DECLARE_PER_CPU(struct rv_cur, rv_cur);

/* The lwp of the running task (rumpuser_curlwp, inline). */
static inline struct lwp *rv_curlwp(void)
{
	return this_cpu_read(rv_cur.lwp);
}

/* The instance of the running task, NULL outside any guest. */
static inline struct rv_instance *rv_current(void)
{
	return this_cpu_read(rv_cur.inst);
}

static inline struct rv_bind *rv_bind_current(void)
{
	return this_cpu_read(rv_cur.bind);
}

/* A unit of guest work: one guest thread, whatever worker runs it. */
struct rv_job {
	struct list_head link;		/* inst->jobs */
	struct rv_instance *inst;
	struct rv_worker *worker;	/* while it runs */
	void *(*fn)(void *);		/* a guest thread body, or */
	int (*run)(void *);		/* a call, or a service of ours */
	void *arg;
	int ret;			/* run()'s value */
	int cpu;			/* -1: any */
	bool joinable;			/* someone waits on done */
	bool guest;			/* runs guest code */
	bool external;			/* the waiter is outside the guest */
	bool died;			/* ended by the instance ending */
	bool killed;			/* ... by rumpvisor, not by itself */
	bool finished;
	refcount_t refs;		/* the worker, plus the waiter */
	struct completion done;
	char name[TASK_COMM_LEN];
};

/* A pooled kernel thread (pool.c). */
struct rv_worker {
	struct task_struct *task;
	struct list_head link;		/* idle list */
	struct rv_bind bind;
	struct rv_job *job;
	struct rv_jmp jmp;		/* rv_thread_end() resumes here */
	bool stop;
};

/* pool.c */
int rv_pool_init(void);
void rv_pool_fini(void);
int rv_pool_run(struct rv_job *job);
unsigned int rv_pool_idle(void);
void rv_bind_enter(struct rv_bind *b, struct rv_instance *inst);
void rv_bind_leave(struct rv_bind *b);
void rv_worker_signal(struct rv_worker *w);
void rv_worker_resume(struct rv_worker *w);
/* A task entered from outside gets a binding of its own (enter.c). */
void rv_bind_attach(struct rv_bind *b);
void rv_bind_detach(struct rv_bind *b);
/* Resume at j, the frames in between abandoned (KASAN told). */
void rv_jmp_resume(struct rv_jmp *j);

/* The worker the running task is, NULL for any other task. */
static inline struct rv_worker *rv_self(void)
{
	struct rv_bind *b = rv_bind_current();

	return b ? b->worker : NULL;
}

/* threads.c */
struct rv_job *rv_job_new(struct rv_instance *inst, const char *name);
int rv_job_start(struct rv_job *job);
void rv_job_put(struct rv_job *job);
void rv_job_finish(struct rv_job *job);
/*
 * End the calling guest thread; never returns (not declared __noreturn so
 * that objtool, which cannot see across files, finds no fall-through).
 */
void rv_thread_end(void);
void rv_interrupted(void);
void rv_jobs_reap(struct rv_instance *inst);

/*
 * For a task that must never return to its caller but is not ours to
 * end: sleep for good, idle.  Inline, so that objtool sees it never
 * returns.
 */
static inline void __noreturn rv_park(void)
{
	for (;;) {
		set_current_state(TASK_IDLE);
		schedule();
	}
}

/*
 * A Linux task entered into a guest from outside (a device caller,
 * enter.c): it runs guest code bound to the instance like a worker, but
 * it is the caller's own thread.  A signal to it interrupts its guest
 * call the NetBSD way (the guest is told with hyp_lwpexit and its
 * interruptible sleep returns EINTR); the instance ending makes it leave
 * the guest at once (back to rv_enter, with the frames in between
 * abandoned as a worker's are).
 */
struct rv_entry {
	struct list_head link;		/* inst->entered (inst->lock) */
	struct rv_instance *inst;
	struct task_struct *task;
	struct rv_bind bind;
	struct rv_jmp jmp;		/* rv_enter() resumes here */
	bool intr;			/* the guest was told: wait idle now */
	bool ended;			/* left because the instance ended */
	/* Tell the guest to interrupt this call (once, any context that
	 * may sleep, no lock held); NULL: the call cannot be interrupted. */
	void (*interrupt)(struct rv_entry *e);
	void *cookie;			/* the caller's (dev.c: its file) */
};

/* enter.c */
int rv_enter(struct rv_instance *inst, struct rv_entry *e,
	     int (*fn)(struct rv_entry *e, void *arg), void *arg);
void rv_entry_interrupted(void);
void rv_entry_abandon(void);
void rv_entries_wake(struct rv_instance *inst);

static inline struct rv_entry *rv_entry_current(void)
{
	struct rv_bind *b = rv_bind_current();

	return b ? b->entry : NULL;
}

/*
 * The state blocking hypercalls sleep in.  Guest threads: killable, so
 * that an ending instance can end them, and not counted in the load
 * average or by the hung-task detector (a guest may wait for long).  A
 * task entered from outside: interruptible, so that any signal reaches
 * it; once the guest has been told (intr), idle until the guest wakes
 * it (its signal stays pending for Linux to deliver afterwards).  Any
 * other task waits idle.
 */
static inline unsigned int rv_wait_state(void)
{
	struct rv_bind *b = rv_bind_current();

	if (b && b->worker)
		return TASK_KILLABLE | TASK_NOLOAD;
	if (b && b->entry && !READ_ONCE(b->entry->intr))
		return TASK_INTERRUPTIBLE;
	return TASK_IDLE;
}

/*
 * Must a wait of the running task stop and call rv_interrupted()?  A
 * worker: SIGKILL (its instance ends, or an administrator's kill).  An
 * entered task: its instance ends, or a signal it has not yet passed
 * on to the guest.
 */
static inline bool rv_wait_cut(void)
{
	struct rv_bind *b = rv_bind_current();

	if (!b)
		return false;
	if (b->worker)
		return fatal_signal_pending(current);
	if (!b->entry)
		return false;
	return READ_ONCE(b->entry->inst->state) >= RV_ENDING ||
	       (!READ_ONCE(b->entry->intr) && signal_pending(current));
}

/*
 * A guest thread that never blocks (a loop of system calls that allocate
 * and free but never wait) would never see the SIGKILL of an ending
 * instance, and would keep its CPU from everything else (kworkers
 * included: the kernel does not preempt kernel code here).  The
 * hypercalls every such loop makes (malloc, free, curlwpop) let others
 * run if they wait for the CPU, and end the thread if its instance ends.
 */
void rv_end_if_dying(void);
static inline void rv_alive(struct rv_instance *inst)
{
	cond_resched();
	if (unlikely(READ_ONCE(inst->state) >= RV_ENDING))
		rv_end_if_dying();
}

/*
 * After a wait was cut short: end the thread, drop the signal, or (an
 * entered task) pass it on to the guest.
 */
static inline void rv_check_signal(void)
{
	if (unlikely(rv_wait_cut()))
		rv_interrupted();
}

/* --------------------------------------------------------------- upcalls */

/* Give the virtual CPU back before blocking, take one again afterwards. */
static inline void rv_up_backend_unschedule(int *nlocks, void *interlock)
{
	struct rv_instance *inst = rv_current();

	*nlocks = 0;
	if (inst && inst->hyp.hyp_backend_unschedule)
		inst->hyp.hyp_backend_unschedule(0, nlocks, interlock);
}

static inline void rv_up_backend_schedule(int nlocks, void *interlock)
{
	struct rv_instance *inst = rv_current();

	if (inst && inst->hyp.hyp_backend_schedule)
		inst->hyp.hyp_backend_schedule(nlocks, interlock);
}

/* ------------------------------------------------------------ instances */

/* instance.c */
extern struct kset *rv_kset;
struct rv_instance *rv_instance_create(struct module *owner,
				       const struct rumpvisor_params *p);
void rv_instance_get(struct rv_instance *inst);
void rv_instance_put(struct rv_instance *inst);
void rv_instance_end(struct rv_instance *inst, enum rumpvisor_end how,
		     int value);
void rv_instance_kill(struct rv_instance *inst);
void rv_instance_wait_ended(struct rv_instance *inst);
void rv_instance_halt(struct rv_instance *inst, unsigned int timeout_ms,
		      struct rumpvisor_status *st);
void rv_instance_status(struct rv_instance *inst, struct rumpvisor_status *st);
void rv_instance_remove(struct rv_instance *inst, struct rumpvisor_status *st);
unsigned int rv_instances_count(void);
unsigned int rv_registry_sum(long *threads, long *allocs, long *bytes);
void rv_thread_gone(struct rv_instance *inst, bool guest,
		    struct list_head *entered);
struct rv_instance *rv_instance_find(const char *name);
int rv_instance_halt_admin(struct rv_instance *inst, bool force);
void rv_instance_release(struct kobject *kobj);
void rv_instances_drain(void);

/* params.c */
int rv_params_resolve(struct rv_params *out, const struct rumpvisor_params *in);
void rv_params_release(struct rv_params *p);
int rv_params_defaults_check(void);
unsigned int rv_halt_ms_default(void);

/* sysfs.c */
extern const struct kobj_type rv_instance_ktype;
int rv_sysfs_init(void);
void rv_sysfs_fini(void);

/* memory.c */
int rv_mem_init(struct rv_instance *inst);
void rv_mem_reclaim(struct rv_instance *inst, struct rumpvisor_status *st);
void rv_mem_counts(struct rv_instance *inst, enum rv_owner who,
		   long *allocs, long *bytes);
int rv_mem_module_init(void);
void rv_mem_module_fini(void);
long rv_mem_pages_total(void);

/* Objects rumpvisor keeps for a guest (locks): reclaimed with it. */
void *rv_obj_alloc(struct rv_instance *inst, size_t len, gfp_t gfp);
void rv_obj_free(struct rv_instance *inst, void *p, size_t len);

/* file.c */
void rv_files_init(struct rv_instance *inst);
unsigned int rv_files_reclaim(struct rv_instance *inst);
struct file *rv_file_get(struct rv_instance *inst, int fd);

/* confine.c */
struct file *rv_confined_open(const struct path *root, const char *dir,
			      const char *name, int flags, umode_t mode);
int rv_files_dir_check(const char *dir, struct path *root);

/* bio.c */
void rv_bio_init(struct rv_instance *inst);
void rv_bio_reclaim(struct rv_instance *inst);

/* console.c */
void rv_console_init(struct rv_instance *inst);
void rv_console_flush(struct rv_instance *inst);

/* sp.c, dev.c: the syscall proxy of an instance */
struct rv_sp;
int rv_dev_module_init(void);
void rv_dev_module_exit(void);
void rv_sp_reclaim(struct rv_instance *inst);
/* sp_sysfs.c: /sys/kernel/rumpvisor/NAME/server/ */
extern const struct attribute_group rv_sp_attr_group;

/*
 * reclaim.c: what a part of rumpvisor.ko outside this directory (a
 * component's host half) holds for an instance beyond memory, threads
 * and files, e.g. a network device: fn runs once in the instance's
 * reclaim, when no guest thread is left, unless removed before.
 */
struct rv_reclaimer {
	struct list_head link;
	void (*fn)(struct rv_reclaimer *r);
};
void rv_reclaimer_add(struct rv_instance *inst, struct rv_reclaimer *r);
void rv_reclaimer_del(struct rv_instance *inst, struct rv_reclaimer *r);
void rv_reclaimers_run(struct rv_instance *inst);

/*
 * guestsym.c: a global function of the guest (linked into the owner
 * module) by name, NULL if it has none: upcalls that are not in struct
 * rumpuser_hyperup, such as virtif's.  Good while guest threads live.
 */
void *rv_guest_symbol(struct rv_instance *inst, const char *name);

/* Components built into rumpvisor.ko (components/NAME/linux). */
int rv_virtif_init(void);
void rv_virtif_fini(void);

/*
 * Points of fault injection (fault.c): every host call made on a guest's
 * behalf that can fail is one of these non-inlined functions, marked
 * with ALLOW_ERROR_INJECTION, which fails when rv_fault() says so (the
 * kernel's fault-injection framework, one fault_attr per point in
 * debugfs); tests/faults and docs/ARCHITECTURE.md say what each
 * hypercall returns then.
 */
enum rv_fault_point {
	RV_FAULT_SLAB_DESC, RV_FAULT_SLAB_PAGES, RV_FAULT_PAGE_BLOCK,
	RV_FAULT_PAGE_RECORD, RV_FAULT_JOB_NEW, RV_FAULT_WORKER_NEW,
	RV_FAULT_CONFINED_OPEN, RV_FAULT_FD_ALLOC, RV_FAULT_FILE_RW,
	RV_FAULT_FILE_SYNC, RV_FAULT_BIO_REQ_NEW, RV_FAULT_PCPU_NEW,
	RV_FAULT_INSTANCE_PUBLISH, RV_FAULT_SP_NEW, RV_FAULT_SP_SOCK_CREATE,
	RV_FAULT_VIF_NEW, RV_FAULT_VIF_NETDEV,
	RV_FAULT_MAX
};

#ifdef CONFIG_FAULT_INJECTION_DEBUG_FS
bool rv_fault(enum rv_fault_point pt);
void rv_fault_init(void);
void rv_fault_fini(void);
#else
static inline bool rv_fault(enum rv_fault_point pt) { return false; }
static inline void rv_fault_init(void) { }
static inline void rv_fault_fini(void) { }
#endif

struct rv_slab;
struct rv_slab *rv_slab_desc(gfp_t gfp);			/* memory.c */
void *rv_slab_pages(gfp_t gfp, unsigned int order);
void *rv_page_block(size_t len, size_t align, gfp_t gfp,
		    unsigned long *kind, unsigned long *n);
int rv_page_record(struct rv_instance *inst, void *p, unsigned long value,
		   gfp_t gfp);
struct rv_worker *rv_worker_new(struct rv_job *job);		/* pool.c */
int rv_fd_alloc(struct rv_instance *inst, struct file *f);	/* file.c */
ssize_t rv_file_rw(struct file *f, void *buf, size_t len, loff_t *pos,
		   bool write);
int rv_file_sync(struct file *f, loff_t start, loff_t end, int datasync);
void *rv_bio_req_new(struct rv_instance *inst);			/* bio.c */
struct rv_pcpu __percpu *rv_pcpu_new(void);			/* instance.c */
int rv_instance_publish(struct rv_instance *inst);
struct rv_sp *rv_sp_new(void);					/* sp.c */
struct socket;
int rv_sp_sock_create(int family, int proto, struct socket **sock); /* sp_sock.c */
/* ... and rv_job_new (threads.c), rv_confined_open (confine.c). */

/* mutex.c: for condvar.c */
void rv_mutex_release(struct rumpuser_mtx *mtx);
void rv_mutex_take_unscheduled(struct rumpuser_mtx *mtx);
bool rv_mutex_spin_kmutex(const struct rumpuser_mtx *mtx);

#endif /* RV_LINUX_HYP_H */
