#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Run a libFuzzer target for a bounded time and report it as TAP.

    run_fuzz.py --target PATH --seconds N --corpus DIR [--seeds DIR]

One test: the target ran for N seconds without a crash, leak or
sanitizer report (its executions and coverage are printed).  A crash
leaves the reproducer in the corpus directory's parent (crash-*).
"""

import argparse
import os
import re
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--target', required=True)
    ap.add_argument('--seconds', type=int, default=30)
    ap.add_argument('--corpus', required=True)
    ap.add_argument('--seeds')
    ap.add_argument('--name', default='net-fuzz')
    args = ap.parse_args()
    print('1..1', flush=True)
    if not os.access(args.target, os.X_OK):
        print('not ok 1 - %s: %s was not built' % (args.name, args.target))
        return 1
    os.makedirs(args.corpus, exist_ok=True)
    outdir = os.path.dirname(os.path.abspath(args.corpus))
    cmd = [args.target, '-max_total_time=%d' % args.seconds,
           '-timeout=10', '-rss_limit_mb=2048', '-print_final_stats=1',
           '-artifact_prefix=' + outdir + '/', args.corpus]
    if args.seeds:
        cmd.append(args.seeds)
    env = dict(os.environ, ASAN_OPTIONS='detect_leaks=0:abort_on_error=1',
               UBSAN_OPTIONS='halt_on_error=1:print_stacktrace=1')
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, errors='replace', env=env)
    log = os.path.join(outdir, args.name + '.log')
    with open(log, 'w') as f:
        f.write(r.stdout)
    runs = re.search(r'Done (\d+) runs in (\d+) second', r.stdout)
    cov = re.findall(r'cov: (\d+)', r.stdout)
    detail = '%s executions in %s s, coverage %s edges' % (
        runs.group(1) if runs else '?', runs.group(2) if runs else '?',
        cov[-1] if cov else '?')
    if r.returncode != 0 or not runs:
        for line in r.stdout.splitlines()[-40:]:
            print('# ' + line)
        print('not ok 1 - %s: exit %d (%s; log %s)' % (
            args.name, r.returncode, detail, log))
        return 1
    print('ok 1 - %s: no crash (%s)' % (args.name, detail))
    return 0


if __name__ == '__main__':
    sys.exit(main())
