// SPDX-License-Identifier: BSD-2-Clause
/*
 * kernfs, mounted as NetBSD's demo does: the files it must offer, their
 * contents, and the writable hostname.
 */
#include "vt_int.h"

#define K "/vt/kern"

struct vt_kfiles {
	int n, version, hostname, time, boottime, ncpu, msgbuf, mem;
};

static int vt_streq_any(const char *name, const char *a, const char *b)
{
	return !vt_strcmp(name, a) || (b && !vt_strcmp(name, b));
}

static void vt_kseen(const char *name, int type, void *arg)
{
	struct vt_kfiles *k = arg;

	(void)type;
	k->n++;
	k->version += vt_streq_any(name, "version", 0);
	k->hostname += vt_streq_any(name, "hostname", 0);
	k->time += vt_streq_any(name, "time", 0);
	k->boottime += vt_streq_any(name, "boottime", 0);
	k->ncpu += vt_streq_any(name, "ncpu", 0);
	k->msgbuf += vt_streq_any(name, "msgbuf", 0);
	k->mem += vt_streq_any(name, "meminfo", "memory");
}

/* Parse a decimal number at *s; advances *s.  -1 if none. */
static long long vt_num(const char **s)
{
	long long v = 0;
	int any = 0;

	while (**s == ' ' || **s == '\t')
		(*s)++;
	while (**s >= '0' && **s <= '9') {
		v = v * 10 + (*(*s)++ - '0');
		any = 1;
	}
	return any ? v : -1;
}

static void vt_strip(char *s)
{
	vt_size_t n = vt_strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
}

void vt_t_kernfs(void)
{
	struct vt_kfiles k = { 0 };
	char buf[512], buf2[512];
	const char *p;
	long long t1, t2, bt;
	long n;
	int fd;

	vt_out("# kernfs");
	VT_VAL(rump_sys_mkdir(K, 0755), 0);
	if (!VT_VAL(rump_sys_mount("kernfs", K, 0, 0, 0), 0))
		goto out;
	n = vt_listdir(K, vt_kseen, &k);
	vt_ok(n > 0 && k.version == 1 && k.hostname == 1 && k.time == 1 &&
	      k.boottime == 1 && k.ncpu == 1 && k.msgbuf == 1 && k.mem == 1,
	      "kernfs lists version hostname time boottime ncpu msgbuf "
	      "meminfo (%ld entries; %d %d %d %d %d %d %d)", n, k.version,
	      k.hostname, k.time, k.boottime, k.ncpu, k.msgbuf, k.mem);

	n = vt_slurp(K "/version", buf, sizeof(buf));
	vt_ok(n > 1 && buf[n - 1] == '\n', "version is a line (%ld bytes)", n);
	if (n > 0) {
		vt_strip(buf);
		vt_out("# kernfs version: %s", buf);
	}

	n = vt_slurp(K "/hostname", buf, sizeof(buf));
	vt_ok(n > 1, "hostname is not empty (%ld bytes)", n);
	fd = rump_sys_open(K "/hostname", RUMP_O_WRONLY | RUMP_O_TRUNC);
	vt_ok(fd >= 0, "hostname opens for writing");
	VT_VAL(rump_sys_write(fd, "vt-host\n", 8), 8);
	rump_sys_close(fd);
	n = vt_slurp(K "/hostname", buf2, sizeof(buf2));
	vt_strip(buf2);
	vt_ok(!vt_strcmp(buf2, "vt-host"), "hostname reads back what was "
	      "written (\"%s\")", buf2);
	/* Put the old name back: the suite may run twice in one guest. */
	vt_strip(buf);
	fd = rump_sys_open(K "/hostname", RUMP_O_WRONLY | RUMP_O_TRUNC);
	if (fd >= 0) {
		rump_sys_write(fd, buf, vt_strlen(buf));
		rump_sys_close(fd);
	}

	n = vt_slurp(K "/time", buf, sizeof(buf));
	p = buf;
	t1 = n > 0 ? vt_num(&p) : -1;
	n = vt_slurp(K "/boottime", buf, sizeof(buf));
	p = buf;
	bt = n > 0 ? vt_num(&p) : -1;
	vt_ok(t1 > 1000000000 && bt > 1000000000 && bt <= t1,
	      "time and boottime are seconds since 1970, boottime <= time "
	      "(%lld, %lld)", t1, bt);
	n = vt_slurp(K "/time", buf, sizeof(buf));
	p = buf;
	t2 = n > 0 ? vt_num(&p) : -1;
	vt_ok(t2 >= t1, "time does not go back (%lld -> %lld)", t1, t2);

	n = vt_slurp(K "/ncpu", buf, sizeof(buf));
	p = buf;
	t1 = n > 0 ? vt_num(&p) : -1;
	vt_ok(t1 >= 1 && t1 <= 4096, "ncpu is a count (%lld)", t1);

	n = vt_slurp(K "/msgbuf", buf, sizeof(buf));
	vt_ok(n > 0, "msgbuf holds the kernel's messages (%ld bytes)", n);

	n = vt_slurp(k.mem ? K "/meminfo" : K "/memory", buf, sizeof(buf));
	if (n <= 0)
		n = vt_slurp(K "/memory", buf, sizeof(buf));
	vt_ok(n > 0, "memory usage is readable (%ld bytes)", n);

	VT_ERR(rump_sys_open(K "/nope", RUMP_O_RDONLY), VT_ENOENT);
	{
		long rv = rump_sys_open(K "/new", RUMP_O_RDWR | RUMP_O_CREAT,
					0644);
		int e = rv < 0 ? vt_errno() : 0;

		vt_ok(rv < 0 && e != 0, "no new files in kernfs (%s)",
		      vt_errname(e));
		if (rv >= 0)
			rump_sys_close(rv);
	}
	VT_VAL(rump_sys_unmount(K, 0), 0);
out:
	VT_VAL(rump_sys_rmdir(K), 0);
}
