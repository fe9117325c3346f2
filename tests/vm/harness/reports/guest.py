# SPDX-License-Identifier: BSD-2-Clause
"""Split a check-guest console log (tests/vm/check-guest.sh) into TAP.

guest-full.tap: the VFS suite in the kernel and its halt; guest-user.tap:
the suite on the userspace hypervisor in the VM; guest-harness.tap: the
steps, the 20 boot/halt/unload cycles, memory and threads, console."""

import os

from .. import log
from . import common

COMMAND = 'guest-report'
HELP = ('split a check-guest log into TAP files and judge the guest '
        'boot/halt cycles')
arguments = common.log_and_out_arguments


def run(args):
    lines, parts = common.start(args)
    log.write_lines(os.path.join(args.out, 'guest-full.tap'),
                    log.extract_tap(lines, 'vfstest: ', 'vfs-full'))
    log.write_lines(os.path.join(args.out, 'guest-user.tap'),
                    log.extract_tap(lines, 'vtuser: ', 'vfs-user'))
    harness = common.judge_parts(lines, parts, 'vfstest: ', 4)
    harness += common.need_parts(parts, ('vfs-full', 'cycle-%d' % args.cycles,
                                         'vfs-user'))
    return common.finish_report('check-guest',
                                'boot/halt/unload cycles of the reference '
                                'guest', args, lines, harness,
                                'guest-harness.tap')
