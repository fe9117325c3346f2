#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The guest's TCP seen frame by frame from a scripted peer.

Runs net-peer (the guest: 10.7.0.1/24, an echo server on port 7000) on
the pair backend and plays the other end of the link itself, building
and parsing Ethernet/IPv4/TCP by hand: SYN options (MSS, window scale),
RFC 5961's answers to blind attacks (an in-window RST or a SYN gets a
challenge ACK and the connection lives on; an out-of-window RST is
ignored; an ACK for unsent data is not taken), RST at the right sequence
number, retransmission with exponential backoff (RFC 6298), zero-window
probes, and malformed segments (SYN+FIN, bad checksum, bad data offset)
that get no answer.  No root needed.  TAP on stdout.

    raw_test.py [--peer PATH]
"""

import argparse
import os
import socket
import struct
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
GMAC = None
MAC = bytes.fromhex('020000000002')
IP_US = bytes([10, 7, 0, 2])
IP_G = bytes([10, 7, 0, 1])
PORT = 7000
SYN, ACK, RST, FIN, PSH = 0x02, 0x10, 0x04, 0x01, 0x08


def csum(data):
    if len(data) & 1:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


class Link:
    """The pair link's other end: 2-byte length, then a frame."""

    def __init__(self, name):
        self.addr = b'\0rumpvisor-pair-' + name.encode()
        self.ls = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.ls.bind(self.addr)
        self.ls.listen(1)
        self.s = None
        self.buf = b''

    def accept(self, timeout=10):
        self.ls.settimeout(timeout)
        self.s, _ = self.ls.accept()

    def send(self, frame):
        self.s.sendall(struct.pack('!H', len(frame)) + frame)

    def recv(self, timeout):
        end = time.time() + timeout
        while True:
            if len(self.buf) >= 2:
                n = struct.unpack('!H', self.buf[:2])[0]
                if len(self.buf) >= 2 + n:
                    f = self.buf[2:2 + n]
                    self.buf = self.buf[2 + n:]
                    return f
            left = end - time.time()
            if left <= 0:
                return None
            self.s.settimeout(left)
            try:
                d = self.s.recv(65536)
            except socket.timeout:
                return None
            if not d:
                return None
            self.buf += d


class Peer:
    """A scripted TCP endpoint at 10.7.0.2."""

    def __init__(self, link):
        self.link = link
        self.gmac = None

    def tcp_frame(self, sport, seq, ack, flags, win=65535, data=b'',
                  opts=b'', badsum=False, off=None):
        doff = off if off is not None else (20 + len(opts)) // 4
        th = struct.pack('!HHIIBBHHH', sport, PORT, seq & 0xffffffff,
                         ack & 0xffffffff, doff << 4, flags, win, 0, 0)
        seg = th + opts + data
        ph = IP_US + IP_G + struct.pack('!BBH', 0, 6, len(seg))
        c = csum(ph + seg) ^ (0x5555 if badsum else 0)
        seg = seg[:16] + struct.pack('!H', c) + seg[18:]
        ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(seg), 1, 0, 64,
                         6, 0, IP_US, IP_G)
        ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
        return (self.gmac or b'\xff' * 6) + MAC + b'\x08\x00' + ip + seg

    def send(self, *a, **k):
        self.link.send(self.tcp_frame(*a, **k))

    def answer_arp(self, f):
        op = struct.unpack('!H', f[20:22])[0]
        if op != 1 or f[38:42] != IP_US:
            return
        self.gmac = f[6:12]
        arp = struct.pack('!HHBBH6s4s6s4s', 1, 0x800, 6, 4, 2, MAC, IP_US,
                          f[22:28], f[28:32])
        self.link.send(f[6:12] + MAC + b'\x08\x06' + arp)

    def segment(self, timeout=2.0):
        """The next TCP segment from the guest (ARP answered on the way)."""
        end = time.time() + timeout
        while time.time() < end:
            f = self.link.recv(end - time.time())
            if f is None:
                return None
            et = struct.unpack('!H', f[12:14])[0]
            if et == 0x806:
                self.answer_arp(f)
                continue
            if et != 0x800 or f[23] != 6:
                continue
            self.gmac = f[6:12]
            ip = f[14:]
            hl = (ip[0] & 15) * 4
            tl = struct.unpack('!H', ip[2:4])[0]
            th = ip[hl:tl]
            sp, dp, seq, ack, offb, fl, win = struct.unpack('!HHIIBBH',
                                                            th[:16])
            o = (offb >> 4) * 4
            return dict(sport=sp, dport=dp, seq=seq, ack=ack, flags=fl,
                        win=win, opts=th[20:o], data=th[o:], t=time.time())
        return None

    def resolve(self, timeout=5):
        """ARP for the guest's address: learn its MAC."""
        arp = struct.pack('!HHBBH6s4s6s4s', 1, 0x800, 6, 4, 1, MAC, IP_US,
                          bytes(6), IP_G)
        self.link.send(b'\xff' * 6 + MAC + b'\x08\x06' + arp)
        end = time.time() + timeout
        while time.time() < end:
            f = self.link.recv(end - time.time())
            if f is None:
                break
            if f[12:14] == b'\x08\x06' and f[20:22] == b'\x00\x02' and \
                    f[28:32] == IP_G:
                self.gmac = f[22:28]
                return True
            if f[12:14] == b'\x08\x06':
                self.answer_arp(f)
        return False

    def quiet(self, timeout):
        """True if the guest sends no TCP segment for timeout seconds."""
        return self.segment(timeout) is None


def parse_opts(o):
    res, i = {}, 0
    while i < len(o):
        if o[i] == 0:
            break
        if o[i] == 1:
            i += 1
            continue
        if i + 1 >= len(o) or o[i + 1] < 2:
            break
        res[o[i]] = o[i + 2:i + o[i + 1]]
        i += o[i + 1]
    return res


class T:
    def __init__(self):
        self.n = self.failed = 0

    def ok(self, cond, name, detail=''):
        self.n += 1
        self.failed += not cond
        print('%s %d - %s%s' % ('ok' if cond else 'not ok', self.n, name,
                                ' (%s)' % detail if detail else ''),
              flush=True)
        return cond


def handshake(p, sport, isn, win=65535, ws=7):
    opts = struct.pack('!BBH', 2, 4, 1000) + bytes([1, 3, 3, ws]) + \
        bytes([1, 1, 4, 2])
    p.send(sport, isn, 0, SYN, win=win, opts=opts)
    sa = p.segment(3)
    if not sa or sa['flags'] & (SYN | ACK) != SYN | ACK:
        return None
    p.send(sport, isn + 1, sa['seq'] + 1, ACK, win=win)
    return sa


def echoed(p, n, tries=6):
    """Up to n bytes the guest sends back (data segments only)."""
    got = b''
    for _ in range(tries):
        s = p.segment(2)
        if s and s['data']:
            got += s['data']
            if len(got) >= n:
                break
    return got


def run(t, p):
    isn = 1000
    sa = handshake(p, 40000, isn)
    o = parse_opts(sa['opts']) if sa else {}
    t.ok(sa is not None and sa['ack'] == isn + 1, 'SYN answered by SYN-ACK',
         'ack %s' % (sa and sa['ack']))
    t.ok(2 in o and struct.unpack('!H', o[2])[0] == 1460 and 3 in o and
         4 in o, 'SYN-ACK carries MSS 1460, a window scale, SACK-permitted',
         'options %s' % {k: v.hex() for k, v in o.items()})
    gseq = sa['seq'] + 1 if sa else 0
    una = isn + 1
    # Data is echoed.
    p.send(40000, una, gseq, ACK | PSH, data=b'hello')
    got = echoed(p, 5)
    t.ok(got == b'hello', 'data echoed', repr(got))
    una += 5
    gseq += len(got)
    p.send(40000, una, gseq, ACK)
    # Out-of-order data is SACKed (RFC 2018), then filled in.
    p.send(40000, una + 10, gseq, ACK | PSH, data=b'world')
    s = p.segment(2)
    blk = parse_opts(s['opts']).get(5, b'') if s else b''
    t.ok(s is not None and s['ack'] == una and len(blk) == 8 and
         struct.unpack('!II', blk) == (una + 10, una + 15),
         'out-of-order segment: duplicate ACK with its SACK block',
         'sack %s' % (blk.hex() or 'none'))
    p.send(40000, una, gseq, ACK | PSH, data=b'0123456789')
    got = echoed(p, 15)
    t.ok(got == b'0123456789world', 'hole filled: both pieces delivered '
         'in order', repr(got))
    una += 15
    gseq += len(got)
    p.send(40000, una, gseq, ACK)
    # RFC 5961 3.2: in window, not exact -> challenge ACK, still alive.
    p.send(40000, una + 100, 0, RST)
    s = p.segment(2)
    t.ok(s is not None and s['flags'] & ACK and s['ack'] == una and
         not s['flags'] & RST, 'in-window RST answered by a challenge ACK',
         s and 'ack %d want %d' % (s['ack'], una))
    p.send(40000, una + 1000000, 0, RST)
    t.ok(p.quiet(1), 'out-of-window RST ignored')
    # RFC 5961 4.2: SYN on a synchronised connection.
    p.send(40000, una + 7, 0, SYN)
    s = p.segment(2)
    t.ok(s is not None and s['flags'] == ACK and s['ack'] == una,
         'SYN on an open connection answered by a challenge ACK')
    # RFC 5961 5.2: ACK of data never sent.
    p.send(40000, una, gseq + 100000, ACK | PSH, data=b'x')
    s = p.segment(1)
    t.ok(s is not None and s['ack'] == una and not s['data'],
         'ACK beyond what was sent: segment not taken, ACK sent')
    p.send(40000, una, gseq, ACK | PSH, data=b'alive')
    got = b''
    for _ in range(4):
        s = p.segment(2)
        if s and s['data']:
            got += s['data']
            break
    t.ok(got == b'alive', 'connection survived the attacks', repr(got))
    una += 5
    # Retransmission with backoff: do not acknowledge the echo.
    times = [s['t']] if s else []
    for _ in range(3):
        r = p.segment(8)
        if r and r['data'] == b'alive':
            times.append(r['t'])
    gaps = [b - a for a, b in zip(times, times[1:])]
    t.ok(len(gaps) >= 3 and all(g2 >= g1 * 0.9 for g1, g2 in
                                zip(gaps, gaps[1:])) and
         gaps[-1] > 2.5 * gaps[0],
         'retransmissions back off exponentially',
         'gaps %s s' % ['%.2f' % g for g in gaps])
    gseq += 5
    p.send(40000, una, gseq, ACK)
    # Exact RST resets.
    p.send(40000, una, 0, RST)
    p.send(40000, una, gseq, ACK | PSH, data=b'gone')
    s = p.segment(2)
    t.ok(s is not None and s['flags'] & RST, 'RST at rcv_nxt resets',
         s and 'flags %#x' % s['flags'])


def run_window(t, p):
    sa = handshake(p, 40001, 5000, win=0, ws=0)
    if not t.ok(sa is not None, 'second connection, window 0'):
        return
    gseq = sa['seq'] + 1
    p.send(40001, 5001, gseq, ACK | PSH, win=0, data=b'probe me')
    probes = []
    end = time.time() + 8
    while time.time() < end and len(probes) < 3:
        s = p.segment(end - time.time())
        if s and s['seq'] == gseq and len(s['data']) <= 1 and \
                s['ack'] == 5009:
            probes.append(s['t'])
            p.send(40001, 5009, gseq, ACK, win=0)
    gaps = [b - a for a, b in zip(probes, probes[1:])]
    t.ok(len(probes) >= 3 and gaps[1] > gaps[0] * 1.3,
         'zero-window probes with backoff',
         '%d probes, gaps %s s' % (len(probes),
                                   ['%.2f' % g for g in gaps]))
    p.send(40001, 5009, gseq, ACK, win=65535)
    got = b''
    for _ in range(6):
        s = p.segment(2)
        if s and s['data']:
            got = s['data'] if len(s['data']) > len(got) else got
            if b'probe me' in got:
                break
    t.ok(b'probe me' in got, 'data flows when the window opens', repr(got))


def run_bad(t, p):
    p.send(40002, 7000, 0, SYN | FIN)
    t.ok(p.quiet(0.5), 'SYN+FIN gets no answer')
    p.send(40003, 7000, 0, SYN, badsum=True)
    t.ok(p.quiet(0.5), 'bad TCP checksum gets no answer')
    p.send(40004, 7000, 0, SYN, off=15)
    t.ok(p.quiet(0.5), 'data offset past the segment gets no answer')
    p.send(40005, 7000, 0, ACK)
    s = p.segment(1)
    t.ok(s is not None and s['flags'] & RST and s['seq'] == 0,
         'stray ACK to a listener answered by RST with its ack as seq')


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--peer', default=os.path.join(TOP, 'build', 'user',
                                                   'net-peer'))
    args = ap.parse_args()
    name = 'raw%d' % os.getpid()
    link = Link(name)
    g = subprocess.Popen([args.peer, '--link', 'pair:' + name, '--addr',
                          '10.7.0.1/24', 'tcp-echo-all', str(PORT)],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)
    t = T()
    try:
        link.accept()
        p = Peer(link)
        t.ok(p.resolve(), 'ARP request answered with the guest\'s address')
        run(t, p)
        run_window(t, p)
        run_bad(t, p)
    finally:
        g.kill()
        g.wait()
    print('1..%d' % t.n)
    print('# raw: %d of %d failed' % (t.failed, t.n))
    return 1 if t.failed or t.n != 20 else 0


if __name__ == '__main__':
    sys.exit(main())
