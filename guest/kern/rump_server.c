// SPDX-License-Identifier: BSD-2-Clause
/*
 * rump_init_server(url): serve this rump kernel's system calls to remote
 * clients (NetBSD's API).  The hypervisor listens on url (unix://PATH,
 * tcp://ADDR:PORT) and makes a process in this guest for each client.
 * The banner tells clients what kind of kernel answers.
 */
#include <rk/types.h>
#include <rump/rump.h>

#define RK_OSTYPE	"rumpvisor"
#define RK_OSRELEASE	"0.1"
#define RK_MACHINE	"amd64"

int rump_init_server(const char *url)
{
	return rumpuser_sp_init(url, RK_OSTYPE, RK_OSRELEASE, RK_MACHINE);
}
