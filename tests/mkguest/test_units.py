# SPDX-License-Identifier: BSD-2-Clause
"""Unit tests of rumpvisor-mkguest's modules (run by run_tests.py)."""

import os
import subprocess
import tempfile
import unittest

import fixtures
from mkguest import (abi, archive, carrier, elf, insn, linkscript, options,
                     resolve, symvers)
from mkguest.errors import MkguestError, USAGE


def scan_text(lines):
    """insn.scan of a hand-written function of one member."""
    text = 'm.o:     file format elf64-x86-64\n\n0000000000000000 <f>:\n'
    text += ''.join('  %x:\t%s\n' % (4 * i, l) for i, l in enumerate(lines))
    return [k for k, _, _ in insn.scan(text).get('m.o', [])]


class Insn(unittest.TestCase):
    def test_simd_registers_and_x87(self):
        self.assertEqual(scan_text(['pxor %xmm0,%xmm0']), ['simd'])
        self.assertEqual(scan_text(['vmovdqu %ymm1,(%rdi)']), ['simd'])
        self.assertEqual(scan_text(['movq %mm0,%rax']), ['simd'])
        self.assertEqual(scan_text(['fildll (%rsp)']), ['simd'])
        self.assertEqual(scan_text(['ldmxcsr 0x4(%rsp)']), ['simd'])
        self.assertEqual(scan_text(['mov %rax,%rbx', 'lock cmpxchg %rdx,(%rdi)',
                                    'movnti %rax,(%rdi)']), [])

    def test_segments(self):
        self.assertEqual(scan_text(['mov %fs:0x28,%rax']), ['segment'])
        self.assertEqual(scan_text(['mov %eax,%gs:0x0']), ['segment'])

    def test_red_zone_below_rsp(self):
        self.assertEqual(scan_text(['mov %edi,-0x8(%rsp)',
                                    'mov -0x8(%rsp),%eax']),
                         ['redzone', 'redzone'])
        self.assertEqual(scan_text(['movzbl -0x1(%rsp),%eax']), ['redzone'])
        self.assertEqual(scan_text(['lea -0x10(%rsp),%rax']), ['redzone'])
        self.assertEqual(scan_text(['lock addq $0x1,-0x8(%rsp)']),
                         ['redzone'])
        # Written, never read back (NetBSD's membar_* in atomic.S): an
        # interrupt in between loses nothing.
        self.assertEqual(scan_text(['lock addq $0x0,-0x8(%rsp)', 'ret']), [])
        self.assertEqual(scan_text(['movq $0x0,-0x8(%rsp)', 'ret']), [])
        self.assertEqual(scan_text(['mov %edi,-0x8(%rsp)', 'ret']), [])
        # An index may point above %rsp; an allocation is no access.
        self.assertEqual(scan_text(['mov %dl,-0x1(%rsp,%rcx,1)',
                                    'lea -0x8(%rsp),%rsp']), [])

    def test_red_zone_through_frame_pointer(self):
        prologue = ['push %rbp', 'mov %rsp,%rbp']
        self.assertEqual(scan_text(prologue + ['mov %edi,-0x4(%rbp)',
                                               'mov -0x4(%rbp),%eax']),
                         ['redzone', 'redzone'])
        self.assertEqual(scan_text(prologue + ['sub $0x10,%rsp',
                                               'mov %edi,-0x10(%rbp)']), [])
        self.assertEqual(scan_text(prologue + ['push %rbx',
                                               'mov %edi,-0x8(%rbp)',
                                               'mov -0xc(%rbp),%edi']),
                         ['redzone'])
        # "add $-128,%rsp" as objdump prints it.
        self.assertEqual(scan_text(prologue + ['add $0xffffffffffffff80,%rsp',
                                               'mov %rdi,-0x80(%rbp)']), [])
        # After the frame ends %rbp is an ordinary register.
        self.assertEqual(scan_text(prologue + ['leave',
                                               'mov -0x8(%rbp),%rax']), [])
        # Realigned stacks cannot be judged: not flagged.
        self.assertEqual(scan_text(prologue + ['and $0xfffffffffffffff0,%rsp',
                                               'mov %rdi,-0x8(%rbp)']), [])

    def test_members_and_functions(self):
        text = ('In archive x.a:\n\na.o:     file format elf64-x86-64\n\n'
                '0000000000000010 <g>:\n  10:\tmov -0x8(%rsp),%edi\n'
                '  14:\tret\n\nb.o:     file format elf64-x86-64\n\n'
                '0000000000000000 <h>:\n   0:\tret\n')
        self.assertEqual(insn.scan(text),
                         {'a.o': [('redzone', 'g+0x0', 'mov -0x8(%rsp),%edi')]})

    def test_no_false_positives_on_kernel_objects(self):
        """Every kernel object of rumpvisor's own build (Kbuild's flags,
        no red zone, no SIMD) is clean."""
        kb = os.path.join(fixtures.BUILD, 'kbuild')
        objs = []
        for d in ('guest', 'tests', 'hyp', 'lib'):
            for root, _, files in os.walk(os.path.join(kb, d)):
                objs += [os.path.join(root, f) for f in files
                         if f.endswith('.o') and not f.endswith('.mod.o')]
        self.assertGreater(len(objs), 50)
        bad = []
        for o in objs:
            for member, hits in insn.scan(abi.disassemble(o)).items():
                bad += [(o, h) for h in hits if h[0] != 'segment']
        self.assertEqual(bad, [])


class Elf(unittest.TestCase):
    def test_archive_members_and_index(self):
        lib = os.path.join(fixtures.LIBDIR, 'libsk.a')
        names = [m.name for m in archive.members(lib)]
        self.assertIn('init.o', names)
        self.assertIn('rump_init', archive.symbol_index(lib))

    def test_long_member_names(self):
        obj, _ = fixtures.compile_object('int x_long;\n', ['-fno-common'],
                                         'a_member_name_of_more_than_16.o')
        lib = obj + '.a'
        subprocess.run(['ar', 'rcs', lib, obj], check=True)
        m = archive.members(lib)
        self.assertEqual([x.name for x in m],
                         ['a_member_name_of_more_than_16.o'])
        self.assertIn('x_long', {s.name for s in
                                 elf.ElfObject(m[0].data, 'x').symbols})

    def test_not_archives(self):
        d = tempfile.mkdtemp(dir=fixtures.WORK)
        for content, msg in ((b'hello\n', 'not an ar archive'),
                             (b'!<thin>\n', 'thin archive'),
                             (b'!<arch>\nshort', 'truncated')):
            p = os.path.join(d, 'x.a')
            with open(p, 'wb') as f:
                f.write(content)
            with self.assertRaisesRegex(archive.ArchiveError, msg):
                archive.members(p)

    def test_objects_rejected(self):
        for data, msg in ((b'plain text', 'not an ELF object'),
                          (b'BC\xc0\xde....', 'LLVM bitcode'),
                          (b'\x7fELF\x01\x01' + bytes(58), '64-bit')):
            with self.assertRaisesRegex(elf.ElfError, msg):
                elf.ElfObject(data, 'x')
        with open('/bin/true', 'rb') as f:
            with self.assertRaisesRegex(elf.ElfError, 'not a relocatable'):
                elf.ElfObject(f.read(), 'true')

    def test_relocations_and_ibt_note(self):
        src = 'extern int v; int f(void) { return v; }\n'
        _, plain = fixtures.compile_object(src, ['-fcf-protection=none',
                                                 '-mcmodel=kernel', '-fno-pic'])
        _, ibt = fixtures.compile_object(src, ['-fcf-protection=branch',
                                               '-mcmodel=kernel', '-fno-pic'])
        o = elf.ElfObject(plain, 'plain')
        types = {elf.reloc_name(r.type) for s, t, rs in o.relocations()
                 if t.name == '.text' for r in rs}
        self.assertEqual(types, {'R_X86_64_PC32'})
        self.assertFalse(o.x86_features())
        self.assertTrue(elf.ElfObject(ibt, 'ibt').x86_features() &
                        elf.GNU_PROPERTY_X86_FEATURE_1_IBT)
        out = abi.Findings()
        abi.check_object(o, 'plain', out, need_ibt=True)
        self.assertEqual(list(out.by_kind), ['ibt'])
        out = abi.Findings()
        abi.check_object(elf.ElfObject(ibt, 'ibt'), 'ibt', out, need_ibt=True)
        self.assertFalse(out)

    def test_abi_relocation_kinds(self):
        src = 'extern int v; int *f(void) { return &v; }\n'
        cases = ((['-mcmodel=small', '-fno-pic'], 'mcmodel'),
                 (['-fpic'], 'pic'),
                 (['-mcmodel=kernel', '-fno-pic'], None))
        for flags, kind in cases:
            _, data = fixtures.compile_object(src, flags)
            out = abi.Findings()
            abi.check_object(elf.ElfObject(data, 'x'), 'x', out)
            self.assertEqual(list(out.by_kind), [kind] if kind else [],
                             flags)


class Linkscript(unittest.TestCase):
    def test_plan(self):
        p = linkscript.plan(
            ['.text', 'link_set_a', 'link_set_b', 'my_set', '.init_array.00100',
             '.rodata.str1.1'],
            ['__start_link_set_a', '__stop_my_set', '__start_link_set_none',
             '__stop_link_set_none', 'rumpuser_malloc'])
        self.assertEqual(p.sets, ['link_set_a', 'link_set_b', 'my_set'])
        self.assertEqual(p.empty, ['link_set_none'])
        self.assertTrue(p.ctors)
        text = linkscript.script(p)
        self.assertIn('link_set_a 0 : {', text)
        self.assertIn('__stop_my_set = .;', text)
        self.assertIn('mkguest_empty_sets 0', text)
        self.assertIn('SORT_BY_INIT_PRIORITY(.init_array.*)', text)
        self.assertIn('*(.eh_frame)', text)

    def test_nothing_to_do(self):
        p = linkscript.plan(['.text', '.data'], ['rumpuser_free'])
        self.assertEqual((p.sets, p.empty, p.ctors), ([], [], False))
        self.assertNotIn('mkguest_init_array', linkscript.script(p))


class Resolve(unittest.TestCase):
    def test_classify(self):
        d = tempfile.mkdtemp(dir=fixtures.WORK)
        obj, _ = fixtures.compile_object('int helper_x(void){return 1;}\n',
                                         [])
        lib = os.path.join(d, 'libhelper.a')
        subprocess.run(['ar', 'rcs', lib, obj], check=True)
        # An archive without a symbol index (ar S) is read member by member.
        obj2, _ = fixtures.compile_object('int helper_y(void){return 2;}\n',
                                          [])
        lib2 = os.path.join(d, 'libnoindex.a')
        subprocess.run(['ar', 'rcS', lib2, obj2], check=True)
        self.assertIsNone(archive.symbol_index(lib2))
        undefined = {'rumpuser_malloc': False, 'rumpuser_sp_init': True,
                     'rumpcomp_virt_send': False, 'helper_x': False,
                     'helper_y': False,
                     'memcpy': False, 'opt_hook': True, 'printk': True,
                     '__x86_return_thunk': False}
        r = resolve.classify(undefined, {'rumpuser_malloc': 'rumpvisor'},
                             {'printk': 'vmlinux', '__x86_return_thunk':
                              'vmlinux'}, [('helper', lib),
                                           ('noindex', lib2)])
        self.assertEqual(r.hypercalls, ['rumpuser_malloc'])
        self.assertEqual(r.thunks, ['__x86_return_thunk'])
        self.assertEqual(r.weak_null, ['opt_hook', 'rumpuser_sp_init'])
        self.assertEqual(r.missing_hyper, ['rumpcomp_virt_send'])
        self.assertEqual(r.missing_comp, {'helper': ['helper_x'],
                                          'noindex': ['helper_y']})
        self.assertEqual(r.unresolved, ['memcpy'])
        self.assertEqual(r.weak_linux, ['printk'])
        self.assertFalse(r.ok)
        lines = resolve.error(r, resolve.Needs([]), 'S').lines()
        text = '\n'.join(lines)
        self.assertIn('component helper is not in the list', text)
        self.assertIn('memcpy, needed by the link (a kernel function', text)
        self.assertIn("rumpvisor.ko does not export (S)", text)


class Options(unittest.TestCase):
    def parse(self, *args):
        return options.parse(list(args) + ['c'])

    def test_interfaces(self):
        c = self.parse('--if', 'virt0=tap:tap0,drop=5', '--addr',
                       'virt0=10.0.2.17/24', '--if', 'virt1', '--addr',
                       'virt1=dhcp', '--gw', '10.0.2.2')
        i0, i1 = c.interfaces
        self.assertEqual((i0.name, i0.link, i0.addr, i0.mask),
                         ('virt0', 'tap:tap0,drop=5', '10.0.2.17',
                          '255.255.255.0'))
        self.assertTrue(i1.dhcp and i1.link is None)
        self.assertEqual(c.gw, '10.0.2.2')
        for prefix, mask in (('0', '0.0.0.0'), ('32', '255.255.255.255'),
                             ('20', '255.255.240.0')):
            c = self.parse('--if', 'virt0', '--addr', 'virt0=1.2.3.4/' + prefix)
            self.assertEqual(c.interfaces[0].mask, mask)

    def test_params(self):
        c = self.parse('--memlimit', '64M', '--rump-verbose', '1', '-n', 'x')
        self.assertEqual((c.memlimit, c.verbose, c.instance, c.output),
                         (64 << 20, 1, 'x', 'x.ko'))

    def test_bad(self):
        bad = (['--if', 'eth'], ['--if', 'virt0', '--if', 'virt0'],
               ['--addr', 'virt0=1.2.3.4/8'],
               ['--if', 'virt0', '--addr', 'virt0=1.2.3/8'],
               ['--if', 'virt0', '--addr', 'virt0=1.2.3.4/33'],
               ['--if', 'virt0', '--addr', 'virt0=1.2.3.4'],
               ['--gw', '1.2.3.4'], ['--files', 'rel/dir'],
               ['--memlimit', '12X'], ['-n', 'Bad'], ['-n', 'a' * 24],
               ['--instance', '9x'], ['--server', 'nope'],
               ['--ncpu', '0'], ['--halt', 'stop'], ['--glue', 'x.h'],
               ['--hostname', 'a b'], ['--if', 'virt0=' + 'x' * 64],
               ['--server-group', '100'],
               ['--device', '--server-group', 'wheel'])
        for args in bad:
            with self.assertRaises(MkguestError, msg=args) as cm:
                self.parse(*args)
            self.assertEqual(cm.exception.status, USAGE, args)


class Carrier(unittest.TestCase):
    def test_cstr(self):
        self.assertEqual(carrier.cstr(None), 'NULL')
        self.assertEqual(carrier.cstr('a"b\\c'), '"a\\"b\\\\c"')
        self.assertEqual(carrier.cstr('??=\n'), '"\\077\\077=\\012"')
        self.assertEqual(carrier.cstr('é'), '"\\303\\251"')

    def test_reboot_symbol(self):
        """NetBSD's rump_syscalls.c defines rump_sys_reboot only under
        the name its header renames it to."""
        self.assertEqual(carrier.reboot_symbol({'rump_sys_reboot', 'x'}),
                         'rump_sys_reboot')
        self.assertEqual(carrier.reboot_symbol({'rump___sysimpl_reboot'}),
                         'rump___sysimpl_reboot')
        self.assertIsNone(carrier.reboot_symbol({'rumpns_sys_reboot'}))
        c = options.parse(['c'])
        self.assertIn('#define MKG_SYS_REBOOT rump___sysimpl_reboot\n',
                      carrier.config_header(c, ['c'], False, False,
                                            'rump___sysimpl_reboot'))

    def test_config_header_compiles(self):
        """The header with the carrier's own declarations, for a few
        configurations, is valid C whose values read back."""
        configs = [[], ['--server', 'unix:///r"un/x.sock', '--if',
                        'virt0=pair:a\\b', '--addr', 'virt0=10.0.0.1/8',
                        '--if', 'virt1', '--addr', 'virt1=dhcp', '--gw',
                        '10.0.0.254', '--files', '/srv/x', '--hostname', 'h',
                        '--memlimit', '1G', '--halt', 'rbhalt',
                        '--device', '--server-group', '42']]
        for args in configs:
            c = options.parse(args + ['c'])
            h = carrier.config_header(c, ['a', 'b'], bool(c.server), True)
            src = ('#include <stdbool.h>\n#include <stddef.h>\n#include '
                   '<stdio.h>\n#include <string.h>\n%s\nstruct mkg_if { const char '
                   '*name, *link, *addr, *mask; bool dhcp; };\n'
                   'static const struct mkg_if ifs[] = MKG_IFS;\n'
                   'int main(void) { printf("%%zu|%%s|%%s|%%lu|%%s|%%s|%%s|%%d\\n", '
                   'sizeof(ifs) / sizeof(ifs[0]), MKG_SERVER ? MKG_SERVER : '
                   '"-", MKG_HALT, '
                   'MKG_MEMLIMIT, MKG_NIFS ? ifs[0].link : "-", MKG_GW ? '
                   'MKG_GW : "-", MKG_SERVER_GROUP ? MKG_SERVER_GROUP : "-", '
                   'MKG_DEVICE); return 0; }\n' % h)
            obj, _ = fixtures.compile_object(src, [], 'p')
            exe = obj + '.exe'
            subprocess.run(['cc', obj, '-o', exe], check=True)
            out = subprocess.run([exe], stdout=subprocess.PIPE,
                                 universal_newlines=True).stdout.strip()
            want = ('2|unix:///r"un/x.sock|rbhalt|1073741824|pair:a\\b|'
                    '10.0.0.254|42|1' if args else '0|-|reboot|0|-|-|-|0')
            self.assertEqual(out, want)


class KernelTree(unittest.TestCase):
    def test_fake_tree(self):
        d = tempfile.mkdtemp(dir=fixtures.WORK)
        os.makedirs(os.path.join(d, 'include', 'generated'))
        for name, text in (('Makefile', ''), ('.config',
                            'CONFIG_X86_KERNEL_IBT=y\n# CONFIG_X is not set\n'),
                           ('include/generated/utsrelease.h',
                            '#define UTS_RELEASE "9.9.9-test"\n'),
                           ('Module.symvers',
                            '0x1\tprintk\tvmlinux\tEXPORT_SYMBOL\t\n')):
            with open(os.path.join(d, name), 'w') as f:
                f.write(text)
        k = symvers.KernelTree(d)
        self.assertEqual(k.release, '9.9.9-test')
        self.assertTrue(k.enabled('CONFIG_X86_KERNEL_IBT'))
        self.assertFalse(k.enabled('CONFIG_X'))
        self.assertEqual(k.exports(), {'printk': 'vmlinux'})
        with open(os.path.join(d, 'Module.symvers'), 'w') as f:
            f.write('garbage\n')
        with self.assertRaisesRegex(MkguestError, 'not a Module.symvers'):
            k.exports()
