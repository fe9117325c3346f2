# SPDX-License-Identifier: BSD-2-Clause
"""Judge console logs of the debug kernel (vm.py run --kernel debug) for
its detectors' reports: KASAN, UBSAN, lockdep (and sleeping in atomic
context), kmemleak (the scan tests/vm/debug/post.sh runs last),
DEBUG_OBJECTS, hung tasks, and any other kernel warning or BUG.

Each report is printed with the test (RV-PART/RV-STEP) that was running
when it appeared (for a leak: when the object was allocated) and its
first lines; frames of modules unloaded by then are named from the .ko
files given with --ko (tests/vm/debug/pre.sh logs where they were).
For each log, debug-<name>.tap gets one test per detector, one for the
kmemleak scan, one for the run's end.  Exit status 0 when no
detector reported anything."""

import os

from .. import judge, log, symbols
from . import common

COMMAND = 'debug-report'
HELP = ('judge debug-kernel logs: KASAN, UBSAN, lockdep, kmemleak, '
        'DEBUG_OBJECTS, hung tasks, each named by the test that ran')
SHOW_LINES = 16     # lines of each report printed
LEAK_PREFIX = 'kmemleak-report: '     # tests/vm/debug/post.sh


def arguments(p, build):
    p.add_argument('logs', nargs='+', metavar='LOG')
    p.add_argument('--out', default=os.path.join(build, 'debug', 'vm'),
                   help='where debug-<log name>.tap goes')
    p.add_argument('--ko', nargs='+', default=[], metavar='MODULE.ko',
                   help='the modules that ran, to name their code in '
                   'reports printed after they were unloaded')


def kmemleak_state(lines):
    """The last RV-KMEMLEAK state ('done objects=N', 'unavailable', ...)."""
    state = None
    for _, mark, rest in log.markers(lines):
        if mark == 'RV-KMEMLEAK':
            state = rest
    return state


def report_lines(lines, r, sym):
    """The report's first lines, named where the kernel could not."""
    out = []
    for k, raw in enumerate(lines[r.first - 1:r.first - 1 + SHOW_LINES]):
        msg = log.message(raw)
        if k and judge.LEAK_RE.search(msg):
            break                     # the next leaked object
        out.append(sym.line(msg, r.when))
    return out


def origin(r, shown):
    """For a leak: the first frame in one of our modules, else ''."""
    if r.kind != 'kmemleak':
        return ''
    for line in shown:
        if line.endswith(']') and '] ' in line and ' [' in line:
            return ' from ' + line.split('] ', 1)[1]
    return ''


def judge_log(lines, sym):
    """(harness tests, [(report, lines shown)]) for one log."""
    reps = [(r, report_lines(lines, r, sym) if r.first > 0 else [])
            for r in judge.reports(lines)]
    release = log.boot_release(lines)
    tests = [(common.debug_kernel(lines),
              'booted the debug kernel (%s)' % (release or 'no RV-BOOT'))]
    state = kmemleak_state(lines) or 'no RV-KMEMLEAK marker'
    tests.append((state.startswith('done'), 'kmemleak scan ran (%s)' % state))
    for det in judge.DETECTOR_ORDER:
        mine = [(r, shown) for r, shown in reps if r.detector == det]
        what = 'other kernel reports' if det == 'other' else \
            '%s reports' % det
        if not mine:
            tests.append((True, 'no %s' % what))
            continue
        first, shown = mine[0]
        tests.append((False, '%d %s, first in %s: %s%s' % (
            len(mine), what, first.test(),
            (first.headline or first.kind).replace(LEAK_PREFIX, '')[:100],
            origin(first, shown))))
    tests.append((log.done_status(lines) is not None,
                  'VM ran to the end (RV-DONE)'))
    return tests, reps


def show(path, r, shown):
    leak = ', allocated by %s' % r.comm if r.comm else ''
    print('%s:%d: %s (%s) during %s%s' % (path, r.first, r.detector,
                                          r.kind, r.test(), leak))
    for line in shown:
        print('    ' + line)


def run(args):
    os.makedirs(args.out, exist_ok=True)
    rc = 0
    for path in args.logs:
        lines = log.read_lines(path)
        tests, reps = judge_log(lines, symbols.Symbolizer(lines, args.ko))
        name = os.path.splitext(os.path.basename(path))[0]
        log.write_lines(os.path.join(args.out, 'debug-%s.tap' % name),
                        common.harness_tap(tests))
        bad = [t for ok, t in tests if ok is False]
        print('debug-report: %s: %s' % (
            path, 'clean' if not bad and not reps else
            '%d kernel reports' % len(reps)))
        for r, shown in reps:
            show(path, r, shown)
        for t in bad:
            print('debug-report: FAILED: %s: %s' % (name, t))
        rc |= 1 if bad or reps else 0
    return rc
