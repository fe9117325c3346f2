# SPDX-License-Identifier: BSD-2-Clause
"""Which include paths and files each kernel object may use.

Kbuild records, for every object it compiles, the command line and every
file the compiler read (the `cmd_` and `deps_` lines of .NAME.o.cmd).
The rules below say, per part of the tree, which directories of the tree
an object may have on its -I path and which tree files it may read; the
hypervisor, for one, must not be able to include the guest's headers.
A probe compiled with an object's own command line shows the same from
the compiler's side.
"""

import fnmatch
import glob
import os
import re
import shlex
import subprocess
import tempfile

# (pattern of the object's path in the tree, -I directories of the tree it
# may use, tree directories whose files it may read).  The first rule that
# matches an object applies; an object no rule matches is an error, so a
# new part of the tree has to say what it may use.
CARRIER = '*/linux/*'	# a module's host glue: + its own part, rules_for
OWN = '{component}/'	# in a components/NAME/ rule: that component's dir
RULES = [
    ('hyp/*', ['include'], ['include/', 'hyp/']),
    # A component (components/NAME/): its kernel host half is part of
    # rumpvisor.ko (the hypervisor's headers, its own contract and
    # common/); the code both host halves share reads only common/; the
    # guest half is guest code that may read its contract.
    ('components/*/linux/*', ['include'], ['include/', 'hyp/', OWN]),
    ('components/*/common/*', ['include'], [OWN + 'common/']),
    ('components/*/guest/*', ['include', 'guest/include'],
     ['include/rump/', 'guest/', 'lib/freestanding/', OWN]),
    ('guest/*', ['include', 'guest/include'],
     ['include/rump/', 'guest/', 'lib/freestanding/']),
    ('tests/guest/*', ['include'],
     ['include/rump/', 'tests/guest/', 'lib/freestanding/']),
    # The fault probe makes every hypercall, virtif's too: it reads that
    # component's contract (the header its guest half includes).
    ('tests/faults/linux/*', ['include'],
     ['include/', 'tests/faults/', 'tests/noguest/',
      'components/virtif/virtif.h']),
    # The lying network guest, a guest of no kernel like the probe: its
    # lies (tests/net/txlies.h) and virtif's contract.
    ('tests/net/linux/hostile*', ['include'],
     ['include/', 'tests/net/', 'tests/noguest/',
      'components/virtif/virtif.h']),
    # Do-nothing upcalls for those two: the hypercall interface only.
    ('tests/noguest/*', ['include'], ['include/rump/', 'tests/noguest/']),
    (CARRIER, ['include'], ['include/']),
    ('tests/conformance/*', ['include'],
     ['include/rump/', 'tests/conformance/', 'tests/guest/',
      'lib/freestanding/']),
    ('tests/vfs/*', ['include'],
     ['include/rump/', 'tests/vfs/', 'lib/freestanding/']),
    ('bench/fs/*', ['include'], ['include/rump/', 'bench/fs/']),
    ('bench/*', ['include'],
     ['include/rump/', 'bench/', 'tests/guest/', 'lib/freestanding/']),
    ('demo/*', ['include'], ['include/rump/', 'demo/']),
    ('tests/net/*', ['include'], ['include/rump/', 'tests/net/']),
]

CMD_RE = re.compile(r'^(?:saved)?cmd_(\S+\.o) := (.*)$', re.M)
DEPS_RE = re.compile(r'^deps_\S+ := \\\n((?:.*\\\n)*.*)$', re.M)
INCDIR_RE = re.compile(r'(?:^|\s)-I\s*(\S+)')


def untwin(rel):
    """A path of the twin mirror (mk/kernel.mk) as the tree path it mirrors."""
    return rel[len('twin/'):] if rel.startswith('twin/') else rel


def rule_of(rel):
    """The first rule of RULES that matches object rel, or None."""
    for rule in RULES:
        if fnmatch.fnmatch(rel, rule[0]):
            return rule
    return None


def rules_for(rel):
    """(allowed -I dirs, allowed read dirs) of object rel, or None."""
    rule = rule_of(rel)
    if rule is None:
        return None
    if rule[0].startswith('components/'):
        own = '/'.join(rel.split('/')[:2])
        return rule[1], [d.replace('{component}', own) for d in rule[2]]
    if rule[0] == CARRIER:
        # A carrier: include/, and the portable part it carries
        # (tests/vfs/linux/module.o reads tests/vfs/vt.h).
        return rule[1], rule[2] + [rel.split('/linux/')[0] + '/']
    return rule[1], rule[2]


class Obj:
    """One compiled object of the mirror, from its .cmd file."""

    def __init__(self, tree, cmdfile):
        with open(cmdfile, encoding='utf-8', errors='replace') as f:
            text = f.read()
        m = CMD_RE.search(text)
        self.path = m.group(1) if m else None
        self.cmd = m.group(2) if m else ''
        self.rel = untwin(os.path.relpath(self.path, tree)) \
            if self.path else None
        m = DEPS_RE.search(text)
        deps = m.group(1).replace('\\\n', ' ').split() if m else []
        self.deps = [d for d in deps if not d.startswith('$(')]
        self.tree = tree

    def tree_relative(self, paths):
        """The paths below the mirror, relative to it (normalised)."""
        out = []
        for p in paths:
            p = os.path.normpath(p)
            if os.path.isabs(p) and \
                    os.path.commonpath([p, self.tree]) == self.tree:
                out.append(untwin(os.path.relpath(p, self.tree)))
        return out

    def include_dirs(self):
        compile_part = self.cmd.split(' ; ')[0]
        return self.tree_relative(INCDIR_RE.findall(compile_part))

    def tree_reads(self):
        return self.tree_relative(self.deps)


def objects(tree):
    """Every object of the tree's sources Kbuild compiled (not .mod.o)."""
    out = []
    for cmdfile in glob.glob(os.path.join(tree, '**', '.*.o.cmd'),
                             recursive=True):
        if os.path.dirname(cmdfile) == tree:
            continue		# the modules' own link and .mod.o steps
        obj = Obj(tree, cmdfile)
        if obj.path:
            out.append(obj)
    return sorted(out, key=lambda o: o.rel)


def violations(objs):
    """(object, problem) pairs for every rule broken."""
    bad = []
    for obj in objs:
        rules = rules_for(obj.rel)
        if rules is None:
            bad.append((obj.rel, 'no rule in tests/build/kbuild_rules.py'))
            continue
        incdirs, readdirs = rules
        for d in obj.include_dirs():
            if d not in incdirs:
                bad.append((obj.rel, 'compiled with -I %s' % d))
        for r in obj.tree_reads():
            if not r.startswith(tuple(readdirs)):
                bad.append((obj.rel, 'reads %s' % r))
    return bad


def probe(obj, kdir, header):
    """Compile a file that includes <header> with obj's command line.

    Returns (compiled?, compiler output)."""
    args = shlex.split(obj.cmd.split(' ; ')[0])
    with tempfile.TemporaryDirectory(prefix='rv-probe-') as tmp:
        src = os.path.join(tmp, 'probe.c')
        with open(src, 'w') as f:
            f.write('#include <%s>\nint rv_probe;\n' % header)
        out = []
        skip = False
        for a in args:
            if skip:
                out.append(os.path.join(tmp, 'probe.o'))
                skip = False
            elif a.startswith('-Wp,-MMD,'):
                out.append('-Wp,-MMD,' + os.path.join(tmp, 'probe.d'))
            elif a == '-o':
                out.append(a)
                skip = True
            elif a.endswith('.c'):
                out.append(src)
            else:
                out.append(a)
        p = subprocess.run(out, cwd=kdir, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        return p.returncode == 0, p.stdout
