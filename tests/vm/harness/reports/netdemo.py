# SPDX-License-Identifier: BSD-2-Clause
"""Tell a person what happened in the network demo's boot
(tests/vm/demo-net.sh), in plain words; exit status 0 when every step
worked, every guest fetched Linux's page, answered ping and wget, the
interface counted the traffic and the console is clean."""

import os
import re

from . import common
from .demo import Demo, show_console

COMMAND = 'netdemo-report'
HELP = 'explain the network demo boot'
# (part, title, device, step names, prefix of the guest's lines)
PARTS = (
    ('native', 'a native network device (rumpvisor_netdemo.ko)', 'netdemo0',
     ('load-netdemo', 'linux-end', 'fetch', 'ping', 'wget',
      'unload-netdemo', 'device-gone'), 'netdemo: '),
    ('tap', 'a tap device handed over with rumptap '
     '(rumpvisor_netdemo.ko link=tap:tap0)', 'tap0',
     ('rumptap-add', 'linux-end-tap', 'load-netdemo-tap', 'fetch-tap', 'ping',
      'wget', 'unload-netdemo-tap', 'rumptap-del'), 'netdemo: '),
    ('user', 'the same source as a program on the userspace hypervisor '
     '(/rv/netdemo-static --link tap:utap0)', 'utap0',
     ('linux-end-user', 'fetch-user', 'ping', 'wget', 'user-netdemo'),
     'user: netdemo: '),
)
PING_RE = re.compile(r'(\d+) packets transmitted, (\d+) (?:packets )?received')
NUM_RE = re.compile(r'^\s*(\d+)\s+(\d+)\s')


def arguments(p, build):
    p.add_argument('log')
    p.add_argument('--out', help='also write the verdict of each check as '
                   'TAP to OUT/demo-net.tap')


def part_steps(lines, part):
    """{step: rc} of the steps logged inside part."""
    out, inside = {}, False
    for _, mark, rest in common.log.markers(lines):
        if mark == 'RV-PART':
            inside = rest == part
        elif inside and mark == 'RV-STEP':
            m = re.match(r'(\S+) rc=(-?\d+)', rest)
            if m:
                out[m.group(1)] = int(m.group(2))
    return out


def link_counts(ip_lines):
    """(rx packets, tx packets) from `ip -s link` output, or None."""
    got = {}
    for i, line in enumerate(ip_lines[:-1]):
        head = line.strip().split(':')[0]
        if head in ('RX', 'TX'):
            m = NUM_RE.match(ip_lines[i + 1])
            if m:
                got[head] = int(m.group(2))
    if 'RX' in got and 'TX' in got:
        return got['RX'], got['TX']
    return None


def ping_counts(ping_lines):
    for line in ping_lines:
        m = PING_RE.search(line)
        if m:
            return int(m.group(1)), int(m.group(2))
    return 0, 0


def show_part(w, d, n, spec):
    """One part of the demo; a list of (ok, description) checks."""
    part, title, dev, names, prefix = spec
    steps = part_steps(d.lines, part)
    w('%d. The guest on %s:' % (n, title))
    w('   steps: ' + ', '.join('%s %s' % (s, 'ok' if steps.get(s) == 0 else
                                         'did not run' if s not in steps
                                         else 'FAILED (exit %s)' % steps[s])
                              for s in names))
    guest = d.tagged(part, prefix)
    for c in guest:
        if not c.startswith('serving HTTP'):
            w('     guest: ' + c)
    sent, got = ping_counts(d.tagged(part, 'ping: '))
    w('   ping %s from Linux: %d sent, %d answered by the guest'
      % ('10.0.2.17', sent, got))
    page = d.tagged(part, 'wget: ')
    hello = any('Hello from a rump kernel' in c for c in page)
    w('   wget http://10.0.2.17/ from Linux, the guest\'s own web server:')
    for c in page:
        if c.startswith('<p>'):
            w('     ' + c)
    ip = d.tagged(part, 'ip: ')
    w('   ip -s link show %s:' % dev)
    for c in ip:
        w('     ' + c)
    counts = link_counts(ip)
    fetched = any(c.startswith('fetched ') for c in guest) and \
        'end of the page' in guest and \
        any('the end: served by Linux' in c for c in guest)
    return [
        (all(steps.get(s) == 0 for s in names), '%s: every step ok' % part),
        (fetched, '%s: the guest fetched Linux\'s page and printed its end'
         % part),
        (sent > 0 and got == sent, '%s: ping answered (%d of %d)'
         % (part, got, sent)),
        (hello, '%s: wget got the guest\'s page' % part),
        (bool(counts) and min(counts) > 0, '%s: ip -s link counts packets '
         'both ways (%s)' % (part, counts)),
    ]


def run(args):
    d = Demo(common.log.read_lines(args.log))
    w = print
    w('')
    w('rumpvisor network demo: a rump kernel\'s TCP/IP stack on a Linux '
      'interface')
    w('=================================================================='
      '=========')
    boot = d.boot()
    if not boot:
        w('1. The VM did not boot to init; see %s' % args.log)
        return 1
    w('1. Booted Linux %s in qemu; Linux serves a page at 10.0.2.2 with '
      'busybox httpd.' % boot[0])
    w('   insmod rumpvisor.ko -> %s' % d.said('load-hypervisor'))
    checks = [(d.steps.get('load-hypervisor') == 0, 'hypervisor loaded')]
    for n, spec in enumerate(PARTS, 2):
        w('')
        checks += show_part(w, d, n, spec)
    w('')
    w('5. Unloaded the hypervisor: rmmod rumpvisor -> %s'
      % d.said('unload-hypervisor'))
    checks.append((d.steps.get('unload-hypervisor') == 0,
                   'hypervisor unloaded'))
    w('')
    findings = show_console(w, d)
    checks.append((not findings, 'console clean (%d findings)'
                   % len(findings)))
    ok = all(c for c, _ in checks)
    for c, what in checks:
        if not c:
            w('   FAILED: ' + what)
    w('')
    w('demo-net: %s (full console: %s)' % ('OK' if ok else 'FAILED',
                                            args.log))
    if args.out:
        common.log.write_lines(os.path.join(args.out, 'demo-net.tap'),
                               common.harness_tap(checks))
    return 0 if ok else 1
