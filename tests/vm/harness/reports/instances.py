# SPDX-License-Identifier: BSD-2-Clause
"""Split a check-instances log (tests/vm/check-instances.sh) into TAP.

instances.tap: the script's own checks (its "ti: " lines: resident guests,
rumpctl, bad files= values, guests that do not halt, busy guests, ten
panics beside a serving guest); instances-harness.tap: the steps, the
cycles of two VFS suites at once (both streams must pass, every cycle),
rumpvisor's counters, memory and threads against the baseline, the
console."""

import os

from .. import log
from . import common

COMMAND = 'instances-report'
HELP = ('split a check-instances log into TAP files and judge resident '
        'guests, several at once')
arguments = common.log_and_out_arguments

# Steps of one cycle of tests/vm/check-instances.sh's twin().
TWIN_STEPS = 8


def run(args):
    lines, parts = common.start(args)
    log.write_lines(os.path.join(args.out, 'instances.tap'),
                    log.extract_tap(lines, 'ti: '))
    # The confinement guest's own TAP (tests/conformance/confine.c).
    log.write_lines(os.path.join(args.out, 'instances-confine.tap'),
                    log.extract_tap(lines, 'rump-confine: ', 'confine'))
    plain = [p for p in parts if not p.startswith('cycle-')]
    harness = common.judge_parts(lines, plain, 'ti: ', 0)
    for part in (p for p in parts if p.startswith('cycle-')):
        for prefix in ('vfstest: ', 'vfstest2: '):
            harness += common.judge_parts(
                lines, [part], prefix, TWIN_STEPS,
                'two guests at once, %s quick suite' % prefix.rstrip(': '))
    harness += common.need_parts(parts, ('resident', 'confine', 'bad-files',
                                         'no-exit',
                                         'busy', 'panics',
                                         'cycle-%d' % args.cycles))
    return common.finish_report('check-instances',
                                'two reference guests at once: load/unload '
                                'cycles', args, lines, harness,
                                'instances-harness.tap')
