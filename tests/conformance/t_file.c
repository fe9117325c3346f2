// SPDX-License-Identifier: BSD-2-Clause
/* rumpuser_open/close/getfileinfo/iovread/iovwrite/syncfd. */
#include "ct_int.h"

static int wr(int fd, const char *a, const char *b, int64_t off, size_t *done)
{
	struct rumpuser_iovec iov[2];

	iov[0].iov_base = (void *)a;
	iov[0].iov_len = tg_strlen(a);
	iov[1].iov_base = (void *)b;
	iov[1].iov_len = tg_strlen(b);
	return rumpuser_iovwrite(fd, iov, b[0] ? 2 : 1, off, done);
}

static int rd(int fd, char *buf, size_t len, int64_t off, size_t *done)
{
	struct rumpuser_iovec iov[2];

	tg_memset(buf, 0, len + 1);
	iov[0].iov_base = buf;
	iov[0].iov_len = len / 2;
	iov[1].iov_base = buf + len / 2;
	iov[1].iov_len = len - len / 2;
	return rumpuser_iovread(fd, iov, 2, off, done);
}

static void t_basic(void)
{
	char path[200], buf[32];
	uint64_t size = 0;
	size_t done = 0;
	int fd = -1, fd2 = -1, rv, type = -1;

	rv = rumpuser_getfileinfo(ct_host->scratch, &size, &type);
	ct_check(rv == 0 && type == RUMPUSER_FT_DIR, "getfileinfo on a directory",
		 "rv %d type %d", rv, type);
	ct_path(path, sizeof(path), "ct-file");
	rv = rumpuser_getfileinfo(path, &size, &type);
	ct_check(rv == CT_ENOENT, "getfileinfo of a missing file is ENOENT",
		 "rv %d", rv);
	rv = rumpuser_open(path, RUMPUSER_OPEN_RDONLY, &fd);
	ct_check(rv == CT_ENOENT, "open of a missing file is ENOENT", "rv %d",
		 rv);
	rv = rumpuser_open(path, RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_CREATE |
			   RUMPUSER_OPEN_EXCL, &fd);
	if (!ct_check(rv == 0 && fd >= 0, "open CREATE|EXCL a new file",
		      "rv %d fd %d", rv, fd))
		return;
	rv = wr(fd, "hello ", "world", 0, &done);
	ct_check(rv == 0 && done == 11, "iovwrite two iovecs at offset 0",
		 "rv %d done %zu", rv, done);
	rv = rumpuser_getfileinfo(path, &size, &type);
	ct_check(rv == 0 && type == RUMPUSER_FT_REG && size == 11,
		 "getfileinfo on a regular file", "rv %d type %d size %llu",
		 rv, type, (unsigned long long)size);
	rv = rumpuser_getfileinfo(path, NULL, NULL);
	ct_check(rv == 0, "getfileinfo with NULL outputs", "rv %d", rv);
	rv = rd(fd, buf, 5, 6, &done);
	ct_check(rv == 0 && done == 5 && tg_memcmp(buf, "world", 5) == 0,
		 "iovread at an offset", "rv %d done %zu '%s'", rv, done, buf);
	rv = rd(fd, buf, 8, 100, &done);
	ct_check(rv == 0 && done == 0, "iovread past the end reads nothing",
		 "rv %d done %zu", rv, done);
	rv = wr(fd, "X", "", 100, &done);
	rumpuser_getfileinfo(path, &size, NULL);
	ct_check(rv == 0 && done == 1 && size == 101,
		 "iovwrite past the end extends the file",
		 "rv %d done %zu size %llu", rv, done, (unsigned long long)size);
	rv = rumpuser_syncfd(fd, RUMPUSER_SYNCFD_WRITE, 0, 0);
	ct_check(rv == 0, "syncfd WRITE", "rv %d", rv);
	rv = rumpuser_syncfd(fd, RUMPUSER_SYNCFD_WRITE | RUMPUSER_SYNCFD_SYNC,
			     0, 0);
	ct_check(rv == 0, "syncfd WRITE|SYNC", "rv %d", rv);
	rv = rumpuser_open(path, RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_CREATE |
			   RUMPUSER_OPEN_EXCL, &fd2);
	ct_check(rv == CT_EEXIST, "open CREATE|EXCL of an existing file is EEXIST",
		 "rv %d", rv);
	if (rv == 0)
		rumpuser_close(fd2);
	rv = rumpuser_close(fd);
	ct_check(rv == 0, "close", "rv %d", rv);
	rv = rumpuser_close(fd);
	ct_check(rv == CT_EBADF, "close twice is EBADF", "rv %d", rv);

	rv = rumpuser_open(path, RUMPUSER_OPEN_WRONLY, &fd);
	if (rv == 0) {
		rv = rd(fd, buf, 4, 0, &done);
		ct_check(rv == CT_EBADF, "iovread on a write-only file is EBADF",
			 "rv %d", rv);
		rumpuser_close(fd);
	} else {
		ct_check(0, "open WRONLY", "rv %d", rv);
	}
	rv = rumpuser_open(path, RUMPUSER_OPEN_RDONLY, &fd);
	if (rv == 0) {
		rv = wr(fd, "no", "", 0, &done);
		ct_check(rv == CT_EBADF, "iovwrite on a read-only file is EBADF",
			 "rv %d", rv);
		rumpuser_close(fd);
	} else {
		ct_check(0, "open RDONLY", "rv %d", rv);
	}
}

static void t_noseek(void)
{
	char path[200], buf[32];
	size_t done = 0;
	int fd = -1, rv, ok;

	ct_path(path, sizeof(path), "ct-seq");
	rv = rumpuser_open(path, RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_CREATE, &fd);
	if (!ct_check(rv == 0, "open CREATE for sequential I/O", "rv %d", rv))
		return;
	ok = wr(fd, "abc", "", RUMPUSER_IOV_NOSEEK, &done) == 0 && done == 3;
	ok = ok && wr(fd, "def", "", RUMPUSER_IOV_NOSEEK, &done) == 0;
	/* Positional I/O leaves the file position alone. */
	ok = ok && wr(fd, "ABC", "", 0, &done) == 0;
	ok = ok && wr(fd, "ghi", "", RUMPUSER_IOV_NOSEEK, &done) == 0;
	ok = ok && rd(fd, buf, 9, 0, &done) == 0 && done == 9;
	ct_check(ok && tg_memcmp(buf, "ABCdefghi", 9) == 0,
		 "iovwrite with offset -1 appends at the file position",
		 "read back '%s'", buf);
	rumpuser_close(fd);
	rv = rumpuser_open(path, RUMPUSER_OPEN_RDONLY, &fd);
	if (rv) {
		ct_check(0, "iovread with offset -1 reads sequentially",
			 "reopen %d", rv);
		return;
	}
	ok = rd(fd, buf, 4, RUMPUSER_IOV_NOSEEK, &done) == 0 && done == 4 &&
	     tg_memcmp(buf, "ABCd", 4) == 0;
	ok = ok && rd(fd, buf, 2, 7, &done) == 0;
	ok = ok && rd(fd, buf, 4, RUMPUSER_IOV_NOSEEK, &done) == 0 &&
	     done == 4 && tg_memcmp(buf, "efgh", 4) == 0;
	ct_check(ok, "iovread with offset -1 reads sequentially", "got '%s'",
		 buf);
	rumpuser_close(fd);
}

static void t_badfd(void)
{
	char buf[8];
	size_t done;
	int rv;

	rv = rd(12345, buf, 4, 0, &done);
	ct_check(rv == CT_EBADF, "iovread on a bad fd is EBADF", "rv %d", rv);
	rv = wr(-3, "x", "", 0, &done);
	ct_check(rv == CT_EBADF, "iovwrite on a bad fd is EBADF", "rv %d", rv);
	rv = rumpuser_syncfd(12345, RUMPUSER_SYNCFD_WRITE, 0, 0);
	ct_check(rv == CT_EBADF, "syncfd on a bad fd is EBADF", "rv %d", rv);
	rv = rumpuser_close(12345);
	ct_check(rv == CT_EBADF, "close of a bad fd is EBADF", "rv %d", rv);
}

static void t_confined(void)
{
	char path[400];
	int rv, fd = -1, i;
	size_t n;

	if (!ct_host->confined) {
		ct_skip("outside path is ENOENT", "host is not confined");
		ct_skip("'..' escapes are ENOENT", "host is not confined");
		return;
	}
	rv = rumpuser_getfileinfo(ct_host->outside, NULL, NULL);
	ct_check(rv == CT_ENOENT, "getfileinfo outside the scratch dir is ENOENT",
		 "'%s': rv %d", ct_host->outside, rv);
	rv = rumpuser_open(ct_host->outside, RUMPUSER_OPEN_RDONLY, &fd);
	ct_check(rv == CT_ENOENT, "open outside the scratch dir is ENOENT",
		 "rv %d", rv);
	if (rv == 0)
		rumpuser_close(fd);
	n = (size_t)tg_snprintf(path, sizeof(path), "%s", ct_host->scratch);
	for (i = 0; i < 12 && n < 300; i++)
		n += (size_t)tg_snprintf(path + n, sizeof(path) - n, "/..");
	tg_snprintf(path + n, sizeof(path) - n, "%s", ct_host->outside);
	rv = rumpuser_open(path, RUMPUSER_OPEN_RDONLY, &fd);
	ct_check(rv == CT_ENOENT, "'..' escape is ENOENT", "'%s': rv %d",
		 path, rv);
	if (rv == 0)
		rumpuser_close(fd);
	tg_snprintf(path, sizeof(path), "%s/../ct-escape", ct_host->scratch);
	rv = rumpuser_open(path, RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_CREATE,
			   &fd);
	ct_check(rv == CT_ENOENT, "creating through '..' is ENOENT", "rv %d",
		 rv);
	if (rv == 0)
		rumpuser_close(fd);
}

/*
 * An error whose number differs between Linux (36) and NetBSD (63): the
 * host's errno is translated once, at the boundary.
 */
static void t_errno_translated(void)
{
	char path[400];
	int rv, fd = -1;
	size_t n;

	n = (size_t)tg_snprintf(path, sizeof(path), "%s/", ct_host->scratch);
	while (n < sizeof(path) - 1 && n < 300 + tg_strlen(ct_host->scratch))
		path[n++] = 'n';
	path[n] = '\0';
	rv = rumpuser_open(path, RUMPUSER_OPEN_RDONLY, &fd);
	ct_check(rv == CT_ENAMETOOLONG,
		 "open of a 300-byte name component is ENAMETOOLONG (NetBSD's 63)",
		 "rv %d", rv);
	if (rv == 0)
		rumpuser_close(fd);
}

void ct_t_file(void)
{
	t_basic();
	t_noseek();
	t_badfd();
	t_errno_translated();
	t_confined();
}
