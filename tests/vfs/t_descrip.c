// SPDX-License-Identifier: BSD-2-Clause
/*
 * The generic descriptor layer on files: readv/writev, fcntl (status and
 * descriptor flags), ioctl (FIONBIO, FIONREAD, FIOCLEX, unknown
 * commands), poll and select on files, and the error cases.
 */
#include "vt_int.h"

#define D "/vt/descrip"
#define VT_ENOTTY	25

static void vt_rwv(int fd)
{
	struct rump_iovec iov[3];
	char a[4], b[8];

	iov[0].iov_base = "abc";
	iov[0].iov_len = 3;
	iov[1].iov_base = "";
	iov[1].iov_len = 0;
	iov[2].iov_base = "defghij";
	iov[2].iov_len = 7;
	VT_VAL(rump_sys_writev(fd, (void *)iov, 3), 10);
	VT_VAL(rump_sys_lseek(fd, 0, VT_SEEK_SET), 0);
	iov[0].iov_base = a;
	iov[0].iov_len = 4;
	iov[1].iov_base = b;
	iov[1].iov_len = 8;
	VT_VAL(rump_sys_readv(fd, (void *)iov, 2), 10);
	vt_ok(!vt_memcmp(a, "abcd", 4) && !vt_memcmp(b, "efghij", 6),
	      "readv scatters the data in order");
	VT_ERR(rump_sys_readv(fd, (void *)iov, 0), VT_EINVAL);
	VT_ERR(rump_sys_readv(fd, (void *)iov, 1025), VT_EINVAL);
	VT_ERR(rump_sys_readv(fd, (void *)8, 1), VT_EFAULT);
	VT_ERR(rump_sys_writev(99, (void *)iov, 1), VT_EBADF);
}

static void vt_fcntl(int fd)
{
	int fd2, n;

	VT_VAL(rump_sys_fcntl(fd, RUMP_F_GETFL), RUMP_O_RDWR);
	VT_VAL(rump_sys_fcntl(fd, RUMP_F_SETFL,
			      RUMP_O_NONBLOCK | RUMP_O_APPEND), 0);
	VT_VAL(rump_sys_fcntl(fd, RUMP_F_GETFL),
	       RUMP_O_RDWR | RUMP_O_NONBLOCK | RUMP_O_APPEND);
	n = 0;
	VT_VAL(rump_sys_ioctl(fd, RUMP_FIONBIO, &n), 0);
	VT_VAL(rump_sys_fcntl(fd, RUMP_F_GETFL), RUMP_O_RDWR | RUMP_O_APPEND);
	VT_VAL(rump_sys_fcntl(fd, RUMP_F_SETFL, 0), 0);
	VT_VAL(rump_sys_fcntl(fd, RUMP_F_GETFD), 0);
	VT_VAL(rump_sys_fcntl(fd, RUMP_F_SETFD, RUMP_FD_CLOEXEC), 0);
	VT_VAL(rump_sys_fcntl(fd, RUMP_F_GETFD), RUMP_FD_CLOEXEC);
	VT_VAL(rump_sys_ioctl(fd, RUMP_FIONCLEX), 0);
	VT_VAL(rump_sys_fcntl(fd, RUMP_F_GETFD), 0);
	VT_VAL(rump_sys_ioctl(fd, RUMP_FIOCLEX), 0);
	fd2 = rump_sys_fcntl(fd, RUMP_F_DUPFD, 20);
	vt_ok(fd2 >= 20, "F_DUPFD gives a descriptor >= 20 (%d)", fd2);
	VT_VAL(rump_sys_fcntl(fd2, RUMP_F_GETFD), 0);
	rump_sys_close(fd2);
	fd2 = rump_sys_fcntl(fd, RUMP_F_DUPFD_CLOEXEC, 0);
	VT_VAL(rump_sys_fcntl(fd2, RUMP_F_GETFD), RUMP_FD_CLOEXEC);
	rump_sys_close(fd2);
	VT_ERR(rump_sys_fcntl(fd, 12345), VT_EINVAL);
	VT_ERR(rump_sys_fcntl(77, RUMP_F_GETFL), VT_EBADF);
	VT_ERR(rump_sys_fcntl(77, RUMP_F_GETFD), VT_EBADF);
	fd2 = rump_sys_open(D "/c", RUMP_O_RDWR | RUMP_O_CREAT |
			    RUMP_O_CLOEXEC, 0644);
	VT_VAL(rump_sys_fcntl(fd2, RUMP_F_GETFD), RUMP_FD_CLOEXEC);
	VT_VAL(rump_sys_fcntl(fd2, RUMP_F_GETFL), RUMP_O_RDWR);
	rump_sys_close(fd2);
}

static void vt_ioctl(int fd)
{
	int n = -1;

	VT_VAL(rump_sys_lseek(fd, 3, VT_SEEK_SET), 3);
	VT_VAL(rump_sys_ioctl(fd, RUMP_FIONREAD, &n), 0);
	vt_ok(n == 7, "FIONREAD: 7 bytes after offset 3 (%d)", n);
	VT_ERR(rump_sys_ioctl(fd, 0x2000ffffUL), VT_ENOTTY);
	VT_ERR(rump_sys_ioctl(fd, RUMP_FIONREAD, (void *)8), VT_EFAULT);
	VT_ERR(rump_sys_ioctl(99, RUMP_FIONREAD, &n), VT_EBADF);
}

static void vt_pollsel(int fd)
{
	struct rump_pollfd p[3];
	struct rump_timeval tv = { 0, 1000 };
	unsigned int rd[2] = { 0, 0 }, wr[2] = { 0, 0 };

	p[0].fd = fd;
	p[0].events = RUMP_POLLIN | RUMP_POLLOUT;
	p[1].fd = 63;
	p[1].events = RUMP_POLLIN;
	p[2].fd = -1;
	p[2].events = RUMP_POLLIN;
	VT_VAL(rump_sys_poll((void *)p, 3, 0), 2);
	vt_ok(p[0].revents == (RUMP_POLLIN | RUMP_POLLOUT) &&
	      p[1].revents == RUMP_POLLNVAL && p[2].revents == 0,
	      "poll: a file is readable and writable, a closed descriptor "
	      "is POLLNVAL, a negative one ignored (0x%x 0x%x 0x%x)",
	      p[0].revents, p[1].revents, p[2].revents);
	VT_VAL(rump_sys_poll((void *)p, 0, 1), 0);
	VT_ERR(rump_sys_poll((void *)8, 1, 0), VT_EFAULT);
	rd[fd / 32] |= 1U << (fd % 32);
	wr[fd / 32] |= 1U << (fd % 32);
	VT_VAL(rump_sys_select(fd + 1, rd, wr, (void *)0, (void *)&tv), 2);
	vt_ok((rd[fd / 32] & (1U << (fd % 32))) &&
	      (wr[fd / 32] & (1U << (fd % 32))), "select: file ready both ways");
	rd[1] = 1U << 30;	/* descriptor 62 is not open */
	VT_ERR(rump_sys_select(63, rd, (void *)0, (void *)0, (void *)&tv),
	       VT_EBADF);
	tv.tv_usec = 2000000;
	VT_ERR(rump_sys_select(1, (void *)0, (void *)0, (void *)0,
			       (void *)&tv), VT_EINVAL);
	tv.tv_usec = 1000;
	VT_VAL(rump_sys_select(0, (void *)0, (void *)0, (void *)0,
			       (void *)&tv), 0);
}

void vt_t_descrip(void)
{
	int fd;

	vt_out("# descriptors: readv, writev, fcntl, ioctl, poll, select");
	VT_VAL(rump_sys_mkdir(D, 0755), 0);
	fd = rump_sys_open(D "/f", RUMP_O_RDWR | RUMP_O_CREAT, 0644);
	vt_ok(fd >= 0, "open " D "/f");
	vt_rwv(fd);
	vt_fcntl(fd);
	vt_ioctl(fd);
	vt_pollsel(fd);
	VT_ERR(rump_sys_pread(fd, (void *)0x1000, 1, -1), VT_EINVAL);
	rump_sys_close(fd);
	vt_rmtree(D);
	vt_ok(vt_ftype(D) == 0, "cleanup of " D);
}
