/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The rump syscall proxy's wire format (NetBSD's protocol 0.4): constants,
 * the 24-byte frame header, the bodies, and the checks every frame passes
 * before anything acts on it.  Shared by the server engine (sp_conn.c),
 * the client library and the tests.  Freestanding: no host header, only
 * the compiler's integer types, so the same file builds in the Linux
 * kernel, in a libc program and in the fuzzer.
 *
 * Frames use the host's byte order and natural LP64 layout, as NetBSD's
 * do: there is no wire conversion.
 */
#ifndef RV_SP_PROTO_H
#define RV_SP_PROTO_H

typedef __UINT8_TYPE__ sp_u8;
typedef __UINT16_TYPE__ sp_u16;
typedef __UINT32_TYPE__ sp_u32;
typedef __UINT64_TYPE__ sp_u64;
typedef __INT64_TYPE__ sp_i64;
typedef __SIZE_TYPE__ sp_size_t;

#define SP_PROTO_MAJOR	0
#define SP_PROTO_MINOR	4
#define SP_BANNER_MAX	96	/* banner bytes, newline included */

enum sp_class { SP_REQ = 0, SP_RESP = 1, SP_ERROR = 2 };

enum sp_type {
	SP_HANDSHAKE = 0, SP_SYSCALL = 1, SP_COPYIN = 2, SP_COPYINSTR = 3,
	SP_COPYOUT = 4, SP_COPYOUTSTR = 5, SP_ANONMMAP = 6, SP_PREFORK = 7,
	SP_RAISE = 8,
};

enum sp_handshake {
	SP_HS_GUEST = 0, SP_HS_AUTH = 1, SP_HS_FORK = 2, SP_HS_EXEC = 3,
};

/* Codes of an ERROR frame (the header word). */
enum sp_err {
	SP_ERR_NONE = 0, SP_ERR_TRYAGAIN = 1, SP_ERR_AUTH = 2,
	SP_ERR_INVALID_PREFORK = 3, SP_ERR_RFORK_FAILED = 4,
	SP_ERR_INEXEC = 5, SP_ERR_NOMEM = 6, SP_ERR_MALFORMED_REQUEST = 7,
};

struct sp_hdr {
	sp_u64 len;		/* whole frame, header included */
	sp_u64 reqno;		/* a response carries its request's */
	sp_u16 class;		/* enum sp_class */
	sp_u16 type;		/* enum sp_type */
	sp_u32 word;		/* syscall number, error, handshake kind, signal */
};
#define SP_HDRSZ	24

/* COPYIN*, COPYOUT* request bodies (COPYOUT*: followed by len bytes). */
struct sp_copydata {
	sp_u64 len;
	sp_u64 addr;
};

/* RESP SYSCALL body: error, padding, retval[2]. */
struct sp_sysresp {
	int error;
	int pad;
	sp_i64 retval[2];
};

#define SP_AUTHWORDS	4
/* REQ HANDSHAKE FORK body. */
struct sp_hsfork {
	sp_u32 auth[SP_AUTHWORDS];
	int cancel;
};

_Static_assert(sizeof(struct sp_hdr) == SP_HDRSZ, "header is 24 bytes");
_Static_assert(sizeof(struct sp_copydata) == 16, "copy body");
_Static_assert(sizeof(struct sp_sysresp) == 24, "syscall response");
_Static_assert(sizeof(struct sp_hsfork) == 20, "fork handshake");

/*
 * Limits on what a peer may send.  A frame over a limit is refused
 * without its body being stored; one over SP_MAX_DISCARD cannot even be
 * skipped and ends the connection.
 */
#define SP_MAX_ARGS	512	/* syscall argument bytes (64 slots) */
#define SP_MAX_COMM	1024	/* program name in a GUEST/EXEC handshake */
#define SP_MAX_DISCARD	65536	/* body bytes skipped for a refused frame */
/* A server's copy request asks for at most this much at once. */
#define SP_MAX_COPY	(1024 * 1024)

/* What the receiver of a frame should do with it. */
enum sp_verdict {
	SP_V_OK,		/* handle it */
	SP_V_REFUSE,		/* answer ERROR (code given), skip the body */
	SP_V_CLOSE,		/* answer ERROR if possible, end the connection */
};

struct sp_check {
	enum sp_verdict verdict;
	enum sp_err err;		/* for REFUSE and CLOSE */
	sp_size_t bodylen;		/* len - SP_HDRSZ when it is sane */
};

/*
 * Checks of a header a server received: handshaken tells whether the
 * connection completed its handshake.  Responses (RESP and ERROR
 * frames) are checked against the waiting request by the caller; here
 * only their length is bounded (by SP_MAX_COPY + the copy body).
 */
struct sp_check sp_check_server(const struct sp_hdr *h, int handshaken);

/* The same for a client: server requests and responses. */
struct sp_check sp_check_client(const struct sp_hdr *h);

/*
 * The banner, "RUMPSP-0.4-<ostype>-<osrelease>/<machine>\n", into buf
 * (SP_BANNER_MAX bytes); parts are cut so that it always fits.  Returns
 * its length.
 */
sp_size_t sp_banner(char *buf, const char *ostype, const char *osrelease,
		    const char *machine);

/* NetBSD errno a client reports for an ERROR frame's code (-1: none). */
int sp_err_to_errno(sp_u32 err);

#endif /* RV_SP_PROTO_H */
