# SPDX-License-Identifier: BSD-2-Clause
"""Booting the VM: qemu-system-x86_64 under TCG with the initramfs, the
console streamed into a log, a hard timeout; the `run` command."""

import argparse
import ctypes
import os
import select
import signal
import subprocess
import sys
import tempfile
import time

from . import VMDIR, initramfs, judge, kernel, kmods, log

APPEND = 'console=ttyS0 loglevel=7 panic=-1 printk.devkmsg=on'
DEBUG_DIR = os.path.join(VMDIR, 'debug')
# What a run on the debug kernel gets unless told otherwise: KASAN's
# shadow and SLUB's debug data need memory; its hooks clear kmemleak's
# boot-time findings first and scan for leaks last.
DEBUG_MEM = 2048
DEBUG_PRE = os.path.join(DEBUG_DIR, 'pre.sh')
DEBUG_POST = os.path.join(DEBUG_DIR, 'post.sh')

PR_SET_PDEATHSIG = 1


def qemu_command(image, initrd, append, mem, smp, icount=False,
                 threads='single'):
    # TCG only: KVM hangs on the machines this runs on.  No NIC and no
    # VGA: nothing needs them, and they pull in option ROMs.  icount: the
    # guest's clock advances by one nanosecond per instruction executed,
    # so that times measured in the guest are instruction counts, the
    # same whatever load the host is under (benchmarks).
    #
    # threads: by default one host thread runs every vCPU in turn
    # (thread=single; the guest still has smp CPUs, preempted at
    # translation-block ends).  With a host thread per vCPU (multi),
    # qemu 7.2 can keep a block translated while another vCPU rewrites
    # the code under it: Linux's text_poke of a static key (as at every
    # load and unload of rumpvisor.ko, preempt_notifier_inc/dec) then
    # left a stale int3 that both vCPUs took forever (soft lockups in
    # finish_task_switch, about one load in 12 of a load/unload loop).
    # Single also ran check-kernel in 58 s against about 6 minutes.  Only
    # benchmarks of parallel scaling ask for multi.
    accel = 'tcg' if icount else 'tcg,thread=%s' % threads
    return (['qemu-system-x86_64', '-accel', accel, '-m', str(mem),
             '-smp', str(smp), '-kernel', image, '-initrd', initrd,
             '-append', append, '-nographic', '-no-reboot',
             '-nic', 'none', '-vga', 'none'] +
            (['-icount', 'shift=0,sleep=on'] if icount else []))


def die_with_parent():
    """In the child before exec: SIGKILL when the harness dies (killed by
    a timeout or ^C), so that no qemu outlives its run."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def boot(cmd, logpath, timeout, verbose):
    """Run qemu, streaming the console to `logpath`; 'ok' or 'timeout'."""
    deadline = time.monotonic() + timeout
    with open(logpath, 'wb') as out:
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT,
                             start_new_session=True,
                             preexec_fn=die_with_parent)
        fd = p.stdout.fileno()
        status = 'ok'
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    status = 'timeout'
                    break
                r, _, _ = select.select([fd], [], [], min(left, 1.0))
                if not r:
                    continue
                data = os.read(fd, 65536)
                if not data:
                    break
                out.write(data)
                out.flush()
                if verbose:
                    sys.stdout.buffer.write(data)
                    sys.stdout.flush()
        finally:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            p.wait()
            p.stdout.close()
        if status == 'timeout':
            out.write(b'\nRV-HARNESS timeout after %d s: qemu killed\n'
                      % timeout)
    return status


class Target:
    """What to boot: image, module source for --kmod, defaults."""

    def __init__(self, image, modules, debug=False):
        self.image = image
        self.modules = modules
        self.debug = debug


def target(args):
    if args.kernel == 'debug':
        from . import debugkernel
        k = debugkernel.find()
        return Target(k.image, debugkernel.DebugModules(k), debug=True)
    vmdir = os.path.join(args.build, 'vm')
    if args.kernel in (None, 'stock'):
        image = os.path.join(vmdir, 'kernel', 'vmlinuz')
        if not os.path.exists(image):
            sys.exit('vm run: no kernel image %s (run: vm.py kernel)' % image)
        mods = None
        if args.kmod:
            kver = args.kver or kernel.kver_default()
            mods = kernel.StockModules(vmdir, kver)
        return Target(image, mods)
    if not os.path.exists(args.kernel):
        sys.exit('vm run: no kernel image %s' % args.kernel)
    return Target(args.kernel, None)


def run_hooks(args, debug):
    """{'pre': [...], 'post': [...]}: the hooks asked for, and on the
    debug kernel its own around them."""
    pre, post = list(args.pre), list(args.post)
    if debug and not args.no_debug_hooks:
        pre.insert(0, DEBUG_PRE)
        post.append(DEBUG_POST)
    return {'pre': pre, 'post': post}


def parse_put(spec):
    src, sep, dest = spec.partition(':')
    if not sep or not dest.startswith('/'):
        sys.exit('vm run: --put wants HOSTFILE:/ABSOLUTE/PATH, not %r' % spec)
    return src, dest


def cmd_run(args):
    t = target(args)
    mem = args.mem or (DEBUG_MEM if t.debug else 1024)
    put = [parse_put(s) for s in args.put]
    hooks = run_hooks(args, t.debug)
    for fn in args.files + [args.script] + hooks['pre'] + hooks['post'] + \
            [s for s, _ in put]:
        if not os.path.isfile(fn):
            sys.exit('vm run: missing file %s' % fn)
    blobs = []
    if args.kmod:
        if t.modules is None:
            sys.exit('vm run: --kmod needs --kernel stock or debug (an '
                     'image file has no modules the harness knows of)')
        try:
            blobs = kmods.initramfs_entries(t.modules, args.kmod)
        except LookupError as e:
            sys.exit('vm run: --kmod: %s' % e)
    os.makedirs(os.path.dirname(os.path.abspath(args.log)), exist_ok=True)
    with tempfile.TemporaryDirectory(prefix='rv-vm-') as tmp:
        if args.cycles is not None:
            hooks['pre'].insert(0, os.path.join(tmp, 'cycles.sh'))
            with open(hooks['pre'][0], 'w') as f:
                f.write('RV_CYCLES=%d\n' % args.cycles)
        initrd = os.path.join(tmp, 'initrd.cpio')
        initramfs.build_initramfs(initrd, args.script, args.files, put,
                                  hooks, blobs)
        append = APPEND + (' ' + args.append if args.append else '')
        cmd = qemu_command(t.image, initrd, append, mem, args.smp,
                           args.icount, args.tcg_threads)
        print('vm run: booting %s on %s (timeout %d s, console: %s)' %
              (os.path.basename(args.script),
               'the debug kernel' if t.debug else t.image, args.timeout,
               args.log), flush=True)
        status = boot(cmd, args.log, args.timeout, args.verbose)
    return verdict(args.log, status, args.timeout)


def verdict(logpath, status, timeout):
    """Print why a run failed; its exit status."""
    lines = log.read_lines(logpath)
    ok = True
    if status == 'timeout':
        print('vm run: TIMEOUT after %d s, qemu killed (log: %s)' %
              (timeout, logpath))
        ok = False
    rc = log.done_status(lines)
    if rc is None:
        if status != 'timeout':
            print('vm run: the VM stopped without RV-DONE (log: %s)' %
                  logpath)
        ok = False
    elif rc != 0:
        print('vm run: the script failed (RV-DONE rc=%d)' % rc)
        ok = False
    findings = judge.check_console(lines)
    for n, what, line in findings:
        print('vm run: %s:%d: %s: %s' % (logpath, n, what, line))
    return 0 if ok and not findings else 1


def add_commands(sub, build):
    p = sub.add_parser('run', help='boot the VM and run a script in it')
    p.add_argument('--files', nargs='*', default=[],
                   help='files to put in /rv/ of the VM')
    p.add_argument('--script', required=True,
                   help='busybox sh script, sourced by init in /rv')
    p.add_argument('--timeout', type=int, default=300,
                   help='seconds before qemu is killed (failure)')
    p.add_argument('--log', required=True, help='console log file')
    p.add_argument('--mem', type=int, help='MiB (default 1024; %d on the '
                   'debug kernel)' % DEBUG_MEM)
    p.add_argument('--smp', type=int, default=2)
    p.add_argument('--tcg-threads', choices=('single', 'multi'),
                   default='single',
                   help='single (default): one host thread runs every '
                   'vCPU; multi: one per vCPU, for benchmarks of parallel '
                   'scaling (qemu 7.2 can then miss code the guest '
                   'rewrites: see qemu_command)')
    p.add_argument('--icount', action='store_true',
                   help='count instructions: the guest clock advances 1 ns '
                   'per instruction (benchmarks independent of host load)')
    p.add_argument('--append', default='', help='extra kernel arguments')
    p.add_argument('--kernel', help='stock (default: BUILD/vm/kernel/'
                   'vmlinuz, see the kernel command), debug (the debug '
                   'kernel, see debug-kernel), or an image file')
    p.add_argument('--kver', help=argparse.SUPPRESS)
    p.add_argument('--kmod', nargs='+', default=[], metavar='MODULE',
                   help='modules of the booted kernel itself (tun, veth, '
                   'sch_netem, ...) and what they depend on, in /lib/'
                   'modules/$(uname -r) of the VM: `modprobe MODULE` works')
    p.add_argument('--put', action='append', default=[],
                   metavar='HOSTFILE:/PATH', help='also put a host file at '
                   'this path in the VM (repeatable)')
    p.add_argument('--pre', action='append', default=[], metavar='SCRIPT',
                   help='a hook init sources before the script '
                   '(repeatable)')
    p.add_argument('--post', action='append', default=[], metavar='SCRIPT',
                   help='a hook init sources after the script, before '
                   'RV-TAINT (repeatable)')
    p.add_argument('--cycles', type=int, metavar='N',
                   help='rv_cycles runs N cycles, whatever the script asks '
                   'for (tell the report: --cycles N)')
    p.add_argument('--no-debug-hooks', action='store_true',
                   help='on the debug kernel, leave out its kmemleak hooks '
                   '(tests/vm/debug/pre.sh, post.sh)')
    p.add_argument('--build', default=build, help=argparse.SUPPRESS)
    p.add_argument('-v', '--verbose', action='store_true',
                   help='copy the console to stdout')
    p.set_defaults(fn=cmd_run)

