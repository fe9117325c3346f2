/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host-independent pieces shared by both hypervisors.  Linux and glibc
 * use the same errno and signal numbers, so one table serves both.
 */
#ifndef RV_HYP_COMMON_H
#define RV_HYP_COMMON_H


/* Linux errno (either sign) to NetBSD errno; 0 stays 0. */
int rv_errno_to_netbsd(int linux_errno);

/* NetBSD errno (either sign) to Linux's (positive); EIO if it has none. */
int rv_errno_from_netbsd(int netbsd_errno);

/*
 * Inside a hypervisor, functions return 0 or a negative host errno; the
 * exported rumpuser_* functions translate once, with rv_nb(), to the
 * NetBSD number the interface wants.
 */
static inline int rv_nb(int host_errno)
{
	return rv_errno_to_netbsd(host_errno);
}
/* NetBSD signal number to Linux; -1 when Linux has no such signal. */
int rv_signal_to_linux(int netbsd_sig);

/*
 * getparam rules: copy value with its NUL into buf, or E2BIG when it does
 * not fit; an unknown name is EINVAL when it starts with '_', else ENOENT.
 */
int rv_param_copy(const char *value, void *buf, unsigned long buflen);
int rv_param_unknown(const char *name);

/*
 * rumpuser_open() mode to Linux open(2) flags (the same numbers in the
 * kernel and in glibc on x86_64): 0 and *flags, or EINVAL for a bad
 * access mode.  RUMPUSER_OPEN_BIO is advisory and unknown bits are
 * ignored, so that newer guests still open files.
 */
int rv_open_flags(int mode, int *flags);
#define RV_O_WRONLY	01
#define RV_O_RDWR	02
#define RV_O_CREAT	0100
#define RV_O_EXCL	0200

/*
 * The calling thread's guest upcalls (its instance's copy of the table
 * from rumpuser_init), or NULL for a thread outside any guest: each
 * hypervisor provides it; the shared code below uses it.
 */
struct rumpuser_hyperup;
const struct rumpuser_hyperup *rv_upcalls(void);

/*
 * Argument checks shared by both hypervisors (checks.c): 0 or the NetBSD
 * errno to return before doing anything.  exec_ok: whether the host can
 * map executable memory (the kernel cannot).  Compiler types only: this
 * header is also used where no host header may be (the sysproxy engine).
 */
static inline int rv_check_malloc(__SIZE_TYPE__ len, int alignment);
int rv_check_anonmmap(__SIZE_TYPE__ size, int alignbit, int exec, int exec_ok);
int rv_check_clock_sleep(int clock, __INT64_TYPE__ sec, long nsec);
int rv_check_getparam(const char *name, const void *buf);
/* Largest anonymous mapping and alignment bit we consider. */
#define RV_MAP_MAX		(1UL << 46)
#define RV_ALIGNBIT_MAX		40

/* Host (Linux and glibc) errno numbers used by shared code. */
#define RV_LX_EINTR	4
#define RV_LX_EINVAL	22

/* NetBSD errno values the hypervisors return by name. */
#define RV_EPERM	1
#define RV_ENOENT	2
#define RV_ESRCH	3
#define RV_EINTR	4
#define RV_EIO		5
#define RV_E2BIG	7
#define RV_EBADF	9
#define RV_ENOMEM	12
#define RV_EFAULT	14
#define RV_EBUSY	16
#define RV_EEXIST	17
#define RV_ENOTDIR	20
#define RV_EISDIR	21
#define RV_EINVAL	22
#define RV_EMFILE	24
#define RV_ENXIO	6
#define RV_ENOSPC	28
#define RV_ESPIPE	29
#define RV_EAGAIN	35
#define RV_EOPNOTSUPP	45
#define RV_ETIMEDOUT	60
#define RV_ENAMETOOLONG	63
#define RV_ENOSYS	78

/* Inline: it is on the malloc fast path of both hypervisors. */
static inline int rv_check_malloc(__SIZE_TYPE__ len, int alignment)
{
	(void)len;
	if (alignment < 0 || (alignment & (alignment - 1)))
		return RV_EINVAL;
	return 0;
}

#endif /* RV_HYP_COMMON_H */
