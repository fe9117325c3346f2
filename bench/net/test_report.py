# SPDX-License-Identifier: BSD-2-Clause
"""Unit tests for bench/net/report.py
(python3 -m unittest discover -s bench/net -p 'test_*.py')."""
import io
import json
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report as netreport  # noqa: E402

SAMPLE = """\
[  9.0] netbench: native-in 400.0
[  9.1] netbench: native-in 600.0
[  9.2] netbench: native-in 500.0
[  9.3] netbench: veth-in 800.0
[  9.4] netbench: tap-in 200.0
[  9.5] netbench: native-out 100.0
[  9.6] netbench: veth-out 900.0
[  9.7] netbench: tap-out 80.0
[  9.8] netbench: ping-guest 0.30
[  9.9] netbench: ping-linux 0.20
netbench: http-guest 300.0
netbench: # native-in failed: ...
"""


class NetReportTest(unittest.TestCase):
    def run_report(self, text, icount=None):
        d = tempfile.mkdtemp()
        log = os.path.join(d, "vm.log")
        with open(log, "w") as f:
            f.write(text)
        argv = [log, "--out", d]
        if icount is not None:
            with open(os.path.join(d, "icount.log"), "w") as f:
                f.write(icount)
            argv += ["--icount", os.path.join(d, "icount.log")]
        out = io.StringIO()
        with redirect_stdout(out):
            rc = netreport.main(argv)
        res = None
        if rc == 0:
            with open(os.path.join(d, "results.json")) as f:
                res = json.load(f)
        return rc, out.getvalue(), res

    def test_median_and_targets(self):
        rc, out, res = self.run_report(SAMPLE)
        self.assertEqual(rc, 0)
        self.assertEqual(res["median"]["native-in"], 500.0)
        met = {t["target"]: t["met"] for t in res["targets"]}
        self.assertTrue(met["native TCP in / Linux over veth"])     # 0.625
        self.assertTrue(met["native TCP in / tap"])                 # 2.5
        self.assertFalse(met["native TCP out / Linux over veth"])   # 0.11
        self.assertFalse(met["native TCP out / tap"])               # 1.25
        self.assertTrue(met["ping guest RTT / Linux RTT (at most)"])
        self.assertIn("MISS  native TCP out / tap: 1.25", out)

    def test_missing_numbers_are_not_met(self):
        rc, out, res = self.run_report("netbench: native-in 5.0\n")
        self.assertEqual(rc, 0)
        self.assertFalse(any(t["met"] for t in res["targets"]))
        self.assertIn("-", out)

    def test_icount_run_reported_apart(self):
        rc, out, res = self.run_report(
            SAMPLE, "netbench: ping-guest 0.035\nnetbench: ping-linux 0.041\n")
        self.assertEqual(rc, 0)
        self.assertEqual(res["median"]["ping-guest"], 0.30)
        self.assertEqual(res["icount"]["median"]["ping-guest"], 0.035)
        met = {t["target"]: t["met"] for t in res["icount"]["targets"]}
        self.assertTrue(met["ping guest RTT / Linux RTT (at most)"])
        self.assertFalse(met["native TCP in / tap"])
        self.assertIn("counting instructions", out)

    def test_icount_log_without_lines_fails(self):
        rc, _, _ = self.run_report(SAMPLE, "nothing\n")
        self.assertEqual(rc, 1)

    def test_no_lines(self):
        rc, _, _ = self.run_report("nothing here\n")
        self.assertEqual(rc, 1)


if __name__ == "__main__":
    unittest.main()
