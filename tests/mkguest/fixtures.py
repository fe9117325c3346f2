# SPDX-License-Identifier: BSD-2-Clause
"""What the tests of rumpvisor-mkguest share: where things are, running
the tool, compiling small objects."""

import os
import subprocess
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
TOOL = os.path.join(TOP, 'tools', 'mkguest', 'rumpvisor-mkguest')
GLUE = os.path.join(TOP, 'tests', 'mkguest', 'glue', 'hello.c')

BUILD = KDIR = LIBDIR = SYMVERS = WORK = None


def configure(build, kdir):
    global BUILD, KDIR, LIBDIR, SYMVERS, WORK
    BUILD = os.path.abspath(build)
    KDIR = kdir
    LIBDIR = os.path.join(BUILD, 'mkguest', 'lib')
    SYMVERS = os.path.join(BUILD, 'kbuild', 'Module.symvers')
    WORK = os.path.join(BUILD, 'mkguest', 'tests')
    os.makedirs(WORK, exist_ok=True)


class Result:
    def __init__(self, p):
        self.rc = p.returncode
        self.out = p.stdout
        self.err = p.stderr

    @property
    def text(self):
        return self.out + self.err

    def __repr__(self):
        return 'exit %d\n--- stdout\n%s--- stderr\n%s' % (self.rc, self.out,
                                                          self.err)


def mkguest(*args, standard=True):
    """Run the tool; standard adds the libdir, KDIR and symvers."""
    cmd = [TOOL]
    if standard:
        cmd += ['-L', LIBDIR, '--kdir', KDIR, '--symvers', SYMVERS]
    p = subprocess.run(cmd + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    return Result(p)


def rumpvisor_exports():
    with open(SYMVERS) as f:
        return {line.split('\t')[1] for line in f if '\t' in line}


def compile_object(source, flags, name='t.o'):
    """Compile C source text with cc; the object's bytes."""
    d = tempfile.mkdtemp(dir=WORK)
    src = os.path.join(d, 't.c')
    with open(src, 'w') as f:
        f.write(source)
    obj = os.path.join(d, name)
    subprocess.run(['cc', '-c', '-O2', src, '-o', obj] + list(flags),
                   check=True)
    with open(obj, 'rb') as f:
        return obj, f.read()
