# SPDX-License-Identifier: BSD-2-Clause
"""The VM's initramfs: busybox, init.sh and helpers.sh, the test script,
its files, hooks and extra files."""

import os
import stat
import sys

from . import PKG

BUSYBOX_PATHS = ('/bin/busybox', '/usr/bin/busybox')
INIT = os.path.join(PKG, 'init.sh')
HELPERS = os.path.join(PKG, 'helpers.sh')


class Cpio:
    """Minimal writer of the kernel's initramfs format (cpio "newc")."""

    def __init__(self, f):
        self.f = f
        self.ino = 1
        self.dirs = set()

    def _entry(self, name, mode, data=b'', rdev=(0, 0)):
        name_b = name.encode() + b'\0'
        fields = [self.ino, mode, 0, 0, 1, 0, len(data), 0, 0,
                  rdev[0], rdev[1], len(name_b), 0]
        self.ino += 1
        hdr = b'070701' + b''.join(b'%08X' % v for v in fields)
        self.f.write(hdr + name_b)
        self.f.write(b'\0' * (-(len(hdr) + len(name_b)) % 4))
        self.f.write(data)
        self.f.write(b'\0' * (-len(data) % 4))

    def dir(self, name):
        """A directory, and its parents if they are not there yet."""
        parent = os.path.dirname(name)
        if parent and parent not in self.dirs:
            self.dir(parent)
        if name not in self.dirs:
            self.dirs.add(name)
            self._entry(name, stat.S_IFDIR | 0o755)

    def file(self, name, data, mode=0o644):
        parent = os.path.dirname(name)
        if parent:
            self.dir(parent)
        self._entry(name, stat.S_IFREG | mode, data)

    def chardev(self, name, major, minor, mode=0o600):
        self._entry(name, stat.S_IFCHR | mode, rdev=(major, minor))

    def close(self):
        self._entry('TRAILER!!!', 0)


def find_busybox():
    for p in BUSYBOX_PATHS:
        if os.path.exists(p):
            return p
    sys.exit('vm: busybox not found (apt-get install busybox-static)')


def host_file(c, dest, src):
    """Copy host file src to dest in the archive, keeping its x bit."""
    mode = 0o755 if os.access(src, os.X_OK) else 0o644
    with open(src, 'rb') as f:
        c.file(dest.lstrip('/'), f.read(), mode)


def build_initramfs(path, script, files=(), extra=(), hooks=None,
                    blobs=()):
    """Write the initramfs to path.

    script: the test script (/rv/script.sh); files: host files put into
    /rv/ under their own names; extra: (host file, absolute path in the
    VM) pairs; hooks: {'pre': [files], 'post': [files]} sourced by init
    before and after the script; blobs: (path in the VM, bytes)."""
    with open(path, 'wb') as f:
        c = Cpio(f)
        for d in ('bin', 'dev', 'proc', 'sys', 'tmp', 'root', 'rv'):
            c.dir(d)
        # The kernel opens /dev/console for init before devtmpfs is mounted.
        c.chardev('dev/console', 5, 1)
        host_file(c, 'bin/busybox', find_busybox())
        with open(INIT, 'rb') as i:
            c.file('init', i.read(), 0o755)
        with open(HELPERS, 'rb') as i:
            c.file('lib/rv/helpers.sh', i.read())
        with open(script, 'rb') as s:
            c.file('rv/script.sh', s.read(), 0o755)
        for fn in files:
            host_file(c, 'rv/' + os.path.basename(fn), fn)
        for kind, paths in sorted((hooks or {}).items()):
            for n, fn in enumerate(paths):
                name = os.path.basename(fn)
                if not name.endswith('.sh'):
                    name += '.sh'          # init sources hooks/KIND/*.sh
                host_file(c, 'rv/hooks/%s/%02d-%s' % (kind, n, name), fn)
        for src, dest in extra:
            host_file(c, dest, src)
        for dest, data in blobs:
            c.file(dest.lstrip('/'), data)
        c.close()
