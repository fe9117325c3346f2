// SPDX-License-Identifier: BSD-2-Clause
/*
 * Parameters come from the environment: RUMP_NCPU and RUMP_HOSTNAME
 * override the two mandatory values, any other name (RUMP_VERBOSE,
 * RUMP_MEMLIMIT, ...) is looked up as is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hyp.h"

static int param_ncpu(void *buf, size_t buflen)
{
	const char *env = getenv("RUMP_NCPU");
	char num[24];
	long n = 0;
	char *end;

	if (env && *env) {
		n = strtol(env, &end, 10);
		/* "host" or anything else that is not a count: ask the host. */
		if (*end != '\0' || n <= 0 || n > 4096)
			n = 0;
	}
	if (n == 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n <= 0)
		n = 1;
	snprintf(num, sizeof(num), "%ld", n);
	return rv_param_copy(num, buf, buflen);
}

static int param_hostname(void *buf, size_t buflen)
{
	const char *env = getenv("RUMP_HOSTNAME");
	char host[256], name[300];

	if (env && *env)
		return rv_param_copy(env, buf, buflen);
	if (gethostname(host, sizeof(host)) != 0)
		host[0] = '\0';
	host[sizeof(host) - 1] = '\0';
	/* A machine that was never named (a bare VM says "(none)"). */
	if (host[0] == '\0' || strcmp(host, "(none)") == 0)
		strcpy(host, "rump");
	/* The pid makes the name unique among instances on this host. */
	snprintf(name, sizeof(name), "%s-%ld", host, (long)getpid());
	return rv_param_copy(name, buf, buflen);
}

int rumpuser_getparam(const char *name, void *buf, size_t buflen)
{
	const char *value;
	int err;

	err = rv_check_getparam(name, buf);
	if (err)
		return err;
	if (strcmp(name, RUMPUSER_PARAM_NCPU) == 0)
		return param_ncpu(buf, buflen);
	if (strcmp(name, RUMPUSER_PARAM_HOSTNAME) == 0)
		return param_hostname(buf, buflen);
	/* '_' names belong to the interface, not to the environment. */
	if (name[0] != '_' && (value = getenv(name)) != NULL)
		return rv_param_copy(value, buf, buflen);
	return rv_param_unknown(name);
}
