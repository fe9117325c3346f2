# SPDX-License-Identifier: BSD-2-Clause
"""Unit tests for bench/fs/report.py
(python3 -m unittest discover -s bench/fs -p 'test_*.py')."""
import io
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report as fsreport  # noqa: E402

SAMPLE = """\
[  9.0] fsbench: BENCH host=kernel case=rump_init iters=1 ps=20000000000
[  9.1] fsbench: BENCH host=kernel case=getpid iters=1000 ps=100000
[  9.2] fsbench: BENCH host=kernel case=smallfile_create iters=10 ps=4000000
[  9.3] fsbench: BENCH host=kernel case=seq_write_mib iters=256 ps=1000000000
[  9.4] fsbench: BENCH host=kernel case=rump_init iters=1 ps=30000000000
BENCH host=user case=smallfile_create iters=10 ps=1000000
BENCH host=linux case=getpid iters=1000 ps=200000
BENCH host=linux case=smallfile_create iters=10 ps=1000000
BENCH host=linux case=seq_write_mib iters=256 ps=1000000000
BENCH host=native case=curlwp iters=1 ps=1
"""


class FsReportTest(unittest.TestCase):
    def setUp(self):
        fd, self.path = tempfile.mkstemp()
        with os.fdopen(fd, "w") as f:
            f.write(SAMPLE)
        self.res = fsreport.base.parse([self.path])

    def tearDown(self):
        os.unlink(self.path)

    def test_targets(self):
        tg = {d.split(" (")[0]: (v, m) for d, v, _l, m in
              fsreport.targets(self.res)}
        self.assertTrue(tg["kernel rump_sys_getpid ns < Linux getpid ns"][1])
        # 4 us per file against Linux's 1 us: a quarter of the rate.
        v, met = tg["kernel smallfile_create speed / Linux tmpfs"]
        self.assertAlmostEqual(v, 0.25)
        self.assertFalse(met)
        self.assertTrue(tg["user smallfile_create speed / Linux tmpfs"][1])
        self.assertTrue(tg["kernel seq_write_mib speed / Linux tmpfs"][1])
        # The fastest boot counts: 20 ms.
        self.assertEqual(tg["kernel rump_init ms"], (20.0, True))

    def test_main(self):
        with tempfile.TemporaryDirectory() as d:
            buf = io.StringIO()
            with redirect_stdout(buf):
                self.assertEqual(fsreport.main([self.path, "--out", d]), 0)
            text = buf.getvalue()
            self.assertIn("sequential write", text)
            self.assertIn("1000.0", text)     # 1 ms per MiB
            self.assertNotIn("native", text)
            self.assertTrue(os.path.exists(os.path.join(d, "results.csv")))


if __name__ == "__main__":
    unittest.main()


class TwinTest(unittest.TestCase):
    """Two guests at once are added up over the time they took together."""

    def spans(self, text):
        fd, path = tempfile.mkstemp()
        with os.fdopen(fd, "w") as f:
            f.write(text)
        try:
            return fsreport.spans([path], "smallfile_create")
        finally:
            os.unlink(path)

    def test_overlapping_guests_add_up(self):
        sp = self.spans(
            "solo: SPAN host=solo case=smallfile_create iters=100 t0=0 t1=1000000000\n"
            "twina: SPAN host=twin-a case=smallfile_create iters=100 t0=5000000000 t1=6000000000\n"
            "twinb: SPAN host=twin-b case=smallfile_create iters=100 t0=5000000000 t1=6250000000\n")
        one, two = fsreport.twin_rates(sp)
        self.assertAlmostEqual(one, 100.0)
        self.assertAlmostEqual(two, 160.0)

    def test_guests_one_after_the_other_do_not_add_up(self):
        sp = self.spans(
            "SPAN host=solo case=smallfile_create iters=100 t0=0 t1=1000000000\n"
            "SPAN host=twin-a case=smallfile_create iters=100 t0=0 t1=1000000000\n"
            "SPAN host=twin-b case=smallfile_create iters=100 t0=1000000000 t1=2000000000\n")
        one, two = fsreport.twin_rates(sp)
        self.assertAlmostEqual(two / one, 1.0)

    def test_missing_runs(self):
        self.assertIsNone(fsreport.twin_rates(self.spans(
            "SPAN host=solo case=smallfile_create iters=1 t0=0 t1=10\n")))
