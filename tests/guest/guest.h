/* SPDX-License-Identifier: BSD-2-Clause */
/* The test guest's internals: lwps, virtual CPUs, the upcall table. */
#ifndef TG_GUEST_H
#define TG_GUEST_H

#include "tg.h"

#define TG_LWP_MAGIC	0x6c77703aU

struct lwp {
	unsigned int l_magic;
	int l_id;
	pid_t l_pid;
	int l_cpu;		/* virtual CPU held, -1 for none */
	int l_temp;		/* lent to an lwp-less thread until it unschedules */
	int l_bu_unheld;	/* last backend_unschedule found no CPU to give */
	int l_exited;		/* hyp_lwpexit was called */
	int l_hyp;		/* made for a hypervisor thread (newlwp, rfork) */
	struct tg_stats l_stats;
};

/* lwp.c */
struct lwp *tg_lwp_new(pid_t pid, int temp);
void tg_lwp_free(struct lwp *l);
void tg_lwp_switch(struct lwp *newl);
void tg_anomaly(void);
void tg_lwp_mark_hyp(struct lwp *l);

/* sched.c */
int tg_cpus_init(int n);
void tg_cpus_fini(void);
void tg_cpu_take(struct lwp *l);
void tg_cpu_give(struct lwp *l);
void tg_cpu_transfer(struct lwp *from, struct lwp *to);
void tg_sched_enter(void);
void tg_sched_leave(void);
void tg_run_sched_hook(int nlocks, void *interlock);

/* upcalls.c */
extern const struct rumpuser_hyperup tg_hyp;

#endif /* TG_GUEST_H */
