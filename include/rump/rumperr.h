/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Error numbers of the rump client API: NetBSD's errno names and values
 * (errno(2)) with a RUMP_ prefix.  A failed rump_sys_* call sets errno to
 * one of these whatever the host's own numbers are, so a client compares
 * errno with RUMP_EEXIST, not EEXIST.  rump_strerror() gives NetBSD's
 * message for a number.  <rump/rump.h> and <rump/rumpdefs.h> include this
 * file, as on NetBSD.
 *
 * Self-contained (no types, no host header): the guest, the Linux kernel
 * and userspace clients can all include it.
 */
#ifndef RUMP_RUMPERR_H
#define RUMP_RUMPERR_H

#define RUMP_EPERM		1
#define RUMP_ENOENT		2
#define RUMP_ESRCH		3
#define RUMP_EINTR		4
#define RUMP_EIO		5
#define RUMP_ENXIO		6
#define RUMP_E2BIG		7
#define RUMP_ENOEXEC		8
#define RUMP_EBADF		9
#define RUMP_ECHILD		10
#define RUMP_EDEADLK		11
#define RUMP_ENOMEM		12
#define RUMP_EACCES		13
#define RUMP_EFAULT		14
#define RUMP_ENOTBLK		15
#define RUMP_EBUSY		16
#define RUMP_EEXIST		17
#define RUMP_EXDEV		18
#define RUMP_ENODEV		19
#define RUMP_ENOTDIR		20
#define RUMP_EISDIR		21
#define RUMP_EINVAL		22
#define RUMP_ENFILE		23
#define RUMP_EMFILE		24
#define RUMP_ENOTTY		25
#define RUMP_ETXTBSY		26
#define RUMP_EFBIG		27
#define RUMP_ENOSPC		28
#define RUMP_ESPIPE		29
#define RUMP_EROFS		30
#define RUMP_EMLINK		31
#define RUMP_EPIPE		32
#define RUMP_EDOM		33
#define RUMP_ERANGE		34
#define RUMP_EAGAIN		35
#define RUMP_EWOULDBLOCK	RUMP_EAGAIN
#define RUMP_EINPROGRESS	36
#define RUMP_EALREADY		37
#define RUMP_ENOTSOCK		38
#define RUMP_EDESTADDRREQ	39
#define RUMP_EMSGSIZE		40
#define RUMP_EPROTOTYPE		41
#define RUMP_ENOPROTOOPT	42
#define RUMP_EPROTONOSUPPORT	43
#define RUMP_ESOCKTNOSUPPORT	44
#define RUMP_EOPNOTSUPP		45
#define RUMP_EPFNOSUPPORT	46
#define RUMP_EAFNOSUPPORT	47
#define RUMP_EADDRINUSE		48
#define RUMP_EADDRNOTAVAIL	49
#define RUMP_ENETDOWN		50
#define RUMP_ENETUNREACH	51
#define RUMP_ENETRESET		52
#define RUMP_ECONNABORTED	53
#define RUMP_ECONNRESET		54
#define RUMP_ENOBUFS		55
#define RUMP_EISCONN		56
#define RUMP_ENOTCONN		57
#define RUMP_ESHUTDOWN		58
#define RUMP_ETOOMANYREFS	59
#define RUMP_ETIMEDOUT		60
#define RUMP_ECONNREFUSED	61
#define RUMP_ELOOP		62
#define RUMP_ENAMETOOLONG	63
#define RUMP_EHOSTDOWN		64
#define RUMP_EHOSTUNREACH	65
#define RUMP_ENOTEMPTY		66
#define RUMP_EPROCLIM		67
#define RUMP_EUSERS		68
#define RUMP_EDQUOT		69
#define RUMP_ESTALE		70
#define RUMP_EREMOTE		71
#define RUMP_EBADRPC		72
#define RUMP_ERPCMISMATCH	73
#define RUMP_EPROGUNAVAIL	74
#define RUMP_EPROGMISMATCH	75
#define RUMP_EPROCUNAVAIL	76
#define RUMP_ENOLCK		77
#define RUMP_ENOSYS		78
#define RUMP_EFTYPE		79
#define RUMP_EAUTH		80
#define RUMP_ENEEDAUTH		81
#define RUMP_EIDRM		82
#define RUMP_ENOMSG		83
#define RUMP_EOVERFLOW		84
#define RUMP_EILSEQ		85
#define RUMP_ENOTSUP		86
#define RUMP_ECANCELED		87
#define RUMP_EBADMSG		88
#define RUMP_ENODATA		89
#define RUMP_ENOSR		90
#define RUMP_ENOSTR		91
#define RUMP_ETIME		92
#define RUMP_ENOATTR		93
#define RUMP_EMULTIHOP		94
#define RUMP_ENOLINK		95
#define RUMP_EPROTO		96
#define RUMP_ELAST		96	/* the largest number */

/* NetBSD's message for error, "Unknown error" for a number it lacks. */
static __inline const char *rump_strerror(int error)
{
	switch (error) {
	case 0: return "No error";
	case RUMP_EPERM: return "Operation not permitted";
	case RUMP_ENOENT: return "No such file or directory";
	case RUMP_ESRCH: return "No such process";
	case RUMP_EINTR: return "Interrupted system call";
	case RUMP_EIO: return "Input/output error";
	case RUMP_ENXIO: return "Device not configured";
	case RUMP_E2BIG: return "Argument list too long";
	case RUMP_ENOEXEC: return "Exec format error";
	case RUMP_EBADF: return "Bad file descriptor";
	case RUMP_ECHILD: return "No child processes";
	case RUMP_EDEADLK: return "Resource deadlock avoided";
	case RUMP_ENOMEM: return "Cannot allocate memory";
	case RUMP_EACCES: return "Permission denied";
	case RUMP_EFAULT: return "Bad address";
	case RUMP_ENOTBLK: return "Block device required";
	case RUMP_EBUSY: return "Device busy";
	case RUMP_EEXIST: return "File exists";
	case RUMP_EXDEV: return "Cross-device link";
	case RUMP_ENODEV: return "Operation not supported by device";
	case RUMP_ENOTDIR: return "Not a directory";
	case RUMP_EISDIR: return "Is a directory";
	case RUMP_EINVAL: return "Invalid argument";
	case RUMP_ENFILE: return "Too many open files in system";
	case RUMP_EMFILE: return "Too many open files";
	case RUMP_ENOTTY: return "Inappropriate ioctl for device";
	case RUMP_ETXTBSY: return "Text file busy";
	case RUMP_EFBIG: return "File too large";
	case RUMP_ENOSPC: return "No space left on device";
	case RUMP_ESPIPE: return "Illegal seek";
	case RUMP_EROFS: return "Read-only file system";
	case RUMP_EMLINK: return "Too many links";
	case RUMP_EPIPE: return "Broken pipe";
	case RUMP_EDOM: return "Numerical argument out of domain";
	case RUMP_ERANGE: return "Result too large or too small";
	case RUMP_EAGAIN: return "Resource temporarily unavailable";
	case RUMP_EINPROGRESS: return "Operation now in progress";
	case RUMP_EALREADY: return "Operation already in progress";
	case RUMP_ENOTSOCK: return "Socket operation on non-socket";
	case RUMP_EDESTADDRREQ: return "Destination address required";
	case RUMP_EMSGSIZE: return "Message too long";
	case RUMP_EPROTOTYPE: return "Protocol wrong type for socket";
	case RUMP_ENOPROTOOPT: return "Protocol option not available";
	case RUMP_EPROTONOSUPPORT: return "Protocol not supported";
	case RUMP_ESOCKTNOSUPPORT: return "Socket type not supported";
	case RUMP_EOPNOTSUPP: return "Operation not supported";
	case RUMP_EPFNOSUPPORT: return "Protocol family not supported";
	case RUMP_EAFNOSUPPORT:
		return "Address family not supported by protocol family";
	case RUMP_EADDRINUSE: return "Address already in use";
	case RUMP_EADDRNOTAVAIL: return "Can't assign requested address";
	case RUMP_ENETDOWN: return "Network is down";
	case RUMP_ENETUNREACH: return "Network is unreachable";
	case RUMP_ENETRESET: return "Network dropped connection on reset";
	case RUMP_ECONNABORTED: return "Software caused connection abort";
	case RUMP_ECONNRESET: return "Connection reset by peer";
	case RUMP_ENOBUFS: return "No buffer space available";
	case RUMP_EISCONN: return "Socket is already connected";
	case RUMP_ENOTCONN: return "Socket is not connected";
	case RUMP_ESHUTDOWN: return "Can't send after socket shutdown";
	case RUMP_ETOOMANYREFS: return "Too many references: can't splice";
	case RUMP_ETIMEDOUT: return "Operation timed out";
	case RUMP_ECONNREFUSED: return "Connection refused";
	case RUMP_ELOOP: return "Too many levels of symbolic links";
	case RUMP_ENAMETOOLONG: return "File name too long";
	case RUMP_EHOSTDOWN: return "Host is down";
	case RUMP_EHOSTUNREACH: return "No route to host";
	case RUMP_ENOTEMPTY: return "Directory not empty";
	case RUMP_EPROCLIM: return "Too many processes";
	case RUMP_EUSERS: return "Too many users";
	case RUMP_EDQUOT: return "Disc quota exceeded";
	case RUMP_ESTALE: return "Stale NFS file handle";
	case RUMP_EREMOTE: return "Too many levels of remote in path";
	case RUMP_EBADRPC: return "RPC struct is bad";
	case RUMP_ERPCMISMATCH: return "RPC version wrong";
	case RUMP_EPROGUNAVAIL: return "RPC program not available";
	case RUMP_EPROGMISMATCH: return "Program version wrong";
	case RUMP_EPROCUNAVAIL: return "Bad procedure for program";
	case RUMP_ENOLCK: return "No locks available";
	case RUMP_ENOSYS: return "Function not implemented";
	case RUMP_EFTYPE: return "Inappropriate file type or format";
	case RUMP_EAUTH: return "Authentication error";
	case RUMP_ENEEDAUTH: return "Need authenticator";
	case RUMP_EIDRM: return "Identifier removed";
	case RUMP_ENOMSG: return "No message of desired type";
	case RUMP_EOVERFLOW: return "Value too large to be stored in data type";
	case RUMP_EILSEQ: return "Illegal byte sequence";
	case RUMP_ENOTSUP: return "Not supported";
	case RUMP_ECANCELED: return "Operation canceled";
	case RUMP_EBADMSG: return "Bad or Corrupt message";
	case RUMP_ENODATA: return "No message available";
	case RUMP_ENOSR: return "No STREAM resources";
	case RUMP_ENOSTR: return "Not a STREAM";
	case RUMP_ETIME: return "STREAM ioctl timeout";
	case RUMP_ENOATTR: return "Attribute not found";
	case RUMP_EMULTIHOP: return "Multihop attempted";
	case RUMP_ENOLINK: return "Link has been severed";
	case RUMP_EPROTO: return "Protocol error";
	default: return "Unknown error";
	}
}

#endif /* RUMP_RUMPERR_H */
