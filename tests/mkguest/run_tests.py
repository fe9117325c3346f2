#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""make check-mkguest: rumpvisor-mkguest's unit tests (test_units.py) and
the tool end to end on the synthetic components (test_tool.py), as TAP.

usage: run_tests.py --build BUILD --kdir KDIR [PATTERN]

Needs the synthetic archives (make mkguest-components, in BUILD/mkguest/lib)
and rumpvisor's build (BUILD/kbuild/Module.symvers).  PATTERN runs only
the tests whose name contains it.
"""

import argparse
import os
import sys
import time
import traceback
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)),
                                'tools', 'mkguest'))

import fixtures  # noqa: E402


class TapResult(unittest.TestResult):
    """Each test as one TAP line, failures with their traceback as
    comments."""

    def __init__(self):
        super().__init__()
        self.n = 0
        self.t0 = 0

    def startTest(self, test):
        super().startTest(test)
        self.t0 = time.monotonic()

    def _line(self, ok, test, extra=''):
        self.n += 1
        print('%sok %d - %s%s' % ('' if ok else 'not ', self.n,
                                  test.id().split('.', 1)[-1], extra),
              flush=True)

    def addSuccess(self, test):
        super().addSuccess(test)
        self._line(True, test, ' (%.1f s)' % (time.monotonic() - self.t0)
                   if time.monotonic() - self.t0 > 2 else '')

    def _fail(self, test, err):
        self._line(False, test)
        for line in ''.join(traceback.format_exception(*err)).splitlines():
            print('#   ' + line)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._fail(test, err)

    def addError(self, test, err):
        super().addError(test, err)
        self._fail(test, err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._line(True, test, ' # SKIP %s' % reason)


def _flatten(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from _flatten(t)
        else:
            yield t


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--build', required=True)
    ap.add_argument('--kdir', required=True)
    ap.add_argument('pattern', nargs='?', default='')
    args = ap.parse_args()
    fixtures.configure(args.build, args.kdir)
    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    for name in ('test_units', 'test_tool'):
        suite.addTests(loader.loadTestsFromName(name))
    tests = [t for t in _flatten(suite) if args.pattern in t.id()]
    print('1..%d' % len(tests), flush=True)
    result = TapResult()
    unittest.TestSuite(tests).run(result)
    return 0 if result.wasSuccessful() else 1


if __name__ == '__main__':
    sys.exit(main())
