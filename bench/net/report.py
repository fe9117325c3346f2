#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Network benchmark report: the guest's TCP/IP stack in the kernel on
its native device and on tap, against Linux over veth, side by side from
one VM boot (bench/net/vm-bench.sh), with the issue's targets.

Input: the console log's 'netbench: KEY VALUE' lines (several rounds:
the median counts), and optionally a second log of the same script run
under qemu -icount on one CPU, where a nanosecond is one instruction (so
Mbit/s and ms there measure instructions per byte and per round trip,
whatever the host's load).  Output: the tables, the targets, and
OUT/results.json (every sample, the medians, the targets; the -icount
run's under "icount").
"""
import argparse
import json
import os
import re
import statistics
import sys

LINE = re.compile(r"netbench: ([a-z][a-z0-9-]*) ([0-9.]+)\s*$")
# (row, unit, {column: key}); higher is better except for ping.
ROWS = (
    ("TCP Linux -> guest", "Mbit/s",
     {"native": "native-in", "tap": "tap-in", "veth": "veth-in"}),
    ("TCP guest -> Linux", "Mbit/s",
     {"native": "native-out", "tap": "tap-out", "veth": "veth-out"}),
    ("ping round trip", "ms",
     {"native": "ping-guest", "tap": "ping-tap", "veth": "ping-linux"}),
    ("HTTP GET, new connection each", "req/s",
     {"native": "http-guest", "veth": "http-linux"}),
)
NATIVE_VS_VETH = 0.5
NATIVE_VS_TAP = 2.0
PING_VS_LINUX = 2.0


def samples(lines):
    """{key: [values in the order they came]}."""
    out = {}
    for line in lines:
        m = LINE.search(line.rstrip("\r\n"))
        if m:
            out.setdefault(m.group(1), []).append(float(m.group(2)))
    return out


def medians(smp):
    return {k: statistics.median(v) for k, v in smp.items() if v}


def ratio(a, b):
    return a / b if a is not None and b else None


def targets(med):
    """(description, value, limit, met) for each of the issue's targets;
    a target without its numbers is not met."""
    out = []
    for d in ("in", "out"):
        n, v, t = (med.get("%s-%s" % (h, d)) for h in ("native", "veth",
                                                        "tap"))
        r = ratio(n, v)
        out.append(("native TCP %s / Linux over veth" % d, r,
                    NATIVE_VS_VETH, r is not None and r >= NATIVE_VS_VETH))
        r = ratio(n, t)
        out.append(("native TCP %s / tap" % d, r, NATIVE_VS_TAP,
                    r is not None and r >= NATIVE_VS_TAP))
    r = ratio(med.get("ping-guest"), med.get("ping-linux"))
    out.append(("ping guest RTT / Linux RTT (at most)", r, PING_VS_LINUX,
                r is not None and r <= PING_VS_LINUX))
    return out


def fmt(v):
    if v is None:
        return "-"
    if v >= 10:
        return "%.1f" % v
    return "%.2f" % v if v >= 1 else "%.3f" % v


def table(med):
    rows = [("", "unit", "guest native", "guest tap", "Linux veth")]
    for name, unit, keys in ROWS:
        rows.append((name, unit) + tuple(fmt(med.get(keys.get(c)))
                                         for c in ("native", "tap", "veth")))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                               for i, (c, w) in enumerate(zip(r, widths)))
                     for r in rows)


def read_log(path):
    with open(path, errors="replace") as f:
        smp = samples(f)
    if not smp:
        print("net report: no netbench lines in %s" % path, file=sys.stderr)
    return smp


def report(title, smp):
    """Print one run's table and targets; its part of results.json."""
    med = medians(smp)
    tg = targets(med)
    print("%s (median of %d round(s); guest in the kernel, Linux over veth "
          "between two namespaces)" % (title, max(len(v) for v in
                                                  smp.values())))
    print(table(med))
    print("\ntargets:")
    for d, v, lim, met in tg:
        print("  %s  %s: %s (limit %s)" % ("met " if met else "MISS", d,
                                          fmt(v), fmt(lim)))
    return {"samples": smp, "median": med,
            "targets": [{"target": d, "value": v, "limit": lim, "met": m}
                        for d, v, lim, m in tg]}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("log", help="the VM's console log")
    ap.add_argument("--icount", metavar="LOG",
                    help="the console log of the run under qemu -icount")
    ap.add_argument("--out", default="build/bench/net",
                    help="where results.json goes")
    args = ap.parse_args(argv)
    smp = read_log(args.log)
    ismp = read_log(args.icount) if args.icount else None
    if not smp or (args.icount and not ismp):
        return 1
    res = report("network benchmarks", smp)
    if ismp:
        print()
        res["icount"] = report("the same, counting instructions (qemu "
                               "-icount, one CPU: 1 ms = 1 million "
                               "instructions)", ismp)
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "results.json")
    with open(path, "w") as f:
        json.dump(res, f, indent=2)
    print("\nsaved " + path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
