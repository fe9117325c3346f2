# SPDX-License-Identifier: BSD-2-Clause
"""rumpvisor-mkguest's steps: read the components, judge their ABI, link
them, judge the link's symbols, build the carrier module."""

import os
import shutil
import sys
import tempfile

from . import abi, carrier, components, kbuild, link, resolve, symvers
from .errors import MkguestError, OK, LINK, failed, usage
from .options import parse

PROG = 'rumpvisor-mkguest'
TOOLDIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CARRIER_C = os.path.join(TOOLDIR, 'carrier', 'mkguest_carrier.c')
TOOLS = ('ld', 'objcopy', 'objdump', 'make')


def say(msg):
    print('mkguest: ' + msg, flush=True)


def _include_dir():
    for d in (os.environ.get('RUMPVISOR_INCLUDE'),
              os.path.join(TOOLDIR, 'include'),
              os.path.join(TOOLDIR, '..', '..', 'include')):
        if d and os.path.isfile(os.path.join(d, 'rumpvisor', 'carrier.h')):
            return os.path.abspath(d)
    raise failed('cannot find <rumpvisor/carrier.h>: set RUMPVISOR_INCLUDE '
                 'to the include directory of rumpvisor')


def _symvers_path(given):
    for p in (given, os.environ.get('RUMPVISOR_SYMVERS'),
              os.path.join(TOOLDIR, '..', '..', 'build', 'kbuild',
                           'Module.symvers')):
        if p and (p == given or os.path.isfile(p)):
            if not os.path.isfile(p):
                raise failed('%s: no such file' % p)
            return os.path.abspath(p)
    raise failed("cannot find rumpvisor.ko's Module.symvers",
                 'build rumpvisor (make modules) or give --symvers FILE')


def _kdir(given):
    if given:
        return given
    return '/lib/modules/%s/build' % os.uname().release


class Run:
    def __init__(self, c):
        self.c = c
        self.comps = []

    # ------------------------------------------------------------ inputs
    def inputs(self):
        for t in TOOLS:
            if not shutil.which(t):
                raise failed('%s is not installed (binutils, make)' % t)
        self.kernel = symvers.KernelTree(_kdir(self.c.kdir))
        self.symvers = _symvers_path(self.c.symvers)
        self.rumpvisor = symvers.read(self.symvers)
        if 'rumpuser_init' not in self.rumpvisor:
            raise failed('%s exports no rumpuser_init: not the '
                         'Module.symvers of rumpvisor.ko' % self.symvers)
        say('kernel %s (%s), rumpvisor exports %d symbols (%s)' % (
            self.kernel.release or '?', self.kernel.kdir,
            len(self.rumpvisor), self.symvers))
        for spec in self.c.components:
            comp = components.load(spec, self.c.libdirs)
            self.comps.append(comp)
            say('component %s: %s, %d objects' % (spec, comp.path,
                                                   len(comp.objects)))
        for line in resolve.host_halves(self.objects(all_objects=True)):
            say('left out (user-space host half): ' + line)

    def objects(self, all_objects=False):
        return [o for c in self.comps for o in
                (c.objects if all_objects else c.kernel_objects)]

    # --------------------------------------------------------------- ABI
    def check_abi(self):
        out = abi.Findings()
        need_ibt = self.kernel.enabled('CONFIG_X86_KERNEL_IBT')
        for comp in self.comps:
            # objdump over a large archive takes a while: say which.
            say('ABI: checking %s (%d objects)' % (
                comp.filename, len(comp.kernel_objects)))
            for label, reason in comp.bad:
                out.add('elf', label, reason.split(': ', 1)[-1])
            for o in comp.kernel_objects:
                abi.check_object(o.elf, o.label, out, need_ibt)
            if comp.bad:
                continue        # objdump cannot read the archive either
            hosts = {o.member for o in comp.objects if o.host_half}
            abi.check_instructions(
                comp.path, lambda m, f=comp.filename: '%s(%s)' % (f, m),
                out, skip=hosts)
        if out:
            raise out.error()
        say('ABI: %d objects checked: kernel code model, no PIC, no TLS, '
            'no SIMD/FPU, no red zone%s' % (
                len(self.objects()), ', IBT' if need_ibt else ''))

    # -------------------------------------------------------------- link
    def link(self, workdir):
        needs = resolve.Needs(self.objects())
        if not self.objects():
            raise usage('the components have no kernel objects')
        say('linking %d objects (ld -r, commons allocated)' %
            len(self.objects()))
        guest = link.link(self.objects(), workdir, verbose=self.c.verbose_tool,
                          defined_by=needs.defs)
        p = guest.plan
        say('link sets: %d (%s)%s; constructors: %s' % (
            len(p.sets), ', '.join(p.sets) or 'none',
            '; empty: ' + ', '.join(p.empty) if p.empty else '',
            'yes' if p.ctors else 'none'))
        report = resolve.classify(
            guest.undefined(), self.rumpvisor, self.kernel.exports(),
            components.unselected(self.c.libdirs, self.comps))
        if not report.ok:
            raise resolve.error(report, needs, self.symvers)
        say('undefined: %d hypercalls rumpvisor exports%s%s' % (
            len(report.hypercalls),
            ', %d kernel thunks' % len(report.thunks)
            if report.thunks else '',
            ', weak (NULL here): ' + ', '.join(report.weak_null)
            if report.weak_null else ''))
        self.check_api(guest)
        return guest

    def check_api(self, guest):
        defined = guest.defined()
        self.reboot = carrier.reboot_symbol(defined)
        missing = [f for f in carrier.api_needed(self.c) if f not in defined
                   and not (f == 'rump_sys_reboot' and self.reboot)]
        if missing:
            raise MkguestError(LINK, 'the components do not define the '
                               'client API the carrier calls', [
                                   '%s (%s)' % (f, _why(f)) for f in missing])
        self.has_server = 'rump_init_server' in defined

    # ------------------------------------------------------------ module
    def module(self, guest, workdir):
        name = self.c.name
        shipped = os.path.join(workdir, 'guest-local.o')
        link.localize(guest, shipped, verbose=self.c.verbose_tool)
        config = carrier.config_header(self.c, self.c.components,
                                       self.has_server, guest.plan.ctors,
                                       self.reboot)
        kdir = os.path.join(workdir, 'kbuild')
        ko = kbuild.prepare(kdir, name, shipped, config, CARRIER_C,
                            self.c.glue, _include_dir())
        say('building %s.ko against %s' % (name, self.kernel.kdir))
        kbuild.build(kdir, self.kernel.kdir, self.symvers,
                     verbose=self.c.verbose_tool)
        out = self.c.output
        if os.path.dirname(out):
            os.makedirs(os.path.dirname(out), exist_ok=True)
        shutil.copyfile(ko, out)
        say('wrote %s (%d bytes); load it after rumpvisor.ko: insmod %s'
            % (out, os.path.getsize(out), out))

    def go(self):
        self.inputs()
        self.check_abi()
        if self.c.workdir:
            return self.build(os.path.abspath(self.c.workdir))
        with tempfile.TemporaryDirectory(prefix='mkguest-') as tmp:
            return self.build(tmp)

    def build(self, workdir):
        os.makedirs(workdir, exist_ok=True)
        guest = self.link(workdir)
        if self.c.check:
            say('check passed; no module written (--check)')
            return OK
        self.module(guest, workdir)
        return OK


def _why(f):
    if f == 'rump_init_server':
        return '--server/--device need the syscall-proxy component ' \
               '(NetBSD: rumpkern_sysproxy, or rump itself before 2015)'
    if f.startswith('rump_pub_netconfig'):
        return '--if/--addr/--gw need the network configuration ' \
               'component (NetBSD: rumpnet_netinet, rumpnet_net, rumpnet)'
    return 'the base component (NetBSD: rump) defines it'


def main(argv=None):
    try:
        return Run(parse(sys.argv[1:] if argv is None else argv,
                         PROG)).go()
    except MkguestError as e:
        lines = e.lines()
        print('%s: error: %s' % (PROG, lines[0]), file=sys.stderr)
        for line in lines[1:]:
            print(line, file=sys.stderr)
        return e.status
    except KeyboardInterrupt:
        print('%s: interrupted' % PROG, file=sys.stderr)
        return 130
