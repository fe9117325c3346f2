// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpctl: look at and control the rump kernels rumpvisor.ko runs, through
 * /sys/kernel/rumpvisor (one directory per instance, one value per file).
 *
 *   rumpctl list                 one line per instance
 *   rumpctl status NAME          everything about one instance
 *   rumpctl halt [--force] NAME  stop it (clean halt, then by force)
 *
 * and, inside a guest that serves (files.c, over librumpclient), ls,
 * cat, stat, mkdir, put, get, rm, mv, mount and umount.
 *
 * --sysfs DIR (or RUMPCTL_SYSFS) reads another tree: the tests use a fake
 * one.  Exit status: 0 done, 1 failed (the message says why), 2 usage.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rumpctl.h"

#define SYSFS_DEFAULT	"/sys/kernel/rumpvisor"
#define NAME_MAX_LEN	64
#define VALUE_MAX	256

static const char *sysfs_root = SYSFS_DEFAULT;
static const char *prog = "rumpctl";

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [--sysfs DIR] [--server URL] COMMAND [ARGS]\n"
		"Look at and control the rump kernels (guests) that rumpvisor.ko "
		"runs.\n\n"
		"instances (sysfs):\n"
		"  list                  one line per guest instance\n"
		"  status NAME           everything about one instance\n"
		"  halt [--force] NAME   stop a guest: its own clean halt first, "
		"then by force\n"
		"                        after rumpvisor's halt_ms; --force: at "
		"once\n\n"
		"files, inside a guest that serves (T: an instance NAME, whose "
		"device\ndev://NAME is used, a URL, or - for $RUMP_SERVER; left "
		"out with --server):\n"
		"  ls [-l] [-a] T [PATH...]   list directories (default /)\n"
		"  cat T PATH...              print files\n"
		"  stat T PATH...             type, mode, size, inode, times\n"
		"  mkdir [-p] T DIR...        make directories (-p: parents "
		"too)\n"
		"  put T LOCAL REMOTE         copy a host file in (LOCAL - : "
		"stdin)\n"
		"  get T REMOTE LOCAL         copy a guest file out (LOCAL - : "
		"stdout)\n"
		"  rm [-r] T PATH...          remove files (-r: directories "
		"with all in them)\n"
		"  mv T OLD NEW               rename\n"
		"  mount T TYPE DIR           mount a file system (tmpfs, "
		"kernfs)\n"
		"  umount T DIR               unmount it\n"
		"  help                       this text\n\n"
		"options:\n"
		"  --sysfs DIR           read DIR instead of %s\n"
		"                        (also the RUMPCTL_SYSFS environment "
		"variable)\n"
		"  --server URL          the guest of the file commands: "
		"unix://PATH,\n"
		"                        tcp://ADDR:PORT or dev://NAME\n"
		"  -h, --help            this text\n\n"
		"Errors inside the guest are its NetBSD errno messages.\n"
		"Exit status: 0 done, 1 failed, 2 usage error.\n\n"
		"examples:\n"
		"  rumpctl ls -l rk /kern\n"
		"  rumpctl put rk notes.txt /notes.txt\n"
		"  rumpctl --server unix:///run/rk.sock cat /kern/version\n",
		prog, SYSFS_DEFAULT);
}

static void message(const char *fmt, va_list ap, const char *tail)
{
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "%s\n", tail);
}

void rc_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message(fmt, ap, "");
	va_end(ap);
}

int rc_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message(fmt, ap, " (see rumpctl --help)");
	va_end(ap);
	return 2;
}

int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* A name that cannot leave the sysfs directory: [a-z0-9_-]. */
int rc_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= NAME_MAX_LEN)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || *s == '-'))
			return 0;
	return 1;
}

/* Read one value (trailing newline removed); -1 with errno on failure. */
static int read_value(const char *inst, const char *attr, char *buf,
		      size_t len)
{
	char path[512];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s/%s", sysfs_root, inst, attr);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

/* A value, or "?" when it cannot be read. */
static const char *value(const char *inst, const char *attr, char *buf,
			 size_t len)
{
	if (read_value(inst, attr, buf, len) != 0)
		snprintf(buf, len, "?");
	return buf;
}

static long long number(const char *inst, const char *attr)
{
	char buf[VALUE_MAX];

	if (read_value(inst, attr, buf, sizeof(buf)) != 0)
		return -1;
	return strtoll(buf, NULL, 10);
}

/* Bytes for people: B, KiB, MiB, GiB with one decimal. */
static const char *human(long long n, char *buf, size_t len)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double v = (double)n;
	int u = 0;

	if (n < 0)
		return "?";
	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "%lld B", n);
	else
		snprintf(buf, len, "%.1f %s", v, unit[u]);
	return buf;
}

static int root_present(void)
{
	if (access(sysfs_root, R_OK | X_OK) == 0)
		return 1;
	if (errno == ENOENT)
		rc_fail("%s does not exist: rumpvisor.ko is not loaded", sysfs_root);
	else
		rc_fail("%s: %s", sysfs_root, strerror(errno));
	return 0;
}

static int instance_present(const char *name)
{
	char path[512];

	if (!rc_name_ok(name)) {
		rc_fail("'%s' is not an instance name (letters, digits, _ and -)",
		     name);
		return 0;
	}
	if (!root_present())
		return 0;
	snprintf(path, sizeof(path), "%s/%s/state", sysfs_root, name);
	if (access(path, R_OK) == 0)
		return 1;
	rc_fail("no instance named '%s' (rumpctl list shows them)", name);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The instance names, sorted; NULL with *n = -1 on failure. */
static char **instances(int *n)
{
	struct dirent *d;
	char **v = NULL;
	DIR *dir;
	int cap = 0;

	*n = 0;
	dir = opendir(sysfs_root);
	if (!dir) {
		*n = -1;
		return NULL;
	}
	while ((d = readdir(dir)) != NULL) {
		if (d->d_name[0] == '.' || !rc_name_ok(d->d_name))
			continue;
		if (*n == cap) {
			char **nv;

			cap = cap ? cap * 2 : 16;
			nv = realloc(v, (size_t)cap * sizeof(*v));
			if (!nv)
				break;
			v = nv;
		}
		v[(*n)++] = strdup(d->d_name);
	}
	closedir(dir);
	if (*n > 0)
		qsort(v, (size_t)*n, sizeof(*v), by_name);
	return v;
}

static int cmd_list(void)
{
	char state[VALUE_MAX], owner[VALUE_MAX], ex[VALUE_MAX], mem[32];
	char **names;
	int i, n;

	if (!root_present())
		return 1;
	names = instances(&n);
	if (n < 0) {
		rc_fail("%s: %s", sysfs_root, strerror(errno));
		return 1;
	}
	printf("%-16s %-8s %7s %10s %10s %5s  %-20s %s\n", "NAME", "STATE",
	       "THREADS", "MEMORY", "HOST", "FILES", "OWNER", "EXIT");
	for (i = 0; i < n; i++) {
		char host[32];

		printf("%-16s %-8s %7lld %10s %10s %5lld  %-20s %s\n", names[i],
		       value(names[i], "state", state, sizeof(state)),
		       number(names[i], "threads"),
		       human(number(names[i], "bytes"), mem, sizeof(mem)),
		       human(number(names[i], "pages") * 4096, host,
			     sizeof(host)),
		       number(names[i], "files_open"),
		       value(names[i], "owner", owner, sizeof(owner)),
		       value(names[i], "exit", ex, sizeof(ex)));
		free(names[i]);
	}
	free(names);
	return 0;
}

static void show(const char *name, const char *label, const char *attr)
{
	char buf[VALUE_MAX];

	printf("  %-14s %s\n", label, value(name, attr, buf, sizeof(buf)));
}

/* hypercalls/: "name count" pairs, sorted, four to a line. */
static void show_hypercalls(const char *name)
{
	char path[512], attr[128];
	struct dirent **list;
	int i, n, col = 0;

	snprintf(path, sizeof(path), "%s/%s/hypercalls", sysfs_root, name);
	n = scandir(path, &list, NULL, alphasort);
	if (n < 0)
		return;
	printf("  %-14s", "hypercalls");
	for (i = 0; i < n; i++) {
		if (list[i]->d_name[0] != '.') {
			snprintf(attr, sizeof(attr), "hypercalls/%.60s",
				 list[i]->d_name);
			if (col == 4) {
				printf("\n  %-14s", "");
				col = 0;
			}
			printf(" %s %lld%s", list[i]->d_name, number(name, attr),
			       i + 1 < n ? "," : "");
			col++;
		}
		free(list[i]);
	}
	free(list);
	printf("\n");
}

/* server/: what the guest serves to Linux processes, if it does. */
static void show_server(const char *name)
{
	char url[VALUE_MAX], dev[VALUE_MAX], group[VALUE_MAX];

	if (read_value(name, "server/url", url, sizeof(url)) != 0)
		return;
	value(name, "server/device", dev, sizeof(dev));
	value(name, "server/group", group, sizeof(group));
	printf("  %-14s %s (%lld connection(s))\n", "server",
	       url[0] ? url : "none", number(name, "server/connections"));
	printf("  %-14s %s (%lld open)\n", "device", dev[0] ? dev : "none",
	       number(name, "server/device_files"));
	printf("  %-14s %s\n", "server group",
	       strcmp(group, "none") ? group : "none (root only)");
}

static int cmd_status(const char *name)
{
	char state[VALUE_MAX], a[32], b[32];

	if (!instance_present(name))
		return 1;
	printf("%s: %s\n", name, value(name, "state", state, sizeof(state)));
	show(name, "exit", "exit");
	show(name, "owner", "owner");
	printf("  %-14s %lld s\n", "uptime", number(name, "uptime"));
	show(name, "ncpu", "ncpu");
	show(name, "hostname", "hostname");
	show(name, "files", "files");
	show(name, "memlimit", "memlimit");
	show(name, "verbose", "verbose");
	printf("  %-14s %lld (%lld started)\n", "threads",
	       number(name, "threads"), number(name, "threads_started"));
	printf("  %-14s %s in %lld allocations; rumpvisor's objects %s\n",
	       "guest memory", human(number(name, "bytes"), a, sizeof(a)),
	       number(name, "allocs"),
	       human(number(name, "hyp_bytes"), b, sizeof(b)));
	printf("  %-14s %lld pages (%s)\n", "host memory",
	       number(name, "pages"),
	       human(number(name, "pages") * 4096, a, sizeof(a)));
	printf("  %-14s %lld open\n", "host files", number(name, "files_open"));
	printf("  %-14s %s\n", "reclaimed",
	       human(number(name, "reclaimed"), a, sizeof(a)));
	show_server(name);
	show_hypercalls(name);
	return 0;
}

static int cmd_halt(const char *name, int force)
{
	char path[512], ex[VALUE_MAX];
	const char *what = force ? "force" : "halt";
	int fd, err = 0;

	if (!instance_present(name))
		return 1;
	snprintf(path, sizeof(path), "%s/%s/halt", sysfs_root, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		rc_fail("halt %s: %s", name, strerror(errno));
		return 1;
	}
	/* The write returns once the guest has ended and been reclaimed. */
	if (write(fd, what, strlen(what)) < 0)
		err = errno;
	close(fd);
	if (err) {
		rc_fail("halt %s: %s", name, err == ENODEV ?
		     "the instance is being removed" : strerror(err));
		return 1;
	}
	printf("%s: %s\n", name, value(name, "exit", ex, sizeof(ex)));
	return 0;
}

int main(int argc, char **argv)
{
	const char *env = getenv("RUMPCTL_SYSFS"), *server = NULL;
	int i = 1, force = 0, rc;

	if (env && *env)
		sysfs_root = env;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--sysfs") && i + 1 < argc) {
			sysfs_root = argv[++i];
		} else if (!strcmp(argv[i], "--server") && i + 1 < argc) {
			server = argv[++i];
		} else {
			rc_fail("unknown option %s", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[i], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[i], "list") && i + 1 == argc)
		return cmd_list();
	if (!strcmp(argv[i], "status") && i + 2 == argc)
		return cmd_status(argv[i + 1]);
	if (!strcmp(argv[i], "halt")) {
		if (i + 2 < argc && !strcmp(argv[i + 1], "--force")) {
			force = 1;
			i++;
		}
		if (i + 2 == argc)
			return cmd_halt(argv[i + 1], force);
	}
	rc = rc_file_command(argv[i], argc - i - 1, argv + i + 1, server);
	if (rc >= 0)
		return rc;
	rc_fail("bad command line (see %s --help)", prog);
	return 2;
}
