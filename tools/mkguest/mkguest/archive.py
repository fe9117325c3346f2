# SPDX-License-Identifier: BSD-2-Clause
"""Reading ar archives (GNU/System V format, as GNU ar and NetBSD's
toolchain on Linux write them): their members, and the symbol index
without reading every member.
"""

import struct

MAGIC = b'!<arch>\n'
THIN = b'!<thin>\n'


class ArchiveError(Exception):
    pass


class Member:
    __slots__ = ('name', 'data')

    def __init__(self, name, data):
        self.name = name
        self.data = data


def _headers(data, path):
    """(name field, member data) of every member, in order."""
    off = len(MAGIC)
    while off < len(data):
        if off + 60 > len(data):
            raise ArchiveError('%s: truncated member header' % path)
        hdr = data[off:off + 60]
        if hdr[58:60] != b'`\n':
            raise ArchiveError('%s: bad member header at %d' % (path, off))
        try:
            size = int(hdr[48:58].decode('ascii').strip())
        except ValueError:
            raise ArchiveError('%s: bad member size at %d' % (path, off))
        body = data[off + 60:off + 60 + size]
        if len(body) != size:
            raise ArchiveError('%s: truncated member at %d' % (path, off))
        yield hdr[:16].decode('utf-8', 'replace').rstrip(), body
        off += 60 + size + (size & 1)


def _check(data, path):
    if data.startswith(THIN):
        raise ArchiveError('%s: a thin archive (its members live in other '
                           'files); make a normal one with ar rc' % path)
    if not data.startswith(MAGIC):
        raise ArchiveError('%s: not an ar archive' % path)


def members(path):
    """Every object member of the archive at path, in archive order."""
    with open(path, 'rb') as f:
        data = f.read()
    _check(data, path)
    longnames = b''
    out = []
    for name, body in _headers(data, path):
        if name in ('/', '/SYM64/', '__.SYMDEF', '__.SYMDEF SORTED'):
            continue
        if name == '//':
            longnames = body
            continue
        if name.startswith('#1/'):
            n = int(name[3:])
            name, body = body[:n].rstrip(b'\0').decode(), body[n:]
        elif name.startswith('/') and name[1:].isdigit():
            start = int(name[1:])
            end = longnames.find(b'/\n', start)
            name = longnames[start:end if end >= 0 else None].decode(
                'utf-8', 'replace')
        else:
            name = name[:-1] if name.endswith('/') else name
        out.append(Member(name, body))
    return out


def symbol_index(path):
    """The global symbols the archive's index says it defines, or None
    when it has no index (ranlib adds one)."""
    with open(path, 'rb') as f:
        data = f.read()
    _check(data, path)
    for name, body in _headers(data, path):
        if name == '/':
            width, fmt = 4, '>I'
        elif name == '/SYM64/':
            width, fmt = 8, '>Q'
        else:
            return None
        if len(body) < width:
            raise ArchiveError('%s: truncated symbol index' % path)
        (count,) = struct.unpack_from(fmt, body, 0)
        if width + width * count > len(body):
            raise ArchiveError('%s: bad symbol index' % path)
        names = body[width + width * count:]
        return [n.decode('utf-8', 'replace')
                for n in names.split(b'\0')[:count]]
    return None
