# SPDX-License-Identifier: BSD-2-Clause
"""Module.symvers files (what a module or the kernel exports), and the
facts about a kernel build tree the tool needs."""

import os
import re

from .errors import failed


def read(path):
    """{symbol: module} of a Module.symvers file."""
    out = {}
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            for n, line in enumerate(f, 1):
                fields = line.rstrip('\n').split('\t')
                if len(fields) < 4 or not fields[0].startswith('0x'):
                    raise failed('%s:%d: not a Module.symvers line' %
                                 (path, n))
                out[fields[1]] = fields[2]
    except OSError as e:
        raise failed('cannot read %s: %s' % (path, e.strerror))
    return out


class KernelTree:
    """A kernel build tree (KDIR): its release, config and exports."""

    def __init__(self, kdir):
        self.kdir = kdir
        if not os.path.isfile(os.path.join(kdir, 'Makefile')):
            raise failed('%s is not a kernel build tree (no Makefile)' % kdir,
                         'install the headers (Debian: linux-headers-'
                         '$(uname -r)) or give --kdir')
        self.config = self._config()
        self.release = self._release()

    def _read(self, rel):
        try:
            with open(os.path.join(self.kdir, rel)) as f:
                return f.read().strip()
        except OSError:
            return None

    def _release(self):
        m = re.search(r'UTS_RELEASE\s+"([^"]+)"', self._read(
            'include/generated/utsrelease.h') or '')
        return m.group(1) if m else None

    def _config(self):
        text = self._read('.config') or ''
        return dict(m.groups() for m in
                    re.finditer(r'^(CONFIG_\w+)=(.*)$', text, re.M))

    def enabled(self, option):
        return self.config.get(option) == 'y'

    def exports(self):
        path = os.path.join(self.kdir, 'Module.symvers')
        return read(path) if os.path.isfile(path) else {}
