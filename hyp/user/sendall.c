// SPDX-License-Identifier: BSD-2-Clause
/*
 * sendmsg until every byte of an iovec array is out (stream sockets send
 * what fits).  Shared by the syscall proxy's server (hyp/user/sp.c) and
 * the client library (client/rc_conn.c).
 */
#include <errno.h>
#include <sys/socket.h>

#include "sendall.h"

int rv_sendmsg_all(int fd, struct iovec *iov, int iovcnt)
{
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = (size_t)iovcnt };

	while (msg.msg_iovlen > 0) {
		ssize_t n = sendmsg(fd, &msg, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		while (msg.msg_iovlen > 0 && (size_t)n >= msg.msg_iov->iov_len) {
			n -= (ssize_t)msg.msg_iov->iov_len;
			msg.msg_iov++;
			msg.msg_iovlen--;
		}
		if (msg.msg_iovlen > 0) {
			msg.msg_iov->iov_base = (char *)msg.msg_iov->iov_base + n;
			msg.msg_iov->iov_len -= (size_t)n;
		}
	}
	return 0;
}
