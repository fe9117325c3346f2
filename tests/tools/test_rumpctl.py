#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""rumpctl against a fake /sys/kernel/rumpvisor, and its file commands
against a userspace guest server (TAP on stdout).

usage: test_rumpctl.py RUMPCTL [RUMP_SERVER]

Builds a tree of instances the way rumpvisor.ko lays them out, runs the
rumpctl binary on it with --sysfs and checks its output, its exit status
and what it writes (halt).  With RUMP_SERVER (build/user/rump_server),
starts it on a unix socket and runs the file commands (ls, cat, stat,
mkdir, put, get, rm, mv, mount, umount) against it, checking what they
print, the files they make and their NetBSD errno messages.  The real
sysfs tree and the in-kernel guest are exercised in the VM.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time

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


def start_server(exe, tmp):
    """rump_server in the foreground on tmp/g.sock; (process, URL)."""
    sock = os.path.join(tmp, 'g.sock')
    log = open(os.path.join(tmp, 'server.log'), 'w')
    p = subprocess.Popen([exe, '-s', 'unix://' + sock], stdout=log,
                         stderr=subprocess.STDOUT)
    end = time.monotonic() + 20
    while time.monotonic() < end and not os.path.exists(sock):
        time.sleep(0.05)
    return p, 'unix://' + sock


def file_commands(t, rc_bin, server_exe):
    """The file commands against a running guest, as an administrator
    would use them."""
    with tempfile.TemporaryDirectory() as tmp:
        srv, url = start_server(server_exe, tmp)
        local = os.path.join(tmp, 'local.txt')
        data = ''.join('line %d of the file\n' % i for i in range(5000))
        with open(local, 'w') as f:
            f.write(data)

        def rc(*args, **kw):
            return run(rc_bin, *args, **kw)

        code, out, err = rc('ls', url, '/kern')
        names = out.split()
        t.ok(code == 0 and 'version' in names and 'hostname' in names and
             names == sorted(names), 'ls URL /kern lists kernfs, sorted',
             out + err)
        code, out, err = rc('cat', url, '/kern/version')
        t.ok(code == 0 and out.startswith('rumpvisor'),
             'cat /kern/version', out + err)
        code, out, err = rc('mkdir', '-p', url, '/a/b/c')
        code2, out2, _ = rc('--server', url, 'ls', '/a/b')
        t.ok(code == 0 and code2 == 0 and out2.split() == ['c'],
             'mkdir -p makes the parents; --server URL instead of the '
             'operand', out + err + out2)
        code, out, err = rc('put', url, local, '/a/f.txt')
        code2, out2, err2 = rc('cat', url, '/a/f.txt')
        t.ok(code == 0 and code2 == 0 and out2 == data,
             'put of a %d-byte file, cat gives it back whole' % len(data),
             err + err2)
        back = os.path.join(tmp, 'back.txt')
        code, out, err = rc('get', url, '/a/f.txt', back)
        with open(back) as f:
            got = f.read()
        t.ok(code == 0 and got == data, 'get copies it out intact', err)
        p = subprocess.run([rc_bin, 'put', url, '-', '/a/stdin.txt'],
                           input='from stdin\n', capture_output=True,
                           text=True)
        code2, out2, _ = rc('get', url, '/a/stdin.txt', '-')
        t.ok(p.returncode == 0 and out2 == 'from stdin\n',
             'put - reads stdin, get - writes stdout', p.stderr + out2)
        code, out, err = rc('stat', url, '/a/f.txt')
        t.ok(code == 0 and 'regular file' in out and
             'size    %d' % len(data) in out and 'mode    0644' in out,
             'stat shows type, size and mode', out + err)
        code, out, err = rc('ls', '-l', url, '/a')
        lines = out.splitlines()
        t.ok(code == 0 and len(lines) == 3 and lines[0].startswith('drwx')
             and lines[1].startswith('-rw-r--r--') and
             str(len(data)) in lines[1], 'ls -l: modes, sizes', out + err)
        code, out, err = rc('mv', url, '/a/f.txt', '/a/g.txt')
        code2, out2, _ = rc('ls', url, '/a')
        t.ok(code == 0 and out2.split() == ['b', 'g.txt', 'stdin.txt'],
             'mv renames', out2 + err)
        code, out, err = rc('cat', url, '/a/f.txt')
        t.ok(code == 1 and err.strip() ==
             'rumpctl: cat /a/f.txt: No such file or directory',
             'a missing file: NetBSD\'s message, status 1', err)
        code, out, err = rc('rm', url, '/a')
        t.ok(code == 1 and 'is a directory' in err,
             'rm of a directory without -r is refused', err)
        code, out, err = rc('mkdir', url, '/a')
        t.ok(code == 1 and err.strip() == 'rumpctl: mkdir /a: File exists',
             'mkdir of an existing directory: EEXIST', err)
        code, out, err = rc('mount', url, 'tmpfs', '/a/b/c')
        code2, out2, _ = rc('put', url, local, '/a/b/c/in-mount')
        code3, out3, err3 = rc('umount', url, '/a/b/c')
        code4, out4, _ = rc('ls', url, '/a/b/c')
        t.ok(code == 0 and code2 == 0 and code3 == 0 and code4 == 0 and
             out4.strip() == '', 'mount tmpfs, a file in it, umount: '
             'the directory is empty again', err + err3 + out4)
        code, out, err = rc('mount', url, 'nosuchfs', '/a')
        t.ok(code == 1 and err.startswith('rumpctl: mount /a: '),
             'mount of an unknown type fails with the guest\'s error', err)
        code, out, err = rc('rm', '-r', url, '/a')
        code2, out2, _ = rc('ls', url, '/')
        t.ok(code == 0 and out2.split() == ['kern'],
             'rm -r removes the tree', out2 + err)
        code, out, err = rc('ls', url)
        t.ok(code == 0 and out.split() == ['kern'], 'ls without a path '
             'lists /', out + err)
        code, out, err = rc('ls')
        t.ok(code == 2 and 'which guest' in err,
             'a file command without a guest is a usage error', err)
        code, out, err = rc('ls', 'no-such-instance', '/')
        t.ok(code == 1 and 'no device /dev/rumpvisor/no-such-instance' in
             err, 'an instance without a device: a clear error', err)
        code, out, err = rc('cat', 'unix://' + tmp + '/none.sock', '/x')
        t.ok(code == 1 and 'cannot reach the guest' in err,
             'a server that is not there: a clear error', err)
        srv.send_signal(signal.SIGTERM)
        t.ok(srv.wait(30) == 0, 'the server halts cleanly after the '
             'file commands (exit 0)')


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__.strip().splitlines()[3], file=sys.stderr)
        return 2
    rc_bin = sys.argv[1]
    t = Tap()
    if len(sys.argv) == 3:
        file_commands(t, rc_bin, sys.argv[2])
    with tempfile.TemporaryDirectory() as root:
        make_instance(root, 'fsdemo')
        make_instance(root, 'alpha', state='ended', exit='panicked',
                      threads='0', pages='0', owner='rumpvisor_ct')
        os.makedirs(os.path.join(root, 'not.an_instance'))

        rc, out, err = run(rc_bin, '--help')
        t.ok(rc == 0 and 'usage:' in out and 'halt' in out and
             all(c in out for c in ('ls [-l]', 'cat T', 'stat T', 'mkdir',
                                    'put T', 'get T', 'rm [-r]', 'mv T',
                                    'mount T', 'umount T')),
             '--help prints the usage, file commands included', out + err)
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
        srvdir = os.path.join(root, 'fsdemo', 'server')
        os.makedirs(srvdir)
        for k, v in (('url', 'unix:///run/fs.sock'),
                     ('device', '/dev/rumpvisor/fsdemo'), ('group', '100'),
                     ('connections', '2'), ('device_files', '1')):
            with open(os.path.join(srvdir, k), 'w') as f:
                f.write(v + '\n')
        rc, out, err = run(rc_bin, 'status', 'fsdemo', env=env)
        t.ok(rc == 0 and 'unix:///run/fs.sock (2 connection(s))' in out and
             '/dev/rumpvisor/fsdemo (1 open)' in out and
             'server group   100' in out,
             'status shows what the guest serves (server/)', out)

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
