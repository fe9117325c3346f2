// SPDX-License-Identifier: BSD-2-Clause
/*
 * The guest lwp (and errno) bound to a host task: rumpuser_curlwpop(),
 * rumpuser_curlwp(), and the per-thread errno behind rumpuser_seterrno().
 *
 * rumpuser_curlwp() runs on nearly every guest operation, for any task,
 * so it takes no lock: a fixed table indexed by a hash of the task
 * pointer, where a slot's task is claimed with cmpxchg and everything else
 * in the slot is read and written only by the task that owns it.  The
 * fast path is one hash, one compare, one load.  A task whose home slot
 * is taken tries a few neighbours, and only then a spinlocked overflow
 * list; lookups go there only while it is non-empty.
 */
#include "hyp.h"

#include <linux/hash.h>
#include <linux/slab.h>

#define LWP_HASH_BITS	10
#define LWP_SLOTS	(1U << LWP_HASH_BITS)
#define LWP_PROBES	4

struct rv_lwpslot {
	struct task_struct *task;	/* owner, NULL when free */
	struct lwp *lwp;
	int err;
} __aligned(32);

struct rv_lwpnode {
	struct hlist_node link;
	struct rv_lwpslot s;
};

static struct rv_lwpslot lwp_table[LWP_SLOTS];
/*
 * The table slot last found on each CPU: a hit is two per-CPU reads and
 * a compare, no hashing.  Only table slots are cached (they are never
 * freed), and a hit is confirmed against the slot's owner, so a stale
 * entry, or one read just before a migration, only costs a miss.  It
 * is set to slot 0, a valid slot, at load (rv_curlwp_init), so the hit
 * path needs no NULL test.
 */
static DEFINE_PER_CPU(struct rv_lwpslot *, lwp_last);

void rv_curlwp_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		per_cpu(lwp_last, cpu) = lwp_table;
}
static HLIST_HEAD(lwp_overflow);
static DEFINE_SPINLOCK(lwp_overflow_lock);
static atomic_t lwp_noverflow = ATOMIC_INIT(0);

static struct rv_lwpslot *lwp_find_slow(struct task_struct *me, u32 h)
{
	struct rv_lwpnode *n;
	unsigned int i;

	for (i = 1; i < LWP_PROBES; i++) {
		struct rv_lwpslot *s = &lwp_table[(h + i) & (LWP_SLOTS - 1)];

		if (READ_ONCE(s->task) == me)
			return s;
	}
	if (likely(!atomic_read(&lwp_noverflow)))
		return NULL;
	/* Only the owner inserts or removes its node, so it stays valid. */
	spin_lock(&lwp_overflow_lock);
	hlist_for_each_entry(n, &lwp_overflow, link) {
		if (n->s.task == me) {
			spin_unlock(&lwp_overflow_lock);
			return &n->s;
		}
	}
	spin_unlock(&lwp_overflow_lock);
	return NULL;
}

static inline struct rv_lwpslot *lwp_find(struct task_struct *me)
{
	u32 h = hash_ptr(me, LWP_HASH_BITS);

	if (likely(READ_ONCE(lwp_table[h].task) == me))
		return &lwp_table[h];
	return lwp_find_slow(me, h);
}

/* A slot for the calling task, which has none; NULL if out of memory. */
static struct rv_lwpslot *lwp_claim(struct task_struct *me)
{
	u32 h = hash_ptr(me, LWP_HASH_BITS);
	struct rv_lwpnode *n;
	unsigned int i;

	for (i = 0; i < LWP_PROBES; i++) {
		struct rv_lwpslot *s = &lwp_table[(h + i) & (LWP_SLOTS - 1)];

		if (!READ_ONCE(s->task) && !cmpxchg(&s->task, NULL, me)) {
			s->lwp = NULL;
			s->err = 0;
			return s;
		}
	}
	/* No sleeping: the guest may call this while holding anything. */
	n = kzalloc(sizeof(*n), GFP_NOWAIT | __GFP_NOWARN);
	if (!n)
		return NULL;
	n->s.task = me;
	spin_lock(&lwp_overflow_lock);
	hlist_add_head(&n->link, &lwp_overflow);
	atomic_inc(&lwp_noverflow);
	spin_unlock(&lwp_overflow_lock);
	return &n->s;
}

static void lwp_unclaim(struct rv_lwpslot *s)
{
	struct rv_lwpnode *n;

	s->lwp = NULL;
	s->err = 0;
	if (s >= lwp_table && s < lwp_table + LWP_SLOTS) {
		smp_store_release(&s->task, NULL);
		return;
	}
	n = container_of(s, struct rv_lwpnode, s);
	spin_lock(&lwp_overflow_lock);
	hlist_del(&n->link);
	atomic_dec(&lwp_noverflow);
	spin_unlock(&lwp_overflow_lock);
	kfree(n);
}

static noinline struct lwp *curlwp_miss(struct task_struct *me)
{
	u32 h = hash_ptr(me, LWP_HASH_BITS);
	struct rv_lwpslot *s;

	if (likely(READ_ONCE(lwp_table[h].task) == me))
		s = &lwp_table[h];
	else
		s = lwp_find_slow(me, h);
	if (!s)
		return NULL;
	if (s >= lwp_table && s < lwp_table + LWP_SLOTS)
		this_cpu_write(lwp_last, s);
	return s->lwp;
}

/* notrace: the hottest hypercall of all is not worth a tracing hook. */
notrace struct lwp *rumpuser_curlwp(void)
{
	struct rv_lwpslot *s = this_cpu_read(lwp_last);
	struct task_struct *me = current;

	if (likely(READ_ONCE(s->task) == me))
		return s->lwp;
	return curlwp_miss(me);
}
EXPORT_SYMBOL(rumpuser_curlwp);

void rumpuser_curlwpop(int op, struct lwp *l)
{
	struct task_struct *me = current;
	struct rv_lwpslot *s;

	switch (op) {
	case RUMPUSER_LWP_SET:
		s = lwp_find(me);
		if (!s)
			s = lwp_claim(me);
		if (!s) {
			pr_err_ratelimited("out of memory binding an lwp to %s\n",
					   me->comm);
			return;
		}
		s->lwp = l;
		return;
	case RUMPUSER_LWP_CLEAR:
		s = lwp_find(me);
		if (!s)
			return;
		s->lwp = NULL;
		/* Keep the slot while it still carries an errno to report. */
		if (!s->err)
			lwp_unclaim(s);
		return;
	default:
		/* CREATE and DESTROY: nothing is allocated per lwp. */
		return;
	}
}
EXPORT_SYMBOL(rumpuser_curlwpop);

void rv_lwp_set_errno(int err)
{
	struct task_struct *me = current;
	struct rv_lwpslot *s = lwp_find(me);

	if (!s) {
		if (!err)
			return;
		s = lwp_claim(me);
		if (!s)
			return;
	}
	s->err = err;
	if (!err && !s->lwp)
		lwp_unclaim(s);
}

int rv_lwp_get_errno(void)
{
	struct rv_lwpslot *s = lwp_find(current);

	return s ? s->err : 0;
}

/* The calling thread is ending: free whatever it holds. */
void rv_curlwp_forget(void)
{
	struct rv_lwpslot *s = lwp_find(current);

	if (s)
		lwp_unclaim(s);
}

/*
 * Instance end: no guest thread is left, so drop every binding (a task
 * that ended without CLEAR must not leave its lwp to a successor that
 * happens to reuse its task_struct).
 */
void rv_curlwp_reset(void)
{
	struct rv_lwpnode *n;
	struct hlist_node *tmp;
	unsigned int i;

	for (i = 0; i < LWP_SLOTS; i++) {
		lwp_table[i].lwp = NULL;
		lwp_table[i].err = 0;
		WRITE_ONCE(lwp_table[i].task, NULL);
	}
	spin_lock(&lwp_overflow_lock);
	hlist_for_each_entry_safe(n, tmp, &lwp_overflow, link) {
		hlist_del(&n->link);
		kfree(n);
	}
	atomic_set(&lwp_noverflow, 0);
	spin_unlock(&lwp_overflow_lock);
}
