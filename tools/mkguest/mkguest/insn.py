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
  such access run correctly even if the flag was missing.  A function
  that only writes there (stores, a locked add of 0 as a barrier) and
  never reads there back is fine: nothing it needs can be lost.
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
    """(mnemonic, operands, locked) of objdump's instruction text."""
    text = text.split('#', 1)[0].split('<', 1)[0].strip()
    words = text.split(None, 1)
    locked = False
    while words and words[0] in _PREFIXES:
        locked = locked or words[0] == 'lock'
        words = words[1].split(None, 1) if len(words) > 1 else []
    if not words:
        return '', '', locked
    return words[0], (words[1].strip() if len(words) > 1 else ''), locked


def _operands(ops):
    """The operands, split at the commas outside parentheses."""
    out, depth, cur = [], 0, ''
    for ch in ops:
        depth += (ch == '(') - (ch == ')')
        if ch == ',' and depth == 0:
            out.append(cur)
            cur = ''
        else:
            cur += ch
    return out + [cur] if ops else out


def _writes_only(mnem, ops, locked):
    """Does this red-zone access leave nothing to read back: a plain
    store (the stack slot is the destination and the source is no
    memory), or a locked add/or/sub/xor of 0 (a memory barrier: the value
    stays what it was)?"""
    args = _operands(ops)
    if len(args) != 2 or '(' in args[0]:
        return False
    if locked and mnem[:3] in ('add', 'or', 'sub', 'xor') and \
            args[0] == '$0x0':
        return True
    return (mnem.startswith('mov') and
            not mnem.startswith(('movs', 'movz'))) or mnem.startswith('set')


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


class _Function:
    """The findings of one function.  Red-zone accesses count only if
    the function reads there (a load, a read-modify-write, an address
    taken): a slot below %rsp that is only written (NetBSD's membar_* in
    atomic.S: "lock addq $0,-8(%rsp)", "movq $0,-8(%rsp)") loses
    nothing when an interrupt overwrites it between two instructions."""

    def __init__(self, member, name, start):
        self.member, self.name, self.start = member, name, start
        self.frame = _Frame()
        self.found, self.red, self.reads = [], [], False

    def insn(self, addr, text):
        mnem, ops, locked = _split(text)
        kinds = check_insn(mnem, ops, self.frame)
        self.frame.step(mnem, ops)
        where = '%s+0x%x' % (self.name, addr - self.start) \
            if self.name else '0x%x' % addr
        for kind in kinds:
            hit = (kind, where, ('%s %s' % (mnem, ops)).strip())
            if kind != REDZONE:
                self.found.append(hit)
                continue
            self.red.append(hit)
            self.reads = self.reads or not _writes_only(mnem, ops, locked)

    def end(self, findings):
        hits = self.found + (self.red if self.reads else [])
        if hits and self.member is not None:
            findings.setdefault(self.member, []).extend(
                sorted(hits, key=lambda h: _offset(h[1])))


def _offset(where):
    return int(where.rsplit('0x', 1)[-1], 16)


def scan(disassembly):
    """Findings per member: {member: [(kind, 'func+0xoff', text)]} from
    the output of objdump -d --no-show-raw-insn -w (one object or an
    archive)."""
    findings = {}
    member, fn = None, None
    for line in disassembly.splitlines():
        m = _MEMBER.match(line)
        if m:
            if fn:
                fn.end(findings)
            member, fn = m.group(1), None
            continue
        m = _FUNC.match(line)
        if m:
            if fn:
                fn.end(findings)
            fn = _Function(member, m.group(1), int(line.split()[0], 16))
            continue
        m = _INSN.match(line)
        if not m or member is None:
            continue
        if fn is None:
            fn = _Function(member, None, 0)
        fn.insn(int(m.group(1), 16), m.group(2))
    if fn:
        fn.end(findings)
    return findings
