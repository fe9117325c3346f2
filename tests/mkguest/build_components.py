#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Build the synthetic component archives (tests/mkguest/components) the
way a user builds NetBSD's rump kernel for rumpvisor: every object with
the kernel ABI flags, one ar archive per component, into OUT/lib.  The
fixtures of the error cases are built with one flag wrong each.

usage: build_components.py --out DIR [--cc CC]
"""

import argparse
import os
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
SRC = os.path.join(TOP, 'tests', 'mkguest', 'components')

# What README.md ("rumpvisor-mkguest") tells users to build with.
KERNEL_ABI = ['-mcmodel=kernel', '-mno-red-zone', '-fno-pic', '-fno-pie',
              '-mno-sse', '-mno-mmx', '-mno-sse2', '-mno-3dnow', '-mno-avx',
              '-mno-80387', '-mno-fp-ret-in-387', '-fno-stack-protector',
              '-fcommon']
# The kernel's own Spectre mitigations (optional; calls Linux's thunks).
MITIGATIONS = ['-mindirect-branch=thunk-extern',
               '-mindirect-branch-register', '-mfunction-return=thunk-extern']
COMMON = ['-O2', '-g', '-std=gnu11', '-ffreestanding', '-nostdinc',
          '-fno-strict-aliasing', '-Wall', '-Wextra', '-Werror',
          '-I' + os.path.join(TOP, 'include'), '-I' + SRC]
# NetBSD's host halves (RUMPCOMP_USER_SRCS) are built for user space.
USER = ['-O2', '-g', '-Wall', '-Werror']
NO_SIMD = ['-mno-sse', '-mno-mmx', '-mno-sse2']

BASE = ['base/subr.c', 'base/kmem.c', 'base/lwp.c', 'base/upcalls.c',
        'base/kthread.c', 'base/clock.c', 'base/sysctl.c', 'base/comp.c',
        'base/init.c', 'base/reboot.c']

# archive name: [(sources, flags)]
ARCHIVES = {
    'sk': [(BASE, COMMON + KERNEL_ABI)],
    'sk_vfs': [(['vfs/vfs.c'], COMMON + KERNEL_ABI + MITIGATIONS)],
    'sk_memfs': [(['memfs/memfs.c'], COMMON + KERNEL_ABI)],
    'sk_net': [(['net/if_virt.c', 'net/arp.c', 'net/netconfig.c'],
                COMMON + KERNEL_ABI),
               (['net/host/virt_user.c'], USER)],
    'sk_sysproxy': [(['sysproxy/sysproxy.c'], COMMON + KERNEL_ABI)],
    'sk_rec': [(['rec/rec.c'], COMMON + KERNEL_ABI)],
    # Error cases: each is a whole component with one thing wrong.
    'sk_bad_undef': [(['bad/undef.c'], COMMON + KERNEL_ABI)],
    'sk_bad_hyper': [(['bad/hyper.c'], COMMON + KERNEL_ABI)],
    'sk_bad_sse': [(['bad/fpu.c'], COMMON + ['-mcmodel=kernel',
                                             '-mno-red-zone', '-fno-pic',
                                             '-fno-stack-protector'])],
    'sk_bad_x87': [(['bad/fpu.c'], COMMON + ['-mcmodel=kernel',
                                             '-mno-red-zone', '-fno-pic',
                                             '-fno-stack-protector']
                    + NO_SIMD)],
    'sk_bad_redzone': [(['bad/redzone.c'], COMMON + KERNEL_ABI +
                        ['-mred-zone'])],
    'sk_bad_pic': [(['bad/addr.c'], COMMON + KERNEL_ABI[1:] +
                    ['-mcmodel=small', '-fpic'])],
    'sk_bad_mcmodel': [(['bad/addr.c'], COMMON + KERNEL_ABI +
                        ['-mcmodel=small'])],
    'sk_bad_tls': [(['bad/tls.c'], COMMON + KERNEL_ABI)],
    'sk_bad_stackprot': [(['bad/stackprot.c'], COMMON + KERNEL_ABI +
                          ['-fstack-protector-all'])],
}


def build(name, parts, out, cc):
    objdir = os.path.join(out, 'obj', name)
    os.makedirs(objdir, exist_ok=True)
    objs = []
    for sources, flags in parts:
        for s in sources:
            o = os.path.join(objdir, os.path.basename(s)[:-2] + '.o')
            cmd = [cc] + flags + ['-c', os.path.join(SRC, s), '-o', o]
            if subprocess.call(cmd) != 0:
                sys.exit('build_components: %s failed:\n  %s' %
                         (s, ' '.join(cmd)))
            objs.append(o)
    lib = os.path.join(out, 'lib', 'lib%s.a' % name)
    os.makedirs(os.path.dirname(lib), exist_ok=True)
    if os.path.exists(lib):
        os.unlink(lib)
    if subprocess.call(['ar', 'rcs', lib] + objs) != 0:
        sys.exit('build_components: ar %s failed' % lib)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', required=True)
    ap.add_argument('--cc', default='cc')
    args = ap.parse_args()
    for name, parts in ARCHIVES.items():
        build(name, parts, args.out, args.cc)
    print('build_components: %d archives in %s' %
          (len(ARCHIVES), os.path.join(args.out, 'lib')))


if __name__ == '__main__':
    main()
