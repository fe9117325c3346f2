// SPDX-License-Identifier: BSD-2-Clause
/*
 * TAP output of the VFS suite.  Freestanding: a small formatter of our
 * own, and lines go out through the glue's print callback, never through
 * the guest console, so the report does not depend on the guest under test.
 */
#include "vt_int.h"

#define VT_LINE 512

const struct vt_host *vt_host;
static int vt_n, vt_nfail;

struct vt_buf {
	char *p;
	vt_size_t len, pos;
};

static void vt_putc(struct vt_buf *b, char c)
{
	if (b->pos + 1 < b->len)
		b->p[b->pos] = c;
	b->pos++;
}

static void vt_putnum(struct vt_buf *b, unsigned long long v, int base,
		      int neg, int width, char pad, int left)
{
	char tmp[24];
	int n = 0, len;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	len = n + neg;
	if (neg && pad == '0')
		vt_putc(b, '-');
	for (; !left && len < width; len++)
		vt_putc(b, pad);
	if (neg && pad != '0')
		vt_putc(b, '-');
	while (n)
		vt_putc(b, tmp[--n]);
	for (; left && len < width; len++)
		vt_putc(b, ' ');
}

/* %d %i %u %x %s %c %p %% with l/ll/z, width, 0 and - flags. */
static int vt_vformat(char *buf, vt_size_t len, const char *fmt,
		      __builtin_va_list ap)
{
	struct vt_buf b = { buf, len, 0 };
	const char *s;

	for (; *fmt; fmt++) {
		int lng = 0, width = 0, left = 0;
		char pad = ' ';
		unsigned long long u;
		long long d;

		if (*fmt != '%') {
			vt_putc(&b, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '-') {
			left = 1;
			fmt++;
		}
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;	/* z: size_t is long here */
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i':
			d = lng >= 2 ? __builtin_va_arg(ap, long long) :
			    lng ? __builtin_va_arg(ap, long) :
			    __builtin_va_arg(ap, int);
			u = d < 0 ? -(unsigned long long)d : (unsigned long long)d;
			vt_putnum(&b, u, 10, d < 0, width, pad, left);
			break;
		case 'u':
		case 'x':
			u = lng >= 2 ? __builtin_va_arg(ap, unsigned long long) :
			    lng ? __builtin_va_arg(ap, unsigned long) :
			    __builtin_va_arg(ap, unsigned int);
			vt_putnum(&b, u, *fmt == 'x' ? 16 : 10, 0, width, pad,
				  left);
			break;
		case 'p':
			vt_putc(&b, '0');
			vt_putc(&b, 'x');
			vt_putnum(&b, (unsigned long)__builtin_va_arg(ap, void *),
				  16, 0, 0, ' ', 0);
			break;
		case 'c':
			vt_putc(&b, (char)__builtin_va_arg(ap, int));
			break;
		case 's':
			s = __builtin_va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			for (width -= (int)vt_strlen(s); !left && width > 0;
			     width--)
				vt_putc(&b, ' ');
			while (*s)
				vt_putc(&b, *s++);
			for (; left && width > 0; width--)
				vt_putc(&b, ' ');
			break;
		case '%':
			vt_putc(&b, '%');
			break;
		default:
			vt_putc(&b, '%');
			if (!*fmt)
				goto out;
			vt_putc(&b, *fmt);
		}
	}
out:
	if (len)
		buf[b.pos < len ? b.pos : len - 1] = '\0';
	return (int)b.pos;
}

int vt_snprintf(char *buf, vt_size_t len, const char *fmt, ...)
{
	__builtin_va_list ap;
	int n;

	__builtin_va_start(ap, fmt);
	n = vt_vformat(buf, len, fmt, ap);
	__builtin_va_end(ap);
	return n;
}

void vt_out(const char *fmt, ...)
{
	char line[VT_LINE];
	__builtin_va_list ap;

	__builtin_va_start(ap, fmt);
	vt_vformat(line, sizeof(line), fmt, ap);
	__builtin_va_end(ap);
	vt_host->print(line);
}

/* Test points are numbered in one place; threads never report directly. */
int vt_ok(int cond, const char *fmt, ...)
{
	char desc[VT_LINE - 32];
	__builtin_va_list ap;
	char *p;

	__builtin_va_start(ap, fmt);
	vt_vformat(desc, sizeof(desc), fmt, ap);
	__builtin_va_end(ap);
	/* A '#' would start a TAP directive. */
	for (p = desc; *p; p++)
		if (*p == '#')
			*p = '_';
	vt_n++;
	if (!cond)
		vt_nfail++;
	vt_out("%s %d - %s", cond ? "ok" : "not ok", vt_n, desc);
	return cond;
}

void vt_skip(const char *reason, const char *fmt, ...)
{
	char desc[VT_LINE / 2];
	__builtin_va_list ap;

	__builtin_va_start(ap, fmt);
	vt_vformat(desc, sizeof(desc), fmt, ap);
	__builtin_va_end(ap);
	vt_n++;
	vt_out("ok %d - %s # SKIP %s", vt_n, desc, reason);
}

int vt_failed(void)
{
	return vt_nfail;
}

int vt_count(void)
{
	return vt_n;
}

void vt_plan(void)
{
	vt_out("1..%d", vt_n);
}

const char *vt_errname(int e)
{
	static const struct {
		int e;
		const char *name;
	} names[] = {
		{ 0, "0" }, { VT_EPERM, "EPERM" }, { VT_ENOENT, "ENOENT" },
		{ VT_EIO, "EIO" }, { VT_EBADF, "EBADF" },
		{ VT_ENOMEM, "ENOMEM" }, { VT_EACCES, "EACCES" },
		{ VT_EFAULT, "EFAULT" }, { VT_EBUSY, "EBUSY" },
		{ VT_EEXIST, "EEXIST" }, { VT_EXDEV, "EXDEV" },
		{ VT_ENODEV, "ENODEV" },
		{ VT_ENOTDIR, "ENOTDIR" }, { VT_EISDIR, "EISDIR" },
		{ VT_EINVAL, "EINVAL" }, { VT_EMFILE, "EMFILE" },
		{ VT_EFBIG, "EFBIG" }, { VT_ENOSPC, "ENOSPC" },
		{ VT_ESPIPE, "ESPIPE" }, { VT_EROFS, "EROFS" },
		{ VT_ERANGE, "ERANGE" }, { VT_EOPNOTSUPP, "EOPNOTSUPP" },
		{ VT_ELOOP, "ELOOP" }, { VT_ENAMETOOLONG, "ENAMETOOLONG" },
		{ VT_ENOTEMPTY, "ENOTEMPTY" }, { VT_ENOSYS, "ENOSYS" },
	};
	static char other[8][16];
	static unsigned next;
	unsigned i;
	char *b;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	/* Diagnostics only: a small ring is enough for one line's worth. */
	b = other[next++ % 8];
	vt_snprintf(b, sizeof(other[0]), "errno %d", e);
	return b;
}

int vt_errno(void)
{
	return vt_host->geterrno();
}

int vt_expect_ok(long rv, const char *what)
{
	int e = rv < 0 ? vt_errno() : 0;

	if (rv >= 0)
		return vt_ok(1, "%s", what);
	return vt_ok(0, "%s: expected success, got %ld (%s)", what, rv,
		     vt_errname(e));
}

int vt_expect_val(long rv, long want, const char *what)
{
	int e = rv < 0 ? vt_errno() : 0;

	if (rv == want)
		return vt_ok(1, "%s == %ld", what, want);
	if (rv < 0)
		return vt_ok(0, "%s: expected %ld, got %ld (%s)", what, want,
			     rv, vt_errname(e));
	return vt_ok(0, "%s: expected %ld, got %ld", what, want, rv);
}

int vt_expect_err(long rv, int err, const char *what)
{
	int e = rv == -1 ? vt_errno() : 0;

	if (rv == -1 && e == err)
		return vt_ok(1, "%s fails %s", what, vt_errname(err));
	if (rv == -1)
		return vt_ok(0, "%s: expected %s, got %s", what,
			     vt_errname(err), vt_errname(e));
	return vt_ok(0, "%s: expected -1 (%s), got %ld", what,
		     vt_errname(err), rv);
}
