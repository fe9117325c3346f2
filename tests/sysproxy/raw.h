/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A raw protocol client for the syscall proxy tests: connects to the
 * server named by RUMP_SERVER and speaks frames by hand, so a test can
 * send exactly the bytes it wants (wrong ones included).
 */
#ifndef RV_TESTS_SP_RAW_H
#define RV_TESTS_SP_RAW_H

#include <stddef.h>
#include <stdint.h>

#include "../../hyp/common/sp_proto.h"

/* NetBSD numbers the tests look for. */
#define NB_SYS_open	5
#define NB_SYS_close	6
#define NB_SYS_getpid	20
#define NB_SYS_read	3
#define NB_EFAULT	14
#define NB_O_RDONLY	0

/* A connection with its banner read; -1 on failure. */
int raw_connect(void);
/* Send a frame (body may be NULL); 0 or -1. */
int raw_send(int fd, uint64_t reqno, int class, int type, uint32_t word,
	     const void *body, size_t len);
/* Send len bytes as they are. */
int raw_write(int fd, const void *buf, size_t len);
/*
 * Read one frame: header into *h, body (at most cap bytes kept, the rest
 * dropped) into body.  0, or -1 at end of stream / error / timeout_ms.
 */
int raw_recv(int fd, struct sp_hdr *h, void *body, size_t cap,
	     int timeout_ms);
/* 0 when the server closed the connection within timeout_ms. */
int raw_wait_closed(int fd, int timeout_ms);
/* GUEST handshake: the server's answer (0 accepted), -1 on failure. */
int raw_guest(int fd, const char *comm);
/*
 * A system call whose copy requests are served from this process (the
 * way a client library does); 0 with *error and rv[] set, -1 when the
 * connection broke.
 */
int raw_syscall(int fd, int num, const long *args, int nargs, int *error,
		long *rv);

#endif /* RV_TESTS_SP_RAW_H */
