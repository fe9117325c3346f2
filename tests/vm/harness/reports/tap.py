# SPDX-License-Identifier: BSD-2-Clause
"""The generic report of a test script whose parts print TAP with one
prefix (rv_pipe PREFIX, or a module whose console lines carry it).

NAME-PART.tap: the TAP of each part that printed any (plain parts; the
parts of rv_cycles, cycle-N, are judged as one harness test each, with
--cycle-steps steps each); NAME-harness.tap: every step of the plain
parts, the cycles, the parts that must have run (--need), rumpvisor's
counters when the script sampled them, memory and threads when it ran
rv_cycles, the console, RV-DONE.  Exit status 0 when all of it passed.

A new VM test needs no new report:
  vm.py run --script tests/vm/net.sh --files ... --log BUILD/vm/net.log
  vm.py tap-report BUILD/vm/net.log --prefix 'net: ' --name net"""

import os
import re

from .. import log
from . import common

COMMAND = 'tap-report'
HELP = ('generic report: the TAP each part printed with a prefix, the '
        'steps, cycles and console of any test script')
NAME_RE = re.compile(r'^[A-Za-z0-9][A-Za-z0-9_.-]*$')


def arguments(p, build):
    p.add_argument('log')
    p.add_argument('--prefix', required=True,
                   help='what the TAP lines start with (e.g. "net: ")')
    p.add_argument('--name', required=True,
                   help='the TAP files are NAME-PART.tap, NAME-harness.tap')
    p.add_argument('--need', nargs='+', default=[], metavar='PART',
                   help='parts that must have run')
    p.add_argument('--cycle-steps', type=int, default=0, metavar='N',
                   help='steps each rv_cycles part must have run (checked '
                   'when the script used rv_cycles)')
    p.add_argument('--out', default=os.path.join(build, 'vm'))


def has_tap(lines):
    return any(common.tapmod.TEST_RE.match(t) or
               common.tapmod.PLAN_RE.match(t) for t in lines)


def run(args):
    if not NAME_RE.match(args.name):
        raise SystemExit('tap-report: bad --name %r' % args.name)
    lines, parts = common.start(args)
    written = []
    for part in dict.fromkeys(parts):
        if part.startswith('cycle-') or part == 'samples':
            continue
        tap_lines = log.extract_tap(lines, args.prefix, part)
        if has_tap(tap_lines):
            fname = '%s-%s.tap' % (args.name, re.sub(r'[^\w.-]', '_', part))
            log.write_lines(os.path.join(args.out, fname), tap_lines)
            written.append(fname)
    harness = common.judge_parts(lines, parts, args.prefix,
                                 args.cycle_steps, 'steps and TAP')
    harness += common.need_parts(parts, args.need)
    if not written:
        harness.append((False, 'some part printed TAP with prefix %r'
                        % args.prefix))
    cycles = any(tag == 'base' for tag, _ in log.parse_samples(lines))
    stats = any(mark == 'RV-STATS' for _, mark, _ in log.markers(lines))
    return common.finish_report(args.name, 'TAP files: %s' % (
        ', '.join(written) or 'none'), args, lines, harness,
        '%s-harness.tap' % args.name, cycles=cycles, stats_needed=stats)
