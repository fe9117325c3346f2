// SPDX-License-Identifier: BSD-2-Clause
/*
 * Components and built-in modules: the link sets sk_components and
 * sk_modules, and the components constructors registered (the
 * carrier must have run the constructors before rump_init).
 */
#include "sk.h"

SK_LINK_SET_DECL(sk_components, struct sk_component);
SK_LINK_SET_DECL(sk_modules, struct sk_modinfo);

static struct sk_component *ctor_components;

void sk_component_ctor_register(struct sk_component *c)
{
	c->next = ctor_components;
	ctor_components = c;
}

static int sk_comp_init(struct sk_component *c, const char *how)
{
	sk_printf("sk: component %s (%s)\n", c->name, how);
	return c->init ? c->init() : 0;
}

int sk_components_init(int *nls, int *nctor)
{
	struct sk_component *const *cp;
	struct sk_component *c;
	int type, err;

	*nls = *nctor = 0;
	for (type = 0; type < SK_COMP_MAX; type++) {
		SK_LINK_SET_FOREACH(cp, sk_components) {
			if ((*cp)->type != type)
				continue;
			if ((err = sk_comp_init(*cp, "link set")) != 0)
				return err;
			++*nls;
		}
		for (c = ctor_components; c; c = c->next) {
			if (c->type != type)
				continue;
			if ((err = sk_comp_init(c, "constructor")) != 0)
				return err;
			++*nctor;
		}
	}
	return 0;
}

/* In the reverse order of their initialisation. */
void sk_components_fini(void)
{
	struct sk_component *const *cp;
	struct sk_component *c;
	int type;

	for (type = SK_COMP_MAX - 1; type >= 0; type--) {
		for (c = ctor_components; c; c = c->next)
			if (c->type == type && c->fini)
				c->fini();
		for (cp = __stop_link_set_sk_components;
		     cp > __start_link_set_sk_components; cp--)
			if (cp[-1]->type == type && cp[-1]->fini)
				cp[-1]->fini();
	}
}

static int sk_module_inited(const char *name, size_t len, unsigned long done)
{
	struct sk_modinfo *const *mp;
	int i = 0;

	SK_LINK_SET_FOREACH(mp, sk_modules) {
		if (sk_strlen((*mp)->name) == len &&
		    !sk_strncmp((*mp)->name, name, len))
			return (done >> i) & 1;
		i++;
	}
	return -1;
}

/* 1 when every module m requires is initialised, 0 if one is not yet,
 * -1 (with a message) if one is not in the kernel at all. */
static int sk_module_ready(struct sk_modinfo *m, unsigned long done)
{
	const char *r = m->required, *e;

	while (r && *r) {
		for (e = r; *e && *e != ','; e++)
			;
		switch (sk_module_inited(r, (size_t)(e - r), done)) {
		case -1:
			sk_printf("sk: module %s requires %.*s, which is not "
				  "present\n", m->name, (int)(e - r), r);
			return -1;
		case 0:
			return 0;
		}
		r = *e ? e + 1 : e;
	}
	return 1;
}

/* Each module once, after the modules it requires (as module_init). */
int sk_modules_init(int *n)
{
	struct sk_modinfo *const *mp;
	unsigned long done = 0;
	int progress = 1, i, ready, err;

	*n = 0;
	while (progress) {
		progress = 0;
		i = 0;
		SK_LINK_SET_FOREACH(mp, sk_modules) {
			if (!((done >> i) & 1)) {
				ready = sk_module_ready(*mp, done);
				if (ready < 0)
					return SK_ENOENT;
				if (ready) {
					sk_printf("sk: module %s\n", (*mp)->name);
					if ((err = (*mp)->init()) != 0)
						return err;
					done |= 1UL << i;
					++*n;
					progress = 1;
				}
			}
			i++;
		}
	}
	return 0;
}
