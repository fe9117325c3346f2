// SPDX-License-Identifier: BSD-2-Clause
/* A component whose host half no hypervisor has: rumpcomp_sktest_open. */
#include "sk.h"

int rumpcomp_sktest_open(const char *name, int *handle);

static int sk_hyper_init(void)
{
	int h;

	return rumpcomp_sktest_open("sktest0", &h);
}

static struct sk_component sk_hyper_component = {
	.type = SK_COMP_POSTINIT, .name = "sktest", .init = sk_hyper_init,
};
SK_COMPONENT(sk_hyper_component);
