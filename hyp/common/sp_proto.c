// SPDX-License-Identifier: BSD-2-Clause
/*
 * Frame checks and the banner of the syscall proxy (sp_proto.h).  Pure
 * functions: they look at a header and say what to do with the frame,
 * so the server engine, the client library and the fuzzer share them.
 */
#include "sp_proto.h"

static struct sp_check verdict(enum sp_verdict v, enum sp_err err,
			       sp_size_t bodylen)
{
	struct sp_check c = { v, err, bodylen };

	return c;
}

/* A frame we will not handle: skip it if we can, else hang up. */
static struct sp_check refuse(enum sp_err err, sp_size_t bodylen)
{
	return verdict(bodylen <= SP_MAX_DISCARD ? SP_V_REFUSE : SP_V_CLOSE,
		       err, bodylen);
}

static struct sp_check server_handshake(const struct sp_hdr *h,
					sp_size_t body, int handshaken)
{
	if (!handshaken) {
		switch (h->word) {
		case SP_HS_GUEST:
			if (body > SP_MAX_COMM)
				break;
			return verdict(SP_V_OK, SP_ERR_NONE, body);
		case SP_HS_FORK:
			if (body != sizeof(struct sp_hsfork))
				break;
			return verdict(SP_V_OK, SP_ERR_NONE, body);
		default:
			/* EXEC needs a process, AUTH is unused. */
			return verdict(SP_V_CLOSE, SP_ERR_AUTH, body);
		}
		return verdict(SP_V_CLOSE, SP_ERR_MALFORMED_REQUEST, body);
	}
	if (h->word == SP_HS_EXEC && body <= SP_MAX_COMM)
		return verdict(SP_V_OK, SP_ERR_NONE, body);
	return verdict(SP_V_CLOSE, SP_ERR_MALFORMED_REQUEST, body);
}

static struct sp_check server_request(const struct sp_hdr *h, sp_size_t body,
				      int handshaken)
{
	if (h->type == SP_HANDSHAKE)
		return server_handshake(h, body, handshaken);
	/* Nothing but a handshake before the handshake. */
	if (!handshaken)
		return verdict(SP_V_CLOSE, SP_ERR_AUTH, body);
	switch (h->type) {
	case SP_SYSCALL:
		if (body > SP_MAX_ARGS)
			return refuse(SP_ERR_MALFORMED_REQUEST, body);
		return verdict(SP_V_OK, SP_ERR_NONE, body);
	case SP_PREFORK:
		/* The body means nothing; it is skipped. */
		if (body > SP_MAX_DISCARD)
			return refuse(SP_ERR_MALFORMED_REQUEST, body);
		return verdict(SP_V_OK, SP_ERR_NONE, body);
	default:
		/* Copy requests and signals go the other way. */
		return refuse(SP_ERR_MALFORMED_REQUEST, body);
	}
}

struct sp_check sp_check_server(const struct sp_hdr *h, int handshaken)
{
	sp_size_t body;

	if (h->len < SP_HDRSZ)
		return verdict(SP_V_CLOSE, SP_ERR_MALFORMED_REQUEST, 0);
	body = (sp_size_t)(h->len - SP_HDRSZ);
	switch (h->class) {
	case SP_REQ:
		return server_request(h, body, handshaken);
	case SP_RESP:
	case SP_ERROR:
		/* We sent no request to a client without a handshake. */
		if (!handshaken)
			return verdict(SP_V_CLOSE, SP_ERR_AUTH, body);
		if (body > SP_MAX_COPY)
			return verdict(SP_V_CLOSE, SP_ERR_MALFORMED_REQUEST,
				       body);
		return verdict(SP_V_OK, SP_ERR_NONE, body);
	default:
		return refuse(SP_ERR_MALFORMED_REQUEST, body);
	}
}

static struct sp_check client_request(const struct sp_hdr *h, sp_size_t body)
{
	switch (h->type) {
	case SP_COPYIN:
	case SP_COPYINSTR:
		if (body != sizeof(struct sp_copydata))
			break;
		return verdict(SP_V_OK, SP_ERR_NONE, body);
	case SP_COPYOUT:
	case SP_COPYOUTSTR:
		/* The data goes straight to its address, unbuffered. */
		if (body < sizeof(struct sp_copydata))
			break;
		return verdict(SP_V_OK, SP_ERR_NONE, body);
	case SP_ANONMMAP:
		if (body != sizeof(sp_u64))
			break;
		return verdict(SP_V_OK, SP_ERR_NONE, body);
	case SP_RAISE:
		if (body != 0)
			break;
		return verdict(SP_V_OK, SP_ERR_NONE, body);
	default:
		break;
	}
	return refuse(SP_ERR_MALFORMED_REQUEST, body);
}

struct sp_check sp_check_client(const struct sp_hdr *h)
{
	sp_size_t body;

	if (h->len < SP_HDRSZ)
		return verdict(SP_V_CLOSE, SP_ERR_MALFORMED_REQUEST, 0);
	body = (sp_size_t)(h->len - SP_HDRSZ);
	switch (h->class) {
	case SP_REQ:
		return client_request(h, body);
	case SP_RESP:
	case SP_ERROR:
		/* Our requests get small answers. */
		if (body > SP_MAX_DISCARD)
			return verdict(SP_V_CLOSE, SP_ERR_MALFORMED_REQUEST,
				       body);
		return verdict(SP_V_OK, SP_ERR_NONE, body);
	default:
		return refuse(SP_ERR_MALFORMED_REQUEST, body);
	}
}

/* Append s to buf[*n..limit), cutting it and any '-', '/', newline. */
static void put(char *buf, sp_size_t *n, sp_size_t limit, const char *s)
{
	for (; s && *s && *n < limit; s++)
		buf[(*n)++] = (*s == '\n' || *s == '-' || *s == '/') ? '_' :
			      *s;
}

sp_size_t sp_banner(char *buf, const char *ostype, const char *osrelease,
		    const char *machine)
{
	/* Room for the newline (and a NUL after it for the caller). */
	const sp_size_t limit = SP_BANNER_MAX - 2;
	char ver[] = { 'R', 'U', 'M', 'P', 'S', 'P', '-',
		       '0' + SP_PROTO_MAJOR, '.', '0' + SP_PROTO_MINOR, '\0' };
	sp_size_t n = 0;

	put(buf, &n, limit, ver);
	buf[n++] = '-';
	put(buf, &n, limit, ostype);
	if (n < limit)
		buf[n++] = '-';
	put(buf, &n, limit, osrelease);
	if (n < limit)
		buf[n++] = '/';
	put(buf, &n, limit, machine);
	buf[n++] = '\n';
	buf[n] = '\0';
	return n;
}

int sp_err_to_errno(sp_u32 err)
{
	static const int map[] = {
		[SP_ERR_NONE] = 0,
		[SP_ERR_TRYAGAIN] = 35,		/* EAGAIN */
		[SP_ERR_AUTH] = 1,		/* EPERM */
		[SP_ERR_INVALID_PREFORK] = 3,	/* ESRCH */
		[SP_ERR_RFORK_FAILED] = 5,	/* EIO */
		[SP_ERR_INEXEC] = 16,		/* EBUSY */
		[SP_ERR_NOMEM] = 12,		/* ENOMEM */
		[SP_ERR_MALFORMED_REQUEST] = 22, /* EINVAL */
	};

	if (err >= sizeof(map) / sizeof(map[0]))
		return -1;
	return map[err];
}
