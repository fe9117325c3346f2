# SPDX-License-Identifier: BSD-2-Clause
"""Unit tests for the VM harness's log logic (python3 -m unittest)."""

import io
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vm  # noqa: E402

CLEAN = '''\
[    0.000000] Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org)
[    2.926688] RV-BOOT 6.1.0-56-amd64\r
[    2.950417] RV-PART full
[    2.958860] rumpvisor: loading out-of-tree module taints kernel.
[    3.031766] rump: ct: hello
[    3.032051] rump: ok 1 - mutex
[    3.032179] rump: not ok 2 - cv # late
[    3.034227] rump: 1..2
[    3.039204] RV-STEP insmod-ct rc=0
[    3.040000] RV-PART user
[    3.050000] ctuser: ok 1 - user
[    3.050001] ctuser: 1..1
[    3.060000] RV-TAINT 12288
[    3.070000] RV-DONE rc=0
'''


def with_line(line, taint='12288'):
    text = CLEAN.replace('RV-TAINT 12288', 'RV-TAINT ' + taint)
    return text.replace('[    3.060000] RV-TAINT',
                        line + '\n[    3.060000] RV-TAINT')


def findings(text):
    return [what for _, what, _ in vm.check_console(text.splitlines())]


class ConsoleCheck(unittest.TestCase):
    def test_clean(self):
        self.assertEqual(findings(CLEAN), [])

    def test_each_failure_kind(self):
        cases = [
            ('[    5.1] WARNING: CPU: 1 PID: 9 at kernel/x.c:1 f+0x1/0x2',
             'kernel warning'),
            ('[    5.1] BUG: kernel NULL pointer dereference, address: 0',
             'kernel BUG'),
            ('[    5.1] kernel BUG at mm/slub.c:42!', 'kernel BUG'),
            ('[    5.1] Oops: 0002 [#1] PREEMPT SMP NOPTI', 'oops'),
            ('[    5.1] general protection fault, probably for non-canonical',
             'general protection fault'),
            ('[    5.1] Kernel panic - not syncing: Fatal exception',
             'kernel panic'),
            ('[  130.1] INFO: task insmod:77 blocked for more than 120 seconds.',
             'hung task'),
            ('[    5.1] possible recursive locking detected', 'lockdep'),
            ('[    5.1] WARNING: possible circular locking dependency detected',
             'lockdep'),
            ('[    5.1] inconsistent lock state', 'lockdep'),
            ('[    5.1] BUG: scheduling while atomic: rv/3/0x00000002',
             'scheduling while atomic'),
            ('[    5.1] scheduling while atomic: x', 'scheduling while atomic'),
            ('[    5.1] sleeping function called from invalid context at x',
             'sleep in atomic context'),
            ('[    5.1] UBSAN: shift-out-of-bounds in x.c:3:4', 'UBSAN'),
            ('[    5.1] KASAN: use-after-free in f', 'KASAN'),
            ('[    5.1] kmemleak: 3 new suspected memory leaks', 'kmemleak'),
            ('[    5.1] watchdog: BUG: soft lockup - CPU#0 stuck for 22s!',
             'lockup'),
            ('[    5.1] rcu: INFO: rcu_preempt self-detected stall on CPU',
             'RCU stall'),
            ('[    5.1] Call Trace:', 'call trace'),
        ]
        for line, what in cases:
            with self.subTest(line=line):
                self.assertEqual(findings(with_line(line)), [what])

    def test_allowed_panic_dump(self):
        dump = '\n'.join([
            '[    5.0] rumpvisor: guest panicked (rumpuser_exit PANIC)',
            '[    5.0] CPU: 1 PID: 80 Comm: ct Tainted: G OE 6.1.0',
            '[    5.0] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996)',
            '[    5.0] Call Trace:',
            '[    5.0]  <TASK>',
            '[    5.0]  dump_stack_lvl+0x44/0x5c',
            '[    5.0]  </TASK>'])
        self.assertEqual(findings(with_line(dump)), [])

    def test_panic_line_allows_only_one_trace(self):
        two = '\n'.join(['[ 5.0] rumpvisor: guest panicked',
                         '[ 5.0] Call Trace:', '[ 5.1] Call Trace:'])
        self.assertEqual(findings(with_line(two)), ['call trace'])

    def test_trace_far_after_panic_line_fails(self):
        far = '\n'.join(['[ 5.0] rumpvisor: guest panicked'] +
                        ['[ 5.0] filler %d' % i for i in range(20)] +
                        ['[ 6.0] Call Trace:'])
        self.assertEqual(findings(with_line(far)), ['call trace'])

    def test_guest_output_is_not_kernel_output(self):
        self.assertEqual(findings(with_line('[ 5.0] rump: ok 3 - BUG: none')),
                         [])

    def test_taint_values(self):
        for taint, bad in (('0', False), ('4096', False), ('8192', False),
                           ('12288', False), ('512', True), ('12800', True),
                           ("1", True), ("128", True)):
            with self.subTest(taint=taint):
                f = findings(CLEAN.replace('RV-TAINT 12288', 'RV-TAINT ' + taint))
                self.assertEqual(bool(f), bad)
                if bad:
                    self.assertTrue(f[0].startswith('kernel tainted'))

    def test_taint_letters(self):
        self.assertEqual(vm.taint_letters(12288 | 512), 'WOE')

    def test_missing_taint_line(self):
        text = '\n'.join(l for l in CLEAN.splitlines() if 'RV-TAINT' not in l)
        self.assertEqual(len(findings(text)), 1)

    def test_done_status(self):
        self.assertEqual(vm.done_status(CLEAN.splitlines()), 0)
        self.assertEqual(vm.done_status(
            CLEAN.replace('rc=0\n', 'rc=3\n').splitlines()), 3)
        self.assertIsNone(vm.done_status(['[ 1.0] nothing']))


class TapExtraction(unittest.TestCase):
    def test_prefix_and_timestamps(self):
        self.assertEqual(vm.extract_tap(CLEAN.splitlines(), 'rump: '),
                         ['ct: hello', 'ok 1 - mutex', 'not ok 2 - cv # late',
                          '1..2'])

    def test_part(self):
        lines = CLEAN.splitlines()
        self.assertEqual(vm.extract_tap(lines, 'ctuser: ', 'user'),
                         ['ok 1 - user', '1..1'])
        self.assertEqual(vm.extract_tap(lines, 'rump: ', 'user'), [])

    def test_escape_sequences_and_cr(self):
        lines = ['\x1b[?7l[    1.5] rump: ok 1 - a\r']
        self.assertEqual(vm.extract_tap(lines, 'rump: '), ['ok 1 - a'])

    def test_cli(self):
        with tempfile.NamedTemporaryFile('w', suffix='.log') as f:
            f.write(CLEAN)
            f.flush()
            out = io.StringIO()
            with redirect_stdout(out):
                rc = vm.main(['tap', f.name, '--prefix', 'rump: '])
            self.assertEqual(rc, 0)
            self.assertEqual(out.getvalue().splitlines()[1], 'ok 1 - mutex')
            with redirect_stdout(io.StringIO()):
                self.assertEqual(vm.main(['check', f.name]), 0)


def sample(tag, slab, sun, vmal, kt):
    return (tag, {'slab': slab, 'sunreclaim': sun, 'vmalloc': vmal,
                  'kthreads': kt, 'kworkers': 9})


class Cycles(unittest.TestCase):
    def judge(self, final, grow=0, noise=(0, 40, -30, 10)):
        """Baseline, 20 cycles growing by grow kB each (plus noise), final."""
        s = [sample('base', 15000, 6000, 5000, 38)]
        for i in range(1, 21):
            d = i * grow + noise[i % len(noise)]
            s.append(sample('cycle-%d' % i, 15000 + d, 6000 + d, 5000, 38))
        return [ok for ok, _ in vm.judge_cycles(s + [final])]

    def test_clean(self):
        self.assertEqual(self.judge(sample('final', 15200, 6120, 5016, 38)),
                         [True] * 4)

    def test_thread_leak(self):
        self.assertEqual(self.judge(sample('final', 15000, 6000, 5000, 39)),
                         [False, True, True, True])

    def test_vmalloc_leak(self):
        self.assertEqual(self.judge(sample('final', 15000, 6000, 5200, 38)),
                         [True, False, True, True])

    def test_large_slab_leak(self):
        self.assertEqual(self.judge(sample('final', 16000, 7000, 5000, 38),
                                    grow=50),
                         [True, True, False, False])

    def test_steady_slab_growth(self):
        # 12 kB a cycle is 240 kB in all: inside the total bound, but a
        # steady slope.
        self.assertEqual(self.judge(sample('final', 15240, 6240, 5000, 38),
                                    grow=12),
                         [True, True, True, False])

    def test_slope(self):
        self.assertAlmostEqual(vm.lsq_slope([(1, 10), (2, 12), (3, 14)]), 2.0)
        self.assertEqual(vm.lsq_slope([(1, 5)]), 0.0)

    def test_missing_samples(self):
        self.assertEqual([ok for ok, _ in vm.judge_cycles([])], [False])

    def test_parse_samples_and_stats(self):
        lines = ['[ 1.0] RV-PART cycle-1',
                 '[ 1.0] RV-STATS threads=0 allocs=2 bytes=128',
                 '[ 1.1] RV-SAMPLE base slab=1 sunreclaim=2 vmalloc=3 '
                 'kthreads=4 kworkers=5']
        self.assertEqual(vm.parse_samples(lines),
                         [('base', {'slab': 1, 'sunreclaim': 2, 'vmalloc': 3,
                                    'kthreads': 4, 'kworkers': 5})])
        st = vm.judge_stats(lines)
        self.assertEqual(len(st), 1)
        self.assertFalse(st[0][0])
        self.assertIn('allocs=2', st[0][1])


class Initramfs(unittest.TestCase):
    def test_newc_layout(self):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, 'x.cpio')
            with open(p, 'wb') as f:
                c = vm.Cpio(f)
                c.dir('rv')
                c.file('rv/a', b'hello', 0o755)
                c.close()
            with open(p, 'rb') as f:
                data = f.read()
        self.assertEqual(len(data) % 4, 0)
        self.assertTrue(data.startswith(b'070701'))
        self.assertIn(b'rv/a\0', data)
        self.assertIn(b'hello', data)
        self.assertIn(b'TRAILER!!!\0', data)


if __name__ == '__main__':
    unittest.main()
