#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""rumpvisor VM harness: boot a Debian kernel under qemu (TCG) with a busybox
initramfs, run a shell script inside, and judge the console.

Kernel code is only ever tested here, never on the build machine's kernel.
The logic lives in this file; the in-VM scripts (tests/vm/*.sh) are thin and
talk back through marker lines written to /dev/kmsg, so they are ordered with
the kernel's own messages and never torn by them:

  RV-BOOT <uname -r>            init is running
  RV-PART <name>                what follows belongs to part <name>
  RV-STEP <name> rc=<n>         a command the script ran and its status
  RV-SAMPLE <tag> k=v ...       memory/thread numbers (load/unload cycles)
  RV-TAINT <n>                  /proc/sys/kernel/tainted at the end
  RV-DONE rc=<n>                the script's exit status; init powers off next

Subcommands: kernel, run, check, tap, kernel-report, demo-report, selftest.
"""

import argparse
import os
import re
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
import tap as tapmod  # noqa: E402  (tests/tap.py)

BUSYBOX_PATHS = ('/bin/busybox', '/usr/bin/busybox')

# ---------------------------------------------------------------- console text

TS_RE = re.compile(r'^\[\s*\d+\.\d+\](?:\[\s*[TC]\d+\])?\s?')
ANSI_RE = re.compile(r'\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]')
MARK_RE = re.compile(r'\b(RV-[A-Z]+)\b ?(.*)$')
DONE_RE = re.compile(r'RV-DONE rc=(\d+)')
TAINT_RE = re.compile(r'RV-TAINT (\d+)')

# Messages that are guest console output, not the kernel's own voice: a
# guest may print anything, so they are not scanned for kernel failures.
GUEST_PREFIXES = ('rump: ', 'rump-', 'ctuser: ', 'vfstest: ', 'vfstest2: ', 'vtuser: ', 'stress: ', 'stress2: ', 'crash: ', 'server: ', 'ti: ')

# Taint bits allowed after a run: O (out-of-tree module) and E (unsigned
# module), both caused by loading our own modules.  Anything else (W after
# a warning, D after an oops, ...) is a failure.
TAINT_OK = (1 << 12) | (1 << 13)
TAINT_LETTERS = 'PFSRMBUDAWCIOELKXT'

# (pattern, what it means); case-sensitive, matched against kernel messages.
FAILURES = [
    (re.compile(r'WARNING:'), 'kernel warning'),
    (re.compile(r'\bBUG:|kernel BUG at'), 'kernel BUG'),
    (re.compile(r'\bOops\b'), 'oops'),
    (re.compile(r'general protection'), 'general protection fault'),
    (re.compile(r'Kernel panic'), 'kernel panic'),
    (re.compile(r'hung_task|blocked for more than'), 'hung task'),
    (re.compile(r'possible recursive locking|circular locking|'
                r'inconsistent lock state|possible irq lock inversion'),
     'lockdep'),
    (re.compile(r'scheduling while atomic'), 'scheduling while atomic'),
    (re.compile(r'sleeping function called from invalid context'),
     'sleep in atomic context'),
    (re.compile(r'UBSAN'), 'UBSAN'),
    (re.compile(r'KASAN'), 'KASAN'),
    (re.compile(r'kmemleak|suspected memory leak'), 'kmemleak'),
    (re.compile(r'soft lockup|hard LOCKUP'), 'lockup'),
    (re.compile(r'rcu_(?:sched|preempt)? ?(?:self-)?detected stall|'
                r'rcu: INFO: .*stall'), 'RCU stall'),
]
CALL_TRACE_RE = re.compile(r'Call Trace')
# rumpvisor prints this right before the dump_stack() of an intentional
# guest panic (rumpuser_exit(RUMPUSER_PANIC)); that one trace is expected.
ALLOWED_PANIC_RE = re.compile(r'guest panicked')
ALLOWED_PANIC_WINDOW = 12   # lines between the panic line and its trace


def read_lines(path):
    with open(path, 'rb') as f:
        data = f.read()
    return data.decode('utf-8', errors='replace').splitlines()


def message(line):
    """A console line without CR, escape sequences and printk timestamp."""
    line = ANSI_RE.sub('', line.replace('\r', ''))
    return TS_RE.sub('', line)


def markers(lines):
    """Yield (index, marker, rest) for every RV-* marker line."""
    for i, raw in enumerate(lines):
        m = MARK_RE.search(message(raw))
        if m:
            yield i, m.group(1), m.group(2).strip()


def taint_letters(value):
    return ''.join(c for b, c in enumerate(TAINT_LETTERS) if value >> b & 1)


def check_console(lines):
    """Return a list of (line number, finding, line) for a console log."""
    findings = []
    allow_until = -1
    for i, raw in enumerate(lines):
        msg = message(raw)
        if msg.startswith(GUEST_PREFIXES):
            continue
        if ALLOWED_PANIC_RE.search(msg):
            allow_until = i + ALLOWED_PANIC_WINDOW
        if CALL_TRACE_RE.search(msg):
            if i <= allow_until:
                allow_until = -1       # one dump per guest panic
            else:
                findings.append((i + 1, 'call trace', msg))
            continue
        for rx, what in FAILURES:
            if rx.search(msg):
                findings.append((i + 1, what, msg))
                break
    taint = None
    for i, raw in enumerate(lines):
        m = TAINT_RE.search(message(raw))
        if m:
            taint = (i + 1, int(m.group(1)), message(raw))
    if taint is None:
        findings.append((0, 'no RV-TAINT line: the VM did not finish', ''))
    elif taint[1] & ~TAINT_OK:
        findings.append((taint[0], 'kernel tainted %d (%s)' %
                         (taint[1], taint_letters(taint[1])), taint[2]))
    return findings


def done_status(lines):
    """The script's exit status from RV-DONE, or None when absent."""
    rc = None
    for raw in lines:
        m = DONE_RE.search(message(raw))
        if m:
            rc = int(m.group(1))
    return rc


def extract_tap(lines, prefix, part=None):
    """Lines carrying `prefix`, with everything up to the prefix removed.

    With `part`, only lines between "RV-PART part" and the next RV-PART."""
    out = []
    inside = part is None
    for raw in lines:
        msg = message(raw)
        m = MARK_RE.search(msg)
        if m and m.group(1) == 'RV-PART':
            inside = part is None or m.group(2).strip() == part
            continue
        if not inside:
            continue
        if prefix:
            k = msg.find(prefix)
            if k < 0:
                continue
            msg = msg[k + len(prefix):]
        out.append(msg)
    return out


# ---------------------------------------------------------------- kernel image

def kver_default():
    try:
        return subprocess.check_output([os.path.join(TOP, 'scripts', 'kver')],
                                       text=True).strip()
    except (OSError, subprocess.CalledProcessError):
        return ''


def cmd_kernel(args):
    kver = args.kver or kver_default()
    if not kver:
        sys.exit('vm kernel: no kernel version (install linux-headers-amd64 '
                 'or pass --kver)')
    kdir = os.path.join(args.out, 'kernel')
    dest = os.path.join(kdir, 'vmlinuz')
    stamp = os.path.join(kdir, 'version')
    os.makedirs(kdir, exist_ok=True)
    if os.path.exists(dest) and os.path.exists(stamp) and \
            open(stamp).read().strip() == kver:
        print('vm kernel: %s cached' % kver)
        return 0
    if args.vmlinuz:
        shutil.copyfile(args.vmlinuz, dest + '.tmp')
    else:
        fetch_vmlinuz(kver, args.out, dest + '.tmp')
    os.replace(dest + '.tmp', dest)
    with open(stamp, 'w') as f:
        f.write(kver + '\n')
    print('vm kernel: %s -> %s' % (kver, dest))
    return 0


def fetch_vmlinuz(kver, out, dest):
    pkg = 'linux-image-%s-unsigned' % kver
    debs = [f for f in os.listdir(out) if f.startswith(pkg + '_')
            and f.endswith('.deb')]
    if not debs:
        print('vm kernel: apt-get download %s' % pkg)
        cmd = ['apt-get', 'download', '-q', pkg]
        if subprocess.call(cmd, cwd=out) != 0:
            # A fresh machine may have no package lists yet.
            if os.geteuid() != 0:
                sys.exit('vm kernel: apt-get download %s failed' % pkg)
            subprocess.check_call(['apt-get', 'update', '-qq'])
            subprocess.check_call(cmd, cwd=out)
        debs = [f for f in os.listdir(out) if f.startswith(pkg + '_')
                and f.endswith('.deb')]
    deb = os.path.join(out, sorted(debs)[-1])
    # Only the image is needed; extracting the whole package (all modules)
    # would cost hundreds of MB and seconds of I/O.
    member = './boot/vmlinuz-%s' % kver
    with open(dest, 'wb') as f:
        p1 = subprocess.Popen(['dpkg-deb', '--fsys-tarfile', deb],
                              stdout=subprocess.PIPE)
        p2 = subprocess.Popen(['tar', '-xO', member], stdin=p1.stdout,
                              stdout=f)
        p1.stdout.close()
        rc2, rc1 = p2.wait(), p1.wait()
    if rc1 or rc2 or os.path.getsize(dest) == 0:
        os.unlink(dest)
        sys.exit('vm kernel: could not extract %s from %s' % (member, deb))
    os.unlink(deb)


# ---------------------------------------------------------------- initramfs

INIT = r'''#!/bin/busybox sh
# Generated by tests/vm/vm.py: the VM's whole userspace.
/bin/busybox --install -s /bin
export PATH=/bin HOME=/root TERM=dumb LANG=C TZ=UTC
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
exec </dev/console >/dev/console 2>&1

# Helpers for the test scripts (sourced below, so they see these).
# Markers go through /dev/kmsg: one record each, ordered with printk.
rv_log() { echo "$*" > /dev/kmsg; }
rv_part() { rv_log "RV-PART $1"; }
rv_failures=0
rv_step() {
	rv_name=$1; shift
	"$@"; rv_rc=$?
	rv_log "RV-STEP $rv_name rc=$rv_rc"
	[ $rv_rc = 0 ] || rv_failures=$((rv_failures + 1))
	return $rv_rc
}
# rv_pipe PREFIX: copy stdin to the kernel log, one record per line.
rv_pipe() { while IFS= read -r rv_l; do echo "$1$rv_l" > /dev/kmsg; done; }
# rv_sample TAG: memory and kernel-thread numbers after dropping caches.
rv_sample() {
	sync; echo 3 > /proc/sys/vm/drop_caches
	# Give back per-CPU partial and empty slabs: SLUB counts those as in
	# use, and they come and go in whole slabs, hiding small leaks.
	for rv_s in /sys/kernel/slab/*/shrink; do echo 1 > $rv_s; done 2>/dev/null
	rv_kt=0; rv_kw=0
	for rv_s in /proc/[0-9]*/status; do
		rv_n=; rv_p=
		while read -r rv_k rv_v rv_x; do
			case $rv_k in Name:) rv_n=$rv_v;; PPid:) rv_p=$rv_v; break;; esac
		done < $rv_s 2>/dev/null
		[ "$rv_p" = 2 ] || continue
		case $rv_n in kworker/*) rv_kw=$((rv_kw + 1));; *) rv_kt=$((rv_kt + 1));; esac
	done
	while read -r rv_k rv_v rv_x; do
		case $rv_k in
		Slab:) rv_slab=$rv_v;; SUnreclaim:) rv_sun=$rv_v;; VmallocUsed:) rv_vm=$rv_v;;
		esac
	done < /proc/meminfo
	rv_log "RV-SAMPLE $1 slab=$rv_slab sunreclaim=$rv_sun vmalloc=$rv_vm kthreads=$rv_kt kworkers=$rv_kw"
}

# rv_stats: rumpvisor's own count of live guest threads and allocations,
# which must be zero once the guest module is gone (exact, unlike Slab).
rv_stats() {
	if [ -r /sys/module/rumpvisor/parameters/stats ]; then
		rv_log "RV-STATS $(cat /sys/module/rumpvisor/parameters/stats)"
	else
		rv_log "RV-STATS missing"
	fi
}
# rv_cycles N FN: load/unload cycles judged by kernel-report/guest-report.
# FN 0 warms caches (first-use allocations are not leaks), then the
# baseline sample, FN 1..N each followed by a sample, and the final one.
rv_cycles() {
	rv_cn=$1; rv_cf=$2
	$rv_cf 0
	rv_part samples
	rv_sample base
	rv_ci=1
	while [ $rv_ci -le $rv_cn ]; do
		$rv_cf $rv_ci
		rv_sample cycle-$rv_ci
		rv_ci=$((rv_ci + 1))
	done
	rv_part samples
	# Let RCU-deferred frees of the last cycle finish first.
	sleep 1
	rv_sample final
}

rv_log "RV-BOOT $(uname -r)"
cd /rv
( . /rv/script.sh; exit $rv_failures )
rc=$?
rv_log "RV-TAINT $(cat /proc/sys/kernel/tainted)"
rv_log "RV-DONE rc=$rc"
poweroff -f
'''


class Cpio:
    """Minimal writer of the kernel's initramfs format (cpio "newc")."""

    def __init__(self, f):
        self.f = f
        self.ino = 1

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
        self._entry(name, stat.S_IFDIR | 0o755)

    def file(self, name, data, mode=0o644):
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


def build_initramfs(path, files, script):
    with open(path, 'wb') as f:
        c = Cpio(f)
        for d in ('bin', 'dev', 'proc', 'sys', 'tmp', 'root', 'rv'):
            c.dir(d)
        # The kernel opens /dev/console for init before devtmpfs is mounted.
        c.chardev('dev/console', 5, 1)
        with open(find_busybox(), 'rb') as b:
            c.file('bin/busybox', b.read(), 0o755)
        c.file('init', INIT.encode(), 0o755)
        with open(script, 'rb') as s:
            c.file('rv/script.sh', s.read(), 0o755)
        for fn in files:
            mode = 0o755 if os.access(fn, os.X_OK) else 0o644
            with open(fn, 'rb') as src:
                c.file('rv/' + os.path.basename(fn), src.read(), mode)
        c.close()


# ---------------------------------------------------------------- run

def cmd_run(args):
    kernel = args.kernel or os.path.join(args.build, 'vm', 'kernel',
                                         'vmlinuz')
    if not os.path.exists(kernel):
        sys.exit('vm run: no kernel image %s (run: vm.py kernel)' % kernel)
    for fn in args.files + [args.script]:
        if not os.path.isfile(fn):
            sys.exit('vm run: missing file %s' % fn)
    os.makedirs(os.path.dirname(os.path.abspath(args.log)), exist_ok=True)
    with tempfile.TemporaryDirectory(prefix='rv-vm-') as tmp:
        initrd = os.path.join(tmp, 'initrd.cpio')
        build_initramfs(initrd, args.files, args.script)
        append = 'console=ttyS0 loglevel=7 panic=-1 printk.devkmsg=on'
        if args.append:
            append += ' ' + args.append
        # TCG only: KVM hangs on the machines this runs on.  No NIC and no
        # VGA: nothing needs them, and they pull in option ROMs.
        cmd = ['qemu-system-x86_64', '-accel', 'tcg', '-m', str(args.mem),
               '-smp', str(args.smp), '-kernel', kernel, '-initrd', initrd,
               '-append', append, '-nographic', '-no-reboot',
               '-nic', 'none', '-vga', 'none']
        print('vm run: booting %s (timeout %d s, console: %s)' %
              (os.path.basename(args.script), args.timeout, args.log),
              flush=True)
        status = boot(cmd, args.log, args.timeout, args.verbose)
    lines = read_lines(args.log)
    ok = True
    if status == 'timeout':
        print('vm run: TIMEOUT after %d s, qemu killed (log: %s)' %
              (args.timeout, args.log))
        ok = False
    rc = done_status(lines)
    if rc is None:
        if status != 'timeout':
            print('vm run: the VM stopped without RV-DONE (log: %s)' %
                  args.log)
        ok = False
    elif rc != 0:
        print('vm run: the script failed (RV-DONE rc=%d)' % rc)
        ok = False
    findings = check_console(lines)
    for n, what, line in findings:
        print('vm run: %s:%d: %s: %s' % (args.log, n, what, line))
    return 0 if ok and not findings else 1


def boot(cmd, log, timeout, verbose):
    """Run qemu, streaming the console to `log`; 'ok' or 'timeout'."""
    deadline = time.monotonic() + timeout
    with open(log, 'wb') as out:
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT,
                             start_new_session=True)
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


# ---------------------------------------------------------------- check / tap

def cmd_check(args):
    findings = check_console(read_lines(args.log))
    for n, what, line in findings:
        print('%s:%d: %s: %s' % (args.log, n, what, line))
    if not findings:
        print('%s: console clean' % args.log)
    return 1 if findings else 0


def cmd_tap(args):
    for line in extract_tap(read_lines(args.log), args.prefix, args.part):
        print(line)
    return 0


# ---------------------------------------------------------------- check-kernel

SAMPLE_KEYS = ('slab', 'sunreclaim', 'vmalloc', 'kthreads', 'kworkers')

# Tolerances for the load/unload cycles.  Measured with do-nothing modules
# (load, start and stop 4 kthreads, unload; no leak) on this kernel under
# TCG, one warm-up cycle, drop_caches before every sample, three runs:
#   baseline -> after 20 cycles:  Slab +150..+276 kB, SUnreclaim +116..+140 kB
#   cycle 10 -> after 20 cycles:  SUnreclaim +8..+40 kB
# and with the real rumpvisor.ko + quick conformance suite (dozens of
# guest threads per cycle): Slab +412 kB, SUnreclaim +260 kB, cycle 10 ->
# final SUnreclaim +4 kB.
# The growth is slab pages filling up (task_struct, kernfs nodes, proc
# inodes from the sampling itself) and it flattens out; a deliberate leak
# of 1 KiB per cycle was lost in it.  So the bounds are about twice the
# noise: baseline->final coarse (catches large leaks), the second half
# tighter (catches a steady leak of ~10 kB or more per cycle).  Small leaks
# of guest memory are caught exactly by rumpvisor's counters (RV-STATS).
SLAB_TOTAL_TOL_KB = 1024
SUNRECLAIM_TOTAL_TOL_KB = 512
# Slope limit: a steady leak of 8 kB per cycle (160 kB over the run) fails.
# Since samples also shrink every slab cache (per-CPU partial slabs came
# and went in whole slabs), SUnreclaim stays within +-60 kB over 20 cycles
# and its slope is about 0.
SUNRECLAIM_SLOPE_TOL_KB = 8
TREND_FIRST_CYCLE = 3
# vmalloc: kernel stacks are vmalloc'd and up to two per CPU are cached on
# free, so a few 16 KiB stacks may stay counted; measured noise +-16 kB.
VMALLOC_TOL_KB = 64
STATS_RE = re.compile(r'threads=(-?\d+) allocs=(-?\d+) bytes=(-?\d+)')


def parse_samples(lines):
    samples = []
    for _, mark, rest in markers(lines):
        if mark != 'RV-SAMPLE':
            continue
        tag, _, kv = rest.partition(' ')
        vals = {}
        for item in kv.split():
            k, _, v = item.partition('=')
            try:
                vals[k] = int(v)
            except ValueError:
                pass
        samples.append((tag, vals))
    return samples


def parse_steps(lines):
    steps = []
    part = None
    for _, mark, rest in markers(lines):
        if mark == 'RV-PART':
            part = rest
        elif mark == 'RV-STEP':
            m = re.match(r'(\S+) rc=(-?\d+)', rest)
            if m:
                steps.append((part, m.group(1), int(m.group(2))))
    return steps


def lsq_slope(pts):
    """Least-squares slope of y over x for [(x, y), ...]."""
    n = len(pts)
    mx = sum(x for x, _ in pts) / n
    my = sum(y for _, y in pts) / n
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx if sxx else 0.0


def judge_cycles(samples):
    """Compare the baseline with the final sample; list of (ok, text)."""
    d = dict(samples)
    base, final = d.get('base'), d.get('final')
    if not base or not final:
        return [(False, 'load/unload cycles: baseline or final sample '
                 'missing')]
    for k in SAMPLE_KEYS:
        if k not in base or k not in final:
            return [(False, 'load/unload cycles: sample lacks %s' % k)]
    out = []
    dk = final['kthreads'] - base['kthreads']
    out.append((dk == 0, 'kernel threads back to baseline (%d -> %d)' %
                (base['kthreads'], final['kthreads'])))
    dv = final['vmalloc'] - base['vmalloc']
    out.append((abs(dv) <= VMALLOC_TOL_KB,
                'vmalloc back to baseline within %d kB (%+d kB)' %
                (VMALLOC_TOL_KB, dv)))
    ds = final['slab'] - base['slab']
    du = final['sunreclaim'] - base['sunreclaim']
    out.append((ds <= SLAB_TOTAL_TOL_KB and du <= SUNRECLAIM_TOTAL_TOL_KB,
                'slab after 20 cycles: Slab %+d kB (<= %d), SUnreclaim '
                '%+d kB (<= %d)' % (ds, SLAB_TOTAL_TOL_KB, du,
                                    SUNRECLAIM_TOTAL_TOL_KB)))
    # A leak grows every cycle; noise does not.  The least-squares slope of
    # SUnreclaim over the cycles after the warm-up separates the two far
    # better than any two single readings (noise is about +-60 kB a
    # reading, which two readings turn into false alarms).
    pts = [(int(tag[6:]), v['sunreclaim']) for tag, v in samples
           if tag.startswith('cycle-') and tag[6:].isdigit() and
           int(tag[6:]) >= TREND_FIRST_CYCLE and 'sunreclaim' in v]
    if len(pts) >= 8:
        slope = lsq_slope(pts)
        out.append((slope <= SUNRECLAIM_SLOPE_TOL_KB,
                    'no steady slab growth: SUnreclaim slope over cycles '
                    '%d-%d %+.1f kB/cycle (<= %d)' %
                    (pts[0][0], pts[-1][0], slope, SUNRECLAIM_SLOPE_TOL_KB)))
    else:
        out.append((False, 'load/unload cycles: too few cycle samples for '
                    'a trend (%d)' % len(pts)))
    return out


def judge_stats(lines):
    """rumpvisor's live thread/allocation counters after each guest."""
    part, out = None, []
    for _, mark, rest in markers(lines):
        if mark == 'RV-PART':
            part = rest
        elif mark == 'RV-STATS':
            m = STATS_RE.search(rest)
            if not m:
                out.append((None, '%s: rumpvisor stats parameter missing'
                            % part))
                continue
            t, a, b = (int(x) for x in m.groups())
            out.append((t == 0 and a == 0 and b == 0,
                        '%s: no guest threads or memory left after unload '
                        '(threads=%d allocs=%d bytes=%d)' % (part, t, a, b)))
    return out


def sample_table(samples):
    rows = ['%-10s %8s %11s %8s %9s %9s' %
            ('sample', 'Slab kB', 'SUnreclaim', 'Vmalloc', 'kthreads',
             'kworkers')]
    for tag, v in samples:
        rows.append('%-10s %8s %11s %8s %9s %9s' % (
            tag, v.get('slab', '?'), v.get('sunreclaim', '?'),
            v.get('vmalloc', '?'), v.get('kthreads', '?'),
            v.get('kworkers', '?')))
    return rows


def write_lines(path, lines):
    with open(path, 'w') as f:
        for line in lines:
            f.write(line + '\n')


def judge_parts(lines, parts, prefix, nsteps):
    """One harness test per step of the plain parts and per cycle part.

    A cycle part (cycle-N) passes when its nsteps steps all succeeded and
    its TAP (lines with prefix) has no failure; the quick suite's tests are
    not counted one by one, so the total does not count them 20 times."""
    by_part = {}
    for part, name, rc in parse_steps(lines):
        by_part.setdefault(part, []).append((name, rc))
    out = []
    for part in parts:
        if not part.startswith('cycle-'):
            for name, rc in by_part.get(part, []):
                out.append((rc == 0, '%s: %s (rc=%d)' % (part, name, rc)))
            continue
        st = by_part.get(part, [])
        bad = ['%s rc=%d' % (n, rc) for n, rc in st if rc != 0]
        streams = tapmod.parse(extract_tap(lines, prefix, part), part)
        npass = sum(s.passed for s in streams)
        nfail = sum(s.failed for s in streams)
        ok = not bad and nfail == 0 and npass > 0 and len(st) == nsteps
        text = '%s: load, quick suite, unload (%d passed, %d failed%s)' % (
            part, npass, nfail, '; ' + ', '.join(bad) if bad else '')
        out.append((ok, text))
    return out


def judge_machine(lines, samples):
    """Cycles against their baseline, rumpvisor's counters, the console."""
    out = judge_cycles(samples)
    stats = judge_stats(lines)
    if not stats:
        out.append((False, 'rumpvisor stats were sampled'))
    elif all(ok is None for ok, _ in stats):
        # The hypervisor has no stats parameter: say so, do not pretend.
        out.append((None, 'rumpvisor stats (parameter missing)'))
    else:
        out += [(ok, t) for ok, t in stats if ok is not None]
    findings = check_console(lines)
    out.append((not findings, 'console clean (%d findings)' %
                len(findings)))
    rc = done_status(lines)
    out.append((rc is not None, 'VM ran to the end (RV-DONE)'))
    return out, findings


def harness_tap(harness):
    tap_out = ['1..%d' % len(harness)]
    for i, (ok, text) in enumerate(harness, 1):
        if ok is None:
            tap_out.append('ok %d - %s # SKIP' % (i, text))
        else:
            tap_out.append('%s %d - %s' % ('ok' if ok else 'not ok', i,
                                            text))
    return tap_out


def cmd_kernel_report(args):
    """Split a check-kernel console log into TAP files and judge it."""
    lines = read_lines(args.log)
    os.makedirs(args.out, exist_ok=True)
    harness = []      # (ok, description) for kernel-harness.tap

    parts = [rest for _, mark, rest in markers(lines) if mark == 'RV-PART']
    # The full suite and the exit scenario keep their own TAP files; the
    # 20 quick cycles are judged here, one harness test per cycle, so the
    # total does not count the same quick suite twenty times.
    for part, fname in (('full', 'kernel-full.tap'),
                        ('exit', 'kernel-exit.tap')):
        tap_lines = extract_tap(lines, 'rump-ct: ', part)
        if part == 'full' or any(tapmod.TEST_RE.match(t) for t in tap_lines):
            write_lines(os.path.join(args.out, fname), tap_lines)
    user = extract_tap(lines, 'ctuser: ', 'user')
    write_lines(os.path.join(args.out, 'vm-user.tap'), user)

    harness += judge_parts(lines, parts, 'rump-ct: ', 4)
    for need in ('full', 'cycle-20', 'exit', 'user'):
        if need not in parts:
            harness.append((False, 'part %s ran' % need))

    return finish_report('check-kernel', 'load/unload cycles', args, lines,
                         harness, 'kernel-harness.tap')


def finish_report(name, title, args, lines, harness, tapname):
    """Judge memory, threads and the console; write the harness TAP and
    print the cycle table and every failure.  The report's exit status."""
    samples = parse_samples(lines)
    machine, findings = judge_machine(lines, samples)
    harness += machine
    write_lines(os.path.join(args.out, tapname), harness_tap(harness))
    print('%s: %s' % (name, title))
    for row in sample_table(samples):
        print('  ' + row)
    for n, what, line in findings:
        print('%s: %s:%d: %s: %s' % (name, args.log, n, what, line))
    for ok, text in harness:
        if ok is False:
            print('%s: FAILED: %s' % (name, text))
    return 0 if all(ok is not False for ok, _ in harness) else 1


def cmd_guest_report(args):
    """Split a check-guest console log (tests/vm/check-guest.sh) into TAP.

    guest-full.tap: the VFS suite in the kernel and its halt; guest-user.tap:
    the suite on the userspace hypervisor in the VM; guest-harness.tap: the
    steps, the 20 boot/halt/unload cycles, memory and threads, console."""
    lines = read_lines(args.log)
    os.makedirs(args.out, exist_ok=True)
    parts = [rest for _, mark, rest in markers(lines) if mark == 'RV-PART']
    write_lines(os.path.join(args.out, 'guest-full.tap'),
                extract_tap(lines, 'vfstest: ', 'vfs-full'))
    write_lines(os.path.join(args.out, 'guest-user.tap'),
                extract_tap(lines, 'vtuser: ', 'vfs-user'))
    harness = judge_parts(lines, parts, 'vfstest: ', 4)
    for need in ('vfs-full', 'cycle-20', 'vfs-user'):
        if need not in parts:
            harness.append((False, 'part %s ran' % need))
    return finish_report('check-guest',
                         'boot/halt/unload cycles of the reference guest',
                         args, lines, harness, 'guest-harness.tap')


def cmd_instances_report(args):
    """Split a check-instances log (tests/vm/check-instances.sh) into TAP.

    instances.tap: the script's own checks ("ti: "); instances-harness.tap:
    its steps, the 20 cycles of two VFS suites at once (both streams must
    pass), memory and threads against the baseline, the console."""
    lines = read_lines(args.log)
    os.makedirs(args.out, exist_ok=True)
    parts = [rest for _, mark, rest in markers(lines) if mark == 'RV-PART']
    write_lines(os.path.join(args.out, 'instances.tap'),
                extract_tap(lines, 'ti: '))
    plain = [p for p in parts if not p.startswith('cycle-')]
    harness = judge_parts(lines, plain, 'ti: ', 0)
    for part in (p for p in parts if p.startswith('cycle-')):
        for prefix in ('vfstest: ', 'vfstest2: '):
            ok, text = judge_parts(lines, [part], prefix, 8)[0]
            harness.append((ok, text.replace('quick suite',
                                             prefix.strip(': ') +
                                             ' quick suite')))
    for need in ('resident', 'bad-files', 'no-exit', 'busy', 'panics',
                 'cycle-20'):
        if need not in parts:
            harness.append((False, 'part %s ran' % need))
    return finish_report('check-instances',
                         'two reference guests at once: load/unload cycles',
                         args, lines, harness, 'instances-harness.tap')


# ---------------------------------------------------------------- demo

def cmd_demo_report(args):
    """Tell a person what happened in a demo boot, in plain words."""
    lines = read_lines(args.log)
    msgs = [message(raw) for raw in lines]
    marks = list(markers(lines))
    boot_at = None
    for i, mark, rest in marks:
        if mark == 'RV-BOOT':
            m = re.match(r'^\[\s*(\d+\.\d+)\]', lines[i].replace('\r', ''))
            boot_at = (rest, m.group(1) if m else '0')

    def part_msgs(part):
        out, inside = [], False
        for msg in msgs:
            m = MARK_RE.search(msg)
            if m and m.group(1) == 'RV-PART':
                inside = m.group(2).strip() == part
            elif inside and not (m and m.group(1).startswith('RV-')):
                out.append(msg)
        return out

    def tagged(part, prefix):
        """Lines of `part` carrying `prefix`, from the prefix on."""
        out = []
        for msg in part_msgs(part):
            k = msg.find(prefix)
            if k >= 0:
                out.append(msg[k + len(prefix):])
        return out

    steps = {name: rc for _, name, rc in parse_steps(lines)}

    def said(name):
        rc = steps.get(name)
        if rc is None:
            return 'did not run'
        return 'ok' if rc == 0 else ('FAILED (exit %s)' % rc)

    def kernel_lines(part):
        for msg in part_msgs(part):
            if msg.startswith('rumpvisor'):
                w('     kernel log: ' + msg)

    w = print
    w('')
    w('rumpvisor demo: rump kernels running inside the Linux kernel')
    w('============================================================')
    if boot_at:
        w('1. Booted Linux %s in qemu (software CPU emulation); init ran '
          '%.1f s after power-on.' % (boot_at[0], float(boot_at[1])))
    else:
        w('1. The VM did not boot to init; see %s' % args.log)
        return 1
    w('')
    w('2. Loaded the hypervisor: insmod rumpvisor.ko files=/tmp/rv  -> %s'
      % said('load-hypervisor'))
    kernel_lines('hypervisor')
    w('')
    w('3. The hypervisor\'s conformance guest (tests/guest, a minimal rump')
    w('   kernel): insmod rumpvisor_ct.ko quick=1 -> %s, rmmod -> %s'
      % (said('load-guest'), said('unload-guest')))
    console = tagged('guest', 'rump-ct: ')
    streams = tapmod.parse(console, 'guest')
    for c in console:
        if c.startswith(('not ok', 'Bail out!')):
            w('     rump-ct: ' + c)
    kernel_lines('guest')
    npass = sum(s.passed for s in streams)
    nfail = sum(s.failed for s in streams)
    nskip = sum(s.skipped for s in streams)
    w('   Result: %d passed, %d failed, %d skipped (TAP on the guest\'s '
      'console, "rump-ct: " in the kernel log)' % (npass, nfail, nskip))
    w('')
    w('4. The file-system demo inside the kernel: insmod '
      'rumpvisor_fsdemo.ko -> %s' % said('load-fsdemo'))
    w('   The module carries the reference guest (guest/: VFS, tmpfs, '
      'kernfs) and')
    w('   demo/fsdemo.c, which uses only the rump client API.  Its lines '
      'in dmesg:')
    demo = tagged('fsdemo', 'fsdemo: ')
    shown = 0
    for c in demo:
        if shown < args.lines or c.startswith(('FAILED', 'done')):
            w('     fsdemo: ' + c)
            shown += 1
    if shown < len(demo):
        w('     (%d more lines in %s)' % (len(demo) - shown, args.log))
    version = [c[len('/kern/version: '):] for c in demo
               if c.startswith('/kern/version: ')]
    if version:
        w('   -> the kernfs version line, read from inside the Linux '
          'kernel:')
        for v in version:
            w('        ' + v)
    else:
        w('   -> no /kern/version line: the demo did not get that far')
    kernel_ok = 'done: all steps ok' in demo
    kernel_lines('fsdemo')
    w('')
    halted = 'halted; the guest returned all its memory' in demo
    w('   The module halted the guest with rump_sys_reboot right after the '
      'demo: %s' % ('all guest threads ended, all its memory returned'
                    if halted else 'NOT confirmed'))
    w('')
    w('5. Unloaded it: rmmod rumpvisor_fsdemo -> %s' % said('unload-fsdemo'))
    kernel_lines('fsdemo-unload')
    w('')
    w('6. The same demo source as a static program on the userspace '
      'hypervisor,')
    w('   in the same VM: /rv/fsdemo-static -> %s' % said('user-fsdemo'))
    user = [c[len('fsdemo: '):] for c in tagged('fsdemo-user', 'user: ')
            if c.startswith('fsdemo: ')]
    for c in user:
        if c.startswith(('/kern/version', 'FAILED', 'done', 'halting')):
            w('     fsdemo: ' + c)
    w('     (%d lines in all)' % len(user))
    user_ok = 'done: all steps ok' in user
    w('')
    w('7. Unloaded the hypervisor: rmmod rumpvisor -> %s'
      % said('unload-hypervisor'))
    kernel_lines('unload')
    w('')
    findings = check_console(lines)
    taint = None
    for _, mark, rest in marks:
        if mark == 'RV-TAINT':
            taint = int(rest)
    if findings:
        w('8. Kernel log: PROBLEMS')
        for n, what, line in findings:
            w('     line %d: %s: %s' % (n, what, line))
    else:
        w('8. Kernel log: clean (no warnings, oopses, lockdep or hung '
          'tasks); taint %s = %s' % (taint, taint_letters(taint or 0) or
                                     'none'))
        w('   (O: out-of-tree module, E: unsigned module; expected)')
    w('')
    ok = (not findings and nfail == 0 and npass > 0 and kernel_ok and
          halted and user_ok and bool(version) and
          all(rc == 0 for rc in steps.values()))
    w('demo: %s (full console: %s)' % ('OK' if ok else 'FAILED', args.log))
    return 0 if ok else 1


# ---------------------------------------------------------------- selftest

def cmd_selftest(args):
    """Run the harness's own unit tests, reporting TAP."""
    import unittest
    suite = unittest.TestSuite()
    loader = unittest.defaultTestLoader
    suite.addTests(loader.discover(HERE, pattern='test_*.py',
                                   top_level_dir=HERE))
    suite.addTests(loader.discover(os.path.dirname(HERE),
                                   pattern='test_tap.py',
                                   top_level_dir=os.path.dirname(HERE)))
    lines = []

    class Tap(unittest.TestResult):
        def addSuccess(self, test):
            lines.append('ok %d - %s' % (len(lines) + 1, test.id()))

        def addFailure(self, test, err):
            super().addFailure(test, err)
            lines.append('not ok %d - %s' % (len(lines) + 1, test.id()))

        addError = addFailure

        def addSubTest(self, test, subtest, err):
            # A failed subtest fails its test, and addSuccess is not called.
            if err is not None:
                super().addSubTest(test, subtest, err)
                lines.append('not ok %d - %s' % (len(lines) + 1,
                                                 subtest.id()))

        def addSkip(self, test, reason):
            lines.append('ok %d - %s # SKIP %s' % (len(lines) + 1,
                                                   test.id(), reason))

    result = Tap()
    suite.run(result)
    out = lines + ['1..%d' % len(lines)]
    for line in out:
        print(line)
    for test, tb in result.failures + result.errors:
        for t in tb.splitlines():
            print('# ' + t)
    if args.out:
        write_lines(args.out, out)
    return 0 if result.wasSuccessful() else 1


# ---------------------------------------------------------------- main

def main(argv=None):
    build = os.environ.get('BUILD') or os.path.join(TOP, 'build')
    ap = argparse.ArgumentParser(
        prog='vm.py', description='rumpvisor VM harness (qemu TCG, busybox '
        'initramfs).  Markers the scripts print: see the module docstring.')
    sub = ap.add_subparsers(dest='cmd', required=True, metavar='COMMAND')

    p = sub.add_parser('kernel', help='fetch the Debian kernel image into '
                       'BUILD/vm/kernel/vmlinuz (cached)')
    p.add_argument('--kver', help='kernel ABI name (default: scripts/kver)')
    p.add_argument('--out', default=os.path.join(build, 'vm'))
    p.add_argument('--vmlinuz', help='use this image instead of downloading')
    p.set_defaults(fn=cmd_kernel)

    p = sub.add_parser('run', help='boot the VM and run a script in it')
    p.add_argument('--files', nargs='*', default=[],
                   help='files to put in /rv/ of the VM')
    p.add_argument('--script', required=True,
                   help='busybox sh script, sourced by init in /rv')
    p.add_argument('--timeout', type=int, default=300,
                   help='seconds before qemu is killed (failure)')
    p.add_argument('--log', required=True, help='console log file')
    p.add_argument('--mem', type=int, default=1024, help='MiB')
    p.add_argument('--smp', type=int, default=2)
    p.add_argument('--append', default='', help='extra kernel arguments')
    p.add_argument('--kernel', help='kernel image (default: '
                   'BUILD/vm/kernel/vmlinuz)')
    p.add_argument('--build', default=build, help=argparse.SUPPRESS)
    p.add_argument('-v', '--verbose', action='store_true',
                   help='copy the console to stdout')
    p.set_defaults(fn=cmd_run)

    p = sub.add_parser('check', help='judge a console log (warnings, oopses, '
                       'lockdep, hung tasks, taint, ...)')
    p.add_argument('log')
    p.set_defaults(fn=cmd_check)

    p = sub.add_parser('tap', help='print the TAP lines of a console log')
    p.add_argument('log')
    p.add_argument('--prefix', default='rump-ct: ')
    p.add_argument('--part', help='only lines of this RV-PART')
    p.set_defaults(fn=cmd_tap)

    p = sub.add_parser('kernel-report', help='split a check-kernel log into '
                       'TAP files and judge the load/unload cycles')
    p.add_argument('log')
    p.add_argument('--out', default=os.path.join(build, 'vm'))
    p.set_defaults(fn=cmd_kernel_report)

    p = sub.add_parser('guest-report', help='split a check-guest log into '
                       'TAP files and judge the guest boot/halt cycles')
    p.add_argument('log')
    p.add_argument('--out', default=os.path.join(build, 'vm'))
    p.set_defaults(fn=cmd_guest_report)

    p = sub.add_parser('instances-report', help='split a check-instances '
                       'log into TAP files and judge it')
    p.add_argument('log')
    p.add_argument('--out', required=True)
    p.set_defaults(fn=cmd_instances_report)

    p = sub.add_parser('demo-report', help='explain a demo boot')
    p.add_argument('log')
    p.add_argument('--lines', type=int, default=60,
                   help='demo console lines to show')
    p.set_defaults(fn=cmd_demo_report)

    p = sub.add_parser('selftest', help='run the harness unit tests as TAP')
    p.add_argument('--out', help='also write the TAP here')
    p.set_defaults(fn=cmd_selftest)

    args = ap.parse_args(argv)
    return args.fn(args)


if __name__ == '__main__':
    sys.exit(main())
