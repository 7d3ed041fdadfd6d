/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A 9P2000.L server reports errors as Linux errno numbers (Rlerror); the
 * image's errno values are newlib's, which differ from the 20s on
 * (Linux's ENOTEMPTY is 39, newlib's 90).  This table, indexed by the
 * Linux number, gives ours.  Numbers we have no name for, and anything
 * out of range, become EIO.  The rarer names newlib only has with
 * its Linux extensions, hence the #ifdefs.
 */
#include <errno.h>
#include <stdint.h>
#include "vfs_impl.h"

static const unsigned char linux_to_local[] = {
	[1] = EPERM,
	[2] = ENOENT,
	[3] = ESRCH,
	[4] = EINTR,
	[5] = EIO,
	[6] = ENXIO,
	[7] = E2BIG,
	[8] = ENOEXEC,
	[9] = EBADF,
	[10] = ECHILD,
	[11] = EAGAIN,
	[12] = ENOMEM,
	[13] = EACCES,
	[14] = EFAULT,
#ifdef ENOTBLK
	[15] = ENOTBLK,
#endif
	[16] = EBUSY,
	[17] = EEXIST,
	[18] = EXDEV,
	[19] = ENODEV,
	[20] = ENOTDIR,
	[21] = EISDIR,
	[22] = EINVAL,
	[23] = ENFILE,
	[24] = EMFILE,
	[25] = ENOTTY,
	[26] = ETXTBSY,
	[27] = EFBIG,
	[28] = ENOSPC,
	[29] = ESPIPE,
	[30] = EROFS,
	[31] = EMLINK,
	[32] = EPIPE,
	[33] = EDOM,
	[34] = ERANGE,
	[35] = EDEADLK,
	[36] = ENAMETOOLONG,
	[37] = ENOLCK,
	[38] = ENOSYS,
	[39] = ENOTEMPTY,
	[40] = ELOOP,
	[42] = ENOMSG,
	[43] = EIDRM,
#ifdef ECHRNG
	[44] = ECHRNG,
#endif
#ifdef EL2NSYNC
	[45] = EL2NSYNC,
#endif
#ifdef EL3HLT
	[46] = EL3HLT,
#endif
#ifdef EL3RST
	[47] = EL3RST,
#endif
#ifdef ELNRNG
	[48] = ELNRNG,
#endif
#ifdef EUNATCH
	[49] = EUNATCH,
#endif
#ifdef ENOCSI
	[50] = ENOCSI,
#endif
#ifdef EL2HLT
	[51] = EL2HLT,
#endif
#ifdef EBADE
	[52] = EBADE,
#endif
#ifdef EBADR
	[53] = EBADR,
#endif
#ifdef EXFULL
	[54] = EXFULL,
#endif
#ifdef ENOANO
	[55] = ENOANO,
#endif
#ifdef EBADRQC
	[56] = EBADRQC,
#endif
#ifdef EBADSLT
	[57] = EBADSLT,
#endif
#ifdef EBFONT
	[59] = EBFONT,
#endif
	[60] = ENOSTR,
	[61] = ENODATA,
	[62] = ETIME,
	[63] = ENOSR,
#ifdef ENONET
	[64] = ENONET,
#endif
#ifdef ENOPKG
	[65] = ENOPKG,
#endif
#ifdef EREMOTE
	[66] = EREMOTE,
#endif
	[67] = ENOLINK,
#ifdef EADV
	[68] = EADV,
#endif
#ifdef ESRMNT
	[69] = ESRMNT,
#endif
#ifdef ECOMM
	[70] = ECOMM,
#endif
	[71] = EPROTO,
	[72] = EMULTIHOP,
#ifdef EDOTDOT
	[73] = EDOTDOT,
#endif
	[74] = EBADMSG,
	[75] = EOVERFLOW,
#ifdef ENOTUNIQ
	[76] = ENOTUNIQ,
#endif
#ifdef EBADFD
	[77] = EBADFD,
#endif
#ifdef EREMCHG
	[78] = EREMCHG,
#endif
#ifdef ELIBACC
	[79] = ELIBACC,
#endif
#ifdef ELIBBAD
	[80] = ELIBBAD,
#endif
#ifdef ELIBSCN
	[81] = ELIBSCN,
#endif
#ifdef ELIBMAX
	[82] = ELIBMAX,
#endif
#ifdef ELIBEXEC
	[83] = ELIBEXEC,
#endif
	[84] = EILSEQ,
#ifdef ESTRPIPE
	[86] = ESTRPIPE,
#endif
#ifdef EUSERS
	[87] = EUSERS,
#endif
	[88] = ENOTSOCK,
	[89] = EDESTADDRREQ,
	[90] = EMSGSIZE,
	[91] = EPROTOTYPE,
	[92] = ENOPROTOOPT,
	[93] = EPROTONOSUPPORT,
#ifdef ESOCKTNOSUPPORT
	[94] = ESOCKTNOSUPPORT,
#endif
	/* Linux's EOPNOTSUPP and ENOTSUP are one number; newlib has two,
	 * and the file calls (what a 9P server answers) mean ENOTSUP */
	[95] = ENOTSUP,
#ifdef EPFNOSUPPORT
	[96] = EPFNOSUPPORT,
#endif
	[97] = EAFNOSUPPORT,
	[98] = EADDRINUSE,
	[99] = EADDRNOTAVAIL,
	[100] = ENETDOWN,
	[101] = ENETUNREACH,
	[102] = ENETRESET,
	[103] = ECONNABORTED,
	[104] = ECONNRESET,
	[105] = ENOBUFS,
	[106] = EISCONN,
	[107] = ENOTCONN,
#ifdef ESHUTDOWN
	[108] = ESHUTDOWN,
#endif
#ifdef ETOOMANYREFS
	[109] = ETOOMANYREFS,
#endif
	[110] = ETIMEDOUT,
	[111] = ECONNREFUSED,
#ifdef EHOSTDOWN
	[112] = EHOSTDOWN,
#endif
#ifdef EHOSTUNREACH
	[113] = EHOSTUNREACH,
#endif
	[114] = EALREADY,
	[115] = EINPROGRESS,
	[116] = ESTALE,
	[122] = EDQUOT,
#ifdef ENOMEDIUM
	[123] = ENOMEDIUM,
#endif
	[125] = ECANCELED,
	[130] = EOWNERDEAD,
	[131] = ENOTRECOVERABLE,
};

int vfs_linux_errno(uint32_t lerr)
{
	if (lerr >= sizeof(linux_to_local) || !linux_to_local[lerr])
		return EIO;
	return linux_to_local[lerr];
}
