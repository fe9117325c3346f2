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

/* fcntl(2) (NetBSD <sys/fcntl.h>). */
#define RUMP_F_DUPFD		0
#define RUMP_F_GETFD		1
#define RUMP_F_SETFD		2
#define RUMP_F_GETFL		3
#define RUMP_F_SETFL		4
#define RUMP_F_DUPFD_CLOEXEC	12
#define RUMP_FD_CLOEXEC		1

/* ioctl(2) on any descriptor (NetBSD <sys/filio.h>). */
#define RUMP_FIOCLEX		0x20006601UL
#define RUMP_FIONCLEX		0x20006602UL
#define RUMP_FIONBIO		0x8004667eUL
#define RUMP_FIONREAD		0x4004667fUL

/* poll(2) (NetBSD <sys/poll.h>); struct pollfd is { int; short; short }. */
#define RUMP_POLLIN		0x0001
#define RUMP_POLLPRI		0x0002
#define RUMP_POLLOUT		0x0004
#define RUMP_POLLERR		0x0008
#define RUMP_POLLHUP		0x0010
#define RUMP_POLLNVAL		0x0020
#define RUMP_POLLRDNORM		0x0040
#define RUMP_POLLWRNORM		RUMP_POLLOUT
#define RUMP_POLLRDBAND		0x0080
#define RUMP_POLLWRBAND		0x0100
#define RUMP_INFTIM		(-1)

struct rump_pollfd {
	int fd;
	short events;
	short revents;
};

/* NetBSD's struct timeval (select, SO_RCVTIMEO): 16 bytes. */
struct rump_timeval {
	__INT64_TYPE__ tv_sec;
	int tv_usec;
};

/* NetBSD's struct iovec. */
struct rump_iovec {
	void *iov_base;
	__SIZE_TYPE__ iov_len;
};

/*
 * Sockets (NetBSD <sys/socket.h>, <netinet/in.h>, <netinet/tcp.h>,
 * <net/if.h>, <sys/sockio.h>).  Addresses carry a length byte first.
 */
typedef __UINT32_TYPE__ rump_socklen_t;
typedef __UINT8_TYPE__ rump_sa_family_t;
typedef __UINT16_TYPE__ rump_in_port_t;		/* network byte order */
typedef __UINT32_TYPE__ rump_in_addr_t;		/* network byte order */

#define RUMP_AF_UNSPEC		0
#define RUMP_AF_LOCAL		1
#define RUMP_AF_INET		2
#define RUMP_AF_LINK		18
#define RUMP_AF_INET6		24
#define RUMP_PF_INET		RUMP_AF_INET

#define RUMP_SOCK_STREAM	1
#define RUMP_SOCK_DGRAM		2
#define RUMP_SOCK_RAW		3
#define RUMP_SOCK_CLOEXEC	0x10000000
#define RUMP_SOCK_NONBLOCK	0x20000000
#define RUMP_SOCK_NOSIGPIPE	0x40000000

#define RUMP_IPPROTO_IP		0
#define RUMP_IPPROTO_ICMP	1
#define RUMP_IPPROTO_TCP	6
#define RUMP_IPPROTO_UDP	17
#define RUMP_IPPROTO_RAW	255

#define RUMP_SOL_SOCKET		0xffff
#define RUMP_SO_DEBUG		0x0001
#define RUMP_SO_ACCEPTCONN	0x0002
#define RUMP_SO_REUSEADDR	0x0004
#define RUMP_SO_KEEPALIVE	0x0008
#define RUMP_SO_DONTROUTE	0x0010
#define RUMP_SO_BROADCAST	0x0020
#define RUMP_SO_LINGER		0x0080
#define RUMP_SO_OOBINLINE	0x0100
#define RUMP_SO_REUSEPORT	0x0200
#define RUMP_SO_NOSIGPIPE	0x0800
#define RUMP_SO_SNDBUF		0x1001
#define RUMP_SO_RCVBUF		0x1002
#define RUMP_SO_SNDLOWAT	0x1003
#define RUMP_SO_RCVLOWAT	0x1004
#define RUMP_SO_ERROR		0x1007
#define RUMP_SO_TYPE		0x1008
#define RUMP_SO_SNDTIMEO	0x100b
#define RUMP_SO_RCVTIMEO	0x100c

#define RUMP_IP_OPTIONS		1
#define RUMP_IP_HDRINCL		2
#define RUMP_IP_TOS		3
#define RUMP_IP_TTL		4

#define RUMP_TCP_NODELAY	0x01
#define RUMP_TCP_MAXSEG		0x02
#define RUMP_TCP_KEEPIDLE	0x03
#define RUMP_TCP_KEEPINTVL	0x05
#define RUMP_TCP_KEEPCNT	0x06
#define RUMP_TCP_KEEPINIT	0x07

#define RUMP_MSG_OOB		0x0001
#define RUMP_MSG_PEEK		0x0002
#define RUMP_MSG_DONTROUTE	0x0004
#define RUMP_MSG_EOR		0x0008
#define RUMP_MSG_TRUNC		0x0010
#define RUMP_MSG_CTRUNC		0x0020
#define RUMP_MSG_WAITALL	0x0040
#define RUMP_MSG_DONTWAIT	0x0080
#define RUMP_MSG_NOSIGNAL	0x0400

#define RUMP_SHUT_RD		0
#define RUMP_SHUT_WR		1
#define RUMP_SHUT_RDWR		2

#define RUMP_SOMAXCONN		128
#define RUMP_INADDR_ANY		0x00000000U
#define RUMP_INADDR_BROADCAST	0xffffffffU
#define RUMP_INADDR_LOOPBACK	0x7f000001U	/* host order */

struct rump_sockaddr {
	__UINT8_TYPE__ sa_len;
	rump_sa_family_t sa_family;
	char sa_data[14];
};

struct rump_in_addr {
	rump_in_addr_t s_addr;
};

struct rump_sockaddr_in {
	__UINT8_TYPE__ sin_len;		/* sizeof(struct rump_sockaddr_in) */
	rump_sa_family_t sin_family;	/* RUMP_AF_INET */
	rump_in_port_t sin_port;
	struct rump_in_addr sin_addr;
	__INT8_TYPE__ sin_zero[8];
};

struct rump_sockaddr_storage {
	__UINT8_TYPE__ ss_len;
	rump_sa_family_t ss_family;
	char ss_pad1[6];
	__INT64_TYPE__ ss_align;
	char ss_pad2[112];
};

struct rump_linger {
	int l_onoff;
	int l_linger;			/* seconds */
};

struct rump_msghdr {
	void *msg_name;
	rump_socklen_t msg_namelen;
	struct rump_iovec *msg_iov;
	int msg_iovlen;
	void *msg_control;
	rump_socklen_t msg_controllen;
	int msg_flags;
};

/* Interfaces (NetBSD <net/if.h>, <sys/sockio.h>). */
#define RUMP_IFNAMSIZ		16
#define RUMP_IFF_UP		0x0001
#define RUMP_IFF_BROADCAST	0x0002
#define RUMP_IFF_DEBUG		0x0004
#define RUMP_IFF_LOOPBACK	0x0008
#define RUMP_IFF_POINTOPOINT	0x0010
#define RUMP_IFF_RUNNING	0x0040
#define RUMP_IFF_NOARP		0x0080
#define RUMP_IFF_PROMISC	0x0100
#define RUMP_IFF_ALLMULTI	0x0200
#define RUMP_IFF_SIMPLEX	0x0800
#define RUMP_IFF_MULTICAST	0x8000

struct rump_ifreq {
	char ifr_name[RUMP_IFNAMSIZ];
	union {
		struct rump_sockaddr ifru_addr;
		struct rump_sockaddr ifru_dstaddr;
		struct rump_sockaddr ifru_broadaddr;
		struct rump_sockaddr_storage ifru_space;
		short ifru_flags;
		int ifru_metric;
		int ifru_mtu;
		int ifru_dlt;
		unsigned int ifru_value;
		void *ifru_data;
	} ifr_ifru;
};
#define rump_ifr_addr		ifr_ifru.ifru_addr
#define rump_ifr_broadaddr	ifr_ifru.ifru_broadaddr
#define rump_ifr_flags		ifr_ifru.ifru_flags
#define rump_ifr_mtu		ifr_ifru.ifru_mtu

struct rump_ifaliasreq {
	char ifra_name[RUMP_IFNAMSIZ];
	struct rump_sockaddr ifra_addr;
	struct rump_sockaddr ifra_dstaddr;	/* broadcast address */
	struct rump_sockaddr ifra_mask;
};

struct rump_ifconf {
	int ifc_len;
	union {
		void *ifcu_buf;
		struct rump_ifreq *ifcu_req;
	} ifc_ifcu;
};

/* Driver-specific settings (SIOCSLINKSTR: the host attachment). */
struct rump_ifdrv {
	char ifd_name[RUMP_IFNAMSIZ];
	unsigned long ifd_cmd;		/* 0 set, RUMP_IFLINKSTR_UNSET */
	__SIZE_TYPE__ ifd_len;		/* including the NUL */
	void *ifd_data;
};
#define RUMP_IFLINKSTR_QUERYLEN	0x01
#define RUMP_IFLINKSTR_UNSET	0x02

#define RUMP_SIOCSIFADDR	0x8090690cUL
#define RUMP_SIOCSIFFLAGS	0x80906910UL
#define RUMP_SIOCGIFFLAGS	0xc0906911UL
#define RUMP_SIOCSIFBRDADDR	0x80906913UL
#define RUMP_SIOCSIFNETMASK	0x80906916UL
#define RUMP_SIOCDIFADDR	0x80906919UL
#define RUMP_SIOCAIFADDR	0x8040691aUL
#define RUMP_SIOCGIFADDR	0xc0906921UL
#define RUMP_SIOCGIFBRDADDR	0xc0906923UL
#define RUMP_SIOCGIFNETMASK	0xc0906925UL
#define RUMP_SIOCGIFCONF	0xc0106926UL
#define RUMP_SIOCIFDESTROY	0x80906979UL
#define RUMP_SIOCIFCREATE	0x8090697aUL
#define RUMP_SIOCGIFMTU		0xc090697eUL
#define RUMP_SIOCSIFMTU		0x8090697fUL
#define RUMP_SIOCGLINKSTR	0xc0286987UL
#define RUMP_SIOCSLINKSTR	0x80286988UL

#ifndef __cplusplus
_Static_assert(sizeof(struct rump_sockaddr_in) == 16, "sockaddr_in");
_Static_assert(sizeof(struct rump_sockaddr) == 16, "sockaddr");
_Static_assert(sizeof(struct rump_sockaddr_storage) == 128, "storage");
_Static_assert(sizeof(struct rump_msghdr) == 48, "msghdr");
_Static_assert(sizeof(struct rump_linger) == 8, "linger");
_Static_assert(sizeof(struct rump_ifreq) == 144, "ifreq");
_Static_assert(sizeof(struct rump_ifaliasreq) == 64, "ifaliasreq");
_Static_assert(sizeof(struct rump_ifconf) == 16, "ifconf");
_Static_assert(sizeof(struct rump_ifdrv) == 40, "ifdrv");
_Static_assert(sizeof(struct rump_pollfd) == 8, "pollfd");
_Static_assert(sizeof(struct rump_timeval) == 16, "timeval");
#endif

#endif /* RUMP_RUMPDEFS_H */
