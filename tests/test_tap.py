# SPDX-License-Identifier: BSD-2-Clause
"""Unit tests for tests/tap.py (python3 -m unittest discover -s tests)."""

import io
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tap  # noqa: E402


def counts(text):
    streams = tap.parse(text.splitlines(True), 't')
    return ([(s.passed, s.failed, s.skipped) for s in streams],
            tap.final_line(streams)[0])


class TapParse(unittest.TestCase):
    def test_all_ok_leading_plan(self):
        self.assertEqual(counts('1..2\nok 1 - a\nok 2 - b\n'),
                         ([(2, 0, 0)], 'check: 2 passed, 0 failed'))

    def test_trailing_plan_and_noise(self):
        text = 'make[1]: Entering\nok 1 a\n# diag\nnot ok 2 b # x\n1..2\n'
        self.assertEqual(counts(text),
                         ([(1, 1, 0)], 'check: 1 passed, 1 failed'))

    def test_skip_is_never_a_pass(self):
        text = '1..3\nok 1 # SKIP no disk\nok 2 - x # skipped here\nok 3\n'
        self.assertEqual(counts(text),
                         ([(1, 0, 2)], 'check: 1 passed, 0 failed, 2 skipped'))

    def test_escaped_hash_is_not_a_directive(self):
        self.assertEqual(counts('1..1\nok 1 - a \\# SKIP b\n')[0], [(1, 0, 0)])

    def test_todo(self):
        self.assertEqual(counts('1..2\nnot ok 1 # TODO later\nok 2 # TODO\n')[0],
                         [(1, 0, 1)])

    def test_bail_out_fails(self):
        self.assertEqual(counts('1..5\nok 1\nBail out! watchdog\n')[0],
                         [(1, 1, 0)])

    def test_plan_mismatch_fails(self):
        self.assertEqual(counts('1..3\nok 1\nok 2\n')[0], [(2, 1, 0)])
        self.assertEqual(counts('ok 1\nok 2\n1..1\n')[0], [(2, 1, 0)])

    def test_missing_plan_fails(self):
        self.assertEqual(counts('ok 1\nok 2\n')[0], [(2, 1, 0)])

    def test_empty_fails(self):
        self.assertEqual(counts('nothing here\n')[0], [(0, 1, 0)])

    def test_plan_skip_all(self):
        self.assertEqual(counts('1..0 # SKIP no kernel\n')[0], [(0, 0, 0)])

    def test_two_streams_in_one_file(self):
        text = 'ok 1\nok 2\n1..2\nok 1\nnot ok 2\n1..2\n1..1\nok 1\n'
        self.assertEqual(counts(text)[0], [(2, 0, 0), (1, 1, 0), (1, 0, 0)])

    def test_indented_subtests_ignored(self):
        self.assertEqual(counts('1..1\n    not ok 1 sub\nok 1\n')[0],
                         [(1, 0, 0)])


class TapMain(unittest.TestCase):
    def run_main(self, *texts):
        paths = []
        with tempfile.TemporaryDirectory() as d:
            for i, t in enumerate(texts):
                p = os.path.join(d, '%d.tap' % i)
                with open(p, 'w') as f:
                    f.write(t)
                paths.append(p)
            out = io.StringIO()
            with redirect_stdout(out):
                rc = tap.main(paths)
        return rc, out.getvalue().splitlines()

    def test_exit_status_and_final_line(self):
        rc, out = self.run_main('1..1\nok 1\n', '1..1\nok 1 # SKIP x\n')
        self.assertEqual((rc, out[-1]), (0, 'check: 1 passed, 0 failed, 1 skipped'))
        rc, out = self.run_main('1..1\nok 1\n', '1..1\nnot ok 1 - broken\n')
        self.assertEqual((rc, out[-1]), (1, 'check: 1 passed, 1 failed'))
        self.assertIn('    not ok 1 - broken', out)

    def test_missing_file_fails(self):
        out = io.StringIO()
        with redirect_stdout(out):
            rc = tap.main(['/nonexistent/x.tap'])
        self.assertEqual(rc, 1)
        self.assertEqual(out.getvalue().splitlines()[-1],
                         'check: 0 passed, 1 failed')


if __name__ == '__main__':
    unittest.main()
