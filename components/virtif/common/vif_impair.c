// SPDX-License-Identifier: BSD-2-Clause
/*
 * Deterministic link impairment for tests, the rules both host halves
 * apply: from a seed, each frame sent is dropped, sent twice, or held
 * back and sent after the next one (reordering).  The same seed and the
 * same traffic give the same decisions on either host.
 */
#include "vif_common.h"

/* splitmix64, reduced to per mille. */
static unsigned int vif_rand1000(struct vif_impair_rules *r)
{
	unsigned long long z = (r->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (unsigned int)((z ^ (z >> 31)) % 1000);
}

static int vif_digit(int c, int base)
{
	int d = c >= '0' && c <= '9' ? c - '0' :
		c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;

	return d < base ? d : -1;
}

/* An unsigned number as C writes it (0x.. hex, 0.. octal); the end. */
static const char *vif_number(const char *s, unsigned long long *v)
{
	unsigned long long n = 0;
	int base = 10, d;
	const char *start;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	    vif_digit(s[2], 16) >= 0) {
		base = 16;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	for (start = s; (d = vif_digit(*s, base)) >= 0; s++) {
		if (n > (~0ULL - (unsigned int)d) / (unsigned int)base)
			return 0;	/* overflow */
		n = n * (unsigned int)base + (unsigned int)d;
	}
	*v = n;
	return s == start ? 0 : s;
}

static int vif_keyis(const char *key, int n, const char *name)
{
	int i;

	for (i = 0; i < n && name[i] && key[i] == name[i]; i++)
		;
	return i == n && !name[i];
}

static int vif_impair_set(struct vif_impair_rules *r, const char *key,
			  int n, unsigned long long v)
{
	if (vif_keyis(key, n, "seed")) {
		r->rng = v;
		return 0;
	}
	if (v > 1000)
		return VIF_EINVAL;
	if (vif_keyis(key, n, "drop"))
		r->drop = (unsigned int)v;
	else if (vif_keyis(key, n, "dup"))
		r->dup = (unsigned int)v;
	else if (vif_keyis(key, n, "reorder"))
		r->reorder = (unsigned int)v;
	else
		return VIF_EINVAL;
	return 0;
}

int vif_impair_parse(struct vif_impair_rules *r, const char *opts)
{
	unsigned long long v;
	const char *end;
	int n;

	r->drop = r->dup = r->reorder = 0;
	r->rng = 1;
	while (*opts) {
		for (n = 0; opts[n] && opts[n] != '=' && opts[n] != ','; n++)
			;
		if (n == 0 || n >= 16 || opts[n] != '=')
			return VIF_EINVAL;
		end = vif_number(opts + n + 1, &v);
		if (!end || (*end && *end != ','))
			return VIF_EINVAL;
		if (vif_impair_set(r, opts, n, v))
			return VIF_EINVAL;
		opts = *end ? end + 1 : end;
	}
	return 0;
}

void vif_impair_next(struct vif_impair_rules *r, struct vif_impair_verdict *v)
{
	unsigned int x = vif_rand1000(r);

	v->drop = x < r->drop;
	v->hold = !v->drop && x < r->drop + r->reorder;
	v->dup = !v->drop && x >= 1000 - r->dup;
}
