# SPDX-License-Identifier: BSD-2-Clause
"""Instruction-level ABI checks, from objdump's disassembly (AT&T syntax):

- SIMD and FPU: any x87, MMX, SSE, AVX or AVX-512 register, any x87
  instruction, and the instructions that touch SIMD state (ldmxcsr,
  emms, vzeroupper...).  Linux does not save the guest's FPU state
  around its code: such an instruction corrupts the state of the user
  process that happens to be interrupted.
- Segments: %fs (user-space TLS, a user-space stack protector) and %gs
  (Linux's per-CPU area; a kernel-mode stack protector).
- The red zone: a memory access below the stack pointer, directly
  (-N(%rsp)) or through a frame pointer (-N(%rbp) beyond what the
  function has pushed and subtracted since "push %rbp; mov %rsp,%rbp").
  Interrupts in the kernel run on the same stack and overwrite it.
  Indexed accesses (-0x20(%rsp,%rdx,4)) are not judged: the index may
  well point above the stack pointer.
  Code built with -mno-red-zone never does either; code built without it
  does so only in leaf functions that need stack, so objects without any
  such access run correctly even if the flag was missing.
"""

import re

# One finding: (kind, where, instruction).
SIMD, SEGMENT, REDZONE = 'simd', 'segment', 'redzone'

_SIMD_REG = re.compile(r'%(?:[xyz]mm\d+|mm[0-7]\b|st\b|st\(\d\)|k[0-7]\b)')
_SIMD_STATE = {'ldmxcsr', 'stmxcsr', 'vldmxcsr', 'vstmxcsr', 'emms',
               'femms', 'vzeroupper', 'vzeroall', 'xsave', 'xsaveopt',
               'xsavec', 'xsaves', 'xrstor', 'xrstors', 'xsave64',
               'xrstor64', 'fxsave', 'fxrstor', 'fxsave64', 'fxrstor64'}
_PREFIXES = {'lock', 'rep', 'repz', 'repnz', 'repe', 'repne', 'notrack',
             'bnd', 'data16', 'addr32', 'cs', 'ds', 'es', 'ss', 'rex',
             'rex.w', 'rex.b', 'rex.r', 'rex.x'}
_SEGMENT = re.compile(r'%([fg]s):')
# Without an index register: -0x1(%rsp,%rcx,1) may well be above %rsp.
_BELOW_RSP = re.compile(r'-0x([0-9a-f]+)\(%rsp\)')
_BELOW_RBP = re.compile(r'-0x([0-9a-f]+)\(%rbp\)')
_IMM = re.compile(r'^\$0x([0-9a-f]+),%rsp$')

_FUNC = re.compile(r'^[0-9a-f]+ <(.+)>:$')
_INSN = re.compile(r'^\s*([0-9a-f]+):\s+(.*)$')
_MEMBER = re.compile(r'^(.+):\s+file format (\S+)$')


def _split(text):
    """(mnemonic, operands) of objdump's instruction text."""
    text = text.split('#', 1)[0].split('<', 1)[0].strip()
    words = text.split(None, 1)
    while words and words[0] in _PREFIXES:
        words = words[1].split(None, 1) if len(words) > 1 else []
    if not words:
        return '', ''
    return words[0], (words[1].strip() if len(words) > 1 else '')


def _is_x87(mnem):
    return mnem.startswith('f') and mnem not in ('fs',) or mnem == 'wait'


class _Frame:
    """What the current function has put below its frame pointer."""

    def __init__(self):
        self.active = False     # between "push %rbp; mov %rsp,%rbp" and its end
        self.below = 0          # bytes allocated below %rbp so far
        self.last = ''          # the previous instruction

    def step(self, mnem, ops):
        """Track one instruction; False when %rbp is no frame any more."""
        if mnem == 'mov' and ops == '%rsp,%rbp' and self.last == 'push %rbp':
            self.active, self.below = True, 0
        elif mnem == 'enter':
            m = re.match(r'^\$0x([0-9a-f]+),', ops)
            self.active, self.below = True, int(m.group(1), 16) if m else 0
        elif not self.active:
            pass
        elif mnem == 'push':
            self.below += 8
        elif mnem == 'pop':
            if ops == '%rbp':
                self.active = False
            self.below -= 8
        elif mnem in ('leave', 'ret'):
            self.active = False
        elif mnem in ('sub', 'add') and ops.endswith(',%rsp'):
            m = _IMM.match(ops)
            if not m:
                self.active = False
            else:
                n = int(m.group(1), 16)
                if n >= 1 << 63:        # add $-128,%rsp is printed so
                    n -= 1 << 64
                self.below += n if mnem == 'sub' else -n
        elif ops.endswith(',%rsp') or ops.endswith(',%rbp'):
            self.active = False     # realigned, alloca, rbp reused
        self.last = ('%s %s' % (mnem, ops)).strip()


def _red_zone(mnem, ops, frame):
    if mnem == 'lea' and ops.endswith(',%rsp'):
        return False
    if _BELOW_RSP.search(ops):
        return True
    m = _BELOW_RBP.search(ops)
    return bool(m and frame.active and mnem != 'lea' and
                int(m.group(1), 16) > frame.below)


def check_insn(mnem, ops, frame):
    """The finding kinds of one instruction (after frame tracking)."""
    out = []
    if _SIMD_REG.search(ops) or _is_x87(mnem) or mnem in _SIMD_STATE:
        out.append(SIMD)
    if _SEGMENT.search(ops):
        out.append(SEGMENT)
    if _red_zone(mnem, ops, frame):
        out.append(REDZONE)
    return out


def scan(disassembly):
    """Findings per member: {member: [(kind, 'func+0xoff', text)]} from
    the output of objdump -d --no-show-raw-insn -w (one object or an
    archive)."""
    findings = {}
    member, func, start, frame = None, None, 0, _Frame()
    for line in disassembly.splitlines():
        m = _MEMBER.match(line)
        if m:
            member = m.group(1)
            continue
        m = _FUNC.match(line)
        if m:
            func, frame = m.group(1), _Frame()
            start = int(line.split()[0], 16)
            continue
        m = _INSN.match(line)
        if not m or member is None:
            continue
        mnem, ops = _split(m.group(2))
        kinds = check_insn(mnem, ops, frame)
        frame.step(mnem, ops)
        for kind in kinds:
            where = '%s+0x%x' % (func, int(m.group(1), 16) - start) \
                if func else '0x' + m.group(1)
            findings.setdefault(member, []).append(
                (kind, where, ('%s %s' % (mnem, ops)).strip()))
    return findings
