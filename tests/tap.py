#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Summarise TAP streams.

Reads TAP from files (or stdin), prints one summary line per stream and then
exactly "check: N passed, N failed" (", N skipped" when nonzero).  Exit
status 1 when anything failed.

A file may hold several TAP streams one after another (a make log that ran
two suites): a new stream starts at a plan line when the current stream
already has one, or at any TAP line after a trailing plan.  Lines that are
not TAP (compiler output, make chatter, indented subtests) are ignored.

Counting rules: "ok" passes; "not ok" fails; "# SKIP" (on either) is
skipped and never a pass; "not ok ... # TODO" is skipped (expected failure);
"Bail out!" is one failure; a missing plan, or a plan that disagrees with
the number of tests run, is one failure; a stream with no TAP at all is one
failure (a suite that printed nothing did not pass).
"""

import argparse
import re
import sys

TEST_RE = re.compile(r'^(not ok|ok)\b\s*(\d+)?\s*(?:-\s*)?(.*?)\s*$')
PLAN_RE = re.compile(r'^1\.\.(\d+)\s*(?:#\s*(.*))?$')
BAIL_RE = re.compile(r'^Bail out!\s*(.*)$')
# A directive follows the first '#' not escaped with a backslash.
DIRECTIVE_RE = re.compile(r'(?<!\\)#\s*(SKIP|TODO)\S*\s*(.*)$', re.IGNORECASE)


class Stream:
    """One TAP stream: its test results and structural problems."""

    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.ntests = 0
        self.plan = None          # planned count, or None
        self.plan_skip = None     # reason of "1..0 # SKIP ..."
        self.trailing_plan = False
        self.bailed = None        # reason of "Bail out!"
        self.problems = []        # human-readable failure reasons
        self.failures = []        # the "not ok" lines themselves

    @property
    def complete(self):
        # After a trailing plan nothing more belongs to this stream.
        return self.plan is not None and self.trailing_plan

    def add_test(self, line, ok, desc):
        self.ntests += 1
        m = DIRECTIVE_RE.search(desc)
        directive = m.group(1).upper() if m else None
        if directive == 'SKIP':
            self.skipped += 1
        elif directive == 'TODO':
            if ok:
                self.passed += 1
            else:
                self.skipped += 1
        elif ok:
            self.passed += 1
        else:
            self.failed += 1
            self.failures.append(line)

    def add_plan(self, count, comment):
        self.plan = count
        self.trailing_plan = self.ntests > 0
        if count == 0 and comment and comment.upper().startswith('SKIP'):
            self.plan_skip = comment

    def finish(self):
        """Turn structural errors into failures; call once at the end."""
        if self.bailed is not None:
            self.problems.append('Bail out! ' + self.bailed)
        if self.plan is None:
            if self.ntests == 0 and self.bailed is None:
                self.problems.append('no TAP output')
            elif self.bailed is None:
                self.problems.append('no plan (ran %d tests)' % self.ntests)
        elif self.plan != self.ntests and self.bailed is None:
            self.problems.append('planned %d tests, ran %d' %
                                 (self.plan, self.ntests))
        self.failed += len(self.problems)

    def summary(self):
        s = '%s: %d passed, %d failed' % (self.name, self.passed, self.failed)
        if self.skipped:
            s += ', %d skipped' % self.skipped
        if self.plan_skip is not None:
            s += ' (skipped: %s)' % self.plan_skip
        return s


def parse(lines, name):
    """Split an iterable of lines into a list of finished Streams."""
    streams = []
    cur = None

    def new():
        nonlocal cur
        idx = len(streams) + 1
        cur = Stream(name if idx == 1 else '%s#%d' % (name, idx))
        streams.append(cur)

    for raw in lines:
        line = raw.rstrip('\r\n')
        t = TEST_RE.match(line)
        p = PLAN_RE.match(line) if not t else None
        b = BAIL_RE.match(line) if not (t or p) else None
        if not (t or p or b):
            continue
        if cur is None or cur.complete or cur.bailed is not None or \
                (p and cur.plan is not None):
            new()
        if t:
            cur.add_test(line, t.group(1) == 'ok', t.group(3))
        elif p:
            cur.add_plan(int(p.group(1)), p.group(2))
        else:
            cur.bailed = b.group(1)
    if not streams:
        new()
    for s in streams:
        s.finish()
    return streams


def final_line(streams):
    passed = sum(s.passed for s in streams)
    failed = sum(s.failed for s in streams)
    skipped = sum(s.skipped for s in streams)
    line = 'check: %d passed, %d failed' % (passed, failed)
    if skipped:
        line += ', %d skipped' % skipped
    return line, failed


def main(argv=None):
    ap = argparse.ArgumentParser(
        description='Summarise TAP streams; last line is '
                    '"check: N passed, N failed".')
    ap.add_argument('files', nargs='*', metavar='FILE',
                    help='TAP files ("-" or nothing: stdin)')
    ap.add_argument('-q', '--quiet', action='store_true',
                    help='print only failures and the final line')
    args = ap.parse_args(argv)

    streams = []
    for f in args.files or ['-']:
        if f == '-':
            streams += parse(sys.stdin, '<stdin>')
            continue
        try:
            with open(f, encoding='utf-8', errors='replace') as fh:
                streams += parse(fh, f)
        except OSError as e:
            s = Stream(f)
            s.problems.append('cannot read: %s' % e.strerror)
            s.failed = 1
            streams.append(s)

    for s in streams:
        if not args.quiet or s.failed:
            print(s.summary())
        for line in s.failures:
            print('    ' + line)
        for p in s.problems:
            print('    ' + p)
    line, failed = final_line(streams)
    print(line)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
