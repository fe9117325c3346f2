# SPDX-License-Identifier: BSD-2-Clause
"""Is every object built for the Linux kernel's ABI?  Judged from what the
object contains, never from how it says it was built:

- relocations in loaded sections must be ones Linux's x86_64 module
  loader applies (64, 32S, PC32, PLT32, PC64, NONE, and 32 against an
  absolute symbol); GOT relocations mean -fpic/-fpie, TLS relocations
  or sections mean __thread, 32 against a symbol means the small code
  model (module addresses do not fit a zero-extended 32-bit value);
- no instruction uses SIMD or FPU state, %fs or %gs, or the red zone
  (insn.py);
- no reference to a runtime the kernel does not give a guest: the stack
  protector (__stack_chk_fail), profiling (__fentry__, mcount),
  sanitizers and coverage (__asan_*, __ubsan_*, __gcov_*, ...);
- constructors only in .init_array (the carrier runs them), not in the
  old .ctors;
- on a kernel that enforces indirect-branch tracking
  (CONFIG_X86_KERNEL_IBT), code built with -fcf-protection=branch.
"""

import subprocess

from . import elf, insn
from .errors import MkguestError, ABI, failed

FLAGS_SIMD = ('-mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx -mno-80387 '
              '-mno-fp-ret-in-387')

# kind: (what it is, why the kernel cannot take it, how to build instead)
KINDS = {
    'elf': ('not an x86_64 relocatable object', '', 'build the component '
            'for x86_64 as relocatable objects (.o) in an ar archive'),
    'pic': ('position-independent code: relocations through the GOT',
            'a kernel module has no global offset table',
            'build with -fno-pic -fno-pie'),
    'tls': ('thread-local storage (__thread, TLS relocations or sections)',
            'the kernel keeps no thread-local storage for guest code',
            'build without __thread (NetBSD: RUMP_CURLWP=hypercall)'),
    'mcmodel': ('32-bit zero-extended absolute addresses (R_X86_64_32): '
                'the small code model', 'modules are loaded above '
                '0xffffffff80000000, which such an address cannot hold',
                'build with -mcmodel=kernel'),
    'reloc': ('relocations the module loader does not apply', '',
              'build with the kernel ABI flags (README: rumpvisor-mkguest)'),
    'simd': ('SIMD or FPU instructions (x87, MMX, SSE, AVX)',
             'Linux does not save FPU state around this code: it would '
             'corrupt the state of an interrupted process', 'build with '
             + FLAGS_SIMD),
    'segment': ('accesses through %fs or %gs', '%fs is user-space TLS (or '
                'a user-space stack protector), %gs is the kernel\'s '
                'per-CPU area (or a kernel stack protector)',
                'build with -fno-stack-protector and without __thread'),
    'redzone': ('stores below the stack pointer (the red zone)',
                'interrupts run on the same stack in the kernel and '
                'overwrite them', 'build with -mno-red-zone'),
    'stackprot': ('a stack protector (__stack_chk_fail)', 'the guest has '
                  'no canary of its own', 'build with -fno-stack-protector'),
    'instrument': ('instrumentation (profiling, sanitizers, coverage)',
                   'its runtime is not in the module',
                   'build without -pg, -fsanitize=, --coverage, '
                   '-finstrument-functions'),
    'ctors': ('constructors in .ctors/.dtors/.preinit_array',
              'the carrier runs constructors from .init_array only',
              'build with a compiler that emits .init_array (GCC >= 4.7)'),
    'ibt': ('code without IBT landing pads (no -fcf-protection=branch)',
            'this kernel enforces indirect-branch tracking '
            '(CONFIG_X86_KERNEL_IBT): the first indirect call into it '
            'faults', 'build with -fcf-protection=branch'),
}

_LOADER_OK = {0, 1, 2, 4, 11, 24}      # NONE 64 PC32 PLT32 32S PC64
_R_32 = 10
_PIC = {3, 9, 25, 26, 27, 28, 29, 30, 31, 41, 42}
_TLS = {16, 17, 18, 19, 20, 21, 22, 23, 34, 35, 36}
_STACKPROT = ('__stack_chk_fail', '__stack_chk_guard')
_INSTRUMENT = ('__fentry__', 'mcount', '__gcov_', '__asan_', '__ubsan_',
               '__tsan_', '__msan_', '__hwasan_', '__sanitizer_cov_',
               '__cyg_profile_func_', '__llvm_profile', '__kasan_',
               '__kcsan_')
_CTORS = ('.ctors', '.dtors', '.preinit_array')


class Findings:
    """Per kind, the (object label, where, what) it was found at."""

    def __init__(self):
        self.by_kind = {}

    def add(self, kind, label, where, what=''):
        self.by_kind.setdefault(kind, []).append((label, where, what))

    def __bool__(self):
        return bool(self.by_kind)

    def error(self, examples=3):
        """A MkguestError listing each kind, its objects and examples."""
        labels = {f[0] for fs in self.by_kind.values() for f in fs}
        details = []
        for kind in KINDS:
            found = self.by_kind.get(kind)
            if not found:
                continue
            what, why, fix = KINDS[kind]
            details.append('%s%s' % (what, ': ' + why if why else ''))
            details.append('  fix: %s' % fix)
            per_obj = {}
            for label, where, text in found:
                per_obj.setdefault(label, []).append((where, text))
            for label, hits in sorted(per_obj.items()):
                shown = '; '.join(('%s: %s' % (w, t)) if t else w
                                  for w, t in hits[:examples])
                more = ' (+%d more)' % (len(hits) - examples) \
                    if len(hits) > examples else ''
                details.append('  %s: %s%s' % (label, shown, more))
        return MkguestError(ABI, '%d object(s) not built for the kernel ABI'
                            % len(labels), details)


def _sym_label(obj, sym):
    if sym.type == elf.STT_SECTION and 0 <= sym.shndx < len(obj.sections):
        return obj.sections[sym.shndx].name
    return sym.name or '?'


def check_relocations(obj, label, out):
    for rsec, target, relocs in obj.relocations():
        if not target.alloc:
            continue            # debug info: never applied by the loader
        for r in relocs:
            if r.type in _LOADER_OK:
                continue
            sym = obj.symbol(r.sym)
            if r.type == _R_32 and sym.shndx == elf.SHN_ABS:
                continue
            kind = ('pic' if r.type in _PIC else 'tls' if r.type in _TLS
                    else 'mcmodel' if r.type == _R_32 else 'reloc')
            out.add(kind, label, obj.symbol_where(target, r.offset),
                    '%s against %s' % (elf.reloc_name(r.type),
                                       _sym_label(obj, sym)))


def check_sections(obj, label, out, need_ibt):
    has_code = False
    for s in obj.sections:
        if s.flags & elf.SHF_TLS:
            out.add('tls', label, 'section ' + s.name)
        if s.name in _CTORS or any(s.name.startswith(c + '.')
                                   for c in _CTORS):
            out.add('ctors', label, 'section ' + s.name)
        has_code = has_code or (s.exec and s.size > 0)
    if need_ibt and has_code:
        bits = obj.x86_features()
        if not bits or not bits & elf.GNU_PROPERTY_X86_FEATURE_1_IBT:
            out.add('ibt', label, 'no IBT in .note.gnu.property')


def check_symbols(obj, label, out):
    for sym in obj.symbols:
        if not sym.undefined or not sym.is_global or not sym.name:
            continue
        if sym.name in _STACKPROT:
            out.add('stackprot', label, 'references ' + sym.name)
        elif sym.name.startswith(_INSTRUMENT):
            out.add('instrument', label, 'references ' + sym.name)
        elif sym.name in ('_GLOBAL_OFFSET_TABLE_',):
            out.add('pic', label, 'references ' + sym.name)
        elif sym.name == '__tls_get_addr':
            out.add('tls', label, 'references ' + sym.name)


def check_object(obj, label, out, need_ibt=False):
    check_sections(obj, label, out, need_ibt)
    check_relocations(obj, label, out)
    check_symbols(obj, label, out)


def disassemble(path, objdump='objdump'):
    try:
        p = subprocess.run([objdump, '-d', '--no-show-raw-insn', '-w', path],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, errors='replace')
    except OSError as e:
        raise failed('cannot run %s: %s' % (objdump, e.strerror))
    if p.returncode != 0:
        raise failed('%s -d %s failed' % (objdump, path),
                     *p.stderr.strip().splitlines()[-5:])
    return p.stdout


def check_instructions(path, label_of, out, skip=(), objdump='objdump'):
    """label_of(member) names a member; members in skip are not judged."""
    for member, hits in insn.scan(disassemble(path, objdump)).items():
        if member in skip:
            continue
        for kind, where, text in hits:
            out.add(kind, label_of(member), where, text)
