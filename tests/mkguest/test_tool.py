# SPDX-License-Identifier: BSD-2-Clause
"""rumpvisor-mkguest end to end on the synthetic components: a module
that Kbuild builds and whose symbols and sections are right, and every
error case with its exit status and message (run by run_tests.py; the
modules are loaded in the VM by tests/vm/check-mkguest.sh)."""

import os
import re
import subprocess
import tempfile
import unittest

import fixtures
from fixtures import mkguest
from mkguest import elf, symvers
from mkguest.errors import ABI, FAILED, LINK, OK, USAGE

BASE = ['sk', 'sk_vfs', 'sk_memfs']


def modinfo(path, field):
    return subprocess.run(['modinfo', '-F', field, path],
                          stdout=subprocess.PIPE,
                          universal_newlines=True).stdout.split('\n')


class Module(unittest.TestCase):
    """One module built once, then looked at."""

    @classmethod
    def setUpClass(cls):
        cls.ko = os.path.join(fixtures.WORK, 'sk.ko')
        if os.path.exists(cls.ko):
            os.unlink(cls.ko)
        cls.r = mkguest('-n', 'sk', '-o', cls.ko, '--files', '/tmp/rv',
                        '--glue', fixtures.GLUE, *BASE)
        with open(cls.ko, 'rb') as f:
            cls.obj = elf.ElfObject(f.read(), 'sk.ko')

    def symbols(self, pred):
        return {s.name for s in self.obj.symbols if s.name and pred(s)}

    def section(self, name):
        return [s for s in self.obj.sections if s.name == name]

    def test_built(self):
        self.assertEqual(self.r.rc, OK, self.r)
        self.assertIn('mkguest: ABI: checking libsk.a (10 objects)',
                      self.r.out)
        self.assertIn('mkguest: ABI: 12 objects checked', self.r.out)
        self.assertIn('link sets: 3 (link_set_sk_fstypes, link_set_sk_modules, '
                      'link_set_sk_sysctl_funcs); empty: '
                      'link_set_sk_components, link_set_sk_evcnts; '
                      'constructors: yes', self.r.out)
        self.assertRegex(self.r.out, r'undefined: \d+ hypercalls rumpvisor '
                         r'exports, 2 kernel thunks, weak \(NULL here\): '
                         r'sk_sysproxy_fini')

    def test_modinfo(self):
        self.assertEqual(modinfo(self.ko, 'depends')[0], 'rumpvisor')
        params = {p.split(':')[0] for p in modinfo(self.ko, 'parm') if p}
        self.assertEqual(params, {'instance', 'ncpu', 'hostname', 'files',
                                  'memlimit', 'verbose', 'halt_ms', 'halt',
                                  'server', 'server_group', 'device'})
        rel = symvers.KernelTree(fixtures.KDIR).release
        self.assertTrue(modinfo(self.ko, 'vermagic')[0].startswith(rel + ' '))

    def test_no_common_symbols(self):
        self.assertEqual(self.symbols(lambda s: s.common), set())
        # ... and the tentative definitions became one each.
        for name in ('sk_hz', 'sk_nfstypes', 'sk_hostname', 'sk_kmem_bytes'):
            self.assertEqual(len([s for s in self.obj.symbols
                                  if s.name == name]), 1, name)

    def test_link_sets(self):
        syms = {s.name: s for s in self.obj.symbols}
        for name, entries in (('sk_modules', 2), ('sk_sysctl_funcs', 2),
                              ('sk_fstypes', 1)):
            start = syms['__start_link_set_' + name]
            stop = syms['__stop_link_set_' + name]
            sec = self.section('link_set_' + name)[0]
            self.assertEqual((start.shndx, stop.shndx), (sec.index,) * 2)
            self.assertEqual((start.value, stop.value - start.value),
                             (0, 8 * entries), name)
        for name in ('sk_evcnts', 'sk_components'):
            start = syms['__start_link_set_' + name]
            stop = syms['__stop_link_set_' + name]
            self.assertTrue(start.defined and stop.defined)
            self.assertEqual(start.value, stop.value)
            self.assertTrue(self.obj.sections[start.shndx].alloc)

    def test_constructors_renamed(self):
        self.assertEqual(self.section('mkguest_init_array')[0].size, 8)
        self.assertEqual(self.section('.init_array'), [])
        self.assertEqual(self.section('.eh_frame'), [])

    def test_only_the_api_is_global(self):
        glob = self.symbols(lambda s: s.is_global and s.defined)
        allowed = re.compile(r'^(rump_\w+|__mkguest_init_array_(start|end)|'
                             r'init_module|cleanup_module|__this_module|'
                             r'rumpvisor_glue_(boot|halt))$')
        self.assertEqual({g for g in glob if not allowed.match(g)}, set())
        self.assertIn('rump_init', glob)
        local = self.symbols(lambda s: not s.is_global and s.defined)
        self.assertTrue({'memcpy', 'memset', 'sk_alloc'} <= local)

    def test_undefined_are_exports(self):
        weak = self.symbols(lambda s: s.undefined and s.weak)
        self.assertEqual(weak, {'sk_sysproxy_fini', 'rumpvisor_glue_boot',
                                'rumpvisor_glue_halt'} - self.symbols(
                                    lambda s: s.defined))
        undef = self.symbols(lambda s: s.undefined and s.is_global) - weak
        ours = fixtures.rumpvisor_exports()
        hyper = {u for u in undef if u.startswith(('rumpuser_', 'rumpcomp_'))}
        self.assertTrue(hyper and hyper <= ours, hyper - ours)
        with open(os.path.join(fixtures.KDIR, 'Module.symvers')) as f:
            linux = {line.split('\t')[1] for line in f}
        self.assertEqual(undef - hyper - linux - ours, set())
        self.assertIn('rumpvisor_carrier_start', undef)


class Errors(unittest.TestCase):
    def expect(self, r, status, *phrases):
        self.assertEqual(r.rc, status, r)
        for p in phrases:
            self.assertIn(p, r.text, r)

    def abi(self, component, *phrases):
        r = mkguest('--check', 'sk', component)
        self.expect(r, ABI, 'not built for the kernel ABI', *phrases)
        self.assertNotIn('linking', r.out)

    def test_help(self):
        r = mkguest('--help', standard=False)
        self.expect(r, OK, 'usage: rumpvisor-mkguest', '--server URL',
                    'exit status', '--glue FILE.c')

    def test_usage(self):
        self.expect(mkguest(standard=False), USAGE, 'no components given')
        self.expect(mkguest('nosuch'), USAGE, 'component nosuch: no '
                    'libnosuch.a in ' + fixtures.LIBDIR)
        self.expect(mkguest('--bogus', 'sk'), USAGE, 'unrecognized arguments')
        self.expect(mkguest('--addr', 'virt0=1.2.3.4/8', 'sk'), USAGE,
                    '--addr virt0=1.2.3.4/8: no --if virt0')

    def test_check_only(self):
        out = os.path.join(fixtures.WORK, 'never.ko')
        r = mkguest('--check', '-o', out, *BASE)
        self.expect(r, OK, 'check passed; no module written')
        self.assertFalse(os.path.exists(out))

    def test_missing_hypercall(self):
        self.expect(mkguest('--check', 'sk', 'sk_bad_hyper'), LINK,
                    'hypercalls rumpvisor.ko does not export',
                    'rumpcomp_sktest_open, needed by '
                    'libsk_bad_hyper.a(hyper.o)')

    def test_unresolved(self):
        self.expect(mkguest('--check', 'sk', 'sk_bad_undef'), LINK,
                    'symbols no component defines (not hypercalls)',
                    'sk_undefined_helper, needed by '
                    'libsk_bad_undef.a(undef.o)')

    def test_missing_component(self):
        self.expect(mkguest('--check', 'sk', 'sk_memfs'), LINK,
                    'component sk_vfs is not in the list; it defines:',
                    'sk_vfs_mountroot, needed by libsk_memfs.a(memfs.o)')

    def test_defined_twice(self):
        self.expect(mkguest('--check', 'sk', 'sk_rec', 'sk_sysproxy'), LINK,
                    'defined more than once', 'rump_init_server: defined in '
                    'libsk_rec.a(rec.o) and libsk_sysproxy.a(sysproxy.o)')

    def test_abi_sse(self):
        self.abi('sk_bad_sse', 'SIMD or FPU instructions',
                 'libsk_bad_sse.a(fpu.o): sk_bad_scale+0x0: pxor %xmm0,%xmm0',
                 'fix: build with -mno-sse')

    def test_abi_x87(self):
        self.abi('sk_bad_x87', 'SIMD or FPU instructions', 'fildll',
                 '-mno-80387')

    def test_abi_red_zone(self):
        self.abi('sk_bad_redzone', 'below the stack pointer (the red zone)',
                 'sk_bad_sum+0x', '(%rsp)', 'fix: build with -mno-red-zone')

    def test_abi_pic(self):
        self.abi('sk_bad_pic', 'position-independent code',
                 'R_X86_64_REX_GOTPCRELX against sk_bad_value',
                 '-fno-pic -fno-pie')

    def test_abi_code_model(self):
        self.abi('sk_bad_mcmodel', 'the small code model',
                 'sk_bad_addr+0x1: R_X86_64_32 against sk_bad_value',
                 '-mcmodel=kernel')

    def test_abi_tls(self):
        self.abi('sk_bad_tls', 'thread-local storage', 'R_X86_64_TPOFF32',
                 'section .tbss', '%fs:', 'RUMP_CURLWP=hypercall')

    def test_abi_stack_protector(self):
        self.abi('sk_bad_stackprot', 'a stack protector (__stack_chk_fail)',
                 'references __stack_chk_fail', '%gs:0x28',
                 '-fno-stack-protector')

    def test_not_elf_member(self):
        d = tempfile.mkdtemp(dir=fixtures.WORK)
        txt = os.path.join(d, 'notes.o')
        with open(txt, 'w') as f:
            f.write('not an object\n')
        lib = os.path.join(d, 'libodd.a')
        subprocess.run(['ar', 'rc', lib, txt], check=True)
        self.expect(mkguest('--check', 'sk', lib), ABI,
                    'libodd.a(notes.o): not an ELF object')

    def test_not_an_archive(self):
        d = tempfile.mkdtemp(dir=fixtures.WORK)
        p = os.path.join(d, 'libx.a')
        with open(p, 'w') as f:
            f.write('text\n')
        self.expect(mkguest('--check', p), FAILED, 'not an ar archive')

    def test_bad_kdir_and_symvers(self):
        self.expect(mkguest('--kdir', '/nonexistent', 'sk'), FAILED,
                    'not a kernel build tree')
        self.expect(mkguest('--symvers', os.path.join(fixtures.KDIR,
                                                      'Module.symvers'), 'sk'),
                    FAILED, 'exports no rumpuser_init')

    def test_server_needs_its_component(self):
        self.expect(mkguest('--check', '--server', 'unix:///x.sock', *BASE),
                    LINK, 'rump_init_server (--server/--device need the '
                    'syscall-proxy component')
        self.expect(mkguest('--check', '--device', *BASE),
                    LINK, 'rump_init_server (--server/--device need the '
                    'syscall-proxy component')

    def test_interfaces_need_netconfig(self):
        self.expect(mkguest('--check', '--if', 'virt0', *BASE), LINK,
                    'rump_pub_netconfig_ifcreate (--if/--addr/--gw need')

    def test_glue_undefined(self):
        d = tempfile.mkdtemp(dir=fixtures.WORK)
        glue = os.path.join(d, 'bad_glue.c')
        with open(glue, 'w') as f:
            f.write('// SPDX-License-Identifier: BSD-2-Clause\n'
                    'int rump_no_such_call(void);\n'
                    'int rumpvisor_glue_boot(void);\n'
                    'int rumpvisor_glue_boot(void) '
                    '{ return rump_no_such_call(); }\n')
        self.expect(mkguest('-o', os.path.join(d, 'g.ko'), '--glue', glue,
                            *BASE), FAILED,
                    'modpost: the module references undefined symbols',
                    'rump_no_such_call (from the carrier or the --glue')


class HypervisorDependent(unittest.TestCase):
    """The syscall-proxy and network components call hypercalls other
    helpers are adding to rumpvisor.ko: whichever this build has, the
    tool must say the right thing."""

    def outcome(self, hypercalls, *args):
        have = fixtures.rumpvisor_exports()
        r = mkguest('--check', *args)
        missing = [h for h in hypercalls if h not in have]
        if missing:
            self.assertEqual(r.rc, LINK, r)
            for h in missing:
                self.assertIn(h + ', needed by', r.text)
        else:
            self.assertEqual(r.rc, OK, r)
        return r

    def test_sysproxy(self):
        self.outcome(['rumpuser_sp_init', 'rumpuser_sp_fini'], '--server',
                     'unix:///tmp/x.sock', 'sk', 'sk_sysproxy')

    def test_network_and_host_half(self):
        r = self.outcome(['rumpcomp_virt_create', 'rumpcomp_virt_send',
                          'rumpcomp_virt_dying', 'rumpcomp_virt_destroy'],
                         '--if', 'virt0', '--addr', 'virt0=10.0.2.17/24',
                         'sk', 'sk_net')
        self.assertIn('left out (user-space host half): libsk_net.a'
                      '(virt_user.o): defines rumpcomp_virt_create', r.out)
        self.assertNotIn('virt_user.o): sk', r.err)


class Installed(unittest.TestCase):
    def test_make_install(self):
        """make install-mkguest puts a tool that finds its own files."""
        dest = tempfile.mkdtemp(dir=fixtures.WORK)
        subprocess.run(['make', '-s', '-C', fixtures.TOP, 'install-mkguest',
                        'DESTDIR=' + dest, 'PREFIX=/usr',
                        'BUILD=' + fixtures.BUILD], check=True,
                       stdout=subprocess.DEVNULL)
        tool = os.path.join(dest, 'usr', 'bin', 'rumpvisor-mkguest')
        ko = os.path.join(dest, 'x.ko')
        env = dict(os.environ, RUMPVISOR_SYMVERS=fixtures.SYMVERS)
        p = subprocess.run([tool, '-L', fixtures.LIBDIR, '--kdir',
                            fixtures.KDIR, '-n', 'x', '-o', ko] + BASE,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True, env=env)
        self.assertEqual(p.returncode, 0, p.stdout)
        self.assertTrue(os.path.isfile(ko))
        share = os.path.join(dest, 'usr', 'share', 'rumpvisor', 'mkguest')
        self.assertTrue(os.path.isfile(os.path.join(
            share, 'include', 'rumpvisor', 'carrier.h')))
