/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * RUMP_SERVER URLs, parsed the same way by the servers and the client
 * library (freestanding, no host header):
 *   unix://PATH         a unix socket; PATH relative to the current
 *                       directory, or absolute with a third slash
 *                       (unix:///run/rump.sock)
 *   tcp://ADDR:PORT     IPv4 dotted quad and port; no ADDR (tcp://:PORT)
 *                       is loopback, "*" or "0" the wildcard (servers
 *                       only)
 *   dev://NAME          reserved for an in-kernel guest's device
 *                       /dev/rumpvisor/NAME (not available yet)
 */
#ifndef RV_SP_URL_H
#define RV_SP_URL_H

enum sp_url_kind { SP_URL_UNIX, SP_URL_TCP, SP_URL_DEV };

/* sockaddr_un's sun_path holds 108 bytes; a NAME is a file name. */
#define SP_URL_PATHMAX	108

struct sp_url {
	enum sp_url_kind kind;
	char path[SP_URL_PATHMAX];	/* UNIX: as given; DEV: NAME */
	unsigned char addr[4];		/* TCP: network order */
	unsigned short port;		/* TCP: host order */
	int wildcard;			/* TCP: ADDR was "*" or "0" */
};

/*
 * 0, or a NetBSD errno: EINVAL for a malformed URL or an unknown scheme,
 * ENAMETOOLONG for a path that does not fit, ERANGE for a bad port.
 * *why (if not NULL) gets a short explanation for messages.
 */
int sp_url_parse(const char *url, struct sp_url *u, const char **why);

#endif /* RV_SP_URL_H */
