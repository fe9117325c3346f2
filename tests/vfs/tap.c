// SPDX-License-Identifier: BSD-2-Clause
/*
 * TAP output of the VFS suite.  Freestanding: the suite's own copy of the
 * freestanding library formats, and lines go out through the glue's print
 * callback, never through the guest console, so the report does not
 * depend on the guest under test.
 */
#include "vt_int.h"

#define VT_LINE 512

const struct vt_host *vt_host;
static int vt_n, vt_nfail;

void vt_out(const char *fmt, ...)
{
	char line[VT_LINE];
	__builtin_va_list ap;

	__builtin_va_start(ap, fmt);
	vt_vsnprintf(line, sizeof(line), fmt, ap);
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
	vt_vsnprintf(desc, sizeof(desc), fmt, ap);
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
	vt_vsnprintf(desc, sizeof(desc), fmt, ap);
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
