/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Waiting for files to become ready (poll, select).
 *
 * A file that can make a poller wait keeps a struct rk_selinfo.  Its
 * fo_poll, finding nothing ready, calls rk_selrecord(si, pw): a record
 * links the poller's rk_pollwait to the selinfo.  Whoever makes the file
 * ready calls rk_selnotify(si), which wakes every recorded poller; the
 * poller then drops all its records and looks again.  To lose no
 * wake-up, fo_poll must check and record under the same lock under which
 * the state changes and rk_selnotify is called (the file's own lock is
 * taken before the internal select lock).
 */
#ifndef RK_POLL_H
#define RK_POLL_H

#include <rk/types.h>
#include <rk/lock.h>

/* NetBSD's poll(2) events. */
#define RK_POLLIN	0x0001
#define RK_POLLPRI	0x0002
#define RK_POLLOUT	0x0004
#define RK_POLLERR	0x0008
#define RK_POLLHUP	0x0010
#define RK_POLLNVAL	0x0020
#define RK_POLLRDNORM	0x0040
#define RK_POLLWRNORM	RK_POLLOUT
#define RK_POLLRDBAND	0x0080
#define RK_POLLWRBAND	0x0100

struct rk_selrec;

struct rk_selinfo {
	struct rk_selrec *si_recs;
};

struct rk_pollwait {
	struct rk_cv pw_cv;
	int pw_fired;
	struct rk_selrec *pw_recs;
};

void rk_selinfo_init(struct rk_selinfo *si);
/* Detaches every poller still recorded (they are woken). */
void rk_selinfo_destroy(struct rk_selinfo *si);
void rk_selrecord(struct rk_selinfo *si, struct rk_pollwait *pw);
void rk_selnotify(struct rk_selinfo *si);

void rk_pollwait_init(struct rk_pollwait *pw);
void rk_pollwait_fini(struct rk_pollwait *pw);
/* Before a scan: drop old records, forget earlier wake-ups. */
void rk_pollwait_reset(struct rk_pollwait *pw);
/* Wait until notified or ns passed (ns < 0: no limit); RK_ETIMEDOUT, or
 * RK_EINTR when the lwp was told to exit (an interruptible sleep). */
int rk_pollwait_sleep(struct rk_pollwait *pw, int64_t ns);

/* Boot and halt (kern/selinfo.c). */
void rk_sel_init(void);
void rk_sel_fini(void);

#endif /* RK_POLL_H */
