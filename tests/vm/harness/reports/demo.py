# SPDX-License-Identifier: BSD-2-Clause
"""Tell a person what happened in a demo boot (tests/vm/demo.sh), in
plain words; exit status 0 when every step worked and the console is
clean."""

import os
import re

from .. import judge, log
from . import common

COMMAND = 'demo-report'
HELP = 'explain a demo boot'
STEPS = ('load-hypervisor', 'load-guest', 'unload-guest', 'load-fsdemo',
         'rumpctl-list', 'rumpctl-status', 'load-second', 'rumpctl-list2',
         'rumpctl-halt', 'unload-second', 'unload-fsdemo', 'rumpctl-list3',
         'user-fsdemo', 'unload-hypervisor')
# The syscall proxy's steps (part sysproxy).
SP_STEPS = ('sp-load', 'sp-version-socket', 'sp-version-device', 'sp-mkdir',
            'sp-put-device', 'sp-put-socket', 'sp-list', 'sp-version-user',
            'sp-unload')
STATS_RE = re.compile(r'RV-STATS threads=(\d+) allocs=(-?\d+) bytes=(-?\d+) '
                      r'instances=(\d+) pages=(\d+)')


def arguments(p, build):
    p.add_argument('log')
    p.add_argument('--lines', type=int, default=60,
                   help='demo console lines to show')
    p.add_argument('--out', help='also write the verdict of each step as '
                   'TAP to OUT/demo.tap')


class Demo:
    """The demo log, cut into what each part of demo.sh printed."""

    def __init__(self, lines):
        self.lines = lines
        self.msgs = [log.message(raw) for raw in lines]
        self.steps = {name: rc for _, name, rc in log.parse_steps(lines)}

    def boot(self):
        """(release, seconds after power-on) of RV-BOOT, or None."""
        for i, mark, rest in log.markers(self.lines):
            if mark == 'RV-BOOT':
                m = re.match(r'^\[\s*(\d+\.\d+)\]',
                             self.lines[i].replace('\r', ''))
                return rest, float(m.group(1)) if m else 0.0
        return None

    def part_msgs(self, part):
        out, inside = [], False
        for msg in self.msgs:
            m = log.MARK_RE.search(msg)
            if m and m.group(1) == 'RV-PART':
                inside = m.group(2).strip() == part
            elif inside and not (m and m.group(1).startswith('RV-')):
                out.append(msg)
        return out

    def tagged(self, part, prefix):
        """Lines of `part` carrying `prefix`, from the prefix on."""
        out = []
        for msg in self.part_msgs(part):
            k = msg.find(prefix)
            if k >= 0:
                out.append(msg[k + len(prefix):])
        return out

    def said(self, name):
        rc = self.steps.get(name)
        if rc is None:
            return 'did not run'
        return 'ok' if rc == 0 else ('FAILED (exit %s)' % rc)

    def kernel_lines(self, w, part):
        for msg in self.part_msgs(part):
            if msg.startswith('rumpvisor'):
                w('     kernel log: ' + msg)


def show_guest(w, d):
    """Step 3: the conformance guest; (passed, failed)."""
    w('3. The hypervisor\'s conformance guest (tests/guest, a minimal rump')
    w('   kernel): insmod rumpvisor_ct.ko quick=1 -> %s, rmmod -> %s'
      % (d.said('load-guest'), d.said('unload-guest')))
    console = d.tagged('guest', 'rump-ct: ')
    streams = common.tapmod.parse(console, 'guest')
    for c in console:
        if c.startswith(('not ok', 'Bail out!')):
            w('     rump-ct: ' + c)
    d.kernel_lines(w, 'guest')
    npass = sum(s.passed for s in streams)
    nfail = sum(s.failed for s in streams)
    nskip = sum(s.skipped for s in streams)
    w('   Result: %d passed, %d failed, %d skipped (TAP on the guest\'s '
      'console, "rump-ct: " in the kernel log)' % (npass, nfail, nskip))
    return npass, nfail


def show_fsdemo(w, d, args):
    """Step 4: the demo in the kernel; (ok, version)."""
    w('4. The file-system demo inside the kernel: insmod '
      'rumpvisor_fsdemo.ko -> %s' % d.said('load-fsdemo'))
    w('   The module carries the reference guest (guest/: VFS, tmpfs, '
      'kernfs) and')
    w('   demo/fsdemo.c, which uses only the rump client API.  Its lines '
      'in dmesg:')
    demo = d.tagged('fsdemo', 'fsdemo: ')
    shown = 0
    for c in demo:
        if shown < args.lines or c.startswith(('FAILED', 'done')):
            w('     fsdemo: ' + c)
            shown += 1
    if shown < len(demo):
        w('     (%d more lines in %s)' % (len(demo) - shown, args.log))
    version = [c[len('/kern/version: '):] for c in demo
               if c.startswith('/kern/version: ')]
    if version:
        w('   -> the kernfs version line, read from inside the Linux '
          'kernel:')
        for v in version:
            w('        ' + v)
    else:
        w('   -> no /kern/version line: the demo did not get that far')
    d.kernel_lines(w, 'fsdemo')
    return 'done: all steps ok' in demo, bool(version)


def stats(d, part):
    """rumpvisor's stats (threads, allocs, bytes, instances, pages) as
    sampled in part (its first RV-STATS line), or None."""
    inside = False
    for _, mark, rest in log.markers(d.lines):
        if mark == 'RV-PART':
            inside = rest == part
        elif inside and mark == 'RV-STATS':
            m = STATS_RE.search('RV-STATS ' + rest)
            return tuple(int(x) for x in m.groups()) if m else None
    return None


def show_resident(w, d):
    """Steps 5-7: resident guests, rumpctl, two at once, halt and
    unload; (ok, memory back)."""
    w('5. The guest stayed up after its module loaded (a resident rump '
      'kernel).')
    w('   From the VM\'s shell, rumpctl list -> %s, rumpctl status fsdemo '
      '-> %s:' % (d.said('rumpctl-list'), d.said('rumpctl-status')))
    for c in d.tagged('resident', 'rumpctl list: '):
        w('     ' + c)
    for c in d.tagged('resident', 'rumpctl status: '):
        w('     ' + c)
    w('')
    w('6. A second reference guest beside it, writing and reading files in '
      'its own')
    w('   tmpfs (insmod rumpvisor_stress.ko instance=second mode=serve -> %s):'
      % d.said('load-second'))
    for c in d.tagged('second', 'rumpctl list: '):
        w('     ' + c)
    both = stats(d, 'second')
    if both:
        w('   rumpvisor: %d instances, %d live guest threads, %d host pages '
          'held' % (both[3], both[0], both[4]))
    w('')
    w('7. rumpctl halt second -> %s (the guest\'s own halt, then by force '
      'if needed):' % d.said('rumpctl-halt'))
    for c in d.tagged('halt', 'rumpctl halt: '):
        w('     ' + c)
    w('   rmmod rumpvisor_stress -> %s; rmmod rumpvisor_fsdemo -> %s '
      '(a clean halt):' % (d.said('unload-second'),
                           d.said('unload-fsdemo')))
    for msg in d.part_msgs('halt'):
        if msg.startswith('rumpvisor: ') or msg.startswith('fsdemo: '):
            w('     kernel log: ' + msg)
    for c in d.tagged('halt', 'rumpctl list: '):
        w('     rumpctl list: ' + c)
    after = stats(d, 'halt')
    back = bool(after) and after[0] == 0 and after[3] == 0 and after[4] == 0
    halted = any('fsdemo: halted; the guest returned all its memory' in m
                 for m in d.part_msgs('halt'))
    if after:
        w('   -> afterwards: %d instances, %d guest threads, %d host pages: %s'
          % (after[3], after[0], after[4],
             'all memory came back' if back else 'NOT all back'))
    else:
        w('   -> rumpvisor\'s stats were not sampled')
    return halted, back


def show_user(w, d):
    """Step 8: the same demo on the userspace hypervisor; its success."""
    w('8. The same demo source as a static program on the userspace '
      'hypervisor,')
    w('   in the same VM: /rv/fsdemo-static -> %s' % d.said('user-fsdemo'))
    user = [c[len('fsdemo: '):] for c in d.tagged('fsdemo-user', 'user: ')
            if c.startswith('fsdemo: ')]
    for c in user:
        if c.startswith(('/kern/version', 'FAILED', 'done', 'halting')):
            w('     fsdemo: ' + c)
    w('     (%d lines in all)' % len(user))
    return 'done: all steps ok' in user


def show_sysproxy(w, d):
    """Step 9: Linux processes using guests through the syscall proxy;
    (versions read over socket, device, user server; files listed)."""
    w('9. The syscall proxy: Linux processes use a resident in-kernel guest.')
    w('   insmod rumpvisor_rk.ko instance=rk server=unix:///tmp/rk.sock '
      'device=1 -> %s' % d.said('sp-load'))
    paths = (('socket', 'RUMP_SERVER=unix:///tmp/rk.sock',
              'sp-version-socket'),
             ('device', 'RUMP_SERVER=dev://rk', 'sp-version-device'))
    versions = {}
    for name, env, step in paths:
        lines = d.tagged('sysproxy', 'sp %s: ' % name)
        versions[name] = bool(lines) and d.steps.get(step) == 0
        w('   %s rumpctl cat - /kern/version -> %s' % (env, d.said(step)))
        for c in lines:
            w('     ' + c)
    w('   rumpctl mkdir rk /notes -> %s; put rk (device) -> %s; put over '
      'the socket -> %s' % (d.said('sp-mkdir'), d.said('sp-put-device'),
                            d.said('sp-put-socket')))
    listing = d.tagged('sysproxy', 'sp list: ')
    w('   A second process, rumpctl ls -l rk /notes -> %s:'
      % d.said('sp-list'))
    for c in listing:
        w('     ' + c)
    listed = (d.steps.get('sp-list') == 0 and
              any(c.endswith('one.txt') for c in listing) and
              any(c.endswith('two.txt') for c in listing))
    user = d.tagged('sysproxy', 'sp user: ')
    versions['user'] = bool(user) and d.steps.get('sp-version-user') == 0
    w('   The same rumpctl binary against a user-space guest server '
      '(rump_server unix:///tmp/user.sock)')
    w('   -> %s:' % d.said('sp-version-user'))
    for c in user:
        w('     ' + c)
    w('   rmmod rumpvisor_rk -> %s' % d.said('sp-unload'))
    return versions, listed


def show_console(w, d):
    """Step 11: the console judgement; its findings."""
    findings = judge.check_console(d.lines)
    taint = None
    for _, mark, rest in log.markers(d.lines):
        if mark == 'RV-TAINT':
            taint = int(rest)
    if findings:
        w('11. Kernel log: PROBLEMS')
        for n, what, line in findings:
            w('     line %d: %s: %s' % (n, what, line))
    else:
        w('11. Kernel log: clean (no warnings, oopses, lockdep or hung '
          'tasks); taint %s = %s' % (taint, judge.taint_letters(taint or 0)
                                     or 'none'))
        w('   (O: out-of-tree module, E: unsigned module; expected)')
    return findings


def run(args):
    d = Demo(log.read_lines(args.log))
    w = print
    w('')
    w('rumpvisor demo: rump kernels running inside the Linux kernel')
    w('============================================================')
    boot = d.boot()
    if not boot:
        w('1. The VM did not boot to init; see %s' % args.log)
        return 1
    w('1. Booted Linux %s in qemu (software CPU emulation); init ran '
      '%.1f s after power-on.' % boot)
    w('')
    w('2. Loaded the hypervisor: insmod rumpvisor.ko files=/tmp/rv  -> %s'
      % d.said('load-hypervisor'))
    d.kernel_lines(w, 'hypervisor')
    w('')
    npass, nfail = show_guest(w, d)
    w('')
    kernel_ok, version = show_fsdemo(w, d, args)
    w('')
    halted, back = show_resident(w, d)
    w('')
    user_ok = show_user(w, d)
    w('')
    versions, listed = show_sysproxy(w, d)
    sp_ok = all(versions.values()) and listed
    w('')
    w('10. Unloaded the hypervisor: rmmod rumpvisor -> %s'
      % d.said('unload-hypervisor'))
    d.kernel_lines(w, 'unload')
    w('')
    findings = show_console(w, d)
    w('')
    ok = (not findings and nfail == 0 and npass > 0 and kernel_ok and
          halted and back and user_ok and version and sp_ok and
          all(d.steps.get(n) == 0 for n in SP_STEPS) and
          all(rc == 0 for rc in d.steps.values()))
    w('demo: %s (full console: %s)' % ('OK' if ok else 'FAILED', args.log))
    if args.out:
        steps = [(d.steps.get(n) == 0, 'step %s' % n)
                 for n in STEPS + SP_STEPS]
        log.write_lines(os.path.join(args.out, 'demo.tap'), common.harness_tap(
            [(True, 'booted %s' % boot[0])] + steps + [
                (npass > 0 and nfail == 0, 'conformance guest: %d passed, '
                 '%d failed' % (npass, nfail)),
                (kernel_ok and version, 'fs demo in the kernel: all steps '
                 'ok, /kern/version read'),
                (halted, 'fs demo guest halted cleanly at rmmod, all its '
                 'memory returned'),
                (back, 'no instance, thread or page left afterwards'),
                (user_ok, 'fs demo on the userspace hypervisor'),
                (versions['socket'] and versions['device'],
                 'syscall proxy: /kern/version from the in-kernel guest '
                 'over its socket and its device'),
                (listed, 'syscall proxy: files put by rumpctl, listed by '
                 'another process'),
                (versions['user'], 'syscall proxy: the same client against '
                 'a user-space guest server'),
                (not findings, 'console clean (%d findings)' %
                 len(findings))]))
    return 0 if ok else 1
