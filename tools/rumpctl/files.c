// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpctl's file commands: look inside a running guest from a shell,
 * through its syscall proxy (librumpclient).  The first operand names
 * the guest: an instance NAME (its device, dev://NAME), a URL
 * (unix://, tcp://, dev://), or "-" for $RUMP_SERVER; with --server URL
 * it is left out.  Errors are the guest's (NetBSD errno, rump_strerror).
 *
 *   ls [-l] [-a] T [PATH...]   cat T PATH...        stat T PATH...
 *   mkdir [-p] T PATH...       put T LOCAL REMOTE   get T REMOTE LOCAL
 *   rm [-r] T PATH...          mv T OLD NEW
 *   mount T TYPE DIR           umount T DIR
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rump/rumpclient.h>
#include <rump/rump_syscalls.h>
#include <rumpvisor/dev.h>

#include "rumpctl.h"

#define CHUNK		65536
#define PATH_LEN	1024

/* A failed guest call: "rumpctl: WHAT PATH: message". */
static int gfail(const char *what, const char *path)
{
	int e = errno;

	rc_fail("%s %s: %s", what, path, rump_strerror(e));
	return 1;
}

/* ---- connecting ---- */

static int connect_to(const char *target)
{
	char url[256];

	if (strstr(target, "://")) {
		snprintf(url, sizeof(url), "%s", target);
	} else if (!strcmp(target, "-")) {
		const char *env = getenv("RUMP_SERVER");

		if (!env || !*env) {
			rc_fail("'-' names $RUMP_SERVER, which is not set");
			return -1;
		}
		snprintf(url, sizeof(url), "%s", env);
	} else if (rc_name_ok(target)) {
		snprintf(url, sizeof(url), "%s/%s", RUMPVISOR_DEV_DIR, target);
		if (access(url, F_OK) != 0) {
			rc_fail("no device %s: no instance '%s' serves its "
				"device (rumpctl list shows the instances; a "
				"carrier serves it with device=1)", url,
				target);
			return -1;
		}
		snprintf(url, sizeof(url), "dev://%s", target);
	} else {
		rc_fail("'%s' is neither an instance name nor a URL "
			"(unix://, tcp://, dev://)", target);
		return -1;
	}
	setenv("RUMP_SERVER", url, 1);
	if (rumpclient_init() != 0) {
		rc_fail("cannot reach the guest at %s: %s", url,
			strerror(errno));
		return -1;
	}
	return 0;
}

/* ---- ls ---- */

static char type_char(unsigned mode)
{
	switch (mode & RUMP_S_IFMT) {
	case RUMP_S_IFDIR: return 'd';
	case RUMP_S_IFLNK: return 'l';
	case RUMP_S_IFCHR: return 'c';
	case RUMP_S_IFBLK: return 'b';
	case RUMP_S_IFIFO: return 'p';
	case RUMP_S_IFSOCK: return 's';
	default: return '-';
	}
}

static void mode_string(unsigned mode, char out[11])
{
	static const char rwx[] = "rwxrwxrwx";
	int i;

	out[0] = type_char(mode);
	for (i = 0; i < 9; i++)
		out[i + 1] = mode & (0400u >> i) ? rwx[i] : '-';
	out[10] = '\0';
}

static void ls_long(const char *dir, const char *name)
{
	char path[PATH_LEN], target[PATH_LEN], ms[11], when[32];
	struct rump_stat st;
	time_t t;
	long n;

	snprintf(path, sizeof(path), "%s%s%s", dir, dir[0] &&
		 dir[strlen(dir) - 1] != '/' ? "/" : "", name);
	if (rump_sys_lstat(path, &st) != 0) {
		gfail("ls", path);
		return;
	}
	mode_string(st.st_mode, ms);
	t = (time_t)st.st_mtimespec.tv_sec;
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", gmtime(&t));
	printf("%s %3u %10lld %s %s", ms, st.st_nlink, (long long)st.st_size,
	       when, name);
	if (RUMP_S_ISLNK(st.st_mode) &&
	    (n = rump_sys_readlink(path, target, sizeof(target) - 1)) >= 0) {
		target[n] = '\0';
		printf(" -> %s", target);
	}
	printf("\n");
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in directory path (sorted), or NULL with errno. */
static char **read_dir(const char *path, int all, int *count)
{
	char buf[8192];
	char **v = NULL;
	int fd, n = 0, cap = 0, got;

	fd = rump_sys_open(path, RUMP_O_RDONLY | RUMP_O_DIRECTORY);
	if (fd < 0)
		return NULL;
	while ((got = rump_sys_getdents(fd, buf, sizeof(buf))) > 0) {
		int off = 0;

		while (off < got) {
			struct rump_dirent *d = (void *)(buf + off);

			off += d->d_reclen;
			if (!all && d->d_name[0] == '.')
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				v = realloc(v, (size_t)cap * sizeof(*v));
			}
			v[n++] = strndup(d->d_name, d->d_namlen);
		}
	}
	rump_sys_close(fd);
	if (got < 0) {
		int e = errno;

		while (n > 0)
			free(v[--n]);
		free(v);
		errno = e;
		return NULL;
	}
	if (n)
		qsort(v, (size_t)n, sizeof(*v), by_name);
	*count = n;
	return v ? v : calloc(1, sizeof(*v));
}

static int ls_one(const char *path, int lng, int all, int header)
{
	struct rump_stat st;
	char **names;
	int i, n = 0;

	if (rump_sys_stat(path, &st) != 0)
		return gfail("ls", path);
	if (!RUMP_S_ISDIR(st.st_mode)) {
		if (lng)
			ls_long("", path);
		else
			printf("%s\n", path);
		return 0;
	}
	names = read_dir(path, all, &n);
	if (!names)
		return gfail("ls", path);
	if (header)
		printf("%s:\n", path);
	for (i = 0; i < n; i++) {
		if (lng)
			ls_long(path, names[i]);
		else
			printf("%s\n", names[i]);
		free(names[i]);
	}
	free(names);
	return 0;
}

static int cmd_ls(int argc, char **argv)
{
	int lng = 0, all = 0, i, rc = 0, first;

	for (i = 0; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *o = argv[i] + 1;

		for (; *o; o++) {
			if (*o == 'l')
				lng = 1;
			else if (*o == 'a')
				all = 1;
			else
				return rc_usage("ls: unknown option -%c", *o);
		}
	}
	if (i == argc)
		return ls_one("/", lng, all, 0);
	first = i;
	for (; i < argc; i++) {
		if (i > first)
			printf("\n");
		rc |= ls_one(argv[i], lng, all, argc - first > 1);
	}
	return rc;
}

/* ---- cat, get, put ---- */

/* Copy the guest's file path to host descriptor out. */
static int copy_out(const char *what, const char *path, int out)
{
	static char buf[CHUNK];
	int fd = rump_sys_open(path, RUMP_O_RDONLY);
	long n;

	if (fd < 0)
		return gfail(what, path);
	while ((n = rump_sys_read(fd, buf, sizeof(buf))) > 0) {
		if (write_all(out, buf, (size_t)n) != 0) {
			rc_fail("%s %s: writing: %s", what, path,
				strerror(errno));
			rump_sys_close(fd);
			return 1;
		}
	}
	if (n < 0) {
		gfail(what, path);
		rump_sys_close(fd);
		return 1;
	}
	rump_sys_close(fd);
	return 0;
}

static int cmd_cat(int argc, char **argv)
{
	int i, rc = 0;

	if (argc < 1)
		return rc_usage("cat: which file?");
	for (i = 0; i < argc; i++)
		rc |= copy_out("cat", argv[i], 1);
	return rc;
}

static int cmd_get(int argc, char **argv)
{
	int out, rc;

	if (argc != 2)
		return rc_usage("get: REMOTE LOCAL (- for stdout)");
	if (!strcmp(argv[1], "-"))
		return copy_out("get", argv[0], 1);
	out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		rc_fail("get: %s: %s", argv[1], strerror(errno));
		return 1;
	}
	rc = copy_out("get", argv[0], out);
	if (close(out) != 0 && !rc) {
		rc_fail("get: %s: %s", argv[1], strerror(errno));
		rc = 1;
	}
	return rc;
}

static int cmd_put(int argc, char **argv)
{
	static char buf[CHUNK];
	int in, fd, rc = 0;
	ssize_t n;

	if (argc != 2)
		return rc_usage("put: LOCAL (- for stdin) REMOTE");
	in = strcmp(argv[0], "-") ? open(argv[0], O_RDONLY | O_CLOEXEC) : 0;
	if (in < 0) {
		rc_fail("put: %s: %s", argv[0], strerror(errno));
		return 1;
	}
	fd = rump_sys_open(argv[1], RUMP_O_WRONLY | RUMP_O_CREAT |
			   RUMP_O_TRUNC, 0644);
	if (fd < 0) {
		rc = gfail("put", argv[1]);
		goto out;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (rump_sys_write(fd, buf, (size_t)n) != n) {
			rc = gfail("put", argv[1]);
			break;
		}
	}
	if (n < 0) {
		rc_fail("put: %s: %s", argv[0], strerror(errno));
		rc = 1;
	}
	if (rump_sys_close(fd) != 0 && !rc)
		rc = gfail("put", argv[1]);
out:
	if (in > 0)
		close(in);
	return rc;
}

/* ---- stat ---- */

static const char *type_name(unsigned mode)
{
	switch (mode & RUMP_S_IFMT) {
	case RUMP_S_IFDIR: return "directory";
	case RUMP_S_IFLNK: return "symbolic link";
	case RUMP_S_IFREG: return "regular file";
	case RUMP_S_IFCHR: return "character device";
	case RUMP_S_IFBLK: return "block device";
	case RUMP_S_IFIFO: return "fifo";
	case RUMP_S_IFSOCK: return "socket";
	default: return "unknown";
	}
}

static void show_time(const char *label, const struct rump_timespec *ts)
{
	char when[40];
	time_t t = (time_t)ts->tv_sec;

	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", gmtime(&t));
	printf("  %-7s %s.%09ld UTC\n", label, when, ts->tv_nsec);
}

static int cmd_stat(int argc, char **argv)
{
	struct rump_stat st;
	int i, rc = 0;

	if (argc < 1)
		return rc_usage("stat: which path?");
	for (i = 0; i < argc; i++) {
		if (rump_sys_lstat(argv[i], &st) != 0) {
			rc |= gfail("stat", argv[i]);
			continue;
		}
		printf("%s: %s\n", argv[i], type_name(st.st_mode));
		printf("  mode    %04o  links %u  uid %u  gid %u\n",
		       st.st_mode & 07777, st.st_nlink, st.st_uid, st.st_gid);
		printf("  size    %lld  blocks %lld  block size %u\n",
		       (long long)st.st_size, (long long)st.st_blocks,
		       st.st_blksize);
		printf("  inode   %llu  device %llu\n",
		       (unsigned long long)st.st_ino,
		       (unsigned long long)st.st_dev);
		show_time("access", &st.st_atimespec);
		show_time("modify", &st.st_mtimespec);
		show_time("change", &st.st_ctimespec);
	}
	return rc;
}

/* ---- mkdir, rm, mv, mount, umount ---- */

static int mkdir_p(const char *path)
{
	char buf[PATH_LEN];
	struct rump_stat st;
	size_t i;

	snprintf(buf, sizeof(buf), "%s", path);
	for (i = 1; i <= strlen(path); i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (rump_sys_mkdir(buf, 0755) != 0 &&
		    !(errno == RUMP_EEXIST && rump_sys_stat(buf, &st) == 0 &&
		      RUMP_S_ISDIR(st.st_mode)))
			return gfail("mkdir", buf);
		buf[i] = path[i];
	}
	return 0;
}

static int cmd_mkdir(int argc, char **argv)
{
	int parents = argc > 0 && !strcmp(argv[0], "-p"), i, rc = 0;

	if (argc - parents < 1)
		return rc_usage("mkdir: which directory?");
	for (i = parents; i < argc; i++) {
		if (parents)
			rc |= mkdir_p(argv[i]);
		else if (rump_sys_mkdir(argv[i], 0755) != 0)
			rc |= gfail("mkdir", argv[i]);
	}
	return rc;
}

static int rm_tree(const char *path)
{
	char sub[PATH_LEN];
	char **names;
	int i, n = 0, rc = 0;

	names = read_dir(path, 1, &n);
	if (!names)
		return gfail("rm", path);
	for (i = 0; i < n; i++) {
		if (strcmp(names[i], ".") && strcmp(names[i], "..")) {
			struct rump_stat st;

			snprintf(sub, sizeof(sub), "%s/%s", path, names[i]);
			if (rump_sys_lstat(sub, &st) != 0)
				rc |= gfail("rm", sub);
			else if (RUMP_S_ISDIR(st.st_mode))
				rc |= rm_tree(sub);
			else if (rump_sys_unlink(sub) != 0)
				rc |= gfail("rm", sub);
		}
		free(names[i]);
	}
	free(names);
	if (!rc && rump_sys_rmdir(path) != 0)
		rc = gfail("rm", path);
	return rc;
}

static int cmd_rm(int argc, char **argv)
{
	int recursive = argc > 0 && !strcmp(argv[0], "-r"), i, rc = 0;
	struct rump_stat st;

	if (argc - recursive < 1)
		return rc_usage("rm: which path?");
	for (i = recursive; i < argc; i++) {
		if (rump_sys_lstat(argv[i], &st) != 0) {
			rc |= gfail("rm", argv[i]);
		} else if (RUMP_S_ISDIR(st.st_mode)) {
			if (recursive) {
				rc |= rm_tree(argv[i]);
			} else {
				rc_fail("rm %s: is a directory (rm -r removes "
					"it and what it holds)", argv[i]);
				rc = 1;
			}
		} else if (rump_sys_unlink(argv[i]) != 0) {
			rc |= gfail("rm", argv[i]);
		}
	}
	return rc;
}

static int cmd_mv(int argc, char **argv)
{
	if (argc != 2)
		return rc_usage("mv: OLD NEW");
	return rump_sys_rename(argv[0], argv[1]) != 0 ?
	       gfail("mv", argv[0]) : 0;
}

static int cmd_mount(int argc, char **argv)
{
	if (argc != 2)
		return rc_usage("mount: TYPE DIR (tmpfs, kernfs)");
	return rump_sys_mount(argv[0], argv[1], 0, NULL, 0) != 0 ?
	       gfail("mount", argv[1]) : 0;
}

static int cmd_umount(int argc, char **argv)
{
	if (argc != 1)
		return rc_usage("umount: DIR");
	return rump_sys_unmount(argv[0], 0) != 0 ?
	       gfail("umount", argv[0]) : 0;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "ls", cmd_ls }, { "cat", cmd_cat }, { "stat", cmd_stat },
	{ "mkdir", cmd_mkdir }, { "put", cmd_put }, { "get", cmd_get },
	{ "rm", cmd_rm }, { "mv", cmd_mv }, { "mount", cmd_mount },
	{ "umount", cmd_umount },
};

/*
 * The guest operand comes after the command's options (ls -l T /dir):
 * take it out of argv; NULL when there is none.
 */
static const char *take_target(int *argc, char **argv)
{
	const char *t;
	int i;

	for (i = 0; i < *argc; i++)
		if (argv[i][0] != '-' || !argv[i][1])
			break;
	if (i == *argc)
		return NULL;
	t = argv[i];
	memmove(argv + i, argv + i + 1, (size_t)(*argc - i - 1) *
		sizeof(*argv));
	(*argc)--;
	return t;
}

int rc_file_command(const char *cmd, int argc, char **argv,
		    const char *server)
{
	const char *target = server;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(cmd, commands[i].name))
			continue;
		if (!target)
			target = take_target(&argc, argv);
		if (!target)
			return rc_usage("%s: which guest? (an instance name, a "
					"URL, or --server URL)", cmd);
		if (connect_to(target) != 0)
			return 1;
		rc = commands[i].fn(argc, argv);
		rumpclient_close();
		return rc;
	}
	return -1;
}
