#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""File-system benchmark report: guest in the kernel, guest in a process,
and Linux's own tmpfs, side by side, with the issue's targets.

Input: files with 'BENCH host=H case=C iters=N ps=P' lines (bench/fs/
vm-bench.sh's console log).  Hosts: kernel (rumpvisor_fsbench.ko), user
(fsbench-user-static), linux (fsbench-linux-static on /tmp).  Parsing,
ratios, number format and the JSON/CSV files come from bench/report.py.
"""
import argparse
import json
import os
import re
import sys


sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import benchbase  # noqa: E402  (after the path it is found by)

base = benchbase.load()

HOSTS = ("kernel", "user", "linux")
MIB_CASES = ("seq_write_mib", "seq_read_mib")
# case: (label, unit, ns per op -> shown value); seq cases as MiB/s.
CASES = {
    "rump_init": ("rump_init", "ms", lambda ns: ns / 1e6),
    "getpid": ("getpid round trip", "ns", lambda ns: ns),
    "smallfile_create": ("create+write+close small file", "us",
                         lambda ns: ns / 1e3),
    "smallfile_unlink": ("unlink small file", "us", lambda ns: ns / 1e3),
    "seq_write_mib": ("sequential write", "MiB/s", lambda ns: 1e9 / ns),
    "seq_read_mib": ("sequential read", "MiB/s", lambda ns: 1e9 / ns),
}
INIT_LIMIT_MS = 50.0
RATE_LIMIT = 0.5
# Two guests at once, small files: their summed rate over the time they
# took together, against one guest alone (2 vCPUs).
TWIN_CASE = "smallfile_create"
TWIN_LIMIT = 1.6
SPAN = re.compile(r"SPAN host=(\S+) case=(\S+) iters=(\d+) t0=(-?\d+) "
                  r"t1=(-?\d+)")


def spans(paths, case):
    """{host: [(iters, t0, t1), ...]} of case, in the order they ran."""
    out = {}
    for path in paths:
        with open(path, errors="replace") as f:
            for line in f:
                m = SPAN.search(line)
                if m and m.group(2) == case:
                    out.setdefault(m.group(1), []).append(
                        tuple(int(x) for x in m.group(3, 4, 5)))
    return out


def twin_rates(sp):
    """(best one-guest rate, best two-guest rate) in operations per
    second, or None when the runs are missing."""
    solo = [n / (t1 - t0) * 1e9 for n, t0, t1 in sp.get("solo", [])
            if t1 > t0]
    both = []
    for a, b in zip(sp.get("twin-a", []), sp.get("twin-b", [])):
        dt = max(a[2], b[2]) - min(a[1], b[1])
        if dt > 0:
            both.append((a[0] + b[0]) / dt * 1e9)
    if not solo or not both:
        return None
    return max(solo), max(both)


def speed(res, host, case):
    """Guest speed relative to Linux: Linux time / guest time."""
    return base.ratio(res.get("linux", {}).get(case),
                      res.get(host, {}).get(case))


def targets(res):
    """The issue's targets as (description, value, limit, met)."""
    k = res.get("kernel", {})
    out = []
    if "getpid" in k and "getpid" in res.get("linux", {}):
        lin = res["linux"]["getpid"]
        out.append(("kernel rump_sys_getpid ns < Linux getpid ns (%s)"
                    % base.fmt(lin), k["getpid"], lin, k["getpid"] < lin))
    for host in ("kernel", "user"):
        for case in ("smallfile_create",) + MIB_CASES:
            s = speed(res, host, case)
            if s is not None:
                out.append(("%s %s speed / Linux tmpfs" % (host, case), s,
                            RATE_LIMIT, s >= RATE_LIMIT))
    if "rump_init" in k:
        ms = k["rump_init"] / 1e6
        out.append(("kernel rump_init ms", ms, INIT_LIMIT_MS,
                    ms < INIT_LIMIT_MS))
    return out


def table(res):
    head = ["case", "unit"] + ["%s guest" % h for h in HOSTS[:2]] + \
        ["Linux tmpfs", "kernel/Linux", "user/Linux"]
    rows = [head]
    cases = [c for c in CASES if any(c in res.get(h, {}) for h in HOSTS)]
    for c in cases:
        label, unit, conv = CASES[c]
        vals = [res.get(h, {}).get(c) for h in HOSTS]
        row = [label, unit] + [base.fmt(conv(v)) if v else "-" for v in vals]
        for h in HOSTS[:2]:
            s = speed(res, h, c) if c != "rump_init" else None
            row.append(base.fmt(s, "x"))
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = []
    for i, r in enumerate(rows):
        lines.append("  ".join(v.ljust(widths[j]) if j < 2 else
                               v.rjust(widths[j]) for j, v in enumerate(r)))
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append("(x/Linux: the guest's speed relative to Linux's tmpfs "
                 "through system calls; >1 is faster)")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+", help="files with BENCH lines")
    ap.add_argument("--out", default="build/bench/fs",
                    help="directory for results.json and results.csv")
    args = ap.parse_args(argv)
    res = base.parse(args.inputs)
    res = {h: v for h, v in res.items() if h in HOSTS}
    if not res:
        print("fs report: no BENCH lines found", file=sys.stderr)
        return 1
    tg = targets(res)
    twin = twin_rates(spans(args.inputs, TWIN_CASE))
    print(table(res))
    if twin:
        r = twin[1] / twin[0]
        print("\ntwo guests at once, %s: one guest %.0f/s, two guests %.0f/s "
              "together (%.2fx)" % (TWIN_CASE, twin[0], twin[1], r))
        tg.append(("two guests / one guest, %s aggregate" % TWIN_CASE, r,
                   TWIN_LIMIT, r >= TWIN_LIMIT))
    else:
        tg.append(("two guests / one guest, %s aggregate (not measured)"
                   % TWIN_CASE, None, TWIN_LIMIT, False))
    print()
    base.print_targets(tg)
    missing = [h for h in HOSTS if h not in res]
    if missing:
        print("  MISS  no results from: " + ", ".join(missing))
    base.save(res, tg, args.out)
    if twin:
        path = os.path.join(args.out, "results.json")
        with open(path) as f:
            data = json.load(f)
        data["two_guests"] = {"case": TWIN_CASE, "one_per_s": twin[0],
                              "two_per_s": twin[1]}
        with open(path, "w") as f:
            json.dump(data, f, indent=2)
    print(f"\nsaved {args.out}/results.json and {args.out}/results.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
