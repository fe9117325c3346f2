# SPDX-License-Identifier: BSD-2-Clause
"""The stock kernel the VM boots: Debian's linux-image-<abi>-unsigned for
the ABI the installed headers are for, cached in BUILD/vm/kernel/.

The image (vmlinuz) is extracted once; the package is kept beside it so
that modules of that kernel (tun, veth, ...) can be taken from it on
request (kmods.py), each extracted once into BUILD/vm/kernel/modules/.
"""

import os
import shutil
import subprocess
import sys

from . import TOP


def kver_default():
    try:
        return subprocess.check_output([os.path.join(TOP, 'scripts', 'kver')],
                                       text=True).strip()
    except (OSError, subprocess.CalledProcessError):
        return ''


def kernel_dir(out):
    return os.path.join(out, 'kernel')


def package_name(kver):
    return 'linux-image-%s-unsigned' % kver


def find_deb(kdir, kver):
    pkg = package_name(kver)
    debs = sorted(f for f in os.listdir(kdir) if f.startswith(pkg + '_')
                  and f.endswith('.deb')) if os.path.isdir(kdir) else []
    return os.path.join(kdir, debs[-1]) if debs else None


def download_deb(kdir, kver):
    """The image package in kdir, downloaded once with apt-get."""
    deb = find_deb(kdir, kver)
    if deb:
        return deb
    pkg = package_name(kver)
    print('vm kernel: apt-get download %s' % pkg, flush=True)
    cmd = ['apt-get', 'download', '-q', pkg]
    if subprocess.call(cmd, cwd=kdir) != 0:
        # A fresh machine may have no package lists yet.
        if os.geteuid() != 0:
            sys.exit('vm kernel: apt-get download %s failed' % pkg)
        subprocess.check_call(['apt-get', 'update', '-qq'])
        subprocess.check_call(cmd, cwd=kdir)
    deb = find_deb(kdir, kver)
    if not deb:
        sys.exit('vm kernel: apt-get download %s left no package' % pkg)
    return deb


def extract(deb, members, dest_dir):
    """Extract members ('./boot/...') of a package's files into dest_dir;
    False if tar failed (a member missing)."""
    p1 = subprocess.Popen(['dpkg-deb', '--fsys-tarfile', deb],
                          stdout=subprocess.PIPE)
    p2 = subprocess.Popen(['tar', '-x', '-C', dest_dir] + list(members),
                          stdin=p1.stdout)
    p1.stdout.close()
    rc2, rc1 = p2.wait(), p1.wait()
    return rc1 == 0 and rc2 == 0


def fetch_image(out, kver, vmlinuz=None):
    """BUILD/vm/kernel/vmlinuz for kver (cached); its path."""
    kdir = kernel_dir(out)
    dest = os.path.join(kdir, 'vmlinuz')
    stamp = os.path.join(kdir, 'version')
    os.makedirs(kdir, exist_ok=True)
    if os.path.exists(dest) and os.path.exists(stamp):
        with open(stamp) as f:
            if f.read().strip() == kver:
                print('vm kernel: %s cached' % kver)
                return dest
    if vmlinuz:
        shutil.copyfile(vmlinuz, dest + '.tmp')
    else:
        deb = download_deb(kdir, kver)
        tmp = os.path.join(kdir, 'extract.tmp')
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        # Only the image: all modules would cost hundreds of MB of I/O.
        member = './boot/vmlinuz-%s' % kver
        if not extract(deb, [member], tmp):
            shutil.rmtree(tmp, ignore_errors=True)
            sys.exit('vm kernel: could not extract %s from %s' %
                     (member, deb))
        os.replace(os.path.join(tmp, member), dest + '.tmp')
        shutil.rmtree(tmp, ignore_errors=True)
    os.replace(dest + '.tmp', dest)
    with open(stamp, 'w') as f:
        f.write(kver + '\n')
    print('vm kernel: %s -> %s' % (kver, dest))
    return dest


class StockModules:
    """Modules of the stock kernel, from its package (for kmods.py)."""

    def __init__(self, out, kver):
        self.release = kver
        self.kdir = kernel_dir(out)
        self.root = os.path.join(self.kdir, 'modules')

    def index(self):
        """{module name: path below lib/modules/<kver>/}, listed once."""
        from . import kmods
        listing = os.path.join(self.kdir, 'modules.list')
        if not os.path.exists(listing):
            os.makedirs(self.kdir, exist_ok=True)
            deb = download_deb(self.kdir, self.release)
            p1 = subprocess.Popen(['dpkg-deb', '--fsys-tarfile', deb],
                                  stdout=subprocess.PIPE)
            names = subprocess.check_output(['tar', '-t'], stdin=p1.stdout,
                                            text=True)
            p1.stdout.close()
            if p1.wait() != 0:
                sys.exit('vm kernel: cannot list %s' % deb)
            prefix = './lib/modules/%s/' % self.release
            with open(listing + '.tmp', 'w') as f:
                for n in names.splitlines():
                    if n.startswith(prefix) and n.endswith(kmods.SUFFIXES):
                        f.write(n[len(prefix):] + '\n')
            os.replace(listing + '.tmp', listing)
        with open(listing) as f:
            return {kmods.module_name(rel): rel for rel in f.read().split()}

    def fetch(self, relpaths):
        """{relpath: host file}, extracting from the package what is not
        extracted yet."""
        prefix = './lib/modules/%s/' % self.release
        todo = [r for r in relpaths
                if not os.path.exists(os.path.join(self.root, prefix, r))]
        if todo:
            os.makedirs(self.root, exist_ok=True)
            deb = download_deb(self.kdir, self.release)
            if not extract(deb, [prefix + r for r in todo], self.root):
                sys.exit('vm kernel: could not extract %s from %s' %
                         (' '.join(todo), deb))
        return {r: os.path.join(self.root, prefix, r) for r in relpaths}


def cmd_kernel(args):
    kver = args.kver or kver_default()
    if not kver:
        sys.exit('vm kernel: no kernel version (install linux-headers-amd64 '
                 'or pass --kver)')
    fetch_image(args.out, kver, args.vmlinuz)
    return 0


def add_commands(sub, build):
    p = sub.add_parser('kernel', help='fetch the Debian kernel image into '
                       'BUILD/vm/kernel/vmlinuz (cached)')
    p.add_argument('--kver', help='kernel ABI name (default: scripts/kver)')
    p.add_argument('--out', default=os.path.join(build, 'vm'))
    p.add_argument('--vmlinuz', help='use this image instead of downloading')
    p.set_defaults(fn=cmd_kernel)
