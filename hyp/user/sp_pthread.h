/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RV_HYP_USER_SP_PTHREAD_H
#define RV_HYP_USER_SP_PTHREAD_H

#include "../common/sp.h"

/* Fill alloc/free, locks, condition variables, thread_start and now_ns
 * of ops with libc and pthreads; transport, random and log are the
 * caller's. */
void hyp_sp_pthread_ops(struct sp_host_ops *ops)
	__attribute__((__visibility__("hidden")));

#endif /* RV_HYP_USER_SP_PTHREAD_H */
