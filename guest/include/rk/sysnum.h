/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * System call numbers: NetBSD's current ones, so that hyp_syscall can
 * serve a NetBSD client's numbers unchanged.
 */
#ifndef RK_SYSNUM_H
#define RK_SYSNUM_H

#define RK_SYS_exit		1
#define RK_SYS_read		3
#define RK_SYS_write		4
#define RK_SYS_open		5
#define RK_SYS_close		6
#define RK_SYS_unlink		10
#define RK_SYS_chdir		12
#define RK_SYS_getpid		20
#define RK_SYS_unmount		22
#define RK_SYS_recvmsg		27
#define RK_SYS_sendmsg		28
#define RK_SYS_recvfrom		29
#define RK_SYS_accept		30
#define RK_SYS_getpeername	31
#define RK_SYS_getsockname	32
#define RK_SYS_dup		41
#define RK_SYS_ioctl		54
#define RK_SYS_symlink		57
#define RK_SYS_readlink		58
#define RK_SYS_dup2		90
#define RK_SYS_fcntl		92
#define RK_SYS_fsync		95
#define RK_SYS_connect		98
#define RK_SYS_bind		104
#define RK_SYS_setsockopt	105
#define RK_SYS_listen		106
#define RK_SYS_getsockopt	118
#define RK_SYS_readv		120
#define RK_SYS_writev		121
#define RK_SYS_rename		128
#define RK_SYS_sendto		133
#define RK_SYS_shutdown		134
#define RK_SYS_mkdir		136
#define RK_SYS_rmdir		137
#define RK_SYS_pread		173
#define RK_SYS_pwrite		174
#define RK_SYS_lseek		199
#define RK_SYS_truncate		200
#define RK_SYS_ftruncate	201
#define RK_SYS_reboot		208
#define RK_SYS_poll		209
#define RK_SYS___getcwd		296
#define RK_SYS___getdents30	390
#define RK_SYS___socket30	394
#define RK_SYS___mount50	410
#define RK_SYS___select50	417
#define RK_SYS___stat50		439
#define RK_SYS___fstat50	440
#define RK_SYS___lstat50	441
#define RK_SYS_paccept		456

/* One past the highest number NetBSD assigns today. */
#define RK_SYS_MAXSYSCALL	512

#endif /* RK_SYSNUM_H */
