#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Write seed inputs for fuzz-net (records: flags, length, frame).

    seeds.py OUTDIR

One seed per kind of frame the target should start from: an ARP
request, an ICMP echo request, a UDP datagram, an IP fragment, a TCP SYN
with options and a handshake continued with data and FIN, and frames
with virtif's offload metadata (a UDP checksum left to finish, a TSO
segment).
"""

import os
import struct
import sys

FIX = 0x01 | 0x02 | 0x10          # MAC, IP destination, checksums
REL = 0x04 | 0x08                 # TCP seq/ack relative to ours
TIMERS = 0x20
META = 0x80                       # virtif's offload metadata first
US = bytes.fromhex('020000000001')
PEER = bytes.fromhex('0200000000aa')


def rec(flags, frame):
    return struct.pack('>BH', flags, len(frame)) + frame


def eth(ethertype, payload):
    return US + PEER + struct.pack('>H', ethertype) + payload


def ip(proto, payload, off=0, ident=1, opts=b''):
    hl = 20 + len(opts)
    return struct.pack('>BBHHHBBH4s4s', 0x40 | hl // 4, 0, hl + len(payload),
                       ident, off, 64, proto, 0, bytes([10, 0, 0, 2]),
                       bytes([10, 0, 0, 1])) + opts + payload


def tcp(sport, dport, seq, ack, flags, payload=b'', opts=b''):
    off = (20 + len(opts)) // 4
    return struct.pack('>HHIIBBHHH', sport, dport, seq, ack, off << 4, flags,
                       65535, 0, 0) + opts + payload


def meta(flags, gso_type, gso_size, csum_start, csum_offset):
    return struct.pack('>BBHHH', flags, gso_type, gso_size, csum_start,
                       csum_offset)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    arp = struct.pack('>HHBBH6s4s6s4s', 1, 0x800, 6, 4, 1, PEER,
                      bytes([10, 0, 0, 2]), bytes(6), bytes([10, 0, 0, 1]))
    icmp = b'\x08\x00\x00\x00\x12\x34\x00\x01' + bytes(range(32))
    udp = struct.pack('>HHHH', 1234, 53, 8 + 5, 0) + b'hello'
    synopts = b'\x02\x04\x05\xb4\x01\x03\x03\x07\x04\x02\x00\x00'
    dhcp = bytes([2, 1, 6, 0]) + bytes.fromhex('12345678') + bytes(20) + \
        PEER + bytes(10) + bytes(192) + bytes([99, 130, 83, 99]) + \
        bytes([53, 1, 5, 1, 4, 255, 255, 255, 0, 3, 4, 10, 0, 0, 1,
               54, 4, 10, 0, 0, 1, 255])
    seeds = {
        'dhcp': rec(0x40, dhcp),
        'arp': rec(FIX, eth(0x806, arp)),
        'icmp': rec(FIX, eth(0x800, ip(1, icmp))),
        'udp': rec(FIX, eth(0x800, ip(17, udp))),
        'ipopts': rec(FIX, eth(0x800, ip(17, udp, opts=b'\x01\x07\x07\x04'
                                          b'\x00\x00\x00\x00\x00'))),
        'frag': rec(FIX, eth(0x800, ip(17, udp + bytes(3), off=0x2000,
                                       ident=7))) +
                rec(FIX, eth(0x800, ip(17, b'tail', off=2, ident=7))),
        'syn': rec(FIX, eth(0x800, ip(6, tcp(4000, 80, 1000, 0, 0x02,
                                                opts=synopts)))),
        'handshake': rec(FIX, eth(0x800, ip(6, tcp(4001, 80, 5000, 0, 0x02,
                                                   opts=synopts)))) +
                     rec(FIX | REL, eth(0x800, ip(6, tcp(4001, 80, 0, 0,
                                                         0x10)))) +
                     rec(FIX | REL, eth(0x800, ip(6, tcp(4001, 80, 0, 0, 0x18,
                                                         b'GET / HTTP/1.0\r\n'
                                                         b'\r\n')))) +
                     rec(FIX | REL | TIMERS, eth(0x800, ip(6, tcp(
                         4001, 80, 0, 0, 0x11)))),
        # A checksum the host left to finish; a 6000-byte TSO segment.
        'udpcsum': rec(FIX | META, meta(1, 0, 0, 34, 6) +
                       eth(0x800, ip(17, udp))),
        'tso': rec(FIX, eth(0x800, ip(6, tcp(4003, 80, 7000, 0, 0x02,
                                             opts=synopts)))) +
               rec(FIX | REL, eth(0x800, ip(6, tcp(4003, 80, 0, 0, 0x10)))) +
               rec(FIX | REL | META, meta(1, 1, 1460, 34, 16) +
                   eth(0x800, ip(6, tcp(4003, 80, 0, 0, 0x18,
                                        bytes(range(256)) * 23)))),
        'rst': rec(FIX, eth(0x800, ip(6, tcp(4002, 80, 1, 0, 0x02)))) +
               rec(FIX | REL, eth(0x800, ip(6, tcp(4002, 80, 5, 0, 0x04)))),
    }
    for name, data in seeds.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()
