/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The synthetic kernel ("sk"): a small rump-kernel-like component set,
 * written for the tests of rumpvisor-mkguest (tools/mkguest).  It is
 * built the way a user builds NetBSD's rump kernel for rumpvisor:
 * relocatable archives compiled with the kernel's ABI flags, which the
 * tool turns into a carrier module.  It has what makes NetBSD's objects
 * hard to load into Linux: components, sysctl nodes, file system types
 * and built-in modules registered through link sets
 * (__start_link_set_X/__stop_link_set_X), registrations made by
 * constructors (NetBSD's RUMP_USE_CTOR builds), common symbols
 * (-fcommon), a dependency surface of hypercalls only, and NetBSD's
 * client entry points with their halt semantics (rump_init,
 * rump_sys_reboot: 0 exits, RB_HALT halts and never returns, RB_DUMP
 * panics).
 *
 * Global symbols carry the prefix sk_; the client API is rump_*.  The
 * sources include no host header.
 */
#ifndef SK_H
#define SK_H

#include "../../../lib/freestanding/fl_types.h"

#define RUMPUSER_TYPES_DEFINED 1
#include <rump/rumpuser.h>

/* NetBSD's errno numbers the synthetic kernel returns. */
#define SK_ENOENT	2
#define SK_ENXIO	6
#define SK_ENOMEM	12
#define SK_EEXIST	17
#define SK_EINVAL	22
#define SK_EOPNOTSUPP	45
#define SK_EADDRNOTAVAIL 49
#define SK_ENOSYS	78

/* NetBSD's reboot flags. */
#define SK_RB_HALT	0x008
#define SK_RB_DUMP	0x100

/*
 * Link sets, as NetBSD's <sys/cdefs_elf.h> lays them out: a pointer per
 * entry in section "link_set_<set>", found through the symbols the final
 * link defines at the section's start and end.
 */
#define SK_LINK_SET_ADD(set, sym)					\
	static const void *const __sk_ls_##set##_##sym			\
	__attribute__((__section__("link_set_" #set), __used__,	\
		       __aligned__(sizeof(void *)))) = &(sym)
#define SK_LINK_SET_DECL(set, type)					\
	extern type *const __start_link_set_##set[];			\
	extern type *const __stop_link_set_##set[]
#define SK_LINK_SET_FOREACH(p, set)					\
	for ((p) = __start_link_set_##set; (p) < __stop_link_set_##set; (p)++)

/* Components, initialised by rump_init in the order of their type. */
enum sk_comptype {
	SK_COMP_BASE, SK_COMP_VFS, SK_COMP_NET, SK_COMP_SYSPROXY,
	SK_COMP_POSTINIT, SK_COMP_MAX
};

struct sk_component {
	int type;
	const char *name;
	int (*init)(void);		/* 0 or a NetBSD errno */
	void (*fini)(void);		/* at rump_sys_reboot(0) */
	struct sk_component *next;	/* constructor registrations */
};

/* A component registered through the link set sk_components. */
#define SK_COMPONENT(var) SK_LINK_SET_ADD(sk_components, var)
/* One registered by a constructor instead (RUMP_USE_CTOR builds). */
void sk_component_ctor_register(struct sk_component *c);
int sk_components_init(int *nlinkset, int *nctor);
void sk_components_fini(void);
extern int sk_booted;

/* Built-in modules (NetBSD's link set "modules"): name, requirements. */
struct sk_modinfo {
	const char *name;
	const char *required;		/* comma-separated module names */
	int (*init)(void);
};
#define SK_MODULE(var) SK_LINK_SET_ADD(sk_modules, var)
int sk_modules_init(int *n);

/* sysctl-like nodes, created by setup functions in a link set. */
enum sk_ctltype { SK_CTL_INT, SK_CTL_STRING };
typedef void (*sk_sysctl_setup_fn)(void);
#define SK_SYSCTL_SETUP(fn)						\
	static void fn(void);						\
	static const sk_sysctl_setup_fn __sk_ss_##fn = fn;		\
	SK_LINK_SET_ADD(sk_sysctl_funcs, __sk_ss_##fn);			\
	static void fn(void)
int sk_sysctl_create(const char *name, int type, void *data);
int sk_sysctl_format(const char *name, char *buf, size_t len);
void sk_sysctl_teardown(void);
int sk_sysctl_count(void);

/* Memory from the hypervisor, counted so that halt can prove it freed all. */
void *sk_alloc(size_t len);
void sk_free(void *p, size_t len);

/* The lwp of the calling thread: created on entry when it has none. */
struct lwp {
	int l_lid;
	int l_implicit;			/* made by sk_enter, freed by sk_leave */
};
struct lwp *sk_enter(void);
void sk_leave(struct lwp *l);
struct lwp *sk_lwp_new(void);
void sk_lwp_free(struct lwp *l);
extern const struct rumpuser_hyperup sk_hyperup;

/* Kernel threads. */
int sk_kthread_create(void (*fn)(void *), void *arg, const char *name,
		      void **cookie);

/* The clock: a thread that ticks sk_hz times a second until halt. */
int sk_clock_start(void);
void sk_clock_stop(void);

/* File system types: the link set sk_fstypes, and sk_vfs_register. */
struct sk_vfsops {
	const char *name;
	int (*mount)(void);
	struct sk_vfsops *next;
};
#define SK_FSTYPE(var) SK_LINK_SET_ADD(sk_fstypes, var)
int sk_vfs_register(struct sk_vfsops *ops);

/* Halt hooks of optional components (weak: absent ones are NULL). */
void sk_sysproxy_fini(void) __attribute__((__weak__));

/* Small library. */
size_t sk_strlen(const char *s);
int sk_strcmp(const char *a, const char *b);
int sk_strncmp(const char *a, const char *b, size_t n);
void sk_strlcpy(char *dst, const char *src, size_t len);
int sk_itoa(long v, char *buf, size_t len);
void *memset(void *p, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
#define sk_printf rumpuser_dprintf

/*
 * Common symbols: tentative definitions in several objects and archives
 * (the archives are built with -fcommon), merged by the link.
 */
extern int sk_hz;
extern int sk_ticks;
extern int sk_nfstypes;
extern char sk_hostname[65];
extern long sk_kmem_bytes;
extern long sk_kmem_allocs;

#endif /* SK_H */
