// SPDX-License-Identifier: BSD-2-Clause
/*
 * poll(2) and select(2) over the files' fo_poll operations and the poll
 * records of rk/poll.h: scan every descriptor (recording this poller on
 * files that are not ready), and sleep until a file notifies or the time
 * runs out; then scan again.
 */
#include <rk/lib.h>
#include <rk/kmem.h>
#include <rk/errno.h>
#include <rk/clock.h>
#include <rk/file.h>
#include <rk/poll.h>
#include <rk/proc.h>
#include <rk/syscall.h>

/* NetBSD's struct pollfd. */
struct rk_pollfd {
	int fd;
	short events;
	short revents;
};

#define POLL_ALWAYS	(RK_POLLERR | RK_POLLHUP | RK_POLLNVAL)
#define POLL_RW		(RK_POLLIN | RK_POLLRDNORM | RK_POLLOUT | \
			 RK_POLLWRNORM)

static int poll_one(struct rk_proc *p, int fd, int events,
		    struct rk_pollwait *pw)
{
	struct file *fp;
	int rev;

	if (rk_fd_get(p, fd, &fp) != 0)
		return RK_POLLNVAL;
	if (fp->f_ops->fo_poll)
		rev = fp->f_ops->fo_poll(fp, events, pw);
	else
		rev = events & POLL_RW;
	rk_file_release(fp);
	return rev & (events | POLL_ALWAYS);
}

static int poll_scan(struct rk_proc *p, struct rk_pollfd *fds, unsigned n,
		     struct rk_pollwait *pw)
{
	unsigned i;
	int ready = 0;

	for (i = 0; i < n; i++) {
		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		fds[i].revents = (short)poll_one(p, fds[i].fd,
						 fds[i].events, pw);
		if (fds[i].revents)
			ready++;
	}
	return ready;
}

/*
 * Scan until something is ready or the deadline (monotonic ns, < 0 for
 * none) passes; the scan callback fills in the results.
 */
static int poll_wait(int (*scan)(void *, struct rk_pollwait *), void *arg,
		     int64_t deadline, int *readyp)
{
	struct rk_pollwait pw;
	int ready, error = 0;

	rk_pollwait_init(&pw);
	for (;;) {
		rk_pollwait_reset(&pw);
		ready = scan(arg, &pw);
		if (ready || deadline == 0)
			break;
		if (deadline > 0) {
			int64_t left = deadline - rk_time_mono_ns();

			if (left <= 0)
				break;
			error = rk_pollwait_sleep(&pw, left);
		} else {
			error = rk_pollwait_sleep(&pw, -1);
		}
		if (error == RK_EINTR)
			break;
		error = 0;
	}
	rk_pollwait_fini(&pw);
	*readyp = ready;
	return error;
}

struct poll_args {
	struct rk_proc *p;
	struct rk_pollfd *fds;
	unsigned nfds;
};

static int poll_cb(void *arg, struct rk_pollwait *pw)
{
	struct poll_args *pa = arg;

	return poll_scan(pa->p, pa->fds, pa->nfds, pw);
}

static int64_t deadline_ms(int ms)
{
	if (ms < 0)
		return -1;
	if (ms == 0)
		return 0;
	return rk_time_mono_ns() + (int64_t)ms * 1000000;
}

int rk_sys_poll(struct lwp *l, const register_t *args, register_t *retval)
{
	void *ufds = RK_SCARG_PTR(args, 0, void *);
	unsigned nfds = RK_SCARG(args, 1, unsigned);
	int timeout = RK_SCARG(args, 2, int), ready, error;
	struct poll_args pa;
	size_t len;

	if (nfds > RK_FD_MAX)
		return RK_EINVAL;
	len = sizeof(struct rk_pollfd) * nfds;
	pa.p = l->l_proc;
	pa.nfds = nfds;
	pa.fds = len ? rk_kmem_alloc(len, RK_KM_SLEEP) : NULL;
	error = rk_copyin(ufds, pa.fds, len);
	if (error == 0)
		error = poll_wait(poll_cb, &pa, deadline_ms(timeout), &ready);
	if (error == 0)
		error = rk_copyout(pa.fds, ufds, len);
	if (error == 0)
		retval[0] = ready;
	if (len)
		rk_kmem_free(pa.fds, len);
	return error;
}

/*
 * select(2): NetBSD's fd_set is an array of 32-bit masks; the timeval
 * (__select50) is { int64_t tv_sec; int tv_usec; }.
 */
#define NFDBITS		32
#define SEL_SETS	3

struct select_args {
	struct rk_proc *p;
	int nd;
	uint32_t *in[SEL_SETS];		/* asked, copied in (or NULL) */
	uint32_t *out[SEL_SETS];	/* results */
	size_t setlen;
};

static const int sel_events[SEL_SETS] = {
	RK_POLLIN | RK_POLLRDNORM | RK_POLLHUP | RK_POLLERR,
	RK_POLLOUT | RK_POLLWRNORM | RK_POLLERR,
	RK_POLLPRI | RK_POLLRDBAND,
};

static int select_fd(struct select_args *sa, int fd, struct rk_pollwait *pw)
{
	int s, events = 0, rev, n = 0;
	uint32_t bit = 1U << (fd % NFDBITS);

	for (s = 0; s < SEL_SETS; s++)
		if (sa->in[s] && (sa->in[s][fd / NFDBITS] & bit))
			events |= sel_events[s];
	if (!events)
		return 0;
	rev = poll_one(sa->p, fd, events, pw);
	if (rev & RK_POLLNVAL)
		return -1;
	for (s = 0; s < SEL_SETS; s++) {
		if (sa->in[s] && (sa->in[s][fd / NFDBITS] & bit) &&
		    (rev & sel_events[s])) {
			sa->out[s][fd / NFDBITS] |= bit;
			n++;
		}
	}
	return n;
}

static int select_cb(void *arg, struct rk_pollwait *pw)
{
	struct select_args *sa = arg;
	int fd, s, n, ready = 0;

	for (s = 0; s < SEL_SETS; s++)
		if (sa->out[s])
			rk_memset(sa->out[s], 0, sa->setlen);
	for (fd = 0; fd < sa->nd; fd++) {
		n = select_fd(sa, fd, pw);
		if (n < 0)
			return -1;	/* EBADF, reported by the caller */
		ready += n;
	}
	return ready;
}

static void select_free(struct select_args *sa)
{
	int s;

	for (s = 0; s < SEL_SETS; s++) {
		if (sa->in[s])
			rk_kmem_free(sa->in[s], sa->setlen);
		if (sa->out[s])
			rk_kmem_free(sa->out[s], sa->setlen);
	}
}

static int select_timeout(const void *utv, int64_t *deadlinep)
{
	struct { int64_t sec; int usec; int pad; } tv;
	int error;

	*deadlinep = -1;
	if (!utv)
		return 0;
	error = rk_copyin(utv, &tv, 12);
	if (error)
		return error;
	if (tv.sec < 0 || tv.usec < 0 || tv.usec >= 1000000 ||
	    tv.sec > 100000000)
		return RK_EINVAL;
	*deadlinep = tv.sec == 0 && tv.usec == 0 ? 0 :
		rk_time_mono_ns() + tv.sec * RK_NSEC_PER_SEC +
		(int64_t)tv.usec * 1000;
	return 0;
}

int rk_sys___select50(struct lwp *l, const register_t *args,
		      register_t *retval)
{
	struct select_args sa;
	int64_t deadline;
	int s, ready = 0, error;

	rk_memset(&sa, 0, sizeof(sa));
	sa.p = l->l_proc;
	sa.nd = RK_SCARG(args, 0, int);
	if (sa.nd < 0)
		return RK_EINVAL;
	if (sa.nd > RK_FD_MAX)
		sa.nd = RK_FD_MAX;
	sa.setlen = (size_t)RK_HOWMANY(sa.nd, NFDBITS) * sizeof(uint32_t);
	error = select_timeout(RK_SCARG_PTR(args, 4, const void *), &deadline);
	for (s = 0; s < SEL_SETS && error == 0 && sa.setlen; s++) {
		void *u = RK_SCARG_PTR(args, 1 + s, void *);

		if (!u)
			continue;
		sa.in[s] = rk_kmem_alloc(sa.setlen, RK_KM_SLEEP);
		sa.out[s] = rk_kmem_zalloc(sa.setlen, RK_KM_SLEEP);
		error = rk_copyin(u, sa.in[s], sa.setlen);
	}
	if (error == 0)
		error = poll_wait(select_cb, &sa, deadline, &ready);
	if (error == 0 && ready < 0)
		error = RK_EBADF;
	for (s = 0; s < SEL_SETS && error == 0; s++)
		if (sa.out[s])
			error = rk_copyout(sa.out[s],
					   RK_SCARG_PTR(args, 1 + s, void *),
					   sa.setlen);
	if (error == 0)
		retval[0] = ready;
	select_free(&sa);
	return error;
}
