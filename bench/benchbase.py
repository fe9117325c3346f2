# SPDX-License-Identifier: BSD-2-Clause
"""bench/report.py (BENCH line parsing, ratios, number format, the JSON
and CSV files) for the reports of each area (bench/fs/report.py,
bench/sysproxy/report.py): they are named report.py too, so a plain
import would find themselves.  Loaded once, as module bench_report."""
import importlib.util
import os
import sys


def load():
    mod = sys.modules.get("bench_report")
    if mod is None:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            "report.py")
        spec = importlib.util.spec_from_file_location("bench_report", path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules["bench_report"] = mod
        spec.loader.exec_module(mod)
    return mod
