// SPDX-License-Identifier: BSD-2-Clause
/* Parsing RUMP_SERVER URLs (sp_url.h). */
#include "sp_url.h"

#define EINVAL_		22
#define ERANGE_		34
#define ENAMETOOLONG_	63

static int prefix(const char *s, const char *p, const char **rest)
{
	while (*p)
		if (*s++ != *p++)
			return 0;
	*rest = s;
	return 1;
}

static int fail(const char **why, const char *msg, int error)
{
	if (why)
		*why = msg;
	return error;
}

/* Decimal number of at most max, up to the first non-digit. */
static int number(const char **sp, unsigned long max, unsigned long *v)
{
	const char *s = *sp;
	unsigned long n = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		n = n * 10 + (unsigned long)(*s - '0');
		if (n > max)
			return -1;
	}
	*sp = s;
	*v = n;
	return 0;
}

static int parse_ipv4(const char *s, const char **end, unsigned char a[4])
{
	unsigned long v;
	int i;

	for (i = 0; i < 4; i++) {
		if (i > 0 && *s++ != '.')
			return -1;
		if (number(&s, 255, &v) != 0)
			return -1;
		a[i] = (unsigned char)v;
	}
	*end = s;
	return 0;
}

static int parse_tcp(const char *s, struct sp_url *u, const char **why)
{
	unsigned long port;

	if ((s[0] == '*' || s[0] == '0') && s[1] == ':') {
		u->wildcard = 1;
		s++;
	} else if (s[0] == ':') {
		/* No address: loopback, never the whole network. */
		u->addr[0] = 127;
		u->addr[3] = 1;
	} else if (parse_ipv4(s, &s, u->addr) != 0) {
		return fail(why, "tcp: ADDR must be an IPv4 address, * or 0",
			    EINVAL_);
	}
	if (*s++ != ':')
		return fail(why, "tcp: missing :PORT", EINVAL_);
	if (number(&s, 65535, &port) != 0)
		return fail(why, "tcp: PORT must be 0..65535", ERANGE_);
	/* NetBSD allows a trailing slash. */
	if (*s == '/')
		s++;
	if (*s != '\0')
		return fail(why, "tcp: junk after the port", EINVAL_);
	u->port = (unsigned short)port;
	return 0;
}

static int copy_path(const char *s, struct sp_url *u, const char **why)
{
	unsigned long n;

	for (n = 0; s[n]; n++)
		if (n + 1 >= sizeof(u->path))
			return fail(why, "path too long for a socket address",
				    ENAMETOOLONG_);
	if (n == 0)
		return fail(why, "empty path", EINVAL_);
	for (n = 0; s[n]; n++)
		u->path[n] = s[n];
	u->path[n] = '\0';
	return 0;
}

static int parse_dev(const char *s, struct sp_url *u, const char **why)
{
	const char *p;

	for (p = s; *p; p++)
		if (*p == '/')
			return fail(why, "dev: NAME is a plain name", EINVAL_);
	return copy_path(s, u, why);
}

int sp_url_parse(const char *url, struct sp_url *u, const char **why)
{
	const char *rest;
	unsigned long i;

	for (i = 0; i < sizeof(*u); i++)
		((char *)u)[i] = 0;
	if (!url)
		return fail(why, "no URL", EINVAL_);
	if (prefix(url, "unix://", &rest)) {
		u->kind = SP_URL_UNIX;
		return copy_path(rest, u, why);
	}
	if (prefix(url, "tcp://", &rest)) {
		u->kind = SP_URL_TCP;
		return parse_tcp(rest, u, why);
	}
	if (prefix(url, "dev://", &rest)) {
		u->kind = SP_URL_DEV;
		return parse_dev(rest, u, why);
	}
	return fail(why, "unknown scheme (unix://, tcp:// or dev://)",
		    EINVAL_);
}
