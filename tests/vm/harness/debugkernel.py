# SPDX-License-Identifier: BSD-2-Clause
"""The debug kernel: Debian's own kernel source (linux-source-6.1, the
version of the stock image) with our configuration for qemu and the
kernel's bug detectors (tests/vm/debug/kernel.config).

Built once and cached outside the clone, keyed by the source package's
version and a hash of the configuration:

  CACHE/src/<version>/linux-source-6.1/    the unpacked source (read-only)
  CACHE/debug-kernel/<version>-<hash>/
      obj/        the build tree (O=): KDIR for our modules
      vmlinuz     the image the VM boots
      modroot/    modules_install of the kernel's own modules (tun, ...)
      build.log   the build's output
      info.json   versions, release, build time; written last (= ready)

CACHE is $RV_CACHE, else /var/cache/rumpvisor when writable, else
$XDG_CACHE_HOME/rumpvisor (~/.cache/rumpvisor).  A lock file per key lets
several clones share the cache: one builds, the others wait and reuse.
"""

import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time

from . import VMDIR

SOURCE_PKG = 'linux-source-6.1'
TARBALL = '/usr/src/linux-source-6.1.tar.xz'
CONFIG = os.path.join(VMDIR, 'debug', 'kernel.config')
# Bump when the build steps change what a cached build contains.
BUILD_REV = '1'
KEEP_BUILDS = 3          # cached builds kept (least recently used go)
# Options the harness relies on whatever the fragment says.
REQUIRED = {'CONFIG_PREEMPT_NOTIFIERS': 'y', 'CONFIG_MODULES': 'y',
            'CONFIG_DEBUG_KMEMLEAK': 'y', 'CONFIG_KASAN': 'y'}


def log(msg):
    print('debug kernel: ' + msg, flush=True)


def cache_root():
    env = os.environ.get('RV_CACHE')
    if env:
        return env
    sysdir = '/var/cache/rumpvisor'
    try:
        os.makedirs(sysdir, exist_ok=True)
        if os.access(sysdir, os.W_OK):
            return sysdir
    except OSError:
        pass
    base = os.environ.get('XDG_CACHE_HOME') or \
        os.path.join(os.path.expanduser('~'), '.cache')
    return os.path.join(base, 'rumpvisor')


def package_version(pkg):
    """Installed version of a Debian package, or None."""
    try:
        out = subprocess.check_output(
            ['dpkg-query', '-W', '-f=${Status} ${Version}', pkg],
            stderr=subprocess.DEVNULL, text=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.split()[-1] if 'ok installed' in out else None


def read_config(text):
    """{CONFIG_X: value} of a .config or fragment ('n' for 'is not set')."""
    out = {}
    for line in text.splitlines():
        line = line.strip()
        m = re.match(r'^(CONFIG_\w+)=(.*)$', line)
        if m:
            out[m.group(1)] = m.group(2)
            continue
        m = re.match(r'^# (CONFIG_\w+) is not set$', line)
        if m:
            out[m.group(1)] = 'n'
    return out


def config_mismatches(fragment, config):
    """[(option, wanted, got)] where the resolved .config differs from
    the fragment (an option whose dependencies are missing is dropped
    silently by Kconfig) or lacks what the harness needs."""
    want = dict(REQUIRED)
    want.update(fragment)
    out = []
    for k, v in sorted(want.items()):
        got = config.get(k, 'n')
        if got != v:
            out.append((k, v, got))
    return out


class DebugKernel:
    """One cached build (ready when info.json exists)."""

    def __init__(self, root=None, srcver=None, config_text=None):
        self.root = root or cache_root()
        self.srcver = srcver or package_version(SOURCE_PKG)
        if config_text is None:
            with open(CONFIG) as f:
                config_text = f.read()
        self.config_text = config_text
        h = hashlib.sha256((BUILD_REV + '\0' + config_text).encode())
        self.key = '%s-%s' % (self.srcver, h.hexdigest()[:12])
        self.dir = os.path.join(self.root, 'debug-kernel', self.key)
        self.obj = os.path.join(self.dir, 'obj')
        self.image = os.path.join(self.dir, 'vmlinuz')
        self.modroot = os.path.join(self.dir, 'modroot')
        self.info_path = os.path.join(self.dir, 'info.json')
        self.srcdir = os.path.join(self.root, 'src', str(self.srcver),
                                   'linux-source-6.1')

    def ready(self):
        return os.path.exists(self.info_path) and os.path.exists(self.image)

    def info(self):
        with open(self.info_path) as f:
            return json.load(f)

    @property
    def release(self):
        with open(os.path.join(self.obj, 'include', 'config',
                               'kernel.release')) as f:
            return f.read().strip()

    def touch(self):
        """Mark as recently used (for pruning)."""
        os.utime(self.info_path)


def find():
    """The ready debug kernel for the installed source and our config,
    or exit with what to do."""
    k = DebugKernel()
    if k.srcver is None:
        sys.exit('vm: %s is not installed (make deps)' % SOURCE_PKG)
    if not k.ready():
        sys.exit('vm: the debug kernel for %s is not built yet: make '
                 'debug-kernel (tests/vm/vm.py debug-kernel; 7 to 15 '
                 'minutes, once)' % k.key)
    k.touch()
    return k


class Lock:
    def __init__(self, path):
        self.path = path

    def __enter__(self):
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        self.f = open(self.path, 'w')
        try:
            fcntl.flock(self.f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log('waiting for another build (%s)' % self.path)
            fcntl.flock(self.f, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.f, fcntl.LOCK_UN)
        self.f.close()


def unpack_source(k):
    """CACHE/src/<version>/ from the tarball, once."""
    stamp = os.path.join(os.path.dirname(k.srcdir), 'unpacked')
    with Lock(os.path.dirname(k.srcdir) + '.lock'):
        if os.path.exists(stamp):
            return
        parent = os.path.dirname(k.srcdir)
        shutil.rmtree(parent, ignore_errors=True)
        os.makedirs(parent)
        log('unpacking %s (%s)' % (TARBALL, k.srcver))
        subprocess.check_call(['tar', '-xf', TARBALL, '-C', parent])
        if not os.path.isdir(k.srcdir):
            sys.exit('vm: %s holds no linux-source-6.1/' % TARBALL)
        open(stamp, 'w').close()


def kmake(k, args, logf, nice=True):
    cmd = (['nice', '-n', '19'] if nice else []) + \
        ['make', '-C', k.srcdir, 'O=' + k.obj] + args
    with open(logf, 'a') as out:
        out.write('$ %s\n' % ' '.join(cmd))
        out.flush()
        return subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)


def run_make(k, args, logf, nice=True, progress=False):
    """Run make in the build tree; exit with the log's tail on failure."""
    t0 = time.monotonic()
    p = kmake(k, args, logf, nice)
    next_report = t0 + 60
    while True:
        try:
            rc = p.wait(timeout=5)
            break
        except subprocess.TimeoutExpired:
            pass
        if progress and time.monotonic() >= next_report:
            next_report += 60
            with open(logf, 'rb') as f:
                n = sum(1 for line in f if line.startswith(b'  CC '))
            log('%d files compiled, %.0f min' %
                (n, (time.monotonic() - t0) / 60))
    if rc != 0:
        with open(logf, errors='replace') as f:
            tail = f.read().splitlines()[-25:]
        sys.exit('vm: debug kernel: make %s failed (exit %d, log %s):\n%s'
                 % (' '.join(args), rc, logf, '\n'.join(tail)))


def build(jobs=None, nice=True, rebuild=False, stock_kver=None):
    """Build (or find cached) the debug kernel; the DebugKernel."""
    k = DebugKernel()
    if k.srcver is None or not os.path.exists(TARBALL):
        sys.exit('vm: %s is not installed (make deps)' % SOURCE_PKG)
    check_versions(k, stock_kver)
    with Lock(k.dir + '.lock'):
        if k.ready() and not rebuild:
            k.touch()
            log('%s cached (%s)' % (k.release, k.dir))
            return k
        t0 = time.monotonic()
        unpack_source(k)
        shutil.rmtree(k.dir, ignore_errors=True)
        os.makedirs(k.obj)
        logf = os.path.join(k.dir, 'build.log')
        jobs = jobs or os.cpu_count() or 1
        log('building %s in %s (make -j%d%s; 7 to 15 minutes on 2 cores)'
            % (k.key, k.dir, jobs, ', nice 19' if nice else ''))
        run_make(k, ['allnoconfig', 'KCONFIG_ALLCONFIG=' + CONFIG], logf,
                 nice)
        with open(os.path.join(k.obj, '.config')) as f:
            bad = config_mismatches(read_config(k.config_text),
                                    read_config(f.read()))
        if bad:
            sys.exit('vm: debug kernel: the configuration did not hold '
                     '(a dependency is missing from %s):\n%s' % (
                         CONFIG, '\n'.join('  %s=%s wanted, got %s' % b
                                           for b in bad)))
        run_make(k, ['-j%d' % jobs, 'bzImage', 'modules'], logf, nice,
                 progress=True)
        run_make(k, ['modules_install', 'INSTALL_MOD_PATH=' + k.modroot,
                     'DEPMOD=/sbin/depmod'], logf, nice)
        shutil.copyfile(os.path.join(k.obj, 'arch', 'x86', 'boot',
                                     'bzImage'), k.image)
        secs = time.monotonic() - t0
        info = {'release': k.release, 'source': SOURCE_PKG,
                'source_version': k.srcver,
                'stock_version': stock_version(stock_kver),
                'config': CONFIG, 'key': k.key, 'jobs': jobs, 'nice': nice,
                'build_seconds': round(secs)}
        with open(k.info_path + '.tmp', 'w') as f:
            json.dump(info, f, indent=1)
        os.replace(k.info_path + '.tmp', k.info_path)
        log('%s built in %d min %02d s (%s)' % (k.release, secs // 60,
                                                secs % 60, k.dir))
    prune(k)
    return k


def stock_version(kver):
    """Debian version of the stock kernel (its headers' package)."""
    if not kver:
        from . import kernel
        kver = kernel.kver_default()
    return package_version('linux-headers-%s' % kver) if kver else None


def check_versions(k, stock_kver):
    stock = stock_version(stock_kver)
    if stock and stock != k.srcver:
        log('WARNING: %s is %s but the stock kernel is %s; make deps '
            'installs the matching source' % (SOURCE_PKG, k.srcver, stock))


def prune(keep):
    """Remove all but the KEEP_BUILDS most recently used builds, and
    unpacked sources no kept build uses."""
    base = os.path.join(keep.root, 'debug-kernel')
    builds = []
    for name in os.listdir(base):
        d = os.path.join(base, name)
        if os.path.isdir(d) and name != keep.key:
            info = os.path.join(d, 'info.json')
            mtime = os.path.getmtime(info) if os.path.exists(info) else 0
            builds.append((mtime, name))
    builds.sort(reverse=True)
    for _, name in builds[KEEP_BUILDS - 1:]:
        try:
            with open(os.path.join(base, name + '.lock'), 'w') as f:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                shutil.rmtree(os.path.join(base, name), ignore_errors=True)
                log('removed the old build %s' % name)
        except BlockingIOError:
            pass                        # in use by another clone
    kept = {keep.srcver} | {n.rsplit('-', 1)[0] for _, n in
                            builds[:KEEP_BUILDS - 1]}
    srcbase = os.path.join(keep.root, 'src')
    for ver in os.listdir(srcbase):
        d = os.path.join(srcbase, ver)
        if os.path.isdir(d) and ver not in kept:
            shutil.rmtree(d, ignore_errors=True)
            log('removed the unpacked source %s' % ver)


class DebugModules:
    """The debug kernel's own modules (for kmods.py)."""

    def __init__(self, k):
        self.release = k.release
        self.base = os.path.join(k.modroot, 'lib', 'modules', self.release)

    def index(self):
        from . import kmods
        out = {}
        for d, _, files in os.walk(os.path.join(self.base, 'kernel')):
            for fn in files:
                if fn.endswith(kmods.SUFFIXES):
                    rel = os.path.relpath(os.path.join(d, fn), self.base)
                    out[kmods.module_name(fn)] = rel
        return out

    def fetch(self, relpaths):
        return {r: os.path.join(self.base, r) for r in relpaths}


def cmd_debug_kernel(args):
    if args.print:
        k = find()
        print({'kdir': k.obj, 'image': k.image, 'release': k.release,
               'dir': k.dir}[args.print])
        return 0
    k = build(jobs=args.jobs, nice=not args.no_nice, rebuild=args.rebuild)
    info = k.info()
    log('%s from %s %s (stock kernel %s), built in %d s; KDIR=%s' % (
        info['release'], info['source'], info['source_version'],
        info.get('stock_version'), info['build_seconds'], k.obj))
    return 0


def add_commands(sub, build_dir):
    p = sub.add_parser('debug-kernel', help='build the debug kernel (KASAN, '
                       'UBSAN, lockdep, kmemleak, DEBUG_OBJECTS, fault '
                       'injection) once, cached outside the clone')
    p.add_argument('-j', '--jobs', type=int,
                   help='make -j (default: the number of CPUs)')
    p.add_argument('--no-nice', action='store_true',
                   help='do not build at nice 19')
    p.add_argument('--rebuild', action='store_true',
                   help='build again even if cached')
    p.add_argument('--print', choices=('kdir', 'image', 'release', 'dir'),
                   help='print where the cached build is and exit (fails '
                   'if it is not built)')
    p.set_defaults(fn=cmd_debug_kernel)
