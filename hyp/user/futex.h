/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Small futex primitives for rwlock.c: an internal lock word and
 * sequence words to sleep on, all in the lock's own structure (so
 * rwlocks need no pthread objects and no destructor work).
 *
 * The lock word: 0 free, 1 held, 2 held and someone may sleep on it.
 */
#ifndef RV_HYP_USER_FUTEX_H
#define RV_HYP_USER_FUTEX_H

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <unistd.h>
#include <linux/futex.h>
#include <sys/syscall.h>

/* Busy-wait rounds before sleeping: the guarded sections are a few
 * instructions long, and PAUSE is costly under virtualisation. */
#ifndef HYP_FUTEX_SPIN
#define HYP_FUTEX_SPIN	20
#endif

static inline void hyp_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

/* Sleep while *w == val; callers re-check their condition on return. */
static inline void hyp_futex_wait(uint32_t *w, uint32_t val)
{
	int saved = errno;

	syscall(SYS_futex, w, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, val, NULL,
		NULL, 0);
	errno = saved;
}

static inline void hyp_futex_wake(uint32_t *w, int n)
{
	syscall(SYS_futex, w, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, n, NULL, NULL, 0);
}

static inline int hyp_lock_try(uint32_t *w)
{
	uint32_t zero = 0;

	return __atomic_compare_exchange_n(w, &zero, 1, 0, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

static inline void hyp_lock_slow(uint32_t *w)
{
	uint32_t c;

	for (int i = 0; i < HYP_FUTEX_SPIN; i++) {
		if (__atomic_load_n(w, __ATOMIC_RELAXED) == 0 && hyp_lock_try(w))
			return;
		hyp_cpu_relax();
	}
	/* Mark the lock contended so that the holder wakes us on release. */
	c = __atomic_exchange_n(w, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		hyp_futex_wait(w, 2);
		c = __atomic_exchange_n(w, 2, __ATOMIC_ACQUIRE);
	}
}

static inline void hyp_lock(uint32_t *w)
{
	if (!hyp_lock_try(w))
		hyp_lock_slow(w);
}

static inline void hyp_unlock(uint32_t *w)
{
	if (__atomic_exchange_n(w, 0, __ATOMIC_RELEASE) == 2)
		hyp_futex_wake(w, 1);
}

#endif /* RV_HYP_USER_FUTEX_H */
