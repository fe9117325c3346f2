# SPDX-License-Identifier: BSD-2-Clause
"""The harness's own unit tests as TAP (vm.py selftest, make
check-harness): tests/vm/test_*.py, tests/test_tap.py and the mutation
tool's tests/mutation/test_*.py."""

import os
import unittest

from . import TESTS, VMDIR, log

SUITES = ((VMDIR, 'test_*.py'), (TESTS, 'test_tap.py'),
          (os.path.join(TESTS, 'mutation'), 'test_*.py'))


class Tap(unittest.TestResult):
    """A test result that collects TAP lines."""

    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, ok, test, extra=''):
        self.lines.append('%s %d - %s%s' % ('ok' if ok else 'not ok',
                                            len(self.lines) + 1, test,
                                            extra))

    def addSuccess(self, test):
        self.emit(True, test.id())

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.emit(False, test.id())

    addError = addFailure

    def addSubTest(self, test, subtest, err):
        # A failed subtest fails its test, and addSuccess is not called.
        if err is not None:
            super().addSubTest(test, subtest, err)
            self.emit(False, subtest.id())

    def addSkip(self, test, reason):
        self.emit(True, test.id(), ' # SKIP %s' % reason)


def cmd_selftest(args):
    suite = unittest.TestSuite()
    loader = unittest.defaultTestLoader
    for top, pattern in SUITES:
        # Each directory is its own top level: its tests import their
        # neighbours by plain name (vm, tap, mutate).
        suite.addTests(loader.discover(top, pattern=pattern,
                                       top_level_dir=top))
    result = Tap()
    suite.run(result)
    out = result.lines + ['1..%d' % len(result.lines)]
    for line in out:
        print(line)
    for _, tb in result.failures + result.errors:
        for t in tb.splitlines():
            print('# ' + t)
    if args.out:
        log.write_lines(args.out, out)
    return 0 if result.wasSuccessful() else 1


def add_commands(sub, build):
    p = sub.add_parser('selftest', help='run the harness unit tests as TAP')
    p.add_argument('--out', help='also write the TAP here')
    p.set_defaults(fn=cmd_selftest)
