#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Write the seed corpus of the syscall proxy fuzzer (tests/sysproxy/fuzz.c).

Each seed is what a client sends on up to three connections (separated by
the marker RVSPLIT!): handshakes, system calls of the fake guest that ask
for copies, the answers to those copies, PREFORK and FORK (the fuzzer's
auth words are all 0x5a), EXEC, and a few broken frames.
"""

import argparse
import os
import struct

REQ, RESP, ERROR = 0, 1, 2
HANDSHAKE, SYSCALL, COPYIN, COPYINSTR, COPYOUT, COPYOUTSTR, ANONMMAP, \
    PREFORK, RAISE = range(9)
GUEST, AUTH, FORK, EXEC = range(4)
SPLIT = b'RVSPLIT!'


def frame(cls, typ, word, body=b'', reqno=1):
    return struct.pack('<QQHHI', 24 + len(body), reqno, cls, typ, word) + body


def guest(name=b'seed'):
    return frame(REQ, HANDSHAKE, GUEST, name + b'\0')


def syscall(num, *args, reqno=2):
    return frame(REQ, SYSCALL, num,
                 b''.join(struct.pack('<q', a) for a in args), reqno)


SEEDS = {
    'getpid': guest() + syscall(20),
    'copyin': guest() + syscall(1, 0x10000, 16) +
    frame(RESP, COPYIN, 0, b'A' * 16, reqno=1),
    'copyin-short': guest() + syscall(1, 0x10000, 16) +
    frame(RESP, COPYIN, 0, b'A' * 8, reqno=1),
    'copyinstr': guest() + syscall(2, 0x10000, 64) +
    frame(RESP, COPYIN, 0, b'abc\0', reqno=1),
    'copyin-error': guest() + syscall(1, 0x10000, 16) +
    frame(ERROR, 0, 0, reqno=1),
    'copyout': guest() + syscall(3, 0x10000, 32),
    # found by the fuzzer: a client address of 0 was offset as a pointer
    'copyout-null': guest() + syscall(3, 0, 3),
    'anonmmap': guest() + syscall(4, 0, 4096) +
    frame(RESP, ANONMMAP, 0, struct.pack('<Q', 0x7f0000000000), reqno=1),
    'raise': guest() + syscall(5, 0, 2),
    'cancelled': guest() + syscall(1, 0x10000, 16) + b'RVCANCEL',
    'exec': guest() + syscall(20) + frame(REQ, HANDSHAKE, EXEC, b'new\0',
                                          reqno=3),
    'prefork-fork': guest() + frame(REQ, PREFORK, 0, reqno=5) + SPLIT +
    frame(REQ, HANDSHAKE, FORK, b'\x5a' * 16 + struct.pack('<i', 0)) +
    syscall(20),
    'prefork-cancel': guest() + frame(REQ, PREFORK, 0, reqno=5) + SPLIT +
    frame(REQ, HANDSHAKE, FORK, b'\x5a' * 16 + struct.pack('<i', 1)),
    'fork-bad': frame(REQ, HANDSHAKE, FORK, b'\x01' * 20),
    'before-handshake': syscall(20),
    'zero-length': struct.pack('<QQHHI', 0, 1, 0, 1, 20),
    'huge-length': struct.pack('<QQHHI', 1 << 62, 1, 0, 1, 20),
    'unknown': guest() + frame(7, 1, 0) + frame(REQ, 99, 0, b'x' * 40),
    'many': guest() + b''.join(syscall(20, reqno=i) for i in range(2, 80)),
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('outdir')
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(args.outdir, name), 'wb') as f:
            f.write(data)
    print('fuzz_seeds: %d seeds in %s' % (len(SEEDS), args.outdir))


if __name__ == '__main__':
    main()
