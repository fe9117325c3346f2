// SPDX-License-Identifier: BSD-2-Clause
/*
 * lxnet netem: put Linux's netem qdisc on an interface's transmit side,
 * or take it off, over rtnetlink (busybox's tc knows no netem).
 *   netem IFNAME DELAY_MS LOSS% DUP% REORDER%    (0 for none)
 *   netem-off IFNAME
 */
#include <errno.h>
#include <linux/netlink.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lxnet.h"

struct req {
	struct nlmsghdr nh;
	struct tcmsg tc;
	char attrs[256];
};

static struct rtattr *put(struct req *r, int type, const void *data,
			  size_t len)
{
	struct rtattr *a = (struct rtattr *)((char *)r + NLMSG_ALIGN(r->nh.nlmsg_len));

	a->rta_type = (unsigned short)type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), data, len);
	r->nh.nlmsg_len = NLMSG_ALIGN(r->nh.nlmsg_len) + RTA_ALIGN(a->rta_len);
	return a;
}

/* A probability in percent as netem wants it (of 2^32 - 1). */
static unsigned int prob(const char *pct)
{
	double p = atof(pct);

	return p <= 0 ? 0 : p >= 100 ? ~0U : (unsigned int)(p / 100 * 4294967295.0);
}

/* Send r and read the acknowledgement; 0 or an errno. */
static int talk(struct req *r)
{
	char ans[4096];
	struct nlmsghdr *nh = (struct nlmsghdr *)ans;
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	ssize_t n;

	if (s < 0 || send(s, r, r->nh.nlmsg_len, 0) < 0)
		return errno;
	n = recv(s, ans, sizeof(ans), 0);
	close(s);
	if (n < (ssize_t)sizeof(*nh) || nh->nlmsg_type != NLMSG_ERROR)
		return EPROTO;
	return -((struct nlmsgerr *)NLMSG_DATA(nh))->error;
}

static void start(struct req *r, const char *ifname, int type, int flags)
{
	memset(r, 0, sizeof(*r));
	r->nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct tcmsg));
	r->nh.nlmsg_type = (unsigned short)type;
	r->nh.nlmsg_flags = (unsigned short)(NLM_F_REQUEST | NLM_F_ACK | flags);
	r->tc.tcm_family = AF_UNSPEC;
	r->tc.tcm_ifindex = (int)if_nametoindex(ifname);
	r->tc.tcm_parent = TC_H_ROOT;
}

static int c_netem(char **a)
{
	struct tc_netem_qopt q = { .limit = 10000 };
	struct tc_netem_reorder ro = { 0 };
	long long delay_ns = (long long)lx_num(a[2]) * 1000000;
	struct rtattr *opts;
	struct req r;
	int err;

	start(&r, a[1], RTM_NEWQDISC, NLM_F_CREATE | NLM_F_REPLACE);
	if (!r.tc.tcm_ifindex)
		return lx_fail("interface");
	q.loss = prob(a[3]);
	q.duplicate = prob(a[4]);
	ro.probability = prob(a[5]);
	if (ro.probability && !delay_ns) {
		fprintf(stderr, "lxnet: netem reorders only with a delay\n");
		return 2;
	}
	q.gap = ro.probability ? 1 : 0;
	put(&r, TCA_KIND, "netem", 6);
	opts = put(&r, TCA_OPTIONS, &q, sizeof(q));
	if (ro.probability)
		put(&r, TCA_NETEM_REORDER, &ro, sizeof(ro));
	put(&r, TCA_NETEM_LATENCY64, &delay_ns, sizeof(delay_ns));
	opts->rta_len = (unsigned short)((char *)&r + r.nh.nlmsg_len - (char *)opts);
	err = talk(&r);
	lx_result("netem=%s delay_ms=%s loss=%s dup=%s reorder=%s error=%d",
		  a[1], a[2], a[3], a[4], a[5], err);
	return err != 0;
}

static int c_netem_off(char **a)
{
	struct req r;
	int err;

	start(&r, a[1], RTM_DELQDISC, 0);
	err = talk(&r);
	lx_result("netem=%s off error=%d", a[1], err);
	return err != 0 && err != ENOENT && err != EINVAL;
}

const struct lx_cmd lx_netem_cmds[] = {
	{ "netem", "IFNAME DELAY_MS LOSS% DUP% REORDER%", "netem on IFNAME's transmit side", 5, c_netem },
	{ "netem-off", "IFNAME", "the default qdisc again", 1, c_netem_off },
	{ NULL, NULL, NULL, 0, NULL },
};
