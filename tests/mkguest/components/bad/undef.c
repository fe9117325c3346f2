// SPDX-License-Identifier: BSD-2-Clause
/* A component that calls a function no component defines (not a hypercall). */
#include "sk.h"

int sk_undefined_helper(int x);

static int sk_undef_init(void)
{
	return sk_undefined_helper(1);
}

static struct sk_component sk_undef_component = {
	.type = SK_COMP_POSTINIT, .name = "undef", .init = sk_undef_init,
};
SK_COMPONENT(sk_undef_component);
