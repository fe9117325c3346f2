# SPDX-License-Identifier: BSD-2-Clause
"""Kernel modules of the booted kernel itself (tun, veth, sch_netem, ...)
for the initramfs, with everything they depend on.

A source (kernel.StockModules for Debian's image package,
debugkernel.DebugModules for the debug build) maps module names to files;
closure() follows each module's `depends=` (read from its .modinfo), and
initramfs_entries() places them in /lib/modules/<release>/ with a
modules.dep of their own, so that `modprobe NAME` works in the VM.
"""

import lzma
import os
import re

MODINFO_DEPENDS_RE = re.compile(rb'(?:^|\0)depends=([^\0]*)\0')
SUFFIXES = ('.ko', '.ko.xz')


def module_name(path):
    """tun from .../tun.ko(.xz); '-' and '_' are the same to the kernel."""
    base = os.path.basename(path)
    for s in SUFFIXES:
        if base.endswith(s):
            base = base[:-len(s)]
    return base.replace('-', '_')


def read_module(path):
    """The ELF image of a module file, decompressed."""
    with open(path, 'rb') as f:
        data = f.read()
    if path.endswith('.xz'):
        data = lzma.decompress(data)
    return data


def depends(image):
    """Names of the modules a module image depends on (its modinfo)."""
    m = MODINFO_DEPENDS_RE.search(image)
    if not m or not m.group(1):
        return []
    return [d.decode().replace('-', '_') for d in m.group(1).split(b',')
            if d]


def closure(source, names):
    """[(name, relpath, image bytes)] for names and their dependencies,
    dependencies first.  source.index(): {name: relpath};
    source.fetch(relpaths): {relpath: host file}."""
    index = source.index()
    want = [n.replace('-', '_') for n in names]
    missing = [n for n in want if n not in index]
    if missing:
        raise LookupError('no such module for %s: %s' %
                          (source.release, ' '.join(missing)))
    images, deps = {}, {}
    todo = list(want)
    while todo:
        files = source.fetch([index[n] for n in todo])
        new = []
        for n in todo:
            images[n] = read_module(files[index[n]])
            deps[n] = depends(images[n])
            for d in deps[n]:
                if d not in index:
                    raise LookupError('%s needs %s, which %s does not have'
                                      % (n, d, source.release))
                if d not in images and d not in new and d not in todo:
                    new.append(d)
        todo = new
    order = []

    def visit(n, stack=()):
        if n in order:
            return
        if n in stack:
            raise LookupError('module dependency loop: %s' %
                              ' -> '.join(stack + (n,)))
        for d in deps[n]:
            visit(d, stack + (n,))
        order.append(n)

    for n in want:
        visit(n)
    return [(n, plain(index[n]), images[n]) for n in order], deps


def plain(relpath):
    """The path of a module as stored in the VM (always uncompressed)."""
    return relpath[:-3] if relpath.endswith('.ko.xz') else relpath


def initramfs_entries(source, names):
    """(path in the VM, bytes) for the modules and their modules.dep."""
    mods, deps = closure(source, names)
    root = 'lib/modules/%s/' % source.release
    where = {n: rel for n, rel, _ in mods}
    out = [(root + rel, image) for _, rel, image in mods]
    dep = ''.join('%s:%s\n' % (rel, ''.join(' ' + where[d]
                                             for d in all_deps(n, deps)))
                  for n, rel, _ in mods)
    out.append((root + 'modules.dep', dep.encode()))
    return out


def all_deps(name, deps):
    """Every module name needs, directly or not, nearest first (the
    order modules.dep lists them in)."""
    out = []
    todo = list(deps[name])
    while todo:
        d = todo.pop(0)
        if d not in out:
            out.append(d)
            todo += deps[d]
    return out
