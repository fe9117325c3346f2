# SPDX-License-Identifier: BSD-2-Clause
"""Unit tests for bench/sysproxy/report.py
(python3 -m unittest discover -s bench/sysproxy -p 'test_*.py')."""
import io
import json
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report as spreport  # noqa: E402

# ns per operation = ps / 1000.
SAMPLE = """\
[  9.0] spb: BENCH host=linux case=getpid iters=100000 ps=1000000
[  9.1] spb: BENCH host=linux case=read64k_mib iters=32 ps=100000000000
[  9.2] spb: BENCH host=dev case=getpid iters=20000 ps=1500000
[  9.3] spb: BENCH host=dev case=getpid iters=20000 ps=3000000
[  9.4] spb: BENCH host=dev case=read64k_mib iters=32 ps=400000000000
[  9.5] spb: BENCH host=ksock case=getpid iters=20000 ps=60000000
[  9.6] spb: BENCH host=usock case=getpid iters=20000 ps=100000000
[  9.7] spb: BENCH host=dev case=create-1 iters=400 ps=10000000
[  9.8] spb: BENCH host=dev case=create-2 iters=800 ps=5500000
[  9.9] spb: BENCH host=dev case=create-8 iters=3200 ps=5000000
[ 10.0] spb: BENCH host=dev case=create-32 iters=12800 ps=9000000
"""


class SpReportTest(unittest.TestCase):
    def setUp(self):
        fd, self.path = tempfile.mkstemp()
        with os.fdopen(fd, "w") as f:
            f.write(SAMPLE)
        self.res = spreport.base.parse([self.path])

    def tearDown(self):
        os.unlink(self.path)

    def targets(self):
        return {d: (round(v, 3), m) for d, v, _l, m in
                spreport.targets(self.res)}

    def test_best_round_kept(self):
        self.assertEqual(self.res["dev"]["getpid"], 1500.0)

    def test_targets(self):
        tg = self.targets()
        self.assertEqual(tg["device getpid / Linux getpid"], (1.5, True))
        self.assertEqual(
            tg["kernel socket getpid / userspace socket getpid"], (0.6, True))
        self.assertEqual(tg["device 64 KiB read speed / Linux tmpfs"],
                         (0.25, False))
        self.assertEqual(tg["dev: files/s with 2 processes / with 1"],
                         (1.818, True))
        # 32 processes: 1/9000 files/ns against the best, 1/5000: 0.556.
        self.assertEqual(
            tg["dev: files/s with 32 processes / the best of 1, 2, 8"],
            (0.556, False))

    def test_missing_paths_leave_targets_out(self):
        tg = self.targets()
        self.assertFalse(any(d.startswith(("ksock:", "usock:")) for d in tg))

    def test_main_writes_results(self):
        with tempfile.TemporaryDirectory() as out:
            buf = io.StringIO()
            with redirect_stdout(buf):
                rc = spreport.main([self.path, "--out", out])
            self.assertEqual(rc, 0)
            self.assertIn("MISS", buf.getvalue())
            with open(os.path.join(out, "results.json")) as f:
                data = json.load(f)
            self.assertEqual(data["ns_per_op"]["usock"]["getpid"], 100000.0)
            self.assertTrue(os.path.exists(os.path.join(out, "results.csv")))

    def test_ratios_within_rounds(self):
        log = ("RV-PART round-1\n"
               "BENCH host=linux case=getpid iters=1 ps=1000000\n"
               "BENCH host=dev case=getpid iters=1 ps=3000000\n"
               "RV-PART round-2\n"
               "BENCH host=linux case=getpid iters=1 ps=500000\n"
               "BENCH host=dev case=getpid iters=1 ps=1000000\n"
               "RV-PART round-3\n"
               "BENCH host=linux case=getpid iters=1 ps=2000000\n"
               "BENCH host=dev case=getpid iters=1 ps=3000000\n")
        fd, path = tempfile.mkstemp()
        with os.fdopen(fd, "w") as f:
            f.write(log)
        try:
            rounds = spreport.parse_rounds([path])
        finally:
            os.unlink(path)
        self.assertEqual(len(rounds), 3)
        (d, med, lim, met, vals), = spreport.round_targets(rounds)
        # Best of each case across rounds would give 1000/500 = 2.0;
        # within rounds: 3.0, 2.0, 1.5, median 2.0, met (at most 2).
        self.assertEqual(vals, [3.0, 2.0, 1.5])
        self.assertEqual((med, met), (2.0, True))

    def test_linux_scaling_is_a_reference(self):
        rounds = [{"linux": {"create-1": 100.0, "create-2": 80.0,
                             "create-32": 90.0},
                   "dev": {"create-1": 100.0, "create-2": 50.0}},
                  {"linux": {"create-1": 100.0, "create-2": 50.0,
                             "create-32": 60.0}}]
        refs = {d: (med, vals) for d, med, vals in
                spreport.references(rounds)}
        self.assertEqual(
            refs["linux: files/s with 2 processes / with 1"],
            (1.625, [1.25, 2.0]))
        # Not a target: only the proxy paths have limits.
        names = [t[0] for t in spreport.round_targets(rounds)]
        self.assertFalse(any(n.startswith("linux:") for n in names))
        self.assertIn("dev: files/s with 2 processes / with 1", names)


ICOUNT = """\
[  1.7] spb: BENCH host=linux case=getpid iters=100000 ps=322000
[  1.9] spb: BENCH host=dev case=ioctl_info iters=100000 ps=702000
[  1.9] spb: BENCH host=dev case=getpid iters=20000 ps=1932000
"""


class IcountTest(unittest.TestCase):
    def test_table_and_target(self):
        with tempfile.TemporaryDirectory() as d:
            log = os.path.join(d, "icount.log")
            with open(log, "w") as f:
                f.write(ICOUNT)
            ic = spreport.base.parse([log])
            table = spreport.icount_table(ic)
            self.assertIn("device getpid", table)
            self.assertIn("1932", table)
            # 1932 / 322 = 6.0: over the limit of 2.
            (d_, v, lim, met), = spreport.icount_targets(ic)
            self.assertAlmostEqual(v, 6.0)
            self.assertEqual(lim, 2.0)
            self.assertFalse(met)
            self.assertEqual(spreport.icount_targets({}), [])

    def test_main_writes_icount_json(self):
        with tempfile.TemporaryDirectory() as d:
            log = os.path.join(d, "vm.log")
            ilog = os.path.join(d, "icount.log")
            with open(log, "w") as f:
                f.write(SAMPLE)
            with open(ilog, "w") as f:
                f.write(ICOUNT)
            out = io.StringIO()
            with redirect_stdout(out):
                rc = spreport.main([log, "--out", d, "--icount", ilog])
            self.assertEqual(rc, 0)
            self.assertIn("instructions per call", out.getvalue())
            with open(os.path.join(d, "icount.json")) as f:
                got = json.load(f)["instructions_per_call"]
            self.assertEqual(got["dev"]["getpid"], 1932.0)
            with open(os.path.join(d, "results.json")) as f:
                names = [t["target"] for t in json.load(f)["targets"]]
            self.assertIn("device getpid / Linux getpid, instructions",
                          names)


if __name__ == "__main__":
    unittest.main()
