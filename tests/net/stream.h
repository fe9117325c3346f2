/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The test data of the network tests, the same everywhere: byte i of
 * stream seed is a function of (seed, i), so a receiver checks what it
 * got without a copy of what was sent; FNV-1a sums compare transfers.
 * Freestanding (compiler types only): built into the user-space tests,
 * the Linux-side tool of the VM tests and guest kernel modules.
 */
#ifndef NT_STREAM_H
#define NT_STREAM_H

#define ST_FNV_INIT	0xcbf29ce484222325ULL
/*
 * No stream: the benchmarks' source and sink (as iperf's) send one
 * buffer over and over and only count what arrives, so a rate measures
 * the transport, not the making and checking of the data.
 */
#define ST_NONE		(~0ULL)

/* Fill buf with len bytes of stream seed from offset off. */
void st_fill(unsigned long long seed, unsigned long long off, void *buf,
	     __SIZE_TYPE__ len);
/* 0 if buf holds stream seed at off, else the first bad offset + 1. */
unsigned long long st_check(unsigned long long seed, unsigned long long off,
			    const void *buf, __SIZE_TYPE__ len);
/* FNV-1a over buf, continuing from h. */
unsigned long long st_fnv(unsigned long long h, const void *buf,
			  __SIZE_TYPE__ len);

#endif /* NT_STREAM_H */
