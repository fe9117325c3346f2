#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Turn BENCH lines into a table, machine-readable results and target checks.

Input: files holding 'BENCH host=H case=C iters=N ps=P' lines anywhere in a
line (a VM console log, a native run's output).  Hosts: 'kernel' and 'user'
are measured side by side in one VM boot; 'native' is the userspace
hypervisor run directly on this machine.  Lines after "BENCH-SECTION
baseline" (until the next section) are the baseline commit's kernel
hypervisor, measured in the same boot: host 'kernel@base'.
"""
import argparse
import csv
import json
import os
import re
import sys

LINE = re.compile(r"BENCH host=(\S+) case=(\S+) iters=(\d+) ps=(\d+)")
SECTION = re.compile(r"BENCH-SECTION (\S+)")
BASE = "kernel@base"
# Cases that must be no slower than the baseline, and the noise allowed.
BASE_CASES = ("malloc_free_64", "malloc_free_4k")
BASE_LIMIT = 1.05
# kernel/user limits other than 1.0.
KU_LIMITS = {"cv_roundtrip": 0.7, "mutex_contended": 0.7,
             "thread_create_join": 0.5}

# Display order; cases not listed follow in the order seen.
ORDER = ["mutex_uncontended", "mutex_contended", "cv_roundtrip",
         "thread_create_join", "malloc_free_64", "malloc_free_4k",
         "curlwp", "lwp_cycle", "clock_gettime", "pthread_cv_roundtrip",
         "pthread_create_join"]


def parse(paths):
    """Return {host: {case: ns_per_op}} from every BENCH line.

    A case measured more than once keeps its fastest run: load on the
    machine only ever adds time.
    """
    results = {}
    for path in paths:
        section = None
        with open(path, errors="replace") as f:
            for line in f:
                sm = SECTION.search(line)
                if sm:
                    section = sm.group(1)
                    continue
                m = LINE.search(line)
                if m:
                    host, case, _iters, ps = m.groups()
                    if section == "baseline" and host == "kernel":
                        host = BASE
                    ns = int(ps) / 1000.0
                    h = results.setdefault(host, {})
                    h[case] = min(ns, h.get(case, ns))
    return results


def ratio(a, b):
    return a / b if a is not None and b else None


def targets(res):
    """Each target as (description, measured value, limit, met)."""
    k, u, n = (res.get(h, {}) for h in ("kernel", "user", "native"))
    out = []
    for case in ORDER:
        if case.startswith("pthread_") or case not in k or case not in u:
            continue
        limit = KU_LIMITS.get(case, 1.0)
        r = ratio(k[case], u[case])
        out.append((f"kernel/user {case}", r, limit, r <= limit))
    b = res.get(BASE, {})
    for case in BASE_CASES:
        r = ratio(k.get(case), b.get(case))
        if r is not None:
            out.append((f"kernel/baseline {case}", r, BASE_LIMIT,
                        r <= BASE_LIMIT))
    for host, vals in (("native", n), ("user", u)):
        for case, ref, limit in (("cv_roundtrip", "pthread_cv_roundtrip", 1.10),
                                 ("thread_create_join", "pthread_create_join", 1.50)):
            r = ratio(vals.get(case), vals.get(ref))
            if r is not None:
                out.append((f"{host} {case}/{ref}", r, limit, r <= limit))
    for case, limit in (("curlwp", 3.0), ("mutex_uncontended", 15.0)):
        if case in n:
            out.append((f"native {case} ns", n[case], limit, n[case] < limit))
    return out


def fmt(v, unit=""):
    if v is None:
        return "-"
    return f"{v:.1f}{unit}" if v >= 10 else f"{v:.2f}{unit}"


def table(res):
    cases = [c for c in ORDER if any(c in res.get(h, {}) for h in res)]
    for h in res:
        cases += [c for c in res[h] if c not in cases]
    k, u, n, b = (res.get(h, {}) for h in ("kernel", "user", "native", BASE))
    rows = [("case", "kernel ns", "user ns (VM)", "kernel/user",
             "baseline ns", "kernel/baseline", "native ns")]
    for c in cases:
        rows.append((c, fmt(k.get(c)), fmt(u.get(c)),
                     fmt(ratio(k.get(c), u.get(c)), "x"), fmt(b.get(c)),
                     fmt(ratio(k.get(c), b.get(c)), "x"), fmt(n.get(c))))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for i, r in enumerate(rows):
        lines.append("  ".join(v.ljust(widths[j]) if j == 0 else v.rjust(widths[j])
                               for j, v in enumerate(r)))
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def print_targets(tg):
    """The targets as 'met'/'MISS' lines."""
    print("targets:")
    for d, v, lim, met in tg:
        print(f"  {'met ' if met else 'MISS'}  {d}: {fmt(v)} (limit {fmt(lim)})")


def save(res, tg, outdir):
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "results.json"), "w") as f:
        json.dump({"ns_per_op": res,
                   "targets": [{"target": d, "value": v, "limit": l, "met": m}
                               for d, v, l, m in tg]}, f, indent=2)
    with open(os.path.join(outdir, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["host", "case", "ns_per_op"])
        for host in sorted(res):
            for case, v in res[host].items():
                w.writerow([host, case, f"{v:.3f}"])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+", help="files with BENCH lines")
    ap.add_argument("--out", default="build/bench",
                    help="directory for results.json and results.csv")
    ap.add_argument("--vm-instructions", action="store_true",
                    help="the VM ran with qemu -icount: its 'ns' are guest "
                    "instructions")
    args = ap.parse_args(argv)
    res = parse(args.inputs)
    if not res:
        print("report: no BENCH lines found", file=sys.stderr)
        return 1
    tg = targets(res)
    if args.vm_instructions:
        print("VM columns (kernel, user (VM), baseline): guest instructions "
              "per operation\n(qemu -icount, one vCPU: the same under any "
              "host load); native: ns.\n")
    print(table(res))
    print()
    print_targets(tg)
    save(res, tg, args.out)
    print(f"\nsaved {args.out}/results.json and {args.out}/results.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
