/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Helpers of the network tests: a host program per guest process that
 * uses the client API (<rump/...>) and libc side by side.
 */
#ifndef NT_H
#define NT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>
#include <rump/netconfig.h>

/* NetBSD errno numbers the tests expect. */
#define NT_EAGAIN	35
#define NT_EINPROGRESS	36
#define NT_EADDRINUSE	48
#define NT_ECONNRESET	54
#define NT_ENOTCONN	57
#define NT_ETIMEDOUT	60
#define NT_ECONNREFUSED	61
#define NT_EMSGSIZE	40
#define NT_EPIPE	32

/* One role of a test case, in its own guest process. */
struct nt_ctx {
	int role;		/* 0: A (10.0.0.1), 1: B (10.0.0.2) */
	int to_peer, from_peer;	/* pipes between the two roles */
	bool quick;
	char msg[512];		/* why it failed */
};

#define NT_A_ADDR	"10.0.0.1"
#define NT_B_ADDR	"10.0.0.2"

/* Fail the role with a message (printf style); returns -1. */
int nt_fail(struct nt_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void nt_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Tell the peer / wait for it (a value travels along). */
void nt_signal(struct nt_ctx *c, uint64_t v);
uint64_t nt_wait(struct nt_ctx *c);

/* NetBSD sockaddr_in from "a.b.c.d" and a port. */
void nt_sin(struct rump_sockaddr_in *sin, const char *addr, int port);
#define NT_SA(p)	((struct sockaddr *)(void *)(p))

/* The test data: byte i of stream seed is nt_byte(seed, i). */
void nt_fill(uint64_t seed, uint64_t off, void *buf, size_t len);
/* 0 if buf holds stream seed at off, else the first bad offset + 1. */
uint64_t nt_check(uint64_t seed, uint64_t off, const void *buf, size_t len);
uint64_t nt_fnv(uint64_t h, const void *buf, size_t len);
#define NT_FNV_INIT	0xcbf29ce484222325ULL

/* Whole transfers on a socket: 0 or -errno. */
long nt_send_stream(int s, uint64_t seed, uint64_t len, uint64_t *sum);
long nt_recv_stream(int s, uint64_t seed, uint64_t len, uint64_t *sum,
		    uint64_t *bad);
int nt_errno(void);
double nt_now(void);

#endif /* NT_H */
