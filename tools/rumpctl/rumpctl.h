/* SPDX-License-Identifier: BSD-2-Clause */
/* What rumpctl's files share (rumpctl.c: the sysfs commands, files.c). */
#ifndef RV_TOOLS_RUMPCTL_H
#define RV_TOOLS_RUMPCTL_H

#include <stddef.h>

/* "rumpctl: message" on stderr. */
void rc_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A usage error: the message and a pointer to --help; returns 2. */
int rc_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* An instance name: [a-z0-9_-], not empty, short. */
int rc_name_ok(const char *s);
/* write(2) until done; 0 or -1 with errno. */
int write_all(int fd, const void *buf, size_t len);

/*
 * A file command (files.c) run against the guest named by argv[0] (or
 * server, when given): its exit status, or -1 when cmd is not one.
 */
int rc_file_command(const char *cmd, int argc, char **argv,
		    const char *server);

#endif /* RV_TOOLS_RUMPCTL_H */
