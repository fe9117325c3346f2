#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The guest's network stack against Linux's, over a tap device.

Needs root: makes a network namespace of its own (nothing reaches the
host's network), a tap device in it with 10.9.0.1/24 on Linux's side,
and runs net-peer (the guest, 10.9.0.2/24 on virt0 over the tap) inside
it against Linux's own stack: ping both ways, TCP bulk transfers both
ways with CRC-32s compared, UDP echo with datagrams that need
fragmentation, ICMP port unreachable from the guest to a Linux socket,
and the guest's DHCP client against busybox udhcpd.  TAP on stdout;
without root (or without /dev/net/tun, ip, busybox) every test is a
SKIP, never a pass.

    tap_test.py [--peer PATH] [--bytes N] [--inner NS]
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zlib

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
TAP = 'rvtap0'
LINUX = '10.9.0.1'
GUEST = '10.9.0.2'

TESTS = ['guest pings Linux', 'Linux pings the guest',
         'TCP guest -> Linux', 'TCP Linux -> guest',
         'UDP echo with fragments', 'ICMP port unreachable from the guest',
         'DHCP from busybox udhcpd']


def skip_all(reason):
    print('1..%d' % len(TESTS))
    for i, name in enumerate(TESTS, 1):
        print('ok %d - %s # SKIP %s' % (i, name, reason))
    return 0


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def result(self, ok, name, detail=''):
        self.n += 1
        self.failed += not ok
        print('%s %d - %s%s' % ('ok' if ok else 'not ok', self.n, name,
                                (' (%s)' % detail) if detail else ''),
              flush=True)


def sh(*cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


class Guest:
    """net-peer running in the namespace; its key=value lines."""

    def __init__(self, peer, args, stdin=False):
        self.p = subprocess.Popen(
            [peer, '--link', 'tap:' + TAP] + args,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.vals = {}
        self.lines = []

    def until(self, key, timeout=20):
        end = time.time() + timeout
        while time.time() < end:
            line = self.p.stdout.readline()
            if not line:
                return None
            self.note(line)
            if line.startswith(key + '='):
                return self.vals[key]
        return None

    def note(self, line):
        line = line.strip()
        self.lines.append(line)
        if '=' in line:
            for kv in line.split():
                if '=' in kv:
                    k, v = kv.split('=', 1)
                    self.vals[k] = v

    def finish(self, timeout=120):
        try:
            out, _ = self.p.communicate(
                input='' if self.p.stdin else None, timeout=timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            out, _ = self.p.communicate()
            self.lines.append('timed out after %d s' % timeout)
        for line in out.splitlines():
            self.note(line)
        return self.p.returncode


def stream_bytes(n):
    """n bytes of a fixed pattern, in 64 KiB pieces."""
    block = bytes((i * 7 + 3) & 0xff for i in range(65536))
    while n > 0:
        yield block[:min(n, len(block))]
        n -= len(block)


def t_ping_linux(t, peer):
    g = Guest(peer, ['--addr', GUEST + '/24', 'ping', LINUX, '3'])
    rc = g.finish(60)
    t.result(rc == 0 and g.vals.get('replies') == '3/3', TESTS[0],
             'replies %s' % g.vals.get('replies'))


def t_ping_guest(t, peer):
    g = Guest(peer, ['--addr', GUEST + '/24', 'wait'], stdin=True)
    ok = g.until('waiting') is not None
    r = subprocess.run(['busybox', 'ping', '-c', '3', '-W', '2', GUEST],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    g.finish()
    got = [l for l in r.stdout.splitlines() if 'bytes from' in l]
    t.result(ok and r.returncode == 0 and len(got) == 3, TESTS[1],
             '%d replies' % len(got))


def t_tcp_to_linux(t, peer, nbytes):
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((LINUX, 7000))
    srv.listen(1)
    res = {}

    def sink():
        c, _ = srv.accept()
        crc, n = 0, 0
        while True:
            b = c.recv(262144)
            if not b:
                break
            crc = zlib.crc32(b, crc)
            n += len(b)
        res['crc'], res['n'] = crc, n
        c.close()

    th = threading.Thread(target=sink)
    th.start()
    g = Guest(peer, ['--addr', GUEST + '/24', 'tcp-source', LINUX, '7000',
                     str(nbytes)])
    rc = g.finish(300)
    th.join(60)
    srv.close()
    want = g.vals.get('crc32')
    got = '%08x' % res.get('crc', -1 & 0xffffffff)
    t.result(rc == 0 and res.get('n') == nbytes and want == got, TESTS[2],
             '%d bytes in %s s, crc32 guest %s Linux %s' % (
                 res.get('n', 0), g.vals.get('seconds'), want, got))


def t_tcp_from_linux(t, peer, nbytes):
    g = Guest(peer, ['--addr', GUEST + '/24', 'tcp-sink', '7001',
                     str(nbytes)])
    ok = g.until('listening') is not None
    crc = 0
    if ok:
        s = socket.create_connection((GUEST, 7001), timeout=30)
        for b in stream_bytes(nbytes):
            crc = zlib.crc32(b, crc)
            s.sendall(b)
        s.shutdown(socket.SHUT_WR)
        s.close()
    rc = g.finish(300)
    want = '%08x' % crc
    t.result(ok and rc == 0 and g.vals.get('crc32') == want, TESTS[3],
             '%s bytes in %s s, crc32 Linux %s guest %s' % (
                 g.vals.get('received'), g.vals.get('seconds'), want,
                 g.vals.get('crc32')))


def t_udp(t, peer):
    sizes = [1, 1472, 1473, 8000, 30000, 65507]
    g = Guest(peer, ['--addr', GUEST + '/24', 'udp-echo', '7002',
                     str(len(sizes))])
    ok = g.until('listening') is not None
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(5)
    bad = []
    for n in sizes if ok else []:
        data = os.urandom(n)
        s.sendto(data, (GUEST, 7002))
        try:
            back, addr = s.recvfrom(70000)
        except socket.timeout:
            back, addr = b'', None
        if back != data or addr != (GUEST, 7002):
            bad.append(n)
    s.close()
    rc = g.finish()
    t.result(ok and rc == 0 and not bad, TESTS[4],
             'sizes %s, wrong: %s' % (sizes, bad or 'none'))


def t_unreach(t, peer):
    g = Guest(peer, ['--addr', GUEST + '/24', 'wait'], stdin=True)
    ok = g.until('waiting') is not None
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(5)
    s.connect((GUEST, 9999))
    refused = False
    try:
        s.send(b'x')
        s.recv(10)
    except ConnectionRefusedError:
        refused = True
    except socket.timeout:
        pass
    s.close()
    g.finish()
    t.result(ok and refused, TESTS[5],
             'Linux saw ECONNREFUSED' if refused else 'no ICMP error')


def t_dhcp(t, peer, tmp):
    conf = os.path.join(tmp, 'udhcpd.conf')
    with open(conf, 'w') as f:
        f.write('interface %s\nstart 10.9.0.100\nend 10.9.0.110\n'
                'lease_file %s/leases\npidfile %s/udhcpd.pid\n'
                'option subnet 255.255.255.0\noption router %s\n'
                'option lease 600\n' % (TAP, tmp, tmp, LINUX))
    open(os.path.join(tmp, 'leases'), 'w').close()
    d = subprocess.Popen(['busybox', 'udhcpd', '-f', conf],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    g = Guest(peer, ['--dhcp', 'show-addr', 'virt0', 'ping', LINUX, '1'])
    rc = g.finish(60)
    d.terminate()
    d.wait()
    addr = g.vals.get('addr', '')
    last = int(addr.rsplit('.', 1)[1]) if addr.startswith('10.9.0.') else 0
    t.result(rc == 0 and 100 <= last <= 110, TESTS[6],
             'leased %s, then pinged the router' % (addr or 'nothing'))


def inner(args):
    """Inside the namespace: the tap device and the tests."""
    sh('ip', 'link', 'set', 'lo', 'up')
    sh('ip', 'tuntap', 'add', 'dev', TAP, 'mode', 'tap')
    sh('ip', 'addr', 'add', LINUX + '/24', 'dev', TAP)
    sh('ip', 'link', 'set', TAP, 'up')
    t = Tap()
    print('1..%d' % len(TESTS), flush=True)
    t_ping_linux(t, args.peer)
    t_ping_guest(t, args.peer)
    t_tcp_to_linux(t, args.peer, args.bytes)
    t_tcp_from_linux(t, args.peer, args.bytes)
    t_udp(t, args.peer)
    t_unreach(t, args.peer)
    with tempfile.TemporaryDirectory() as tmp:
        t_dhcp(t, args.peer, tmp)
    print('# tap: %d of %d failed' % (t.failed, t.n))
    return 1 if t.failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--peer', default=os.path.join(TOP, 'build', 'user',
                                                   'net-peer'))
    ap.add_argument('--bytes', type=int, default=50 * 1000 * 1000)
    ap.add_argument('--inner', help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.inner:
        return inner(args)
    if os.geteuid() != 0:
        return skip_all('needs root (a network namespace and a tap device)')
    for need in ('/dev/net/tun', '/usr/sbin/ip', '/bin/busybox'):
        if not os.path.exists(need) and not (
                need.startswith('/usr/sbin') and os.path.exists('/sbin/ip')):
            return skip_all('%s is missing' % need)
    ns = 'rvnet%d' % os.getpid()
    sh('ip', 'netns', 'add', ns)
    try:
        r = subprocess.run(['ip', 'netns', 'exec', ns, sys.executable,
                            os.path.abspath(__file__), '--inner', ns,
                            '--peer', os.path.abspath(args.peer),
                            '--bytes', str(args.bytes)], timeout=900)
        return r.returncode
    finally:
        subprocess.run(['ip', 'netns', 'del', ns])


if __name__ == '__main__':
    sys.exit(main())
