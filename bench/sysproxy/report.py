#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Syscall proxy benchmark report: a Linux process using the guest
through the device, the in-kernel socket server and the userspace
server, next to Linux's own getpid and tmpfs reads; the issue's targets.

Input: files with 'BENCH host=H case=C iters=N ps=P' lines (the console
log of bench/sysproxy/vm-bench.sh).  Hosts: linux (the VM's own system
calls and /tmp tmpfs), dev (/dev/rumpvisor/rk), ksock (rumpvisor.ko's
socket server), usock (rump_server, the guest in a process).  Cases:
getpid (ns per call), read64k_mib (ns per MiB read in 64 KiB reads),
create-N (ns per small file, N processes at once: aggregate).  Parsing,
number format and the JSON/CSV files come from bench/report.py.

--icount LOG: the console log of bench/sysproxy/vm-icount.sh (qemu
-icount shift=0, one vCPU: a nanosecond is an instruction), whose getpid
and ioctl_info cases are instructions per call; the device's getpid
target is also checked there, where the host's load does not move it.
"""
import argparse
import json
import os
import re
import statistics
import sys


sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import benchbase  # noqa: E402  (after the path it is found by)

base = benchbase.load()

PATHS = ("dev", "ksock", "usock")
HOSTS = ("linux",) + PATHS
NPROCS = (1, 2, 8, 32)
DEV_GETPID_LIMIT = 2.0      # device getpid / Linux getpid, at most
KSOCK_LIMIT = 0.7           # kernel socket / userspace socket latency
READ_LIMIT = 0.5            # device read speed / Linux tmpfs, at least
SCALE_LIMIT = 1.6           # files/s with 2 processes / with 1, at least
COLLAPSE_LIMIT = 0.7        # files/s at 32 / the best of 1, 2, 8

LABELS = {"dev": "device", "ksock": "kernel socket",
          "usock": "userspace socket", "linux": "Linux"}


ROUND = re.compile(r"RV-PART (round-\d+)")


def parse_rounds(paths):
    """[{host: {case: ns}}] per round (the RV-PART round-N sections of
    the log): ratios are taken within a round, where the cases ran side
    by side under the same load."""
    rounds = []
    for path in paths:
        with open(path, errors="replace") as f:
            for line in f:
                if ROUND.search(line):
                    rounds.append({})
                    continue
                m = base.LINE.search(line)
                if m and rounds:
                    host, case, _iters, ps = m.groups()
                    rounds[-1].setdefault(host, {})[case] = int(ps) / 1000.0
    return [r for r in rounds if r]


def round_targets(rounds):
    """The targets of each round, combined: (description, median value,
    limit, met by the median, [value per round])."""
    per = {}
    order = []
    for r in rounds:
        for d, v, lim, _met in targets(r):
            if d not in per:
                order.append(d)
                per[d] = (lim, [])
            per[d][1].append(v)
    out = []
    for d in order:
        lim, vals = per[d]
        med = statistics.median(vals)
        # Every limit is "at most" for the getpid ratios, else "at least".
        at_most = "getpid" in d
        out.append((d, med, lim, med <= lim if at_most else med >= lim,
                    vals))
    return out


def rate(ns):
    """Operations per second from ns per operation."""
    return 1e9 / ns if ns else None


def targets(res):
    """The issue's targets as (description, value, limit, met)."""
    g = {h: res.get(h, {}).get("getpid") for h in HOSTS}
    rd = {h: res.get(h, {}).get("read64k_mib") for h in HOSTS}
    out = []
    r = base.ratio(g["dev"], g["linux"])
    if r is not None:
        out.append(("device getpid / Linux getpid", r, DEV_GETPID_LIMIT,
                    r <= DEV_GETPID_LIMIT))
    r = base.ratio(g["ksock"], g["usock"])
    if r is not None:
        out.append(("kernel socket getpid / userspace socket getpid", r,
                    KSOCK_LIMIT, r <= KSOCK_LIMIT))
    r = base.ratio(rd["linux"], rd["dev"])
    if r is not None:
        out.append(("device 64 KiB read speed / Linux tmpfs", r,
                    READ_LIMIT, r >= READ_LIMIT))
    for p in PATHS:
        out += scaling(res, p)
    return out


def scaling(res, host):
    """The process-count targets of one host's create-N cases."""
    c = {n: res.get(host, {}).get("create-%d" % n) for n in NPROCS}
    out = []
    if c[1] and c[2]:
        r = c[1] / c[2]
        out.append(("%s: files/s with 2 processes / with 1" % host, r,
                    SCALE_LIMIT, r >= SCALE_LIMIT))
    best = [rate(c[n]) for n in (1, 2, 8) if c[n]]
    if c[32] and best:
        r = rate(c[32]) / max(best)
        out.append(("%s: files/s with 32 processes / the best of 1, 2, 8" %
                    host, r, COLLAPSE_LIMIT, r >= COLLAPSE_LIMIT))
    return out


def references(rounds):
    """Linux's own tmpfs under the same process counts, per round: how
    far this VM's CPUs scale at all (no target; median, per round)."""
    per = {}
    for r in rounds:
        for d, v, _lim, _met in scaling(r, "linux"):
            per.setdefault(d, []).append(v)
    return [(d, statistics.median(v), v) for d, v in per.items()]


def icount_table(res):
    """Instructions per call from the -icount run, and the ratios to
    Linux's getpid: the device's INFO ioctl (the cost of any ioctl on
    it, a floor for the device path) and getpid through the device."""
    linux = res.get("linux", {}).get("getpid")
    rows = [("Linux getpid", linux),
            ("device ioctl, no guest", res.get("dev", {}).get("ioctl_info")),
            ("device getpid", res.get("dev", {}).get("getpid"))]
    lines = ["instructions per call (qemu -icount, 1 vCPU)",
             "  %-24s %12s %10s" % ("case", "instructions", "/ Linux")]
    for name, v in rows:
        lines.append("  %-24s %12s %10s" % (
            name, "-" if v is None else "%.0f" % v,
            base.fmt(base.ratio(v, linux))))
    return "\n".join(lines)


def icount_targets(res):
    """The device getpid target in instructions (description, value,
    limit, met)."""
    r = base.ratio(res.get("dev", {}).get("getpid"),
                   res.get("linux", {}).get("getpid"))
    if r is None:
        return []
    return [("device getpid / Linux getpid, instructions", r,
             DEV_GETPID_LIMIT, r <= DEV_GETPID_LIMIT)]


def table(res):
    """Latency and throughput per path, then files/s per process count."""
    rows = [["case", "unit"] + [LABELS[h] for h in HOSTS]]
    rows.append(["getpid", "us"] + [
        base.fmt(res[h]["getpid"] / 1e3) if "getpid" in res.get(h, {})
        else "-" for h in HOSTS])
    rows.append(["64 KiB read", "MiB/s"] + [
        base.fmt(rate(res[h]["read64k_mib"]))
        if "read64k_mib" in res.get(h, {}) else "-" for h in HOSTS])
    if "ioctl_info" in res.get("dev", {}):
        rows.append(["device ioctl, no guest", "us"] + [
            base.fmt(res["dev"]["ioctl_info"] / 1e3) if h == "dev" else "-"
            for h in HOSTS])
    for n in NPROCS:
        key = "create-%d" % n
        rows.append(["small files, %d proc" % n, "files/s"] + [
            base.fmt(rate(res[h][key])) if key in res.get(h, {}) else "-"
            for h in HOSTS])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for i, r in enumerate(rows):
        lines.append("  ".join(v.ljust(widths[j]) if j < 2 else
                               v.rjust(widths[j]) for j, v in enumerate(r)))
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+", help="files with BENCH lines")
    ap.add_argument("--out", default="build/bench/sysproxy",
                    help="directory for results.json and results.csv")
    ap.add_argument("--icount", metavar="LOG",
                    help="console log of vm-icount.sh: instructions per "
                         "call")
    args = ap.parse_args(argv)
    res = base.parse(args.inputs)
    res = {h: v for h, v in res.items() if h in HOSTS}
    if not res:
        print("sysproxy report: no BENCH lines found", file=sys.stderr)
        return 1
    rounds = parse_rounds(args.inputs)
    if rounds:
        rtg = round_targets(rounds)
        tg = [t[:4] for t in rtg]
    else:
        rtg, tg = None, targets(res)
    print(table(res))
    print("(each case's best round)")
    print()
    if rtg:
        print("targets: the median over %d rounds of the ratio within each "
              "round" % len(rounds))
        for d, v, lim, met, vals in rtg:
            print(f"  {'met ' if met else 'MISS'}  {d}: {base.fmt(v)} "
                  f"(limit {base.fmt(lim)}; rounds: "
                  f"{', '.join(base.fmt(x) for x in vals)})")
        for d, v, vals in references(rounds):
            print(f"  ref   {d}: {base.fmt(v)} (no target; rounds: "
                  f"{', '.join(base.fmt(x) for x in vals)})")
    else:
        base.print_targets(tg)
    ic = base.parse([args.icount]) if args.icount else None
    if ic:
        print()
        print(icount_table(ic))
        itg = icount_targets(ic)
        base.print_targets(itg)
        tg = tg + itg
    missing = [h for h in HOSTS if h not in res]
    if missing:
        print("  MISS  no results from: " + ", ".join(missing))
    base.save(res, tg, args.out)
    if rtg:
        with open(os.path.join(args.out, "rounds.json"), "w") as f:
            json.dump({"rounds": rounds,
                       "targets": [{"target": d, "median": v, "limit": lim,
                                    "met": met, "per_round": vals}
                                   for d, v, lim, met, vals in rtg]},
                      f, indent=2)
    if ic:
        with open(os.path.join(args.out, "icount.json"), "w") as f:
            json.dump({"instructions_per_call": ic}, f, indent=2)
    print(f"\nsaved {args.out}/results.json and {args.out}/results.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
