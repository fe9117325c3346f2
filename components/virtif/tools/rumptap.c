// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumptap: hand a tap device to rumpvisor.ko, so that a guest in the
 * kernel can use it ("tap:IFNAME" as its interface's link string).  The
 * kernel cannot attach itself to a tap device (the TUNSETIFF ioctl takes
 * user memory), so this program does, and passes the descriptor over
 * (<rumpvisor/tap.h>).  Needs CAP_NET_ADMIN.
 *
 *   rumptap add IFNAME    attach to tap device IFNAME (made if missing)
 *                         and hand it to rumpvisor; it lives while
 *                         rumpvisor holds it
 *   rumptap del IFNAME    take it back (a non-persistent device goes)
 *   rumptap list          what rumpvisor holds, and who uses it
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <rumpvisor/tap.h>

static const char usage[] =
	"usage: rumptap add IFNAME | del IFNAME | list\n"
	"Hands a tap device to rumpvisor.ko (" RUMPVISOR_TAP_DEV "), so that a\n"
	"guest interface with the link string tap:IFNAME can use it.\n"
	"  add IFNAME   attach to the tap device IFNAME (made if it does not\n"
	"               exist) and hand it over\n"
	"  del IFNAME   take it back (refused while a guest uses it)\n"
	"  list         the tap devices rumpvisor holds (NAME free|INSTANCE)\n";

static int open_ctl(void)
{
	int fd = open(RUMPVISOR_TAP_DEV, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		fprintf(stderr, "rumptap: %s: %s%s\n", RUMPVISOR_TAP_DEV,
			strerror(errno), errno == ENOENT ?
			" (is rumpvisor.ko loaded?)" : "");
	return fd;
}

/* /dev/net/tun attached to tap device name; the descriptor or -1. */
static int attach(const char *name)
{
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "rumptap: /dev/net/tun: %s%s\n",
			strerror(errno), errno == ENOENT ?
			" (is the tun module loaded?)" : "");
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		fprintf(stderr, "rumptap: tap device %s: %s\n", name,
			strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int req(const char *name, int fd, unsigned long cmd)
{
	struct rumpvisor_tap r;
	int ctl, rv;

	if (strlen(name) >= sizeof(r.name)) {
		fprintf(stderr, "rumptap: %s: name too long (at most %zu)\n",
			name, sizeof(r.name) - 1);
		return 1;
	}
	memset(&r, 0, sizeof(r));
	r.fd = fd;
	snprintf(r.name, sizeof(r.name), "%s", name);
	ctl = open_ctl();
	if (ctl < 0)
		return 1;
	rv = ioctl(ctl, cmd, &r);
	if (rv < 0)
		fprintf(stderr, "rumptap: %s %s: %s\n",
			cmd == RUMPVISOR_TAP_ADD ? "add" : "del", name,
			errno == EEXIST ? "rumpvisor holds one of that name" :
			errno == EBUSY ? "a guest interface uses it" :
			errno == ENOENT ? "rumpvisor holds none of that name" :
			strerror(errno));
	close(ctl);
	return rv < 0;
}

static int list(void)
{
	char buf[4096];
	ssize_t n;
	int ctl = open_ctl();

	if (ctl < 0)
		return 1;
	while ((n = read(ctl, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	close(ctl);
	return n < 0;
}

int main(int argc, char **argv)
{
	int fd, rv;

	if (argc == 2 && !strcmp(argv[1], "--help")) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "list"))
		return list();
	if (argc != 3 || (strcmp(argv[1], "add") && strcmp(argv[1], "del"))) {
		fputs(usage, stderr);
		return 2;
	}
	if (!strcmp(argv[1], "del"))
		return req(argv[2], -1, RUMPVISOR_TAP_DEL);
	fd = attach(argv[2]);
	if (fd < 0)
		return 1;
	rv = req(argv[2], fd, RUMPVISOR_TAP_ADD);
	close(fd);	/* rumpvisor has its own reference now */
	return rv;
}
