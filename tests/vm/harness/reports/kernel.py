# SPDX-License-Identifier: BSD-2-Clause
"""Split a check-kernel console log (tests/vm/check-kernel.sh) into TAP
files and judge it.

kernel-full.tap: the full conformance suite in the kernel; kernel-exit.tap:
the guest-panic exit scenario (when it printed TAP); vm-user.tap: the
suite on the userspace hypervisor in the VM; kernel-harness.tap: the
steps, the 20 load/run/unload cycles, memory and threads, the console."""

import os

from .. import log
from . import common

COMMAND = 'kernel-report'
HELP = ('split a check-kernel log into TAP files and judge the load/unload '
        'cycles')
arguments = common.log_and_out_arguments


def run(args):
    lines, parts = common.start(args)
    # The full suite and the exit scenario keep their own TAP files; the
    # 20 quick cycles are judged here, one harness test per cycle, so the
    # total does not count the same quick suite twenty times.
    for part, fname in (('full', 'kernel-full.tap'),
                        ('exit', 'kernel-exit.tap')):
        tap_lines = log.extract_tap(lines, 'rump-ct: ', part)
        if part == 'full' or any(common.tapmod.TEST_RE.match(t)
                                 for t in tap_lines):
            log.write_lines(os.path.join(args.out, fname), tap_lines)
    log.write_lines(os.path.join(args.out, 'vm-user.tap'),
                    log.extract_tap(lines, 'ctuser: ', 'user'))
    harness = common.judge_parts(lines, parts, 'rump-ct: ', 4)
    harness += common.need_parts(parts, ('full', 'cycle-%d' % args.cycles,
                                         'exit', 'user'))
    return common.finish_report('check-kernel', 'load/unload cycles', args,
                                lines, harness, 'kernel-harness.tap')
