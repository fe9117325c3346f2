/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What both host halves of virtif (user/ and linux/) do the same way,
 * written once: reading the link string (devstr) and the impairment
 * rules.  Freestanding: compiler types only, no host header, so the
 * same file builds into librumpuser and into rumpvisor.ko.  Errors are
 * VIF_EINVAL (22, the same number on Linux, glibc and NetBSD).
 */
#ifndef RV_VIF_COMMON_H
#define RV_VIF_COMMON_H

#define VIF_EINVAL	22
#define VIF_ARGMAX	64		/* longest backend argument + NUL */

/*
 * A link string: "KIND:ARG[,OPTS]", "KIND[,OPTS]" for kinds whose
 * argument is optional, or the unit number NetBSD's driver passes when
 * no link string was set ("0", "1"...: kind "", unit set).
 */
struct vif_link {
	char kind[8];			/* "tap", "pair", "native" or "" */
	char arg[VIF_ARGMAX];		/* may be "" */
	const char *opts;		/* points into devstr, or NULL */
	int unit;			/* the bare unit number, or -1 */
};

/*
 * Parse devstr.  kinds: the kinds this host knows, NULL-terminated;
 * need_arg: the ones that must have an argument.  0 or VIF_EINVAL.
 */
int vif_link_parse(const char *devstr, const char *const *kinds,
		   const char *const *need_arg, struct vif_link *out);

/* Deterministic impairment of what one side sends (tests). */
struct vif_impair_rules {
	unsigned int drop, dup, reorder;	/* per mille */
	unsigned long long rng;
};

/* What to do with the next frame. */
struct vif_impair_verdict {
	int drop;		/* drop it */
	int hold;		/* keep it back, send after the next one */
	int dup;		/* send it twice */
};

/* "drop=P,dup=P,reorder=P,seed=S" (P per mille); 0 or VIF_EINVAL. */
int vif_impair_parse(struct vif_impair_rules *r, const char *opts);
/* The decision for the next frame (the caller serialises calls). */
void vif_impair_next(struct vif_impair_rules *r, struct vif_impair_verdict *v);

#endif /* RV_VIF_COMMON_H */
