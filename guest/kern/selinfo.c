// SPDX-License-Identifier: BSD-2-Clause
/*
 * Poll records.  One lock (sel_lock) protects every selinfo's and every
 * poller's list of records; each record is on one of each.  A poller
 * sleeps on its own condition variable with sel_lock as the interlock,
 * so a notification between its scan and its sleep is never lost
 * (pw_fired stays set).
 */
#include <rk/lib.h>
#include <rk/kmem.h>
#include <rk/errno.h>
#include <rk/poll.h>

struct rk_selrec {
	struct rk_selinfo *sr_si;	/* NULL once the selinfo is gone */
	struct rk_pollwait *sr_pw;
	struct rk_selrec *sr_sinext;	/* on the selinfo */
	struct rk_selrec **sr_siprev;
	struct rk_selrec *sr_pwnext;	/* on the poller */
};

static struct rk_mutex sel_lock;

void rk_sel_init(void)
{
	rk_mutex_init(&sel_lock);
}

void rk_sel_fini(void)
{
	rk_mutex_destroy(&sel_lock);
}

void rk_selinfo_init(struct rk_selinfo *si)
{
	si->si_recs = NULL;
}

static void si_unlink(struct rk_selrec *sr)
{
	if (!sr->sr_si)
		return;
	*sr->sr_siprev = sr->sr_sinext;
	if (sr->sr_sinext)
		sr->sr_sinext->sr_siprev = sr->sr_siprev;
	sr->sr_si = NULL;
}

void rk_selinfo_destroy(struct rk_selinfo *si)
{
	struct rk_selrec *sr;

	rk_mutex_enter(&sel_lock);
	while ((sr = si->si_recs) != NULL) {
		sr->sr_pw->pw_fired = 1;
		rk_cv_broadcast(&sr->sr_pw->pw_cv);
		si_unlink(sr);
	}
	rk_mutex_exit(&sel_lock);
}

void rk_selrecord(struct rk_selinfo *si, struct rk_pollwait *pw)
{
	struct rk_selrec *sr = rk_kmem_alloc(sizeof(*sr), RK_KM_SLEEP);

	rk_mutex_enter(&sel_lock);
	sr->sr_si = si;
	sr->sr_pw = pw;
	sr->sr_sinext = si->si_recs;
	if (si->si_recs)
		si->si_recs->sr_siprev = &sr->sr_sinext;
	sr->sr_siprev = &si->si_recs;
	si->si_recs = sr;
	sr->sr_pwnext = pw->pw_recs;
	pw->pw_recs = sr;
	rk_mutex_exit(&sel_lock);
}

void rk_selnotify(struct rk_selinfo *si)
{
	struct rk_selrec *sr;

	if (!rk_atomic_load(&si->si_recs))
		return;
	rk_mutex_enter(&sel_lock);
	for (sr = si->si_recs; sr; sr = sr->sr_sinext) {
		sr->sr_pw->pw_fired = 1;
		rk_cv_broadcast(&sr->sr_pw->pw_cv);
	}
	rk_mutex_exit(&sel_lock);
}

void rk_pollwait_init(struct rk_pollwait *pw)
{
	rk_cv_init(&pw->pw_cv);
	pw->pw_fired = 0;
	pw->pw_recs = NULL;
}

void rk_pollwait_reset(struct rk_pollwait *pw)
{
	struct rk_selrec *head, *sr, *next;

	rk_mutex_enter(&sel_lock);
	head = pw->pw_recs;
	pw->pw_recs = NULL;
	pw->pw_fired = 0;
	for (sr = head; sr; sr = sr->sr_pwnext)
		si_unlink(sr);
	rk_mutex_exit(&sel_lock);
	for (sr = head; sr; sr = next) {
		next = sr->sr_pwnext;
		rk_kmem_free(sr, sizeof(*sr));
	}
}

void rk_pollwait_fini(struct rk_pollwait *pw)
{
	rk_pollwait_reset(pw);
	rk_cv_destroy(&pw->pw_cv);
}

int rk_pollwait_sleep(struct rk_pollwait *pw, int64_t ns)
{
	int error = 0;

	rk_mutex_enter(&sel_lock);
	if (!pw->pw_fired) {
		if (ns < 0)
			error = rk_cv_wait_sig(&pw->pw_cv, &sel_lock);
		else
			error = rk_cv_timedwait_sig(&pw->pw_cv, &sel_lock, ns);
	}
	rk_mutex_exit(&sel_lock);
	return error;
}
