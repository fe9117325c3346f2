# SPDX-License-Identifier: BSD-2-Clause
"""Unit tests of the harness package: which test a kernel report belongs
to, detector reports, kmemleak attribution, the helpers in a shell, the
initramfs, kernel modules for it, the debug kernel's configuration check,
the generic and the debug reports."""

import contextlib
import io
import lzma
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vm  # noqa: E402,F401  (puts the harness package on the path)
from harness import (boot, debugkernel, initramfs, judge, kmods,  # noqa: E402
                     log, symbols)

RUN = '''\
[    1.000000] RV-BOOT 6.1.192-rvdebug
[    1.100000] RV-KMEMLEAK cleared
[    2.000000] RV-PART full
[    3.000000] RV-STEP insmod-rumpvisor rc=0
[    4.000000] ==================================================================
[    4.000001] BUG: KASAN: slab-use-after-free in rv_free+0x1/0x2 [rumpvisor]
[    4.000002] Read of size 8 at addr ffff888003a1b000 by task insmod/77
[    4.000003] CPU: 1 PID: 77 Comm: insmod Tainted: G O 6.1.192-rvdebug #1
[    4.000004] Call Trace:
[    4.000005]  <TASK>
[    4.000006]  dump_stack_lvl+0x44/0x5c
[    4.000007] ==================================================================
[    5.000000] RV-STEP insmod-ct rc=0
[    6.000000] ------------[ cut here ]------------
[    6.000001] ODEBUG: free active (active state 0) object: 0000 object type: timer_list hint: f+0x0
[    6.000002] WARNING: CPU: 0 PID: 80 at lib/debugobjects.c:509 debug_print_object+0x1/0x2
[    6.000003] Call Trace:
[    7.000000] RV-STEP rmmod-ct rc=0
[    8.000000] WARNING: possible circular locking dependency detected
[    8.000001] 6.1.192-rvdebug #1 Tainted: G    B   W  O
[    8.000002] Call Trace:
[    9.000000] RV-PART cycle-1
[   10.000000] RV-STEP insmod-rumpvisor rc=0
[   11.000000] RV-PART end
[   12.000000] RV-KMEMLEAK scan
[   20.000000] kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)
[   21.000000] RV-KMEMLEAK read
[   21.100000] kmemleak-report: unreferenced object 0xffff888003a1b000 (size 64):
[   21.100001] kmemleak-report:   comm "insmod", pid 77, jiffies 4294893339 (age 17.500s)
[   21.100002] kmemleak-report:   backtrace:
[   21.100003] kmemleak-report:     [<ffffffff81234567>] rumpuser_malloc+0x1/0x2 [rumpvisor]
[   21.100004] kmemleak-report: unreferenced object 0xffff888003a1c000 (size 32):
[   21.100005] kmemleak-report:   comm "insmod", pid 90, jiffies 4294893339 (age 11.500s)
[   21.200000] RV-KMEMLEAK done objects=2
[   21.300000] RV-TAINT 12800
[   21.400000] RV-DONE rc=0
'''


class RunningTest(unittest.TestCase):
    def setUp(self):
        self.lines = RUN.splitlines()

    def at(self, text):
        i = next(k for k, line in enumerate(self.lines) if text in line)
        return log.running_test(self.lines, i)

    def test_step_that_ran(self):
        self.assertEqual(self.at('BUG: KASAN'), ('full', 'insmod-ct'))
        self.assertEqual(self.at('ODEBUG'), ('full', 'rmmod-ct'))

    def test_after_last_step(self):
        self.assertEqual(self.at('circular locking'),
                         ('full', 'after rmmod-ct'))

    def test_before_any_part(self):
        self.assertEqual(self.at('RV-KMEMLEAK cleared'), (None, None))

    def test_timestamps(self):
        self.assertEqual(log.timestamp(self.lines[2]), 2.0)
        self.assertIsNone(log.timestamp('no stamp'))
        self.assertEqual(log.line_at_time(self.lines, 9.5), 21)
        self.assertEqual(log.line_at_time(self.lines, 0.5), -1)


class Reports(unittest.TestCase):
    def setUp(self):
        self.lines = RUN.splitlines()
        self.reps = judge.reports(self.lines)

    def kinds(self):
        return [(r.detector, r.kind, r.test()) for r in self.reps]

    def test_grouping_and_tests(self):
        self.assertEqual(self.kinds(), [
            ('KASAN', 'KASAN', 'full/insmod-ct'),
            ('DEBUG_OBJECTS', 'DEBUG_OBJECTS', 'full/rmmod-ct'),
            ('lockdep', 'lockdep', 'full/after rmmod-ct'),
            # (the scan's summary line is not a report of its own)
            # age 17.5 s before the read at 21.0: allocated at 3.5 s.
            ('kmemleak', 'kmemleak', 'full/insmod-ct'),
            # 11.5 s: at 9.5 s, in cycle-1.
            ('kmemleak', 'kmemleak', 'cycle-1/insmod-rumpvisor'),
            ('other', 'kernel tainted 12800 (WOE)', 'the whole run')])
        self.assertEqual(self.reps[3].comm, 'insmod (pid 77)')

    def test_leak_time_from_jiffies(self):
        # Without "(age ...)": jiffies against the markers' jiffies
        # (250 a second here: 1000 at 1.1 s, 6000 at 21 s).
        text = RUN.replace('RV-KMEMLEAK cleared', 'RV-KMEMLEAK cleared '
                           'jiffies=1000').replace(
            'RV-KMEMLEAK read', 'RV-KMEMLEAK read jiffies=5975')
        text = text.replace('jiffies 4294893339 (age 17.500s)',
                            'jiffies 1600').replace(
            'jiffies 4294893339 (age 11.500s)', 'jiffies 3100')
        reps = judge.reports(text.splitlines())
        # 1600: 3.5 s (full/insmod-ct); 3100: 9.5 s (cycle-1).
        self.assertEqual([r.test() for r in reps if r.kind == 'kmemleak'],
                         ['full/insmod-ct', 'cycle-1/insmod-rumpvisor'])
        bare = text.replace(' jiffies=1000', '')
        reps = judge.reports(bare.splitlines())
        self.assertEqual([r.test() for r in reps if r.kind == 'kmemleak'],
                         ['?/?', '?/?'])

    def test_headline(self):
        self.assertIn('BUG: KASAN: slab-use-after-free', self.reps[0].headline)
        self.assertIn('ODEBUG: free active', self.reps[1].headline)

    def test_warning_names_its_source(self):
        self.assertEqual(judge.classify(
            'WARNING: CPU: 0 PID: 1 at kernel/locking/lockdep.c:1 f'),
            'lockdep')
        self.assertEqual(judge.classify(
            'WARNING: CPU: 0 PID: 1 at kernel/sched/core.c:1 f'),
            'kernel warning')

    def test_boot_lines_of_the_debug_kernel_are_clean(self):
        for line in ('... MAX_LOCKDEP_KEYS:        8192',
                     'kmemleak: Kernel memory leak detector initialized '
                     '(mem pool available: 30876)',
                     'Lock dependency validator: Copyright (c) 2006 Red Hat',
                     'kasan: KernelAddressSanitizer initialized'):
            with self.subTest(line=line):
                self.assertIsNone(judge.classify(line))
        for line, kind in (
                ('BUG: MAX_LOCKDEP_ENTRIES too low!', 'lockdep'),
                ('kmemleak: Kernel memory leak detector disabled',
                 'kmemleak disabled'),
                ('BUG kmalloc-64 (Not tainted): Redzone overwritten',
                 'SLUB corruption'),
                ('INFO: task insmod:77 blocked for more than 120 seconds.',
                 'hung task')):
            with self.subTest(line=line):
                self.assertEqual(judge.classify(line), kind)


class DebugReport(unittest.TestCase):
    def report(self, text):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'check-kernel.log')
            with open(path, 'w') as f:
                f.write(text)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                rc = vm.main(['debug-report', path, '--out', d])
            with open(os.path.join(d, 'debug-check-kernel.tap')) as f:
                tap = f.read()
        return rc, out.getvalue(), tap

    def test_reports_fail_and_name_tests(self):
        rc, out, tap = self.report(RUN)
        self.assertEqual(rc, 1)
        self.assertIn('KASAN (KASAN) during full/insmod-ct', out)
        self.assertIn('allocated by insmod (pid 77)', out)
        self.assertIn('not ok 3 - 1 KASAN reports, first in full/insmod-ct',
                      tap)
        self.assertIn('ok 2 - kmemleak scan ran (done objects=2)', tap)

    def test_clean(self):
        clean = '\n'.join(line for line in RUN.splitlines()
                          if line.startswith('[') and
                          ('RV-' in line and 'TAINT' not in line)) + \
            '\n[   21.3] RV-TAINT 4096\n'
        rc, out, tap = self.report(clean.replace('objects=2', 'objects=0'))
        self.assertEqual(rc, 0, out)
        self.assertNotIn('not ok', tap)

    def test_no_scan_fails(self):
        text = '[ 1.0] RV-BOOT 6.1.192-rvdebug\n[ 2.0] RV-TAINT 0\n' \
            '[ 2.1] RV-DONE rc=0\n'
        rc, _, tap = self.report(text)
        self.assertEqual(rc, 1)
        self.assertIn('not ok 2 - kmemleak scan ran (no RV-KMEMLEAK marker)',
                      tap)


class Helpers(unittest.TestCase):
    """helpers.sh in a real shell, with rv_log writing to stdout."""

    SHELLS = [s for s in (['sh'], ['busybox', 'sh'])
              if shutil.which(s[0])]

    def run_sh(self, shell, body):
        prog = '. %s\nrv_log() { echo "$*"; }\n' \
            'rv_sample() { rv_log "RV-SAMPLE $1 slab=1"; }\n%s\n' \
            'echo "failures=$rv_failures"\n' % (initramfs.HELPERS, body)
        return subprocess.run(shell + ['-c', prog], capture_output=True,
                              text=True, check=True).stdout.splitlines()

    def test_step_pipe_cycles(self):
        body = '''rv_part one
rv_step good true
rv_step bad false
printf 'ok 1 - a\\n  spaced\\n' | rv_pipe 'p: '
cyc() { rv_part cycle-$1; rv_step s true; }
rv_cycles 2 cyc'''
        for shell in self.SHELLS:
            with self.subTest(shell=shell):
                self.assertEqual(self.run_sh(shell, body), [
                    'RV-PART one', 'RV-STEP good rc=0', 'RV-STEP bad rc=1',
                    'p: ok 1 - a', 'p:   spaced',
                    'RV-PART cycle-0', 'RV-STEP s rc=0', 'RV-PART samples',
                    'RV-SAMPLE base slab=1',
                    'RV-PART cycle-1', 'RV-STEP s rc=0',
                    'RV-SAMPLE cycle-1 slab=1',
                    'RV-PART cycle-2', 'RV-STEP s rc=0',
                    'RV-SAMPLE cycle-2 slab=1',
                    'RV-PART samples', 'RV-SAMPLE final slab=1',
                    'failures=1'])

    def test_ok(self):
        body = "rv_ok 't: ' yes true\nrv_ok 't: ' 'no way' false"
        for shell in self.SHELLS:
            with self.subTest(shell=shell):
                self.assertEqual(self.run_sh(shell, body), [
                    't: ok 1 - yes', 't: not ok 2 - no way', 'failures=1'])

    def test_cycles_override(self):
        body = 'cyc() { rv_part cycle-$1; }\nRV_CYCLES=1\nrv_cycles 3 cyc'
        for shell in self.SHELLS:
            with self.subTest(shell=shell):
                parts = [x for x in self.run_sh(shell, body)
                         if x.startswith('RV-PART cycle')]
                self.assertEqual(parts, ['RV-PART cycle-0',
                                         'RV-PART cycle-1'])

    def test_init_parses(self):
        for shell in self.SHELLS:
            for fn in (initramfs.INIT, initramfs.HELPERS):
                with self.subTest(shell=shell, file=fn):
                    subprocess.run(shell + ['-n', fn], check=True)


class RunOptions(unittest.TestCase):
    def args(self, *argv):
        import argparse
        ap = argparse.ArgumentParser()
        sub = ap.add_subparsers()
        boot.add_commands(sub, '/nonexistent')
        return ap.parse_args(['run', '--script', 's', '--log', 'l'] +
                             list(argv))

    def test_debug_hooks(self):
        a = self.args('--pre', 'p.sh', '--post', 'q.sh')
        self.assertEqual(boot.run_hooks(a, False),
                         {'pre': ['p.sh'], 'post': ['q.sh']})
        self.assertEqual(boot.run_hooks(a, True),
                         {'pre': [boot.DEBUG_PRE, 'p.sh'],
                          'post': ['q.sh', boot.DEBUG_POST]})
        a = self.args('--no-debug-hooks')
        self.assertEqual(boot.run_hooks(a, True), {'pre': [], 'post': []})
        for fn in (boot.DEBUG_PRE, boot.DEBUG_POST):
            self.assertTrue(os.path.isfile(fn))

    def test_tcg_threads(self):
        def accel(a, icount=False):
            cmd = boot.qemu_command('img', 'rd', '', 64, 2, icount,
                                    a.tcg_threads)
            return cmd[cmd.index('-accel') + 1]
        self.assertEqual(accel(self.args()), 'tcg,thread=single')
        self.assertEqual(accel(self.args('--tcg-threads', 'multi')),
                         'tcg,thread=multi')
        # icount is one thread in qemu whatever is asked
        self.assertEqual(accel(self.args(), icount=True), 'tcg')
        with self.assertRaises(SystemExit), \
                contextlib.redirect_stderr(io.StringIO()):
            self.args('--tcg-threads', 'two')

    def test_put(self):
        self.assertEqual(boot.parse_put('a/b:/etc/x'), ('a/b', '/etc/x'))
        for bad in ('a/b', 'a:rel/x'):
            with self.assertRaises(SystemExit):
                boot.parse_put(bad)

    def test_kmod_and_cycles_parse(self):
        a = self.args('--kmod', 'tun', 'veth', '--cycles', '5',
                      '--kernel', 'debug')
        self.assertEqual((a.kmod, a.cycles, a.kernel),
                         (['tun', 'veth'], 5, 'debug'))


def read_cpio(path):
    """{name: (mode, data)} of a newc archive."""
    out = {}
    with open(path, 'rb') as f:
        data = f.read()
    pos = 0
    while True:
        hdr = data[pos:pos + 110]
        fields = [int(hdr[6 + 8 * i:14 + 8 * i], 16) for i in range(13)]
        mode, size, namesize = fields[1], fields[6], fields[11]
        name = data[pos + 110:pos + 110 + namesize - 1].decode()
        pos += 110 + namesize
        pos += -pos % 4
        body = data[pos:pos + size]
        pos += size + (-size % 4)
        if name == 'TRAILER!!!':
            return out
        out[name] = (mode, body)


class Initramfs(unittest.TestCase):
    def test_contents(self):
        with tempfile.TemporaryDirectory() as d:
            script = os.path.join(d, 'script.sh')
            hook = os.path.join(d, 'leaks')
            extra = os.path.join(d, 'tool')
            for fn in (script, hook, extra):
                with open(fn, 'w') as f:
                    f.write('# %s\n' % fn)
            os.chmod(extra, 0o755)
            img = os.path.join(d, 'i.cpio')
            initramfs.build_initramfs(
                img, script, files=[extra], extra=[(extra, '/usr/sbin/x')],
                hooks={'pre': [], 'post': [hook]},
                blobs=[('/lib/modules/r/kernel/tun.ko', b'ELF')])
            c = read_cpio(img)
        for name in ('init', 'lib/rv/helpers.sh', 'rv/script.sh', 'rv/tool',
                     'rv/hooks/post/00-leaks.sh', 'usr/sbin/x',
                     'lib/modules/r/kernel/tun.ko', 'bin/busybox'):
            self.assertIn(name, c)
        for d in ('usr', 'usr/sbin', 'lib', 'lib/rv', 'lib/modules/r/kernel'):
            self.assertEqual(c[d][0] & 0o170000, 0o040000, d)
        self.assertEqual(c['usr/sbin/x'][0] & 0o777, 0o755)
        self.assertEqual(c['lib/modules/r/kernel/tun.ko'][1], b'ELF')
        # Each directory once.
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, 'x.cpio')
            with open(p, 'wb') as f:
                cp = initramfs.Cpio(f)
                cp.file('a/b/c', b'1')
                cp.file('a/b/d', b'2')
                cp.close()
            with open(p, 'rb') as f:
                self.assertEqual(f.read().count(b'a/b\0'), 1)


def modinfo(depends):
    return b'\x7fELF...\0license=GPL\0depends=%s\0vermagic=6.1\0' % depends


class FakeModules:
    release = '6.1.0-test'

    def __init__(self, d, mods):
        self.d, self.mods = d, mods
        self.fetched = []

    def index(self):
        return {kmods.module_name(rel): rel for rel in self.mods}

    def fetch(self, rels):
        self.fetched.append(sorted(rels))
        out = {}
        for rel in rels:
            fn = os.path.join(self.d, rel.replace('/', '_'))
            data = self.mods[rel]
            with open(fn, 'wb') as f:
                f.write(lzma.compress(data) if fn.endswith('.xz') else data)
            out[rel] = fn
        return out


class KernelModules(unittest.TestCase):
    MODS = {'kernel/net/sched/sch_netem.ko': modinfo(b''),
            'kernel/drivers/net/veth.ko': modinfo(b''),
            'kernel/drivers/net/tun.ko.xz': modinfo(b'tap-core,util'),
            'kernel/drivers/net/tap-core.ko': modinfo(b'util'),
            'kernel/lib/util.ko': modinfo(b'')}

    tun = "kernel/drivers/net/tun.ko.xz"

    def test_closure_and_modules_dep(self):
        with tempfile.TemporaryDirectory() as d:
            src = FakeModules(d, self.MODS)
            entries = dict(kmods.initramfs_entries(src, ['tun', 'veth']))
        root = 'lib/modules/6.1.0-test/'
        self.assertEqual(sorted(entries), sorted(
            root + p for p in ('kernel/drivers/net/tun.ko',
                               'kernel/drivers/net/tap-core.ko',
                               'kernel/lib/util.ko',
                               'kernel/drivers/net/veth.ko',
                               'modules.dep')))
        self.assertTrue(entries[root + 'kernel/drivers/net/tun.ko']
                        .startswith(b'\x7fELF'))
        dep = entries[root + 'modules.dep'].decode().splitlines()
        self.assertEqual(dep, [
            'kernel/lib/util.ko:',
            'kernel/drivers/net/tap-core.ko: kernel/lib/util.ko',
            'kernel/drivers/net/tun.ko: kernel/drivers/net/tap-core.ko '
            'kernel/lib/util.ko',
            'kernel/drivers/net/veth.ko:'])
        # tun and veth, then what they need (util only once).
        self.assertEqual(src.fetched, [
            [self.tun, "kernel/drivers/net/veth.ko"],
            ["kernel/drivers/net/tap-core.ko", "kernel/lib/util.ko"]])

    def test_unknown(self):
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaisesRegex(LookupError, 'no such module for '
                                        '6.1.0-test: wireguard'):
                kmods.closure(FakeModules(d, self.MODS), ['wireguard'])
            broken = dict(self.MODS)
            del broken['kernel/lib/util.ko']
            with self.assertRaisesRegex(LookupError, 'needs util'):
                kmods.closure(FakeModules(d, broken), ['tap-core'])

    def test_depends_parsing(self):
        self.assertEqual(kmods.depends(modinfo(b'a,b-c')), ['a', 'b_c'])
        self.assertEqual(kmods.depends(modinfo(b'')), [])
        self.assertEqual(kmods.depends(b'no modinfo'), [])


class DebugKernelConfig(unittest.TestCase):
    def test_fragment_holds(self):
        frag = debugkernel.read_config(
            'CONFIG_KASAN=y\nCONFIG_FOO=n\n# CONFIG_BAR is not set\n'
            'CONFIG_STR="x"\n')
        self.assertEqual(frag, {'CONFIG_KASAN': 'y', 'CONFIG_FOO': 'n',
                                'CONFIG_BAR': 'n', 'CONFIG_STR': '"x"'})
        full = dict(frag, CONFIG_PREEMPT_NOTIFIERS='y', CONFIG_MODULES='y',
                    CONFIG_DEBUG_KMEMLEAK='y')
        self.assertEqual(debugkernel.config_mismatches(frag, full), [])
        del full['CONFIG_PREEMPT_NOTIFIERS']
        full['CONFIG_KASAN'] = 'n'
        self.assertEqual(debugkernel.config_mismatches(frag, full), [
            ('CONFIG_KASAN', 'y', 'n'),
            ('CONFIG_PREEMPT_NOTIFIERS', 'y', 'n')])

    def test_our_fragment(self):
        with open(debugkernel.CONFIG) as f:
            frag = debugkernel.read_config(f.read())
        for opt in ('CONFIG_KASAN_GENERIC', 'CONFIG_UBSAN',
                    'CONFIG_PROVE_LOCKING', 'CONFIG_DEBUG_ATOMIC_SLEEP',
                    'CONFIG_DEBUG_KMEMLEAK', 'CONFIG_DEBUG_OBJECTS',
                    'CONFIG_SLUB_DEBUG', 'CONFIG_FAILSLAB',
                    'CONFIG_FAIL_PAGE_ALLOC', 'CONFIG_FUNCTION_ERROR_INJECTION',
                    'CONFIG_FAIL_FUNCTION', 'CONFIG_FAULT_INJECTION_DEBUG_FS',
                    'CONFIG_PREEMPT_NOTIFIERS', 'CONFIG_DEBUG_FS',
                    'CONFIG_DEVTMPFS', 'CONFIG_TMPFS', 'CONFIG_BLK_DEV_INITRD',
                    'CONFIG_SERIAL_8250_CONSOLE', 'CONFIG_MODULE_UNLOAD'):
            self.assertEqual(frag.get(opt), 'y', opt)
        for opt in ('CONFIG_TUN', 'CONFIG_VETH', 'CONFIG_NET_SCH_NETEM'):
            self.assertEqual(frag.get(opt), 'm', opt)
        self.assertEqual(frag['CONFIG_LOCALVERSION'], '"-rvdebug"')

    def test_key_follows_config(self):
        with tempfile.TemporaryDirectory() as d:
            a = debugkernel.DebugKernel(d, '6.1.1-1', 'CONFIG_A=y\n')
            b = debugkernel.DebugKernel(d, '6.1.1-1', 'CONFIG_A=n\n')
            c = debugkernel.DebugKernel(d, '6.1.2-1', 'CONFIG_A=y\n')
            self.assertEqual(len({a.key, b.key, c.key}), 3)
            self.assertTrue(a.key.startswith('6.1.1-1-'))
            self.assertTrue(a.dir.startswith(d))
            self.assertFalse(a.ready())

    def test_cache_root_env(self):
        old = os.environ.get('RV_CACHE')
        os.environ['RV_CACHE'] = '/nonexistent/x'
        try:
            self.assertEqual(debugkernel.cache_root(), '/nonexistent/x')
        finally:
            if old is None:
                del os.environ['RV_CACHE']
            else:
                os.environ['RV_CACHE'] = old


@unittest.skipUnless(shutil.which('cc'), 'no C compiler')
class Symbols(unittest.TestCase):
    """Frames of unloaded modules named from their object files."""

    def setUp(self):
        self.d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.d)
        self.ko = []
        for mod, fns in (('mod_a', ('alpha', 'beta')),
                         ('mod-b', ('delta',))):
            src = os.path.join(self.d, mod + '.c')
            with open(src, 'w') as f:
                for fn in fns:
                    f.write('int %s(int x) { return x * 3 + %d; }\n'
                            % (fn, len(fn)))
            self.ko.append(os.path.join(self.d, mod + '.ko'))
            subprocess.run(['cc', '-O0', '-c', '-o', self.ko[-1], src],
                           check=True)

    def test_elf_functions(self):
        f = symbols.elf_functions(self.ko[0])
        names = [n for _, _, n in f['.text']]
        self.assertEqual(names, ['alpha', 'beta'])
        off, size, _ = f['.text'][1]
        self.assertGreater(off, 0)
        self.assertGreater(size, 0)
        with self.assertRaises(ValueError):
            with open(os.path.join(self.d, 'x'), 'w') as x:
                x.write('not elf')
            symbols.elf_functions(os.path.join(self.d, 'x'))

    def test_address_reuse(self):
        beta = symbols.elf_functions(self.ko[0])['.text'][1][0]
        lines = ['[ 1.0] RV-PART a',
                 '[ 2.0] RV-MODULE mod_a .text=0xffffffffa0000000',
                 '[ 3.0] RV-STEP insmod-a rc=0',
                 '[ 5.0] RV-STEP rmmod-a rc=0',
                 '[ 6.0] RV-MODULE mod_b .text=0xffffffffa0000000',
                 '[ 7.0] RV-STEP insmod-b rc=0']
        sym = symbols.Symbolizer(lines, self.ko)
        a = 0xffffffffa0000000 + beta + 2
        self.assertTrue(sym.name(a, 4.0).startswith('beta+0x2/'))
        self.assertTrue(sym.name(a, 4.0).endswith(' [mod_a]'))
        # mod_b took its place (and its only function is shorter).
        self.assertIsNone(sym.name(a, 6.5))
        self.assertTrue(sym.name(0xffffffffa0000001, 6.5).startswith(
            'delta+0x1/'))
        line = '    [<ffffffffa0000001>] 0xffffffffa0000001'
        self.assertEqual(sym.line(line, 2.5).split('] ')[1][:8],
                         'alpha+0x')
        self.assertEqual(sym.line('no address', 1.0), 'no address')


def kernel_log(release, cycles):
    """A check-kernel console log with `cycles` clean cycles."""
    out = ['[ 1.0] RV-BOOT %s' % release, '[ 2.0] RV-PART full',
           '[ 2.1] rump-ct: 1..1', '[ 2.2] rump-ct: ok 1 - a',
           '[ 2.3] RV-STATS threads=0 allocs=0 bytes=0']
    for i in range(0, cycles + 1):
        out += ['[ 3.0] RV-PART cycle-%d' % i]
        out += ['[ 3.1] RV-STEP s%d rc=0' % k for k in range(4)]
        out += ['[ 3.2] rump-ct: 1..1', '[ 3.3] rump-ct: ok 1 - q']
        if i == 0:
            out += ['[ 3.4] RV-PART samples']
        tag = 'base' if i == 0 else 'cycle-%d' % i
        out += ['[ 3.5] RV-SAMPLE %s slab=%d sunreclaim=9000 vmalloc=88 '
                'kthreads=21 kworkers=9' % (tag, 20000 + 900 * i)]
    out += ['[ 4.0] RV-PART samples',
            '[ 4.1] RV-SAMPLE final slab=29000 sunreclaim=9000 vmalloc=88 '
            'kthreads=21 kworkers=9',
            '[ 5.0] RV-PART exit', '[ 6.0] RV-PART user',
            '[ 6.1] ctuser: 1..1', '[ 6.2] ctuser: ok 1 - u',
            '[ 7.0] RV-TAINT 4096', '[ 7.1] RV-DONE rc=0']
    return '\n'.join(out) + '\n'


def run_report(test, text, command, *argv):
    """vm.py COMMAND LOG --out DIR ARGV on text in a scratch directory
    (removed after the test); (exit status, the directory)."""
    d = tempfile.mkdtemp()
    test.addCleanup(shutil.rmtree, d)
    path = os.path.join(d, 'console.log')
    with open(path, 'w') as f:
        f.write(text)
    with contextlib.redirect_stdout(io.StringIO()):
        rc = vm.main([command, path, '--out', d] + list(argv))
    return rc, d


class KernelReportOnDebug(unittest.TestCase):
    def report(self, text, *argv):
        rc, d = run_report(self, text, 'kernel-report', *argv)
        with open(os.path.join(d, 'kernel-harness.tap')) as f:
            return rc, f.read()

    def test_memory_not_judged_on_debug(self):
        # 9 MB of slab growth: a failure on the stock kernel, shown but
        # not judged on the debug kernel (KASAN's quarantine).
        rc, tap = self.report(kernel_log('6.1.192-rvdebug', 5), '--cycles',
                              '5')
        self.assertEqual(rc, 0, tap)
        self.assertIn('# SKIP', tap)
        self.assertIn('kernel threads back to baseline', tap)
        rc, tap = self.report(kernel_log('6.1.0-57-amd64', 5), '--cycles',
                              '5')
        self.assertEqual(rc, 1)
        self.assertNotIn('# SKIP', tap)

    def test_cycles_must_match(self):
        rc, tap = self.report(kernel_log('6.1.192-rvdebug', 5))
        self.assertEqual(rc, 1)
        self.assertIn('not ok', tap)
        self.assertIn('part cycle-20 ran', tap)


GENERIC = '''\
[ 1.0] RV-BOOT 6.1.0-57-amd64
[ 2.0] RV-PART ping
[ 2.1] net: 1..2
[ 2.2] net: ok 1 - ping
[ 2.3] net: ok 2 - pong
[ 2.4] RV-STEP insmod rc=0
[ 3.0] RV-PART quiet
[ 3.1] RV-STEP nothing rc=0
[ 3.2] RV-TAINT 4096
[ 3.3] RV-DONE rc=0
'''


class TapReport(unittest.TestCase):
    def report(self, text, *extra):
        return run_report(self, text, 'tap-report', '--prefix', 'net: ',
                          '--name', 'net', *extra)

    def read(self, d, name):
        with open(os.path.join(d, name)) as f:
            return f.read().splitlines()

    def test_parts_and_harness(self):
        rc, d = self.report(GENERIC)
        self.assertEqual(rc, 0)
        self.assertEqual(self.read(d, 'net-ping.tap'),
                         ['1..2', 'ok 1 - ping', 'ok 2 - pong'])
        self.assertFalse(os.path.exists(os.path.join(d, 'net-quiet.tap')))
        h = self.read(d, 'net-harness.tap')
        self.assertEqual(h[0], '1..4')
        self.assertIn('ok 1 - ping: insmod (rc=0)', h)

    def test_failures(self):
        rc, d = self.report(GENERIC.replace('nothing rc=0', 'nothing rc=2'))
        self.assertEqual(rc, 1)
        rc, d = self.report(GENERIC, '--need', 'pong')
        self.assertEqual(rc, 1)
        self.assertIn('not ok 3 - part pong ran', self.read(d, 'net-harness.tap'))
        rc, _ = self.report(GENERIC.replace('net: ', 'other: '))
        self.assertEqual(rc, 1)
        rc, _ = self.report(GENERIC.replace('[ 3.2] RV-TAINT 4096',
                                            '[ 3.15] WARNING: at x\n'
                                            '[ 3.2] RV-TAINT 4608'))
        self.assertEqual(rc, 1)


if __name__ == '__main__':
    unittest.main()
