// SPDX-License-Identifier: BSD-2-Clause
/* Linux errno and signal numbers to NetBSD's. */
#include "common.h"

/*
 * Indexed by Linux errno.  1..34 agree with NetBSD except EAGAIN (11) and
 * EDEADLK (35), which are swapped.  0 marks "no NetBSD equivalent".
 */
static const unsigned char linux_to_netbsd[] = {
	[1] = 1, [2] = 2, [3] = 3, [4] = 4, [5] = 5, [6] = 6, [7] = 7,
	[8] = 8, [9] = 9, [10] = 10,
	[11] = 35,	/* EAGAIN */
	[12] = 12, [13] = 13, [14] = 14, [15] = 15, [16] = 16, [17] = 17,
	[18] = 18, [19] = 19, [20] = 20, [21] = 21, [22] = 22, [23] = 23,
	[24] = 24, [25] = 25, [26] = 26, [27] = 27, [28] = 28, [29] = 29,
	[30] = 30, [31] = 31, [32] = 32, [33] = 33, [34] = 34,
	[35] = 11,	/* EDEADLK */
	[36] = 63,	/* ENAMETOOLONG */
	[37] = 77,	/* ENOLCK */
	[38] = 78,	/* ENOSYS */
	[39] = 66,	/* ENOTEMPTY */
	[40] = 62,	/* ELOOP */
	[42] = 83,	/* ENOMSG */
	[43] = 82,	/* EIDRM */
	[60] = 91,	/* ENOSTR */
	[61] = 89,	/* ENODATA */
	[62] = 92,	/* ETIME */
	[63] = 90,	/* ENOSR */
	[66] = 71,	/* EREMOTE */
	[67] = 95,	/* ENOLINK */
	[71] = 96,	/* EPROTO */
	[72] = 94,	/* EMULTIHOP */
	[74] = 88,	/* EBADMSG */
	[75] = 84,	/* EOVERFLOW */
	[84] = 85,	/* EILSEQ */
	[87] = 68,	/* EUSERS */
	[88] = 38,	/* ENOTSOCK */
	[89] = 39,	/* EDESTADDRREQ */
	[90] = 40,	/* EMSGSIZE */
	[91] = 41,	/* EPROTOTYPE */
	[92] = 42,	/* ENOPROTOOPT */
	[93] = 43,	/* EPROTONOSUPPORT */
	[94] = 44,	/* ESOCKTNOSUPPORT */
	[95] = 45,	/* EOPNOTSUPP (Linux ENOTSUP is the same number) */
	[96] = 46,	/* EPFNOSUPPORT */
	[97] = 47,	/* EAFNOSUPPORT */
	[98] = 48,	/* EADDRINUSE */
	[99] = 49,	/* EADDRNOTAVAIL */
	[100] = 50,	/* ENETDOWN */
	[101] = 51,	/* ENETUNREACH */
	[102] = 52,	/* ENETRESET */
	[103] = 53,	/* ECONNABORTED */
	[104] = 54,	/* ECONNRESET */
	[105] = 55,	/* ENOBUFS */
	[106] = 56,	/* EISCONN */
	[107] = 57,	/* ENOTCONN */
	[108] = 58,	/* ESHUTDOWN */
	[109] = 59,	/* ETOOMANYREFS */
	[110] = 60,	/* ETIMEDOUT */
	[111] = 61,	/* ECONNREFUSED */
	[112] = 64,	/* EHOSTDOWN */
	[113] = 65,	/* EHOSTUNREACH */
	[114] = 37,	/* EALREADY */
	[115] = 36,	/* EINPROGRESS */
	[116] = 70,	/* ESTALE */
	[122] = 69,	/* EDQUOT */
	[125] = 87,	/* ECANCELED */
};

int rv_errno_to_netbsd(int e)
{
	if (e < 0)
		e = -e;
	if (e == 0)
		return 0;
	if (e < (int)sizeof(linux_to_netbsd) && linux_to_netbsd[e])
		return linux_to_netbsd[e];
	switch (e) {
	case 512:	/* ERESTARTSYS and friends: the wait was interrupted */
	case 513:
	case 514:
	case 516:
		return RV_EINTR;
	case 515:	/* ENOIOCTLCMD */
		return 25;
	case 524:	/* ENOTSUPP */
		return RV_EOPNOTSUPP;
	}
	/* Something the guest cannot name: report a plain I/O error. */
	return RV_EIO;
}

int rv_errno_from_netbsd(int nb)
{
	int e;

	if (nb < 0)
		nb = -nb;
	if (nb == 0)
		return 0;
	for (e = 1; e < (int)sizeof(linux_to_netbsd); e++)
		if (linux_to_netbsd[e] == nb)
			return e;
	return 5;	/* EIO */
}

/* Indexed by NetBSD signal; 0 marks "Linux has none". */
static const unsigned char netbsd_to_linux_sig[] = {
	[1] = 1, [2] = 2, [3] = 3, [4] = 4, [5] = 5, [6] = 6,
	[8] = 8, [9] = 9,
	[10] = 7,	/* SIGBUS */
	[11] = 11,
	[12] = 31,	/* SIGSYS */
	[13] = 13, [14] = 14, [15] = 15,
	[16] = 23,	/* SIGURG */
	[17] = 19,	/* SIGSTOP */
	[18] = 20,	/* SIGTSTP */
	[19] = 18,	/* SIGCONT */
	[20] = 17,	/* SIGCHLD */
	[21] = 21, [22] = 22,
	[23] = 29,	/* SIGIO */
	[24] = 24, [25] = 25, [26] = 26, [27] = 27, [28] = 28,
	[30] = 10,	/* SIGUSR1 */
	[31] = 12,	/* SIGUSR2 */
	[32] = 30,	/* SIGPWR */
};

int rv_signal_to_linux(int sig)
{
	if (sig == 0)
		return 0;
	if (sig < 0 || sig >= (int)sizeof(netbsd_to_linux_sig) ||
	    !netbsd_to_linux_sig[sig])
		return -1;
	return netbsd_to_linux_sig[sig];
}
