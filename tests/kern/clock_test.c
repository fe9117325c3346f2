// SPDX-License-Identifier: BSD-2-Clause
/*
 * The coarse wall clock (guest/kern/clock.c) on a booted guest: it is
 * the host's time of at most a little while ago, never ahead of it;
 * read steadily it advances, by one host read a period, not one a read;
 * unread it lapses (an idle guest has no tick) and the first read after
 * that is fresh.  File times come from it: a new file's lie between the
 * coarse time before its creation and the host's time after, and files
 * made in a row share them.
 */
#include <rk/clock.h>
#include <rump/rumpdefs.h>
#include <rump/rump_syscalls.h>
#include "guest_tap.h"

#define NTESTS		9	/* the plan comes first (tests/tap.py) */
#define MS		1000000LL
#define LOOP_MS		200	/* steady reading */
#define PERIOD_MS	10	/* COARSE_NS in guest/kern/clock.c */

static int64_t coarse(void)
{
	int64_t sec;
	long nsec;

	rk_time_coarse(&sec, &nsec);
	return sec * RK_NSEC_PER_SEC + nsec;
}

static int64_t wall(void)
{
	int64_t sec;
	long nsec;

	rk_time_wall(&sec, &nsec);
	return sec * RK_NSEC_PER_SEC + nsec;
}

static int64_t ts_ns(const struct rump_timespec *ts)
{
	return (int64_t)ts->tv_sec * RK_NSEC_PER_SEC + ts->tv_nsec;
}

/* LOOP_MS of reads: how far it moved and in how many steps. */
static void steady(void)
{
	int64_t start = wall(), first = coarse(), last = first, c;
	long steps = 0, reads = 0, behind = 0;

	while (wall() - start < LOOP_MS * MS) {
		c = coarse();
		reads++;
		steps += c != last;
		behind += c < last;
		last = c;
	}
	ok(behind == 0, "read steadily, it never goes back");
	ok(last - first >= 2 * PERIOD_MS * MS,
	   "... it advances (at least 2 periods in 20)");
	ok(steps <= LOOP_MS / PERIOD_MS + 10 && reads > 10 * steps,
	   "... one host read a period, not one a read");
	if (steps > LOOP_MS / PERIOD_MS + 10 || reads <= 10 * steps)
		printf("# %ld steps in %ld reads\n", steps, reads);
}

static void lapse(void)
{
	int64_t before, c;

	rk_sleep_ns(30 * PERIOD_MS * MS);
	ok(!rk_time_coarse_ticking(), "unread for 30 periods, it stops");
	before = wall();
	c = coarse();
	ok(c >= before && c <= wall(), "the first read after that is fresh");
	ok(rk_time_coarse_ticking(), "... and it ticks again");
}

static void file_times(void)
{
	struct rump_stat st;
	int64_t before = coarse(), after, m;
	int fd;

	fd = rump_sys_open("/clock-test", RUMP_O_CREAT | RUMP_O_WRONLY, 0644);
	after = wall();
	if (fd < 0 || rump_sys_fstat(fd, &st) != 0) {
		ok(0, "a new file: open and fstat");
		ok(0, "... its times");
		return;
	}
	m = ts_ns(&st.st_mtimespec);
	ok(m >= before && m <= after,
	   "a new file's mtime: between the coarse time before and now");
	ok(ts_ns(&st.st_atimespec) == m && ts_ns(&st.st_ctimespec) == m &&
	   ts_ns(&st.st_birthtimespec) == m,
	   "... and its atime, ctime and birth time are the same");
	rump_sys_close(fd);
	rump_sys_unlink("/clock-test");
}

/* With the host's clock (nanoseconds) no two would share a time. */
static void coarse_files(void)
{
	struct rump_stat st;
	int64_t last = -1, m;
	int i, fd, same = 0, made = 0;
	char name[] = "/clock-test-00";

	for (i = 0; i < 20; i++) {
		name[12] = (char)('0' + i / 10);
		name[13] = (char)('0' + i % 10);
		fd = rump_sys_open(name, RUMP_O_CREAT | RUMP_O_WRONLY, 0644);
		if (fd < 0)
			continue;
		if (rump_sys_fstat(fd, &st) == 0) {
			m = ts_ns(&st.st_mtimespec);
			same += m == last;
			last = m;
			made++;
		}
		rump_sys_close(fd);
		rump_sys_unlink(name);
	}
	ok(made == 20 && same > 0,
	   "file times are coarse: of 20 files made in a row, some share one");
}

int main(void)
{
	if (!tap_boot(NTESTS))
		return 1;
	steady();
	lapse();
	file_times();
	coarse_files();
	return tap_end("guest-clock", NTESTS);
}
