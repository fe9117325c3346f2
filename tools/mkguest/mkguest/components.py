# SPDX-License-Identifier: BSD-2-Clause
"""Components: the archives named on the command line, their objects, and
which objects are the user-space host half that rumpvisor replaces.

A name is looked up as lib<name>.a in each --libdir in turn (NetBSD's
"rumpvfs" is librumpvfs.a); a name with a slash or ending in .a is a
path.  NetBSD's component archives may carry a host half compiled for
user space (RUMPCOMP_USER_SRCS: the objects that define rumpcomp_* or
rumpuser_* functions, e.g. virtif's tap code); in the kernel those
functions are rumpvisor.ko's, so such objects are left out.
"""

import os
import re

from . import archive, elf
from .errors import failed, usage

HYPERCALL = re.compile(r'^(rumpuser|rumpcomp)_')


class Object:
    """One member of a component archive."""

    def __init__(self, component, member, obj):
        self.component = component
        self.member = member
        self.elf = obj
        self.label = '%s(%s)' % (component.filename, member)
        self.host_half = sorted(
            s.name for s in obj.symbols
            if s.defined and s.is_global and HYPERCALL.match(s.name))


class Component:
    def __init__(self, spec, path):
        self.spec = spec
        self.path = path
        self.filename = os.path.basename(path)
        self.objects = []
        self.bad = []           # (label, reason): not ELF x86_64 objects

    @property
    def kernel_objects(self):
        return [o for o in self.objects if not o.host_half]


def component_name(filename):
    """librumpvfs.a -> rumpvfs (how the user names it)."""
    base = os.path.basename(filename)
    if base.startswith('lib') and base.endswith('.a'):
        return base[3:-2]
    return base


def find(spec, libdirs):
    if '/' in spec or spec.endswith('.a'):
        if not os.path.isfile(spec):
            raise usage('component %s: no such file' % spec)
        return spec
    for d in libdirs:
        path = os.path.join(d, 'lib%s.a' % spec)
        if os.path.isfile(path):
            return path
    where = ', '.join(libdirs) if libdirs else 'no --libdir given'
    raise usage('component %s: no lib%s.a in %s' % (spec, spec, where))


def load(spec, libdirs):
    path = find(spec, libdirs)
    comp = Component(spec, path)
    try:
        members = archive.members(path)
    except (OSError, archive.ArchiveError) as e:
        raise failed('component %s: %s' % (spec, e))
    if not members:
        raise usage('component %s: %s is an empty archive' % (spec, path))
    for m in members:
        label = '%s(%s)' % (comp.filename, m.name)
        try:
            comp.objects.append(Object(comp, m.name,
                                       elf.ElfObject(m.data, label)))
        except elf.ElfError as e:
            comp.bad.append((label, str(e)))
    return comp


def unselected(libdirs, selected):
    """(component name, path) of the other archives in the libdirs."""
    chosen = {os.path.realpath(c.path) for c in selected}
    out = []
    for d in libdirs:
        try:
            names = sorted(os.listdir(d))
        except OSError:
            continue
        for n in names:
            path = os.path.join(d, n)
            if n.endswith('.a') and os.path.realpath(path) not in chosen:
                out.append((component_name(n), path))
    return out
