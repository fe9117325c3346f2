# SPDX-License-Identifier: BSD-2-Clause
"""Unit tests for bench/report.py (python3 -m unittest bench/test_report.py)."""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import report  # noqa: E402

SAMPLE = """\
[   10.1] rump: BENCH host=kernel case=cv_roundtrip iters=100 ps=50000
[   10.2] rump: BENCH host=kernel case=curlwp iters=1000 ps=2000
BENCH host=user case=cv_roundtrip iters=100 ps=100000
BENCH host=user case=curlwp iters=1000 ps=1500
BENCH host=native case=curlwp iters=1000 ps=1200
BENCH host=native case=mutex_uncontended iters=1000 ps=20000
BENCH host=native case=curlwp iters=1000 ps=1900
noise BENCH host=bad
"""


class ReportTest(unittest.TestCase):
    def setUp(self):
        fd, self.path = tempfile.mkstemp()
        with os.fdopen(fd, "w") as f:
            f.write(SAMPLE)

    def tearDown(self):
        os.unlink(self.path)

    def test_parse(self):
        res = report.parse([self.path])
        self.assertEqual(res["kernel"]["cv_roundtrip"], 50.0)
        self.assertEqual(res["user"]["curlwp"], 1.5)
        self.assertNotIn("bad", res)
        # Repeated cases keep their fastest run.
        self.assertEqual(res["native"]["curlwp"], 1.2)

    def test_targets(self):
        tg = {d: (v, m) for d, v, _l, m in report.targets(report.parse([self.path]))}
        self.assertEqual(tg["kernel/user cv_roundtrip"], (0.5, True))
        v, met = tg["kernel/user curlwp"]
        self.assertFalse(met)
        self.assertTrue(tg["native curlwp ns"][1])
        self.assertFalse(tg["native mutex_uncontended ns"][1])

    def test_save(self):
        res = report.parse([self.path])
        with tempfile.TemporaryDirectory() as d:
            report.save(res, report.targets(res), d)
            self.assertTrue(os.path.exists(os.path.join(d, "results.json")))
            with open(os.path.join(d, "results.csv")) as f:
                self.assertIn("native,curlwp,1.200", f.read())


if __name__ == "__main__":
    unittest.main()


class BaselineTest(unittest.TestCase):
    """The baseline commit's kernel lines, measured in the same boot."""

    def test_sections(self):
        fd, path = tempfile.mkstemp()
        with os.fdopen(fd, "w") as f:
            f.write("[ 1.0] BENCH-SECTION baseline\n"
                    "[ 1.1] rump: BENCH host=kernel case=malloc_free_64 iters=10 ps=100000\n"
                    "[ 2.0] BENCH-SECTION current\n"
                    "[ 2.1] rump-bench: BENCH host=kernel case=malloc_free_64 iters=10 ps=110000\n"
                    "BENCH host=user case=malloc_free_64 iters=10 ps=200000\n")
        try:
            res = report.parse([path])
        finally:
            os.unlink(path)
        self.assertEqual(res[report.BASE]["malloc_free_64"], 100.0)
        self.assertEqual(res["kernel"]["malloc_free_64"], 110.0)
        tg = {d: (v, m) for d, v, _l, m in report.targets(res)}
        v, met = tg["kernel/baseline malloc_free_64"]
        self.assertAlmostEqual(v, 1.1)
        self.assertFalse(met)
