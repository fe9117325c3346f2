/* SPDX-License-Identifier: BSD-2-Clause */
/* The socket system-call layer's helpers (guest/net/uipc_*.c). */
#ifndef RK_NET_UIPC_H
#define RK_NET_UIPC_H

#include <rk/file.h>
#include "net.h"

/* pr_send flag: more data follows at once (Nagle may wait). */
#define RK_PRUS_MORETOCOME	0x10000000

/* A walk over a client's iovecs. */
struct rk_uio_net {
	const struct rk_iov *u_iov;
	int u_iovcnt, u_idx;
	size_t u_off, u_resid;
};

void rk_uio_init(struct rk_uio_net *u, const struct rk_iov *iov, int iovcnt);
int rk_uio_move(struct rk_uio_net *u, void *kbuf, size_t n, bool in);
int rk_sbwait(struct rk_sockbuf *sb);

/* Net lock held.  *sent / *got: bytes moved (0 with an error). */
int rk_sosend(struct rk_socket *so, struct rk_uio_net *u, uint32_t addr,
	      uint16_t port, bool hasaddr, int flags, bool nbio,
	      size_t *sent);
int rk_soreceive(struct rk_socket *so, struct rk_uio_net *u, int flags,
		 bool nbio, size_t *got, uint32_t *addr, uint16_t *port,
		 int *oflags);

/* The socket of descriptor fd, with a file reference (RK_ENOTSOCK). */
struct lwp;
int rk_getsock(struct lwp *l, int fd, struct file **fpp,
	       struct rk_socket **sop);

#endif /* RK_NET_UIPC_H */
