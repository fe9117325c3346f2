# SPDX-License-Identifier: BSD-2-Clause
"""dkms.conf: what it lists, and a real `dkms build` in a private tree.

The build uses DKMS's own options to keep everything in a temporary
directory (--dkmstree, --sourcetree, --installtree; the signing key, if
DKMS makes one, goes there too).  Nothing is installed and nothing is
loaded: `dkms install` would write below /lib/modules.
"""

import os
import re
import shutil
import subprocess
import tempfile

ASSIGN_RE = re.compile(r'^([A-Z_]+)(?:\[(\d+)\])?="([^"]*)"\s*$')


def parse(path):
    """dkms.conf as {name: value} and {name: {index: value}}.

    Only the form dkms.conf uses here (NAME="v", NAME[i]="v"); any other
    non-comment line is reported in the result's 'errors'."""
    scalars, arrays, errors = {}, {}, []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            m = ASSIGN_RE.match(line)
            if not m:
                errors.append('%d: %s' % (n, line))
            elif m.group(2) is None:
                scalars[m.group(1)] = m.group(3)
            else:
                arrays.setdefault(m.group(1), {})[int(m.group(2))] = \
                    m.group(3)
    return scalars, arrays, errors


def problems(conf, built):
    """What is wrong with dkms.conf given the modules `make modules`
    built (names without .ko); empty when nothing."""
    scalars, arrays, errors = conf
    out = ['unparsed line ' + e for e in errors]
    for key in ('PACKAGE_NAME', 'PACKAGE_VERSION', 'CLEAN'):
        if not scalars.get(key):
            out.append('%s is missing' % key)
    make = arrays.get('MAKE', {}).get(0, '')
    for word in ('make modules', 'KVER=${kernelver}',
                 'KDIR=${kernel_source_dir}'):
        if word not in make:
            out.append('MAKE[0] lacks %s' % word)
    names = arrays.get('BUILT_MODULE_NAME', {})
    for i in sorted(names):
        for key in ('BUILT_MODULE_LOCATION', 'DEST_MODULE_LOCATION'):
            if not arrays.get(key, {}).get(i):
                out.append('%s[%d] is missing' % (key, i))
    if sorted(names) != list(range(len(names))):
        out.append('BUILT_MODULE_NAME indexes are not 0..%d'
                   % (len(names) - 1))
    listed = set(names.values())
    for m in sorted(set(built) - listed):
        out.append('make modules builds %s.ko; dkms.conf does not list it'
                   % m)
    for m in sorted(listed - set(built)):
        out.append('dkms.conf lists %s; make modules does not build it' % m)
    return out


def dkms_build(top, kver, kdir, keep_log):
    """Add and build the tree with DKMS in a temporary tree (its output
    is kept in keep_log).

    Returns (ok, {module name: vermagic release} of the .ko files built,
    log text)."""
    scalars, _, _ = parse(os.path.join(top, 'dkms.conf'))
    name, version = scalars['PACKAGE_NAME'], scalars['PACKAGE_VERSION']
    with tempfile.TemporaryDirectory(prefix='rv-dkms-') as tmp:
        src = os.path.join(tmp, 'src', '%s-%s' % (name, version))
        copy_tree(top, src)
        for d in ('dkms', 'install'):
            os.mkdir(os.path.join(tmp, d))
        env = clean_env(os.environ)
        env.update(mok_signing_key=os.path.join(tmp, 'mok.key'),
                   mok_certificate=os.path.join(tmp, 'mok.pub'))
        base = ['dkms', '--dkmstree', os.path.join(tmp, 'dkms'),
                '--sourcetree', os.path.join(tmp, 'src'),
                '--installtree', os.path.join(tmp, 'install')]
        mv = '%s/%s' % (name, version)
        log = []
        ok = True
        for cmd in (base + ['add', mv],
                    base + ['build', mv, '-k', kver,
                            '--kernelsourcedir', kdir]):
            p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
            log.append('$ %s\n%s' % (' '.join(cmd), p.stdout))
            if p.returncode != 0:
                ok = False
                break
        found = {}
        for dirpath, _, files in os.walk(os.path.join(tmp, 'dkms')):
            for f in files:
                if f.endswith('.ko'):
                    found[f[:-3]] = vermagic(os.path.join(dirpath, f))
        os.makedirs(os.path.dirname(keep_log), exist_ok=True)
        with open(keep_log, 'w') as f:
            f.write('\n'.join(log))
        return ok, found, '\n'.join(log)


# Run from make, the environment carries make's command-line variables
# (MAKEFLAGS: BUILD=<this tree's build dir>); DKMS's own `make clean` and
# `make modules` would then work on this tree's build directory instead
# of DKMS's copy.
MAKE_ENV = ('MAKEFLAGS', 'MFLAGS', 'MAKEOVERRIDES', 'MAKELEVEL', 'MAKEFILES',
            'BUILD', 'KVER', 'KDIR')


def clean_env(environ):
    return {k: v for k, v in environ.items() if k not in MAKE_ENV}


def vermagic(ko):
    """The kernel release a module was built for (modinfo's vermagic)."""
    p = subprocess.run(['modinfo', '-F', 'vermagic', ko],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    return p.stdout.split()[0] if p.returncode == 0 and p.stdout else '?'


def copy_tree(top, dest):
    """The source tree as `cp -r . /usr/src/NAME-VERSION` would give it,
    without the build products and the git metadata."""
    def ignore(directory, names):
        if os.path.samefile(directory, top):
            return [n for n in names if n in ('build', '.git')]
        return [n for n in names if n == '__pycache__']
    shutil.copytree(top, dest, symlinks=True, ignore=ignore)
