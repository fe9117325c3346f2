/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Constants and structures of the rump client API, with NetBSD's names
 * and values: a client passes them to rump_sys_* unchanged.  Errno
 * values seen by clients are NetBSD's numbers (RUMP_ENOENT 2, RUMP_EAGAIN
 * 35, ...: <rump/rumperr.h>, included here as NetBSD's rumpdefs.h has them).
 *
 * Self-contained (compiler-provided types only) so that the guest, the
 * Linux kernel and userspace clients can all include it.
 */
#ifndef RUMP_RUMPDEFS_H
#define RUMP_RUMPDEFS_H

#include <rump/rumperr.h>

/* open(2) flags (NetBSD <sys/fcntl.h>). */
#define RUMP_O_RDONLY		0x00000000
#define RUMP_O_WRONLY		0x00000001
#define RUMP_O_RDWR		0x00000002
#define RUMP_O_ACCMODE		0x00000003
#define RUMP_O_NONBLOCK		0x00000004
#define RUMP_O_APPEND		0x00000008
#define RUMP_O_SHLOCK		0x00000010
#define RUMP_O_EXLOCK		0x00000020
#define RUMP_O_ASYNC		0x00000040
#define RUMP_O_SYNC		0x00000080
#define RUMP_O_NOFOLLOW		0x00000100
#define RUMP_O_CREAT		0x00000200
#define RUMP_O_TRUNC		0x00000400
#define RUMP_O_EXCL		0x00000800
#define RUMP_O_NOCTTY		0x00008000
#define RUMP_O_DSYNC		0x00010000
#define RUMP_O_RSYNC		0x00020000
#define RUMP_O_DIRECTORY	0x00200000
#define RUMP_O_CLOEXEC		0x00400000

/* lseek(2) */
#define RUMP_SEEK_SET		0
#define RUMP_SEEK_CUR		1
#define RUMP_SEEK_END		2

/* mount(2) / unmount(2) flags (NetBSD <sys/fstypes.h>). */
#define RUMP_MNT_RDONLY		0x00000001
#define RUMP_MNT_SYNCHRONOUS	0x00000002
#define RUMP_MNT_NOEXEC		0x00000004
#define RUMP_MNT_NOSUID		0x00000008
#define RUMP_MNT_NODEV		0x00000010
#define RUMP_MNT_ASYNC		0x00000040
#define RUMP_MNT_UPDATE		0x00010000
#define RUMP_MNT_FORCE		0x00080000

/* reboot(2) howto (NetBSD <sys/reboot.h>). */
#define RUMP_RB_AUTOBOOT	0
#define RUMP_RB_ASKNAME		0x00000001
#define RUMP_RB_SINGLE		0x00000002
#define RUMP_RB_NOSYNC		0x00000004
#define RUMP_RB_HALT		0x00000008
#define RUMP_RB_INITNAME	0x00000010
#define RUMP_RB_DUMP		0x00000100
#define RUMP_RB_POWERDOWN	(RUMP_RB_HALT | 0x800)

/* File types and permission bits (NetBSD <sys/stat.h>), octal. */
#define RUMP_S_IFMT		0170000
#define RUMP_S_IFIFO		0010000
#define RUMP_S_IFCHR		0020000
#define RUMP_S_IFDIR		0040000
#define RUMP_S_IFBLK		0060000
#define RUMP_S_IFREG		0100000
#define RUMP_S_IFLNK		0120000
#define RUMP_S_IFSOCK		0140000
#define RUMP_S_IFWHT		0160000
#define RUMP_S_ISUID		0004000
#define RUMP_S_ISGID		0002000
#define RUMP_S_ISVTX		0001000
#define RUMP_S_IRWXU		0000700
#define RUMP_S_IRUSR		0000400
#define RUMP_S_IWUSR		0000200
#define RUMP_S_IXUSR		0000100
#define RUMP_S_IRWXG		0000070
#define RUMP_S_IRGRP		0000040
#define RUMP_S_IWGRP		0000020
#define RUMP_S_IXGRP		0000010
#define RUMP_S_IRWXO		0000007
#define RUMP_S_IROTH		0000004
#define RUMP_S_IWOTH		0000002
#define RUMP_S_IXOTH		0000001
#define RUMP_S_ISDIR(m)		(((m) & RUMP_S_IFMT) == RUMP_S_IFDIR)
#define RUMP_S_ISREG(m)		(((m) & RUMP_S_IFMT) == RUMP_S_IFREG)
#define RUMP_S_ISLNK(m)		(((m) & RUMP_S_IFMT) == RUMP_S_IFLNK)

/* Directory entry types (NetBSD <sys/dirent.h>). */
#define RUMP_DT_UNKNOWN		0
#define RUMP_DT_FIFO		1
#define RUMP_DT_CHR		2
#define RUMP_DT_DIR		4
#define RUMP_DT_BLK		6
#define RUMP_DT_REG		8
#define RUMP_DT_LNK		10
#define RUMP_DT_SOCK		12
#define RUMP_DT_WHT		14

#define RUMP_MAXNAMLEN		511
#define RUMP_MAXPATHLEN		1024

struct rump_timespec {
	__INT64_TYPE__ tv_sec;
	long tv_nsec;
};

/* NetBSD's struct stat (the __stat50 ABI), amd64 layout: 152 bytes. */
struct rump_stat {
	__UINT64_TYPE__ st_dev;
	__UINT32_TYPE__ st_mode;
	__UINT64_TYPE__ st_ino;
	__UINT32_TYPE__ st_nlink;
	__UINT32_TYPE__ st_uid;
	__UINT32_TYPE__ st_gid;
	__UINT64_TYPE__ st_rdev;
	struct rump_timespec st_atimespec;
	struct rump_timespec st_mtimespec;
	struct rump_timespec st_ctimespec;
	struct rump_timespec st_birthtimespec;
	__INT64_TYPE__ st_size;
	__INT64_TYPE__ st_blocks;
	__UINT32_TYPE__ st_blksize;
	__UINT32_TYPE__ st_flags;
	__UINT32_TYPE__ st_gen;
	__UINT32_TYPE__ st_spare[2];
};

/*
 * NetBSD's struct dirent (the __getdents30 ABI).  getdents returns
 * records of RUMP_DIRENT_RECLEN(d_namlen) bytes (8-byte aligned), not
 * sizeof(struct rump_dirent); walk them by d_reclen.
 */
struct rump_dirent {
	__UINT64_TYPE__ d_fileno;
	__UINT16_TYPE__ d_reclen;
	__UINT16_TYPE__ d_namlen;
	__UINT8_TYPE__ d_type;
	char d_name[RUMP_MAXNAMLEN + 1];
};
#define RUMP_DIRENT_NAMEOFF	__builtin_offsetof(struct rump_dirent, d_name)
#define RUMP_DIRENT_RECLEN(namlen) \
	((RUMP_DIRENT_NAMEOFF + (namlen) + 1 + 7) & ~(__SIZE_TYPE__)7)

#endif /* RUMP_RUMPDEFS_H */
