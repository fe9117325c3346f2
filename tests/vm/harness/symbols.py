# SPDX-License-Identifier: BSD-2-Clause
"""Names for code addresses in modules that are gone.

A kernel report printed after a module was unloaded (a kmemleak leak found
by the last scan) shows that module's frames as bare addresses.  The
debug hook logs where each module's code sections were loaded
("RV-MODULE name .text=0x... .init.text=0x..."); with the module's .ko
file (an ELF64 relocatable object: symbol values are offsets in their
section) an address becomes function+offset/size [module], as the kernel
would have printed it.
"""

import os
import re
import struct

from . import log

ADDR_RE = re.compile(r'\[<([0-9a-f]{16})>\] 0x[0-9a-f]+\s*$')
STT_FUNC = 2


def elf_functions(path):
    """{section name: [(offset, size, function name)]} of an ELF64
    little-endian relocatable file."""
    with open(path, 'rb') as f:
        data = f.read()
    if data[:4] != b'\x7fELF' or data[4] != 2 or data[5] != 1:
        raise ValueError('%s: not an ELF64 little-endian file' % path)
    shoff, = struct.unpack_from('<Q', data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', data, 0x3a)
    sections = [struct.unpack_from('<IIQQQQIIQQ', data, shoff + i * shentsize)
                for i in range(shnum)]

    def cstr(off):
        return data[off:data.index(b'\0', off)].decode(errors='replace')

    names_off = sections[shstrndx][4]
    names = [cstr(names_off + s[0]) for s in sections]
    out = {}
    for s in sections:
        if s[1] != 2:                         # SHT_SYMTAB
            continue
        strtab = sections[s[6]][4]
        for k in range(s[5] // 24):
            name, info, _, shndx, value, size = struct.unpack_from(
                '<IBBHQQ', data, s[4] + k * 24)
            if info & 0xf == STT_FUNC and 0 < shndx < len(names):
                out.setdefault(names[shndx], []).append(
                    (value, size, cstr(strtab + name)))
    for syms in out.values():
        syms.sort()
    return out


def module_name(path):
    base = os.path.basename(path)
    return (base[:-3] if base.endswith('.ko') else base).replace('-', '_')


class Symbolizer:
    """Addresses of the logged module sections to function names.

    Module addresses are reused: a module loaded after another was
    unloaded often gets its place, and .init.text lives only while the
    module initialises.  So each logged section is valid from the marker
    before its RV-MODULE line (the insmod started after it) until another
    is loaded at its address (.init sections: until that line), and an
    address is named after the section valid at the report's time that
    was loaded last."""

    def __init__(self, lines, ko_files):
        self.funcs = {}
        for path in ko_files:
            try:
                self.funcs[module_name(path)] = elf_functions(path)
            except (OSError, ValueError, struct.error):
                pass
        self.sections = []        # (start, until, base, module, section)
        prev = None
        for i, mark, rest in log.markers(lines):
            t = log.timestamp(lines[i])
            if mark == 'RV-MODULE':
                self.add(rest, prev if prev is not None else t, t)
            prev = t
        # A section loaded where an earlier one was ends the earlier one.
        for k, (start, until, base, mod, sec) in enumerate(self.sections):
            later = [s[0] for s in self.sections[k + 1:] if s[2] == base]
            if later and (until is None or later[0] < until):
                self.sections[k] = (start, later[0], base, mod, sec)

    def add(self, rest, start, loaded):
        name, _, sections = rest.partition(' ')
        for item in sections.split():
            sec, _, addr = item.partition('=')
            try:
                base = int(addr, 16)
            except ValueError:
                continue
            until = loaded if sec.startswith('.init') else None
            self.sections.append((start or 0.0, until, base, name, sec))

    def name(self, addr, when=None):
        """'function+0xoff/0xsize [module]' for addr, or None."""
        best = None
        for start, until, base, mod, sec in self.sections:
            if base > addr or when is not None and (
                    start > when or until is not None and when > until):
                continue
            for off, size, fn in self.funcs.get(mod, {}).get(sec, ()):
                if off <= addr - base < off + max(size, 1):
                    key = (start, base + off)
                    if best is None or key > best[0]:
                        best = (key, '%s+0x%x/0x%x [%s]' % (
                            fn, addr - base - off, size, mod))
        return best[1] if best else None

    def line(self, msg, when=None):
        """A backtrace line with a bare address, named if possible."""
        m = ADDR_RE.search(msg)
        if not m:
            return msg
        name = self.name(int(m.group(1), 16), when)
        return msg[:m.start()] + '[<%s>] %s' % (m.group(1), name) \
            if name else msg
