#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""rumpvisor VM harness: boot a Debian kernel (the stock image or our
debug kernel) under qemu (TCG) with a busybox initramfs, run a shell
script inside, and judge the console.

Kernel code is only ever tested here, never on the build machine's kernel.
This file is the command line; the harness is the package beside it
(tests/vm/harness/: kernel images, initramfs and its init.sh, boot,
console judgement, reports).  The in-VM scripts (tests/vm/*.sh) are thin
and talk back through RV-* marker lines; see harness/__init__.py.
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from harness import (TOP, boot, debugkernel, judge, kernel,  # noqa: E402
                     log, reports, selftest)

# The names other programs and the unit tests use from this module.
from harness.log import (done_status, extract_tap, markers,  # noqa: E402,F401
                         message, parse_samples, parse_steps, read_lines)
from harness.judge import check_console, taint_letters  # noqa: E402,F401
from harness.initramfs import Cpio  # noqa: E402,F401
from harness.reports.common import (  # noqa: E402,F401
    judge_cycles, judge_stats, lsq_slope)


def cmd_check(args):
    findings = judge.check_console(log.read_lines(args.log))
    for n, what, line in findings:
        print('%s:%d: %s: %s' % (args.log, n, what, line))
    if not findings:
        print('%s: console clean' % args.log)
    return 1 if findings else 0


def cmd_tap(args):
    for line in log.extract_tap(log.read_lines(args.log), args.prefix,
                                args.part):
        print(line)
    return 0


def add_log_commands(sub, build):
    p = sub.add_parser('check', help='judge a console log (warnings, oopses, '
                       'lockdep, hung tasks, detectors, taint, ...)')
    p.add_argument('log')
    p.set_defaults(fn=cmd_check)

    p = sub.add_parser('tap', help='print the TAP lines of a console log')
    p.add_argument('log')
    p.add_argument('--prefix', default='rump: ')
    p.add_argument('--part', help='only lines of this RV-PART')
    p.set_defaults(fn=cmd_tap)


def main(argv=None):
    build = os.environ.get('BUILD') or os.path.join(TOP, 'build')
    ap = argparse.ArgumentParser(
        prog='vm.py', description='rumpvisor VM harness (qemu TCG, busybox '
        'initramfs; stock or debug kernel).  The marker lines the scripts '
        'print: tests/vm/harness/__init__.py; how to add a test script or '
        'a report: tests/vm/README.md.')
    sub = ap.add_subparsers(dest='cmd', required=True, metavar='COMMAND')
    for add in (kernel.add_commands, debugkernel.add_commands,
                boot.add_commands, add_log_commands, reports.add_commands,
                selftest.add_commands):
        add(sub, build)
    args = ap.parse_args(argv)
    return args.fn(args)


if __name__ == '__main__':
    sys.exit(main())
