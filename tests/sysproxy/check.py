#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""check-sysproxy: the syscall proxy against the userspace guest server.

Starts build/user/rump_server on a unix socket (relative and absolute
paths) and on TCP loopback, and runs against it: the VFS suite as a remote
client (its number of passing tests must equal the local run's), the
protocol robustness tests (sp-proto), fork and exec (sp-forkexec); then
checks the server's own behaviour: socket mode 0600, --help, clear errors
for dev:// (a client without the device) and bad URLs, a clean halt on SIGTERM (exit 0, socket removed,
no connection, thread or byte of the engine left).  Each program's TAP is
passed through; this script's own checks are one more TAP stream.
"""

import argparse
import os
import re
import signal
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import time

COPY_TIMEOUT_MS = 1000


class Tap:
    """This script's own stream, printed after the programs' streams so
    that the two never interleave (a comment line shows progress)."""

    def __init__(self):
        self.n = 0
        self.failed = 0
        self.lines = []

    def ok(self, cond, desc):
        self.n += 1
        self.failed += not cond
        self.lines.append('%sok %d - %s' % ('' if cond else 'not ', self.n,
                                            desc))
        print('# check-sysproxy: %s' % self.lines[-1], flush=True)
        return cond

    def done(self):
        print('\n'.join(self.lines))
        print('1..%d' % self.n)
        print('# check-sysproxy: %d of %d failed' % (self.failed, self.n),
              flush=True)


class Server:
    """A rump_server in the foreground (-s), its stderr kept."""

    def __init__(self, exe, url, cwd, extra_env=None):
        env = dict(os.environ, RUMP_SP_STATS='1',
                   RUMP_SP_COPYTIMEOUT_MS=str(COPY_TIMEOUT_MS))
        env.update(extra_env or {})
        self.url = url
        self.log = tempfile.TemporaryFile(mode='w+')
        self.p = subprocess.Popen([exe, '-s', url], cwd=cwd, env=env,
                                  stdout=self.log, stderr=self.log)

    def wait_ready(self, timeout=20):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.p.poll() is not None:
                return False
            if 'rump_server: serving' in self.output():
                return True
            time.sleep(0.05)
        return False

    def output(self):
        self.log.seek(0)
        return self.log.read()

    def stop(self, timeout=20):
        """SIGTERM; the exit status (None if it had to be killed)."""
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
        try:
            return self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            return None


def run(cmd, env_url, timeout, cwd=None):
    """Run a client program; its output passes through.  (rc, stdout)."""
    env = dict(os.environ, RUMP_SERVER=env_url)
    try:
        p = subprocess.run(cmd, env=env, cwd=cwd, timeout=timeout,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
        rc, out, err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        rc = None
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else \
            (e.stdout or '')
        err = 'timed out after %d s' % timeout
    sys.stdout.write(out)
    if err.strip():
        for line in err.splitlines():
            print('# stderr: ' + line)
    sys.stdout.flush()
    return rc, out


def oks(out):
    return len(re.findall(r'^ok \d+', out, re.M))


def not_oks(out):
    return len(re.findall(r'^not ok \d+', out, re.M))


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def stop_and_check(t, srv, what):
    rc = srv.stop()
    out = srv.output()
    t.ok(rc == 0, '%s: SIGTERM halts the server, exit 0 (got %s)' %
         (what, rc))
    m = re.search(r'sp stats: accepted (\d+) refused (\d+) conns (\d+) '
                  r'threads (\d+) preforks (\d+) bytes (\d+) '
                  r'peak_bytes (\d+)', out)
    t.ok(m is not None and m.group(3) == '0' and m.group(4) == '0' and
         m.group(5) == '0' and m.group(6) == '0',
         '%s: after the halt no connection, engine thread, PREFORK or '
         'engine byte is left (%s)' % (what, m.group(0) if m else
                                       'no stats line'))
    if m:
        print('# %s: %s clients, peak engine memory %s bytes' %
              (what, m.group(1), m.group(7)))
    bad = [l for l in out.splitlines()
           if 'panic' in l.lower() or 'assert' in l.lower()]
    t.ok(not bad, '%s: no panic or assertion in the server log' % what)
    for line in out.splitlines():
        print('# server: ' + line)


PC_CLIENT = r'''
#include <stdio.h>
#include <string.h>
#include <rump/rumpclient.h>
#include <rump/rump_syscalls.h>
int main(void)
{
	char buf[128] = "";
	int fd;

	if (rumpclient_init() != 0)
		return 1;
	fd = rump_sys_open("/kern/version", RUMP_O_RDONLY);
	if (fd < 0 || rump_sys_read(fd, buf, sizeof(buf) - 1) <= 0)
		return 2;
	printf("%s", buf);
	return strncmp(buf, "rumpvisor", 9) ? 3 : 0;
}
'''


def check_pkgconfig(t, b, tmp, url):
    """A client built the way the README says, shared and static."""
    src = os.path.join(tmp, 'pcclient.c')
    with open(src, 'w') as f:
        f.write(PC_CLIENT)
    env = dict(os.environ, PKG_CONFIG_PATH=b['pkgconfig'])
    for static in (False, True):
        exe = os.path.join(tmp, 'pcclient' + ('-static' if static else ''))
        flags = subprocess.run(
            ['pkg-config', '--cflags', '--libs'] +
            (['--static'] if static else []) + ['rumpclient'], env=env,
            capture_output=True, text=True).stdout.split()
        cc = subprocess.run(['cc', '-o', exe, src] + flags +
                            (['-static'] if static else []),
                            capture_output=True, text=True)
        rc = cc.returncode
        if rc == 0:
            rc, _ = run([exe], url, 30)
        t.ok(rc == 0, 'a client built with pkg-config rumpclient%s runs '
             '(exit %s%s)' % (' --static' if static else '', rc,
                              '; ' + cc.stderr.strip() if cc.returncode
                              else ''))


def check_unix(t, b, tmp):
    """Relative path; the VFS suite, sp-proto and sp-forkexec."""
    srv = Server(b['server'], 'unix://sp.sock', tmp)
    if not t.ok(srv.wait_ready(), 'rump_server serves unix://sp.sock '
                '(a path relative to its directory)'):
        print('# ' + srv.output().replace('\n', '\n# '))
        srv.stop()
        return
    path = os.path.join(tmp, 'sp.sock')
    mode = stat.S_IMODE(os.stat(path).st_mode)
    t.ok(stat.S_ISSOCK(os.stat(path).st_mode) and mode == 0o600,
         'the socket is owner-only: mode %o' % mode)
    url = 'unix://' + path
    rc, local = run([b['vfs_user']], url, 600)
    rc2, remote = run([b['vfs_remote']], url, 600)
    t.ok(rc == 0 and rc2 == 0 and oks(remote) == oks(local) and
         oks(local) > 0 and not_oks(remote) == 0,
         'the VFS suite as a remote client: %d ok, locally %d ok '
         '(exit %s / %s)' % (oks(remote), oks(local), rc2, rc))
    rc, _ = run([b['proto'], '--pid', str(srv.p.pid), '--copy-timeout-ms',
                 str(COPY_TIMEOUT_MS)], url, 600)
    t.ok(rc == 0, 'sp-proto passed (exit %s)' % rc)
    rc, _ = run([b['forkexec']], url, 120)
    t.ok(rc == 0, 'sp-forkexec passed (exit %s)' % rc)
    check_pkgconfig(t, b, tmp, url)
    stop_and_check(t, srv, 'unix server')
    t.ok(not os.path.exists(path), 'the socket file is removed at halt')


def raw_client(port, stall):
    """A client over TCP loopback that completes its handshake and, with
    stall, starts open() and never answers the server's COPYINSTR."""
    s = socket.create_connection(('127.0.0.1', port), timeout=10)
    banner = b''
    while not banner.endswith(b'\n'):
        banner += s.recv(1)
    s.sendall(struct.pack('<QQHHI', 24 + 4, 1, 0, 0, 0) + b'raw\0')
    resp = s.recv(28, socket.MSG_WAITALL)
    if len(resp) != 28:
        return None
    if stall:
        args = struct.pack('<qqq', 0x10000, 0, 0)
        s.sendall(struct.pack('<QQHHI', 24 + len(args), 2, 0, 1, 5) + args)
        hdr = s.recv(24, socket.MSG_WAITALL)
        if len(hdr) != 24 or struct.unpack('<QQHHI', hdr)[3] != 3:
            return None
        s.recv(16, socket.MSG_WAITALL)
    return s


def closed_by_peer(s):
    """The server ends the connection (what it still sends first, e.g.
    the stalled call's EFAULT answer, is read and dropped)."""
    end = time.monotonic() + 10
    try:
        while time.monotonic() < end:
            s.settimeout(max(0.1, end - time.monotonic()))
            if s.recv(4096) == b'':
                return True
    except OSError:
        return True
    return False


def check_tcp_abs(t, b, tmp):
    """TCP on loopback and an absolute unix path (three slashes)."""
    port = free_port()
    srv = Server(b['server'], 'tcp://127.0.0.1:%d' % port, tmp)
    if t.ok(srv.wait_ready(), 'rump_server serves tcp://127.0.0.1:%d' %
            port):
        rc, out = run([b['vfs_remote'], '--quick'],
                      'tcp://127.0.0.1:%d' % port, 600)
        t.ok(rc == 0 and oks(out) > 0 and not_oks(out) == 0,
             'the VFS suite (quick) over TCP: %d ok' % oks(out))
        idle, stalled = raw_client(port, False), raw_client(port, True)
        t.ok(idle is not None and stalled is not None,
             'two raw clients: one idle, one in the middle of a copy '
             'request')
        t0 = time.monotonic()
        stop_and_check(t, srv, 'tcp server with clients connected')
        t.ok(time.monotonic() - t0 < 10 and idle is not None and
             stalled is not None and closed_by_peer(idle) and
             closed_by_peer(stalled),
             'the halt ends both connections at once (%.1f s)' %
             (time.monotonic() - t0))
    else:
        srv.stop()
    sub = os.path.join(tmp, 'abs')
    os.mkdir(sub)
    path = os.path.join(sub, 'x.sock')
    srv = Server(b['server'], 'unix://' + path, '/')
    if t.ok(srv.wait_ready(), 'rump_server serves unix://%s' % path):
        rc, out = run([b['forkexec']], 'unix://' + path, 120)
        t.ok(rc == 0, 'sp-forkexec through an absolute path (exit %s)'
             % rc)
    stop_and_check(t, srv, 'absolute-path server')


def check_errors(t, b, tmp):
    p = subprocess.run([b['server'], '--help'], capture_output=True,
                       text=True, timeout=30)
    t.ok(p.returncode == 0 and 'usage: rump_server' in p.stdout,
         'rump_server --help')
    for url, why in (('dev://guest0', 'dev:// is served by rumpvisor.ko'),
                     ('tcp://127.0.0.1', 'missing :PORT'),
                     ('ftp://x', 'unknown scheme')):
        p = subprocess.run([b['server'], '-s', url], capture_output=True,
                           text=True, timeout=30)
        t.ok(p.returncode != 0 and why in p.stderr,
             'rump_server %s fails clearly ("%s")' % (url, why))
    p = subprocess.run([b['vfs_remote']], env=dict(
        os.environ, RUMP_SERVER='dev://guest0',
        RUMPCLIENT_DEVDIR=os.path.join(tmp, 'nodev')), capture_output=True,
        text=True, timeout=30)
    t.ok(p.returncode != 0 and 'does not exist: no in-kernel guest '
         'guest0 serves the device' in p.stderr + p.stdout,
         'a client with RUMP_SERVER=dev://NAME and no such device gets a '
         'clear error')
    p = subprocess.run([b['vfs_remote']], env=dict(os.environ,
                       RUMP_SERVER='unix://' + tmp + '/none.sock'),
                       capture_output=True, text=True, timeout=30)
    t.ok(p.returncode != 0, 'a client without a server fails (exit %d)' %
         p.returncode)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--build', required=True, help='the build directory')
    args = ap.parse_args()
    u = os.path.join(args.build, 'user')
    b = {
        'server': os.path.join(u, 'rump_server'),
        'vfs_user': os.path.join(u, 'vfs-user'),
        'vfs_remote': os.path.join(u, 'vfs-remote'),
        'proto': os.path.join(u, 'tests', 'sp-proto'),
        'forkexec': os.path.join(u, 'tests', 'sp-forkexec'),
        'pkgconfig': os.path.join(u, 'pkgconfig'),
    }
    t = Tap()
    with tempfile.TemporaryDirectory(prefix='rv-sp-') as tmp:
        check_unix(t, b, tmp)
        check_tcp_abs(t, b, tmp)
        check_errors(t, b, tmp)
    t.done()
    return 1 if t.failed else 0


if __name__ == '__main__':
    sys.exit(main())
