/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Error numbers: NetBSD's values, so that they go to clients and through
 * the hypercall interface unchanged.  Internal functions return 0 or one
 * of these (positive).
 */
#ifndef RK_ERRNO_H
#define RK_ERRNO_H

#define RK_EPERM	1
#define RK_ENOENT	2
#define RK_ESRCH	3
#define RK_EINTR	4
#define RK_EIO		5
#define RK_ENXIO	6
#define RK_E2BIG	7
#define RK_ENOEXEC	8
#define RK_EBADF	9
#define RK_ECHILD	10
#define RK_EDEADLK	11
#define RK_ENOMEM	12
#define RK_EACCES	13
#define RK_EFAULT	14
#define RK_ENOTBLK	15
#define RK_EBUSY	16
#define RK_EEXIST	17
#define RK_EXDEV	18
#define RK_ENODEV	19
#define RK_ENOTDIR	20
#define RK_EISDIR	21
#define RK_EINVAL	22
#define RK_ENFILE	23
#define RK_EMFILE	24
#define RK_ENOTTY	25
#define RK_ETXTBSY	26
#define RK_EFBIG	27
#define RK_ENOSPC	28
#define RK_ESPIPE	29
#define RK_EROFS	30
#define RK_EMLINK	31
#define RK_EPIPE	32
#define RK_EDOM		33
#define RK_ERANGE	34
#define RK_EAGAIN	35
#define RK_EWOULDBLOCK	RK_EAGAIN
#define RK_EINPROGRESS	36
#define RK_EALREADY	37
#define RK_ENOTSOCK	38
#define RK_EDESTADDRREQ	39
#define RK_EMSGSIZE	40
#define RK_EPROTOTYPE	41
#define RK_ENOPROTOOPT	42
#define RK_EPROTONOSUPPORT 43
#define RK_ESOCKTNOSUPPORT 44
#define RK_EOPNOTSUPP	45
#define RK_EPFNOSUPPORT	46
#define RK_EAFNOSUPPORT	47
#define RK_EADDRINUSE	48
#define RK_EADDRNOTAVAIL 49
#define RK_ENETDOWN	50
#define RK_ENETUNREACH	51
#define RK_ENETRESET	52
#define RK_ECONNABORTED	53
#define RK_ECONNRESET	54
#define RK_ENOBUFS	55
#define RK_EISCONN	56
#define RK_ENOTCONN	57
#define RK_ESHUTDOWN	58
#define RK_ETIMEDOUT	60
#define RK_ECONNREFUSED	61
#define RK_ELOOP	62
#define RK_ENAMETOOLONG	63
#define RK_EHOSTDOWN	64
#define RK_EHOSTUNREACH	65
#define RK_ENOTEMPTY	66
#define RK_EDQUOT	69
#define RK_ENOLCK	77
#define RK_ENOSYS	78
#define RK_EOVERFLOW	84

#endif /* RK_ERRNO_H */
