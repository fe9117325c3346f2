# SPDX-License-Identifier: BSD-2-Clause
"""Reading x86_64 relocatable ELF objects: sections, symbols, relocations
and the GNU property note, enough to judge an object and to link it.

Only what the checks need is decoded; every offset and size is checked
against the data, so a damaged object is an ElfError, never an
exception from deep inside.
"""

import struct

ET_REL = 1
EM_X86_64 = 62

SHT_SYMTAB = 2
SHT_STRTAB = 3
SHT_RELA = 4
SHT_NOTE = 7
SHT_NOBITS = 8
SHT_REL = 9

SHF_WRITE = 0x1
SHF_ALLOC = 0x2
SHF_EXECINSTR = 0x4
SHF_TLS = 0x400

SHN_UNDEF = 0
SHN_LORESERVE = 0xff00
SHN_ABS = 0xfff1
SHN_COMMON = 0xfff2
SHN_XINDEX = 0xffff

STB_LOCAL = 0
STB_GLOBAL = 1
STB_WEAK = 2

STT_SECTION = 3
STT_FILE = 4
STT_COMMON = 5
STT_TLS = 6

# x86_64 relocation types by number (the psABI's names).
RELOC_NAMES = {
    0: 'NONE', 1: '64', 2: 'PC32', 3: 'GOT32', 4: 'PLT32', 5: 'COPY',
    6: 'GLOB_DAT', 7: 'JUMP_SLOT', 8: 'RELATIVE', 9: 'GOTPCREL', 10: '32',
    11: '32S', 12: '16', 13: 'PC16', 14: '8', 15: 'PC8', 16: 'DTPMOD64',
    17: 'DTPOFF64', 18: 'TPOFF64', 19: 'TLSGD', 20: 'TLSLD', 21: 'DTPOFF32',
    22: 'GOTTPOFF', 23: 'TPOFF32', 24: 'PC64', 25: 'GOTOFF64', 26: 'GOTPC32',
    27: 'GOT64', 28: 'GOTPCREL64', 29: 'GOTPC64', 30: 'GOTPLT64',
    31: 'PLTOFF64', 32: 'SIZE32', 33: 'SIZE64', 34: 'GOTPC32_TLSDESC',
    35: 'TLSDESC_CALL', 36: 'TLSDESC', 37: 'IRELATIVE', 38: 'RELATIVE64',
    41: 'GOTPCRELX', 42: 'REX_GOTPCRELX',
}

NT_GNU_PROPERTY_TYPE_0 = 5
GNU_PROPERTY_X86_FEATURE_1_AND = 0xc0000002
GNU_PROPERTY_X86_FEATURE_1_IBT = 0x1


class ElfError(Exception):
    pass


def reloc_name(rtype):
    return 'R_X86_64_' + RELOC_NAMES.get(rtype, str(rtype))


class Section:
    __slots__ = ('index', 'name', 'type', 'flags', 'offset', 'size', 'link',
                 'info', 'align', 'entsize')

    def __init__(self, index, fields):
        (self.name, self.type, self.flags, _addr, self.offset, self.size,
         self.link, self.info, self.align, self.entsize) = fields
        self.index = index

    @property
    def alloc(self):
        return bool(self.flags & SHF_ALLOC)

    @property
    def exec(self):
        return bool(self.flags & SHF_EXECINSTR)


class Symbol:
    __slots__ = ('name', 'bind', 'type', 'shndx', 'value', 'size', 'other')

    def __init__(self, name, info, other, shndx, value, size):
        self.name = name
        self.bind = info >> 4
        self.type = info & 0xf
        self.other = other
        self.shndx = shndx
        self.value = value
        self.size = size

    @property
    def undefined(self):
        return self.shndx == SHN_UNDEF

    @property
    def common(self):
        return self.shndx == SHN_COMMON

    @property
    def defined(self):
        return self.shndx != SHN_UNDEF and self.shndx != SHN_COMMON

    @property
    def is_global(self):
        return self.bind in (STB_GLOBAL, STB_WEAK)

    @property
    def weak(self):
        return self.bind == STB_WEAK


class Reloc:
    __slots__ = ('offset', 'type', 'sym', 'addend')

    def __init__(self, offset, info, addend):
        self.offset = offset
        self.type = info & 0xffffffff
        self.sym = info >> 32
        self.addend = addend


class ElfObject:
    """One relocatable object.  name is how messages call it."""

    def __init__(self, data, name):
        self.data = data
        self.name = name
        self._header()
        self._sections()
        self._symbols()

    # ---------------------------------------------------------- parsing
    def _unpack(self, fmt, off):
        size = struct.calcsize(fmt)
        if off < 0 or off + size > len(self.data):
            raise ElfError('%s: truncated (offset %d)' % (self.name, off))
        return struct.unpack_from(fmt, self.data, off)

    def _header(self):
        d = self.data
        if d[:4] == b'BC\xc0\xde' or d[:4] == b'\xde\xc0\x17\x0b':
            raise ElfError('%s: LLVM bitcode, not an object (built with '
                           '-flto?)' % self.name)
        if d[:4] != b'\x7fELF':
            raise ElfError('%s: not an ELF object' % self.name)
        if d[4] != 2 or d[5] != 1:
            raise ElfError('%s: not a 64-bit little-endian ELF object'
                           % self.name)
        (_ident, self.etype, self.machine, _v, _entry, _phoff, self.shoff,
         _flags, _ehsize, _phentsize, _phnum, self.shentsize, self.shnum,
         self.shstrndx) = self._unpack('<16sHHIQQQIHHHHHH', 0)
        if self.machine != EM_X86_64:
            raise ElfError('%s: built for ELF machine %d, not x86_64 (%d)'
                           % (self.name, self.machine, EM_X86_64))
        if self.etype != ET_REL:
            raise ElfError('%s: not a relocatable object (ELF type %d)'
                           % (self.name, self.etype))

    def _sections(self):
        if self.shoff == 0:
            self.sections = []
            return
        if self.shentsize != 64:
            raise ElfError('%s: odd section header size %d'
                           % (self.name, self.shentsize))
        shnum, shstrndx = self.shnum, self.shstrndx
        first = Section(0, self._unpack('<IIQQQQIIQQ', self.shoff))
        if shnum == 0:
            shnum = first.size
        if shstrndx == SHN_XINDEX:
            shstrndx = first.link
        self.sections = [Section(i, self._unpack('<IIQQQQIIQQ',
                                                 self.shoff + 64 * i))
                         for i in range(shnum)]
        strtab = self._section_bytes(self._sec(shstrndx))
        for s in self.sections:
            s.name = self._cstr(strtab, s.name)

    def _sec(self, i):
        if not 0 <= i < len(self.sections):
            raise ElfError('%s: bad section index %d' % (self.name, i))
        return self.sections[i]

    def _section_bytes(self, s):
        if s.type == SHT_NOBITS:
            return b''
        if s.offset + s.size > len(self.data):
            raise ElfError('%s: section %s runs past the end'
                           % (self.name, s.name))
        return self.data[s.offset:s.offset + s.size]

    def _cstr(self, table, off):
        if off >= len(table):
            raise ElfError('%s: bad string offset %d' % (self.name, off))
        end = table.find(b'\0', off)
        return table[off:end if end >= 0 else len(table)].decode(
            'utf-8', 'replace')

    def _symbols(self):
        self.symbols = []
        tabs = [s for s in self.sections if s.type == SHT_SYMTAB]
        if not tabs:
            return
        tab = tabs[0]
        strtab = self._section_bytes(self._sec(tab.link))
        raw = self._section_bytes(tab)
        for off in range(0, len(raw) - len(raw) % 24, 24):
            name, info, other, shndx, value, size = struct.unpack_from(
                '<IBBHQQ', raw, off)
            self.symbols.append(Symbol(self._cstr(strtab, name), info,
                                       other, shndx, value, size))

    # ---------------------------------------------------------- queries
    def relocations(self):
        """(relocation section, target section, [Reloc]) for each RELA."""
        out = []
        for s in self.sections:
            if s.type == SHT_REL:
                raise ElfError('%s: REL relocations (%s); x86_64 objects '
                               'use RELA' % (self.name, s.name))
            if s.type != SHT_RELA:
                continue
            raw = self._section_bytes(s)
            relocs = [Reloc(*struct.unpack_from('<QQq', raw, off))
                      for off in range(0, len(raw) - len(raw) % 24, 24)]
            out.append((s, self._sec(s.info), relocs))
        return out

    def symbol(self, i):
        if not 0 <= i < len(self.symbols):
            raise ElfError('%s: bad symbol index %d' % (self.name, i))
        return self.symbols[i]

    def symbol_where(self, rsec_target, offset):
        """The function or object containing offset in a section, as
        "name+0xN" (the closest symbol at or before it)."""
        best = None
        for sym in self.symbols:
            if sym.shndx != rsec_target.index or sym.type in (STT_SECTION,
                                                              STT_FILE):
                continue
            if sym.value <= offset and (best is None or
                                         sym.value > best.value):
                best = sym
        if best is None:
            return '%s+0x%x' % (rsec_target.name, offset)
        return '%s+0x%x' % (best.name, offset - best.value)

    def x86_features(self):
        """The GNU_PROPERTY_X86_FEATURE_1_AND bits, None without a note."""
        for s in self.sections:
            if s.type != SHT_NOTE or s.name != '.note.gnu.property':
                continue
            return _feature_bits(self._section_bytes(s))
        return None


def _align(n, a):
    return (n + a - 1) & ~(a - 1)


def _feature_bits(note):
    off = 0
    while off + 12 <= len(note):
        namesz, descsz, ntype = struct.unpack_from('<III', note, off)
        name_end = off + 12 + _align(namesz, 4)
        desc = note[name_end:name_end + descsz]
        if ntype == NT_GNU_PROPERTY_TYPE_0 and note[off + 12:off + 15] == b'GNU':
            p = 0
            while p + 8 <= len(desc):
                ptype, pdatasz = struct.unpack_from('<II', desc, p)
                if ptype == GNU_PROPERTY_X86_FEATURE_1_AND and pdatasz >= 4:
                    return struct.unpack_from('<I', desc, p + 8)[0]
                p += 8 + _align(pdatasz, 8)
        off = name_end + _align(descsz, 8 if ntype == NT_GNU_PROPERTY_TYPE_0
                                else 4)
    return 0
