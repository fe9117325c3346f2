# SPDX-License-Identifier: BSD-2-Clause
"""The guest object: every kernel object of the components in one
relocatable link (ld -r), in the order given.

- Every object goes in, as with --whole-archive: NetBSD's components are
  reached through link sets and constructors, never by a symbol the
  rest references, so archive semantics would leave them out.
- ld -d allocates common symbols (tentative definitions of -fcommon
  builds, which NetBSD's network stubs rely on): Linux's module loader
  refuses SHN_COMMON symbols.
- A first link shows the sections and the __start_/__stop_ references;
  the second uses the script linkscript.py makes from them.
- Afterwards every global symbol the guest defines is made local except
  the client API (rump_*) and the constructor bounds: in the module,
  the guest's memcpy, printf or init_module cannot meet the carrier's
  or Linux's, whatever names its build left.
"""

import os
import re
import subprocess

from . import elf, linkscript
from .errors import MkguestError, LINK, failed

KEEP_GLOBAL = ('rump_*', linkscript.CTOR_START, linkscript.CTOR_END)
_MULTIPLE = re.compile(r"multiple definition of [`']([^']+)'")


def run(cmd, verbose=False, env=None):
    """(exit status, output) of cmd; verbose shows it first."""
    if verbose:
        print('  $ ' + ' '.join(cmd), flush=True)
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, env=env,
                           universal_newlines=True, errors='replace')
    except OSError as e:
        raise failed('cannot run %s: %s' % (cmd[0], e.strerror))
    return p.returncode, p.stdout


def extract(objects, objdir):
    """Write each object into objdir; their paths, in order."""
    os.makedirs(objdir, exist_ok=True)
    paths = []
    for n, o in enumerate(objects):
        name = re.sub(r'[^A-Za-z0-9_.-]', '_', o.member)
        path = os.path.join(objdir, '%04d-%s' % (n, name))
        with open(path, 'wb') as f:
            f.write(o.elf.data)
        paths.append(path)
    return paths


def _multiple_definitions(output, defined_by):
    names = sorted(set(_MULTIPLE.findall(output)))
    if not names:
        return None
    details = []
    for n in names:
        where = defined_by.get(n, [])
        details.append('%s: defined in %s' % (n, ' and '.join(where) or
                                               'more than one object'))
    details.append('list each component once, and only one of '
                   'components that provide the same functions')
    return MkguestError(LINK, '%d symbol(s) defined more than once'
                        % len(names), details)


def ld(ld_cmd, paths, out, script=None, verbose=False, defined_by=None):
    listfile = out + '.objects'
    with open(listfile, 'w') as f:
        f.write(''.join('"%s"\n' % p for p in paths))
    cmd = [ld_cmd, '-m', 'elf_x86_64', '-r', '-d', '-o', out]
    if script:
        cmd += ['-T', script]
    rc, output = run(cmd + ['@' + listfile], verbose)
    if rc != 0:
        err = _multiple_definitions(output, defined_by or {})
        if err:
            raise err
        raise failed('the relocatable link failed (%s)' % ld_cmd,
                     *output.strip().splitlines()[-10:])
    with open(out, 'rb') as f:
        return elf.ElfObject(f.read(), os.path.basename(out))


class Guest:
    """The linked guest object and what its link found."""

    def __init__(self, obj, plan, path):
        self.obj = obj
        self.plan = plan
        self.path = path

    def defined(self):
        return {s.name for s in self.obj.symbols
                if s.is_global and s.defined}

    def undefined(self):
        """{name: weak?} of the guest's undefined global symbols."""
        return {s.name: s.weak for s in self.obj.symbols
                if s.is_global and s.undefined and s.name}

    def commons(self):
        return [s.name for s in self.obj.symbols if s.common]


def link(objects, workdir, ld_cmd='ld', verbose=False, defined_by=None):
    paths = extract(objects, os.path.join(workdir, 'objects'))
    first = ld(ld_cmd, paths, os.path.join(workdir, 'pass1.o'),
               verbose=verbose, defined_by=defined_by)
    undefined = [s.name for s in first.symbols
                 if s.undefined and s.is_global]
    p = linkscript.plan([s.name for s in first.sections], undefined)
    script = os.path.join(workdir, 'guest.ld')
    with open(script, 'w') as f:
        f.write(linkscript.script(p))
    path = os.path.join(workdir, 'guest.o')
    obj = ld(ld_cmd, paths, path, script, verbose, defined_by)
    guest = Guest(obj, p, path)
    left = guest.commons()
    if left:
        raise failed('common symbols left after ld -d: ' +
                     ', '.join(left[:5]))
    return guest


def localize(guest, out, objcopy='objcopy', verbose=False):
    cmd = [objcopy, '--wildcard']
    for pattern in KEEP_GLOBAL:
        cmd += ['--keep-global-symbol', pattern]
    rc, output = run(cmd + [guest.path, out], verbose)
    if rc != 0:
        raise failed('%s failed' % objcopy, *output.strip().splitlines())
