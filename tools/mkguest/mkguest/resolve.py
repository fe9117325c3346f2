# SPDX-License-Identifier: BSD-2-Clause
"""After the link, every undefined symbol of the guest must be a hypercall
rumpvisor.ko exports (rumpuser_*, rumpcomp_*).  Everything else is
reported by name, with the objects that need it and, where it can be
found, the component that would provide it:

- a rumpuser_/rumpcomp_ symbol rumpvisor does not export: a missing
  hypercall (the hypervisor lacks it; a weak reference is fine: it is
  NULL and NetBSD's code checks);
- a symbol another archive in the libdirs defines: a missing component;
- anything else: unresolved (with a hint for names that betray a
  build for user space or a missing rumpns_ renaming).

Two kinds of strong references to Linux itself are allowed: the
retpoline and return thunks (__x86_indirect_thunk_*, __x86_return_thunk)
a build with the kernel's mitigation flags calls, when this kernel
exports them.  A weak reference Linux would satisfy is an error: it
would bind the guest to Linux's function of that name.
"""

import re

from . import archive, elf
from .components import HYPERCALL
from .errors import MkguestError, LINK

THUNK = re.compile(r'^__x86_(indirect_thunk_\w+|return_thunk)$')

HINTS = [
    (re.compile(r'^(memcpy|memset|memmove|memcmp|strlen|strcmp|strcpy|'
                r'printf|panic|bcopy|bzero)$'),
     'a kernel function under its plain name: were the objects renamed '
     '(NetBSD: rumpns_ prefix) and is the component that defines it '
     'listed?'),
    (re.compile(r'^(malloc|free|calloc|realloc|pthread_\w+|__errno_location'
                r'|errno|open|read|write|close|ioctl|mmap|abort|exit)$'),
     'a C library function: this object is built for user space'),
    (re.compile(r'^__(u|)(div|mod)ti3$|^__popcount'),
     'a compiler runtime function (libgcc), which the kernel does not '
     'provide'),
]


class Needs:
    """Who references and who defines each global symbol, over the
    component objects (for messages)."""

    def __init__(self, objects):
        self.refs = {}
        self.defs = {}
        for o in objects:
            for s in o.elf.symbols:
                if not s.is_global or not s.name:
                    continue
                if s.undefined:
                    self.refs.setdefault(s.name, []).append(o.label)
                elif s.defined:
                    self.defs.setdefault(s.name, []).append(o.label)

    def users(self, name, n=3):
        who = self.refs.get(name, [])
        more = ' and %d more' % (len(who) - n) if len(who) > n else ''
        return ', '.join(who[:n]) + more if who else 'the link'


class Report:
    def __init__(self):
        self.hypercalls = []    # exported, used
        self.thunks = []
        self.weak_null = []     # weak, resolved to NULL
        self.missing_hyper = []
        self.missing_comp = {}  # component -> [symbol]
        self.unresolved = []
        self.weak_linux = []

    @property
    def ok(self):
        return not (self.missing_hyper or self.missing_comp or
                    self.unresolved or self.weak_linux)


def _defined_globals(path):
    """What an archive defines: its index, or its members' symbols."""
    syms = archive.symbol_index(path)
    if syms is not None:
        return syms
    out = []
    for m in archive.members(path):
        try:
            obj = elf.ElfObject(m.data, m.name)
        except elf.ElfError:
            continue
        out += [s.name for s in obj.symbols
                if s.is_global and not s.undefined]
    return out


def _providers(unselected):
    """{symbol: component} over every other archive in the libdirs."""
    out = {}
    for name, path in unselected:
        try:
            syms = _defined_globals(path)
        except (OSError, archive.ArchiveError):
            continue
        for s in syms:
            out.setdefault(s, name)
    return out


def classify(undefined, rumpvisor, kernel, unselected):
    """undefined: {name: weak}; rumpvisor, kernel: {symbol: module}."""
    r = Report()
    providers = None
    for name, weak in sorted(undefined.items()):
        if HYPERCALL.match(name):
            if name in rumpvisor:
                r.hypercalls.append(name)
            elif weak:
                r.weak_null.append(name)
            else:
                r.missing_hyper.append(name)
            continue
        if weak:
            (r.weak_linux if name in kernel else r.weak_null).append(name)
            continue
        if THUNK.match(name) and name in kernel:
            r.thunks.append(name)
            continue
        if providers is None:
            providers = _providers(unselected)
        if name in providers:
            r.missing_comp.setdefault(providers[name], []).append(name)
        else:
            r.unresolved.append(name)
    return r


def _hint(name):
    for pattern, text in HINTS:
        if pattern.match(name):
            return ' (%s)' % text
    return ''


def error(r, needs, symvers_path):
    d = []
    if r.missing_hyper:
        d.append('hypercalls rumpvisor.ko does not export (%s):'
                 % symvers_path)
        d += ['  %s, needed by %s' % (n, needs.users(n))
              for n in r.missing_hyper]
    for comp, names in sorted(r.missing_comp.items()):
        d.append('component %s is not in the list; it defines:' % comp)
        d += ['  %s, needed by %s' % (n, needs.users(n)) for n in names]
    if r.unresolved:
        d.append('symbols no component defines (not hypercalls):')
        d += ['  %s, needed by %s%s' % (n, needs.users(n), _hint(n))
              for n in r.unresolved]
    if r.weak_linux:
        d.append('weak references Linux would satisfy with its own '
                 'function of that name:')
        d += ['  %s, referenced by %s' % (n, needs.users(n))
              for n in r.weak_linux]
    n = (len(r.missing_hyper) + len(r.unresolved) + len(r.weak_linux) +
         sum(len(v) for v in r.missing_comp.values()))
    return MkguestError(LINK, '%d undefined symbol(s) that are not '
                        'hypercalls of this rumpvisor' % n, d)


def host_halves(objects):
    """Lines about objects left out as user-space host code."""
    return ['%s: defines %s; rumpvisor.ko provides it in the kernel'
            % (o.label, ', '.join(o.host_half[:3]) +
               (' ...' if len(o.host_half) > 3 else ''))
            for o in objects if o.host_half]
