// SPDX-License-Identifier: BSD-2-Clause
/*
 * net-pair: the network stack tested between two guests.  Each case
 * runs two processes, each a guest with virt0 on the pair backend
 * (A 10.0.0.1/24, B 10.0.0.2/24, one link per case); the roles talk to
 * each other through the guests' stacks and coordinate through pipes.
 * TAP on stdout: one test per case, the roles' notes as comments.
 *
 *   net-pair [--quick] [--list] [CASE...]
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"

static const struct nt_case *const tables[] = {
	nt_cases_basic, nt_cases_tcp, nt_cases_more,
};

static int setup_guest(const struct nt_case *tc, int role, const char *link)
{
	char linkstr[256];
	const char *opts = tc->linkopts[role];
	int error;

	if (tc->issbase)
		setenv("RUMP_TCP_ISSBASE", tc->issbase, 1);
	setenv("RUMP_NET_STATS", "1", 1);
	error = rump_init();
	if (!error)
		error = rump_pub_netconfig_ifcreate("virt0");
	snprintf(linkstr, sizeof(linkstr), "pair:%s%s%s", link,
		 opts ? "," : "", opts ? opts : "");
	if (!error)
		error = rump_pub_netconfig_ifsetlinkstr("virt0", linkstr);
	if (!error && tc->noaddr && role == 1)
		return rump_pub_netconfig_ifup("virt0");
	if (!error)
		error = rump_pub_netconfig_ipv4_ifaddr("virt0",
			role ? NT_B_ADDR : NT_A_ADDR, "255.255.255.0");
	return error;
}

/* The child: one role in a fresh guest; reports on fd out. */
static void child(const struct nt_case *tc, int role, const char *link,
		  int out, int to_peer, int from_peer, bool quick)
{
	struct nt_ctx c = { .role = role, .to_peer = to_peer,
			    .from_peer = from_peer, .quick = quick };
	int error, rv = 0;
	char drain[64];

	dup2(out, 1);
	dup2(out, 2);
	error = setup_guest(tc, role, link);
	if (error) {
		printf("RESULT 1 guest setup: error %d\n", error);
		fflush(stdout);
		_exit(1);
	}
	if (tc->role[role])
		rv = tc->role[role](&c);
	printf("RESULT %d %s\n", rv ? 1 : 0, rv ? c.msg : "");
	fflush(stdout);
	/* Stay up (answering the peer) until the peer is done too. */
	close(to_peer);
	while (read(from_peer, drain, sizeof(drain)) > 0)
		;
	/* Halting frees every resource of the guest and ends us. */
	rump_sys_reboot(0, NULL);
	_exit(2);
}

struct run {
	pid_t pid[2];
	int out[2];
	char buf[2][16384];
	size_t len[2];
};

static void collect(struct run *r, int timeout)
{
	struct pollfd pfd[2];
	time_t end = time(NULL) + timeout;
	int i, open = 2;
	ssize_t n;

	while (open > 0 && time(NULL) < end) {
		for (i = 0; i < 2; i++) {
			pfd[i].fd = r->out[i];
			pfd[i].events = POLLIN;
		}
		if (poll(pfd, 2, 1000) <= 0)
			continue;
		for (i = 0; i < 2; i++) {
			if (r->out[i] < 0 || !(pfd[i].revents & (POLLIN | POLLHUP)))
				continue;
			n = read(r->out[i], r->buf[i] + r->len[i],
				 sizeof(r->buf[i]) - 1 - r->len[i]);
			if (n <= 0) {
				close(r->out[i]);
				r->out[i] = -1;
				open--;
			} else {
				r->len[i] += (size_t)n;
			}
		}
	}
}

/* "RESULT 0" from both, and both exited 0? */
static bool verdict(struct run *r, const struct nt_case *tc, char *why,
		    size_t whylen)
{
	bool ok = true;
	int i, st;

	for (i = 0; i < 2; i++) {
		const char *res;
		int tries = 0;

		r->buf[i][r->len[i]] = '\0';
		res = strstr(r->buf[i], "RESULT ");
		/* Output closed: the process is ending; give it a moment. */
		while (waitpid(r->pid[i], &st, WNOHANG) == 0 && tries++ < 100)
			usleep(50000);
		if (tries > 100) {
			kill(r->pid[i], SIGKILL);
			waitpid(r->pid[i], &st, 0);
			snprintf(why, whylen, "%s: timed out after %d s",
				 i ? "B" : "A", tc->timeout);
			return false;
		}
		if (!res || res[7] != '0') {
			snprintf(why, whylen, "%s: %s", i ? "B" : "A",
				 res ? res + 9 : "no result");
			why[strcspn(why, "\n")] = '\0';
			ok = false;
		} else if (strstr(r->buf[i], "leaked")) {
			/* The guest's halt reports memory it did not get
			 * back (kmem, packet buffers). */
			const char *l = strstr(r->buf[i], "leaked");

			while (l > r->buf[i] && l[-1] != '\n')
				l--;
			snprintf(why, whylen, "%s: %.*s", i ? "B" : "A",
				 (int)strcspn(l, "\n"), l);
			ok = false;
		} else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			snprintf(why, whylen, "%s: exit status %#x after halt",
				 i ? "B" : "A", st);
			ok = false;
		}
	}
	return ok;
}

/* Sum of counter key over both guests' "tcpstat:" lines. */
static unsigned long long stat_sum(struct run *r, const char *key)
{
	unsigned long long sum = 0;
	char pat[64];
	const char *p;
	int i;

	snprintf(pat, sizeof(pat), " %s=", key);
	for (i = 0; i < 2; i++) {
		p = strstr(r->buf[i], "tcpstat:");
		p = p ? strstr(p, pat) : NULL;
		if (p)
			sum += strtoull(p + strlen(pat), NULL, 10);
	}
	return sum;
}

/* Every counter the case expects was used; notes the values. */
static bool check_stats(struct run *r, const struct nt_case *tc, char *why,
			size_t whylen)
{
	char keys[256], *k, *save = NULL;
	bool ok = true;

	if (!tc->expect)
		return true;
	snprintf(keys, sizeof(keys), "%s", tc->expect);
	for (k = strtok_r(keys, " ", &save); k; k = strtok_r(NULL, " ", &save)) {
		unsigned long long v = stat_sum(r, k);

		printf("# tcpstat %s: %llu\n", k, v);
		if (v == 0 && ok) {
			snprintf(why, whylen, "tcpstat %s stayed 0", k);
			ok = false;
		}
	}
	return ok;
}

static void print_notes(const char *buf)
{
	const char *p = buf, *e;

	while (*p) {
		e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		if (*p == '#')
			printf("%.*s\n", (int)(e - p), p);
		p = *e ? e + 1 : e;
	}
}

static bool run_case(const struct nt_case *tc, int num, bool quick)
{
	struct run r;
	int ab[2], ba[2], out[2], i;
	char link[64], why[600] = "";
	bool ok;

	memset(&r, 0, sizeof(r));
	snprintf(link, sizeof(link), "%d-%s", (int)getpid(), tc->name);
	if (pipe(ab) || pipe(ba))
		return false;
	fflush(stdout);
	for (i = 0; i < 2; i++) {
		if (pipe(out))
			return false;
		r.pid[i] = fork();
		if (r.pid[i] == 0) {
			close(out[0]);
			close(i ? ba[0] : ab[0]);
			close(i ? ab[1] : ba[1]);
			child(tc, i, link, out[1], i ? ba[1] : ab[1],
			      i ? ab[0] : ba[0], quick);
		}
		close(out[1]);
		r.out[i] = out[0];
	}
	close(ab[0]);
	close(ab[1]);
	close(ba[0]);
	close(ba[1]);
	collect(&r, tc->timeout);
	ok = verdict(&r, tc, why, sizeof(why));
	print_notes(r.buf[0]);
	print_notes(r.buf[1]);
	if (ok)
		ok = check_stats(&r, tc, why, sizeof(why));
	printf("%s %d - %s%s%s\n", ok ? "ok" : "not ok", num, tc->name,
	       ok ? "" : ": ", why);
	fflush(stdout);
	return ok;
}

static bool wanted(const char *name, int argc, char **argv, int first)
{
	int i;

	if (first >= argc)
		return true;
	for (i = first; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return true;
	return false;
}

int main(int argc, char **argv)
{
	const struct nt_case *tc;
	bool quick = false, list = false;
	int first = 1, n = 0, failed = 0, num = 0;
	unsigned t;

	for (; first < argc && argv[first][0] == '-'; first++) {
		if (strcmp(argv[first], "--quick") == 0) {
			quick = true;
		} else if (strcmp(argv[first], "--list") == 0) {
			list = true;
		} else {
			printf("usage: net-pair [--quick] [--list] [CASE...]\n"
			       "Runs the two-guest network tests (TAP).\n");
			return strcmp(argv[first], "--help") ? 2 : 0;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (tc = tables[t]; tc->name; tc++)
			n += wanted(tc->name, argc, argv, first);
	if (!list)
		printf("1..%d\n", n);
	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		for (tc = tables[t]; tc->name; tc++) {
			if (!wanted(tc->name, argc, argv, first))
				continue;
			if (list) {
				printf("%s\n", tc->name);
				continue;
			}
			failed += !run_case(tc, ++num, quick);
		}
	}
	if (!list)
		printf("# net-pair: %d of %d failed\n", failed, n);
	return failed ? 1 : 0;
}
