/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RV_HYP_USER_SENDALL_H
#define RV_HYP_USER_SENDALL_H

#include <sys/uio.h>

/* 0, or the host errno of the sendmsg that failed (iov is consumed). */
int rv_sendmsg_all(int fd, struct iovec *iov, int iovcnt)
	__attribute__((__visibility__("hidden")));

#endif /* RV_HYP_USER_SENDALL_H */
