// SPDX-License-Identifier: BSD-2-Clause
/*
 * sysctl-like nodes: the setup functions of the link set sk_sysctl_funcs
 * (NetBSD's SYSCTL_SETUP) create them at boot; halt frees them.
 */
#include "sk.h"

#define SK_CTLNAME 48

struct sk_ctlnode {
	char name[SK_CTLNAME];
	int type;
	void *data;
	struct sk_ctlnode *next;
};

char sk_hostname[65];		/* tentative: also in init.c */

static struct sk_ctlnode *nodes;
static int nnodes;

static struct sk_ctlnode *sk_sysctl_find(const char *name)
{
	struct sk_ctlnode *n;

	for (n = nodes; n; n = n->next)
		if (!sk_strcmp(n->name, name))
			return n;
	return NULL;
}

int sk_sysctl_create(const char *name, int type, void *data)
{
	struct sk_ctlnode *n, **tail;

	if (sk_strlen(name) >= SK_CTLNAME)
		return SK_EINVAL;
	if (sk_sysctl_find(name))
		return SK_EEXIST;
	n = sk_alloc(sizeof(*n));
	if (!n)
		return SK_ENOMEM;
	sk_strlcpy(n->name, name, sizeof(n->name));
	n->type = type;
	n->data = data;
	for (tail = &nodes; *tail; tail = &(*tail)->next)
		;
	*tail = n;
	nnodes++;
	return 0;
}

int sk_sysctl_format(const char *name, char *buf, size_t len)
{
	struct sk_ctlnode *n = sk_sysctl_find(name);

	if (!n)
		return SK_ENOENT;
	if (n->type == SK_CTL_INT)
		return sk_itoa(*(int *)n->data, buf, len) < 0 ? SK_EINVAL : 0;
	sk_strlcpy(buf, n->data, len);
	return 0;
}

int sk_sysctl_count(void)
{
	return nnodes;
}

void sk_sysctl_teardown(void)
{
	while (nodes) {
		struct sk_ctlnode *n = nodes;

		nodes = n->next;
		sk_free(n, sizeof(*n));
	}
	nnodes = 0;
}

/* NetBSD's client API has sysctl(3); the tests' glue reads one node. */
int rump_sk_sysctl_get(const char *name, char *buf, size_t len);
int rump_sk_sysctl_get(const char *name, char *buf, size_t len)
{
	struct lwp *l = sk_enter();
	int err;

	if (!l)
		return SK_ENOMEM;
	err = sk_sysctl_format(name, buf, len);
	sk_leave(l);
	return err;
}

static char sk_ostype[] = "SynthBSD";

SK_SYSCTL_SETUP(sk_sysctl_kern)
{
	sk_sysctl_create("kern.ostype", SK_CTL_STRING, sk_ostype);
	sk_sysctl_create("kern.hostname", SK_CTL_STRING, sk_hostname);
	sk_sysctl_create("kern.hz", SK_CTL_INT, &sk_hz);
}
