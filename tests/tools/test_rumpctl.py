#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""rumpctl against a fake /sys/kernel/rumpvisor (TAP on stdout).

usage: test_rumpctl.py RUMPCTL

Builds a tree of instances the way rumpvisor.ko lays them out, runs the
rumpctl binary on it with --sysfs and checks its output, its exit status
and what it writes (halt).  The real tree is exercised in the VM.
"""

import os
import subprocess
import sys
import tempfile

ATTRS = {
    'state': 'running', 'exit': 'running', 'owner': 'rumpvisor_fsdemo',
    'ncpu': '2', 'hostname': 'vm-fsdemo', 'files': 'none',
    'memlimit': '0', 'verbose': '0', 'threads': '3',
    'threads_started': '9', 'allocs': '120', 'bytes': '1572864',
    'hyp_bytes': '640', 'pages': '512', 'files_open': '1',
    'uptime': '42', 'reclaimed': '0', 'halt': '',
}


def make_instance(root, name, **over):
    d = os.path.join(root, name)
    os.makedirs(os.path.join(d, 'hypercalls'))
    for k, v in dict(ATTRS, **over).items():
        with open(os.path.join(d, k), 'w') as f:
            f.write(v + '\n' if v else '')
    for hc, n in (('malloc', 1000), ('free', 880), ('bio', 3)):
        with open(os.path.join(d, 'hypercalls', hc), 'w') as f:
            f.write('%d\n' % n)


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, what, detail=''):
        self.n += 1
        if not cond:
            self.failed += 1
        print('%sok %d - %s' % ('' if cond else 'not ', self.n, what))
        if not cond and detail:
            for line in str(detail).splitlines():
                print('#   ' + line)


def run(rumpctl, *args, env=None):
    p = subprocess.run([rumpctl] + list(args), capture_output=True,
                       text=True, env=env)
    return p.returncode, p.stdout, p.stderr


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    rc_bin = sys.argv[1]
    t = Tap()
    with tempfile.TemporaryDirectory() as root:
        make_instance(root, 'fsdemo')
        make_instance(root, 'alpha', state='ended', exit='panicked',
                      threads='0', pages='0', owner='rumpvisor_ct')
        os.makedirs(os.path.join(root, 'not.an_instance'))

        rc, out, err = run(rc_bin, '--help')
        t.ok(rc == 0 and 'usage:' in out and 'halt' in out,
             '--help prints the usage and succeeds', out + err)
        rc, out, err = run(rc_bin)
        t.ok(rc == 2 and 'usage:' in err, 'no command: usage, status 2')
        rc, out, err = run(rc_bin, '--bogus', 'list')
        t.ok(rc == 2 and 'unknown option' in err, 'an unknown option is '
             'refused with status 2', err)

        rc, out, err = run(rc_bin, '--sysfs', root, 'list')
        lines = out.splitlines()
        t.ok(rc == 0 and lines[0].startswith('NAME'), 'list has a header',
             out + err)
        names = [l.split()[0] for l in lines[1:]]
        t.ok(names == ['alpha', 'fsdemo'], 'list shows the instances, '
             'sorted, and nothing else', names)
        row = dict(zip(('name', 'state', 'threads'), lines[2].split()))
        t.ok(row == {'name': 'fsdemo', 'state': 'running', 'threads': '3'},
             'list shows state and threads', lines[2])
        t.ok('1.5 MiB' in lines[2] and '2.0 MiB' in lines[2],
             'list shows guest memory and host pages in units', lines[2])
        t.ok(lines[1].rstrip().endswith('panicked'),
             'list shows how an ended instance ended', lines[1])

        env = dict(os.environ, RUMPCTL_SYSFS=root)
        rc, out, err = run(rc_bin, 'status', 'fsdemo', env=env)
        t.ok(rc == 0 and out.startswith('fsdemo: running'),
             'status (RUMPCTL_SYSFS) names the instance and its state',
             out + err)
        t.ok('1.5 MiB in 120 allocations' in out and
             '512 pages (2.0 MiB)' in out and '3 (9 started)' in out,
             'status shows memory, pages and threads', out)
        t.ok('malloc 1000' in out and 'bio 3' in out,
             'status lists the hypercall counts', out)

        rc, out, err = run(rc_bin, '--sysfs', root, 'status', 'nosuch')
        t.ok(rc == 1 and "no instance named 'nosuch'" in err,
             'status of a missing instance fails clearly', err)
        rc, out, err = run(rc_bin, '--sysfs', root, 'status', '../etc')
        t.ok(rc == 1 and 'not an instance name' in err,
             'a name with a path in it is refused', err)
        rc, out, err = run(rc_bin, '--sysfs', root, 'halt')
        t.ok(rc == 2, 'halt without a name is a usage error', err)

        rc, out, err = run(rc_bin, '--sysfs', root, 'halt', 'fsdemo')
        with open(os.path.join(root, 'fsdemo', 'halt')) as f:
            wrote = f.read()
        t.ok(rc == 0 and wrote == 'halt' and out.startswith('fsdemo: '),
             'halt writes "halt" and reports the exit', (rc, wrote, out, err))
        rc, out, err = run(rc_bin, '--sysfs', root, 'halt', '--force',
                           'alpha')
        with open(os.path.join(root, 'alpha', 'halt')) as f:
            wrote = f.read()
        t.ok(rc == 0 and wrote == 'force' and 'panicked' in out,
             'halt --force writes "force"', (rc, wrote, out, err))
        # A halt the kernel refuses (here: the file cannot be written,
        # whoever we are) fails with the reason.
        os.unlink(os.path.join(root, 'alpha', 'halt'))
        os.mkdir(os.path.join(root, 'alpha', 'halt'))
        rc, out, err = run(rc_bin, '--sysfs', root, 'halt', 'alpha')
        t.ok(rc == 1 and 'halt alpha: Is a directory' in err,
             'a refused halt says why', err)

        rc, out, err = run(rc_bin, '--sysfs', os.path.join(root, 'none'),
                           'list')
        t.ok(rc == 1 and 'not loaded' in err,
             'list without rumpvisor loaded says so', err)
    print('1..%d' % t.n)
    return 1 if t.failed else 0


if __name__ == '__main__':
    sys.exit(main())
