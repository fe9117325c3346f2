# SPDX-License-Identifier: BSD-2-Clause
"""The command line, checked: everything wrong is a usage error (exit 2)
naming the option and what is expected."""

import argparse
import os
import re

from .errors import usage

DESCRIPTION = """\
Turn kernel-mode rump kernel components (ar archives of relocatable
objects built for the Linux kernel ABI, e.g. NetBSD's librump.a,
librumpvfs.a, ...) into a carrier module for rumpvisor.ko: a kernel
module that boots the rump kernel when it is loaded, keeps it running,
and halts it when it is unloaded.

Components are linked whole, in the order given (NetBSD's static-link
order, e.g. "rumpfs_tmpfs rumpvfs rump", works; so does any other).
The objects are checked for the kernel ABI first, and after the link
every undefined symbol must be a hypercall rumpvisor.ko exports:
anything else is reported by name and no module is built."""

EPILOG = """\
examples:
  rumpvisor-mkguest -L /tmp/rumpobj/lib -n tmpfs -o tmpfs.ko \\
      --files /srv/rump rumpfs_tmpfs rumpvfs rump
  rumpvisor-mkguest -L lib -n net --server unix:///run/net.sock \\
      --if virt0 --addr virt0=10.0.2.17/24 --gw 10.0.2.2 \\
      rumpnet_virtif rumpnet_netinet rumpnet_net rumpnet \\
      rumpkern_sysproxy rump
  rumpvisor-mkguest --check -L lib rumpvfs rump

Load it after rumpvisor.ko: insmod NAME.ko [instance=... files=...
server=... device=1 halt=reboot|rbhalt|none ...]; rmmod NAME halts it.

exit status: 0 module written (or --check passed), 1 failed (a missing
input, a tool or Kbuild failed), 2 usage, 3 an object is not built for
the kernel ABI, 4 a symbol is missing (hypercall, component) or defined
twice."""

NAME = re.compile(r'^[a-z][a-z0-9_]{0,22}$')
INSTANCE = re.compile(r'^[a-z][a-z0-9_-]{0,22}$')
IFNAME = re.compile(r'^[a-z]+[0-9]+$')
URL = re.compile(r'^[a-z][a-z0-9+.-]*://\S+$')
HALTS = ('reboot', 'rbhalt', 'none')


class Interface:
    def __init__(self, name, link=None):
        self.name = name
        self.link = link
        self.addr = None        # dotted quad
        self.mask = None        # dotted quad
        self.dhcp = False


class Config:
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise usage(message, 'see %s --help' % self.prog)


def parser(prog='rumpvisor-mkguest'):
    p = _Parser(prog=prog, description=DESCRIPTION, epilog=EPILOG,
                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('components', nargs='*', metavar='COMPONENT',
                   help='lib<COMPONENT>.a in a --libdir, or a path to an '
                   'archive')
    p.add_argument('-L', '--libdir', action='append', default=[],
                   metavar='DIR', help='where component archives are '
                   'looked up (repeatable, searched in order)')
    p.add_argument('-n', '--name', default='netbsd',
                   help='module name, and the instance name it defaults to '
                   '(default: netbsd; [a-z][a-z0-9_]*, at most 23)')
    p.add_argument('-o', '--output', metavar='FILE',
                   help='the module to write (default: ./NAME.ko)')
    g = p.add_argument_group('defaults of the module parameters (insmod '
                             'overrides each)')
    g.add_argument('--instance', help='instance= (default: NAME)')
    g.add_argument('--ncpu', type=int, help='ncpu= virtual CPUs')
    g.add_argument('--hostname', help='hostname=')
    g.add_argument('--files', metavar='DIR', help='files= host directory '
                   'the guest may open files under (absolute, or "none")')
    g.add_argument('--memlimit', metavar='BYTES', help='memlimit= '
                   '(suffixes K, M, G)')
    g.add_argument('--rump-verbose', type=int, metavar='N',
                   help='verbose= (RUMP_VERBOSE)')
    g.add_argument('--halt-ms', type=int, metavar='MS', help='halt_ms= '
                   'time the guest gets to halt at rmmod')
    g.add_argument('--halt', choices=HALTS, default='reboot',
                   help='halt=: how rmmod asks the guest to end: '
                   'rump_sys_reboot(0) exits (default), RB_HALT halts '
                   'without exiting (rumpvisor ends it), none')
    g.add_argument('--server', metavar='URL', help='server=: start the '
                   'syscall-proxy server at boot (rump_init_server)')
    g.add_argument('--server-group', metavar='GID', help='server_group=: '
                   'numeric group that may use the server socket and '
                   'device besides root')
    g.add_argument('--device', action='store_true', help='device=1: serve '
                   'local clients at /dev/rumpvisor/INSTANCE (dev://NAME)')
    n = p.add_argument_group('network interfaces (NetBSD netconfig, '
                             'configured at boot)')
    n.add_argument('--if', dest='ifs', action='append', default=[],
                   metavar='IF[=LINK]', help='create interface IF (virt0, '
                   '...); LINK is its link string, which picks the host '
                   'backend (default: the unit number, the hypervisor\'s '
                   'default backend)')
    n.add_argument('--addr', action='append', default=[],
                   metavar='IF=ADDR/PREFIX', help='IPv4 address of IF, or '
                   'IF=dhcp')
    n.add_argument('--gw', metavar='ADDR', help='IPv4 default route')
    b = p.add_argument_group('build')
    b.add_argument('--glue', action='append', default=[], metavar='FILE.c',
                   help='extra glue source compiled into the module '
                   '(repeatable; see <rumpvisor/mkguest.h>)')
    b.add_argument('--kdir', metavar='DIR', help='kernel build tree '
                   '(default: /lib/modules/$(uname -r)/build)')
    b.add_argument('--symvers', metavar='FILE', help='rumpvisor.ko\'s '
                   'Module.symvers (default: $RUMPVISOR_SYMVERS, or the '
                   'build tree of this checkout)')
    b.add_argument('--workdir', metavar='DIR', help='build in DIR and '
                   'keep it (default: a temporary directory)')
    b.add_argument('--check', action='store_true', help='check and link '
                   'only; write no module')
    b.add_argument('-v', '--verbose', action='store_true',
                   help='show commands and the whole Kbuild output')
    return p


def _dotted(s, what):
    parts = s.split('.')
    if len(parts) != 4 or not all(x.isdigit() and len(x) <= 3 and
                                  int(x) <= 255 for x in parts):
        raise usage('%s: %r is not an IPv4 address (a.b.c.d)' % (what, s))
    return '.'.join(str(int(x)) for x in parts)


def _mask(prefix, what):
    if not prefix.isdigit() or int(prefix) > 32:
        raise usage('%s: prefix length %r is not 0..32' % (what, prefix))
    bits = (0xffffffff << (32 - int(prefix))) & 0xffffffff
    return '.'.join(str((bits >> s) & 0xff) for s in (24, 16, 8, 0))


def _size(s):
    m = re.match(r'^(\d+)([KMG]?)$', s or '', re.I)
    if not m:
        raise usage('--memlimit: %r is not a size (bytes, or K, M, G)' % s)
    return int(m.group(1)) << {'': 0, 'K': 10, 'M': 20,
                               'G': 30}[m.group(2).upper()]


def _interfaces(a):
    ifs = {}
    for spec in a.ifs:
        name, _, link = spec.partition('=')
        if not IFNAME.match(name) or len(name) > 15:
            raise usage('--if %s: %r is not an interface name (virt0...)'
                        % (spec, name))
        if name in ifs:
            raise usage('--if %s: %s given twice' % (spec, name))
        if '=' in spec and not link:
            raise usage('--if %s: empty link string' % spec)
        if link and (len(link) > 63 or not link.isprintable()):
            raise usage('--if %s: the link string must be printable, at '
                        'most 63 characters' % spec)
        ifs[name] = Interface(name, link or None)
    for spec in a.addr:
        name, _, addr = spec.partition('=')
        if name not in ifs:
            raise usage('--addr %s: no --if %s' % (spec, name))
        i = ifs[name]
        if i.addr or i.dhcp:
            raise usage('--addr %s: %s has an address already' % (spec, name))
        if addr == 'dhcp':
            i.dhcp = True
            continue
        ip, slash, prefix = addr.partition('/')
        if not slash:
            raise usage('--addr %s: give ADDR/PREFIX (10.0.2.17/24) or dhcp'
                        % spec)
        i.addr = _dotted(ip, '--addr ' + spec)
        i.mask = _mask(prefix, '--addr ' + spec)
    return list(ifs.values())


def _params(a, c):
    c.instance = a.instance or a.name
    if not INSTANCE.match(c.instance):
        raise usage('--instance %s: [a-z][a-z0-9_-]*, at most 23'
                    % c.instance)
    if a.ncpu is not None and not 1 <= a.ncpu <= 4096:
        raise usage('--ncpu %d: 1..4096' % a.ncpu)
    if a.hostname is not None and not re.match(r'^[A-Za-z0-9.-]{1,64}$',
                                               a.hostname):
        raise usage('--hostname %s: letters, digits, dots and dashes, at '
                    'most 64' % a.hostname)
    if a.files is not None and a.files != 'none' and \
            not os.path.isabs(a.files):
        raise usage('--files %s: an absolute path (on the machine that '
                    'loads the module), or none' % a.files)
    if a.halt_ms is not None and a.halt_ms < 0:
        raise usage('--halt-ms: not negative')
    if a.server is not None and not URL.match(a.server):
        raise usage('--server %s: a URL (unix:///path, tcp://addr:port)'
                    % a.server)
    if a.server_group is not None and not a.server_group.isdigit():
        raise usage('--server-group %s: a numeric group id' % a.server_group)
    if a.server_group is not None and not (a.server or a.device):
        raise usage('--server-group needs --server or --device')
    c.server_group, c.device = a.server_group, a.device
    c.ncpu, c.hostname, c.files = a.ncpu or 0, a.hostname, a.files
    c.memlimit = _size(a.memlimit) if a.memlimit is not None else 0
    c.verbose = a.rump_verbose if a.rump_verbose is not None else -1
    c.halt_ms, c.halt, c.server = a.halt_ms or 0, a.halt, a.server


def parse(argv, prog='rumpvisor-mkguest'):
    a = parser(prog).parse_args(argv)
    if not a.components:
        raise usage('no components given', 'see %s --help' % prog)
    if not NAME.match(a.name):
        raise usage('--name %s: [a-z][a-z0-9_]*, at most 23 (it names the '
                    'module)' % a.name)
    c = Config()
    c.components, c.libdirs, c.name = a.components, a.libdir, a.name
    c.output = a.output or a.name + '.ko'
    _params(a, c)
    c.interfaces = _interfaces(a)
    c.gw = _dotted(a.gw, '--gw') if a.gw else None
    if c.gw and not c.interfaces:
        raise usage('--gw needs an interface (--if)')
    for g in a.glue:
        if not g.endswith('.c') or not os.path.isfile(g):
            raise usage('--glue %s: not an existing .c file' % g)
    c.glue, c.kdir, c.symvers = a.glue, a.kdir, a.symvers
    c.workdir, c.check, c.verbose_tool = a.workdir, a.check, a.verbose
    return c
