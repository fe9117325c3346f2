#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Run the tree's libFuzzer targets: bounded checks, long runs, replays.

  run.py check  [--seconds N] [TARGET...]   TAP, one test per target: the
                seed corpus replayed, then N seconds of fuzzing; ok when
                nothing crashed
  run.py fuzz   [--seconds N] [--jobs J] [TARGET...]   N seconds per
                target (0: until interrupted) in J processes, progress
                every minute, a summary at the end
  run.py replay [TARGET...]   TAP: the seed corpus, the working corpus
                and every kept crash, each run once
  run.py totals               executions and crashes per target over
                every run recorded in execs.tsv

Targets (default: all), each the program --build/fuzz-TARGET:
  vfs       the reference guest's file system calls, checked invariants
  diff      the guest against Linux tmpfs (vfs-diff's generator)
  net       frames into the guest's network stack
  sysproxy  client frames into the syscall proxy engine

Everything is kept below --build (default build/fuzz): the working
corpus corpus/<target>/ (new inputs; the seed corpus in the tree,
--corpus/<target>/, stays as it is), crash artifacts crashes/<target>/,
logs logs/, and a tally of executions per target in execs.tsv (one line
per run: time, target, seconds, executions, crashes).
"""

import argparse
import glob
import os
import re
import signal
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

class Target:
    """How one target runs: libFuzzer's -max_len and -timeout (seconds
    for one input), and whether LeakSanitizer checks at exit."""

    def __init__(self, max_len, timeout, leaks=True):
        self.max_len = max_len
        self.timeout = timeout
        self.leaks = leaks


TARGETS = {
    'vfs': Target(4096, 20),
    'diff': Target(4096, 20),
    'net': Target(4096, 10),
    'sysproxy': Target(8192, 20),
}
STATS_RE = re.compile(r'^stat::number_of_executed_units:\s+(\d+)', re.M)
STATUS_RE = re.compile(r'^#(\d+)\s+(?:pulse|NEW|REDUCE|INITED|DONE)\b.*?'
                       r'corp: (\d+)', re.M)
ARTIFACT_RE = re.compile(r"Test unit written to (\S+)")
REASON_RE = re.compile(
    r'^(fuzz: broken invariant: .*|==\d+==ERROR: .*|SUMMARY: .*|'
    r'.*runtime error: .*|kmem_free: .*|panic: .*)$', re.M)


def env_for(target):
    # Ten frames per allocation and free record (30 by default): about
    # an eighth faster, and a report still names the guest function.
    return dict(os.environ,
                ASAN_OPTIONS='detect_leaks=%d:abort_on_error=0:'
                             'allocator_may_return_null=0:'
                             'malloc_context_size=10' %
                             TARGETS[target].leaks,
                UBSAN_OPTIONS='print_stacktrace=1:halt_on_error=1')


def fuzzer_args(build, target, corpus_dirs, extra):
    t = TARGETS[target]
    args = [os.path.join(build, 'fuzz-' + target),
            '-timeout=%d' % t.timeout, '-max_len=%d' % t.max_len,
            '-rss_limit_mb=2048', '-print_final_stats=1',
            '-artifact_prefix=' + os.path.join(build, 'crashes', target) +
            '/']
    return args + extra + corpus_dirs


def dirs_for(args, target):
    work = os.path.join(args.build, 'corpus', target)
    seed = os.path.join(args.corpus, target)
    os.makedirs(work, exist_ok=True)
    os.makedirs(os.path.join(args.build, 'crashes', target), exist_ok=True)
    os.makedirs(os.path.join(args.build, 'logs'), exist_ok=True)
    return work, seed


def executions(text):
    m = STATS_RE.findall(text)
    if m:
        return int(m[-1])
    m = STATUS_RE.findall(text)
    return int(m[-1][0]) if m else 0


def crash_summary(text):
    art = ARTIFACT_RE.findall(text)
    reason = REASON_RE.findall(text)
    return (art[-1] if art else None), (reason[0] if reason else
                                        'exit without a report')


def clean_stale_linux_dirs():
    """fuzz-diff's /dev/shm/fuzz-diff.<pid>.* of processes that died."""
    for d in glob.glob('/dev/shm/fuzz-diff.*.*') + \
            glob.glob('/tmp/fuzz-diff.*.*'):
        try:
            pid = int(d.split('.')[1])
            os.kill(pid, 0)
        except ProcessLookupError:
            subprocess.call(['rm', '-rf', '--one-file-system', d])
        except (ValueError, PermissionError, IndexError):
            pass


def tally(build, target, seconds, execs, crashes):
    with open(os.path.join(build, 'execs.tsv'), 'a') as f:
        f.write('%s\t%s\t%d\t%d\t%d\n' % (
            time.strftime('%Y-%m-%dT%H:%M:%S'), target, seconds, execs,
            crashes))


def run_logged(argv, log, target, timeout=None):
    with open(log, 'w') as f:
        p = subprocess.Popen(argv, stdout=f, stderr=subprocess.STDOUT,
                             env=env_for(target), cwd=TOP)
        try:
            rc = p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            rc = p.wait()
    with open(log, errors='replace') as f:
        return rc, f.read()


def cmd_check(args):
    """Replay the seeds and fuzz each target for a bounded time."""
    print('1..%d' % len(args.targets), flush=True)
    failed = 0
    for i, t in enumerate(args.targets, 1):
        work, seed = dirs_for(args, t)
        log = os.path.join(args.build, 'logs', 'check-%s.log' % t)
        t0 = time.monotonic()
        rc, text = run_logged(fuzzer_args(
            args.build, t, [work, seed],
            ['-max_total_time=%d' % args.seconds]), log, t,
            timeout=args.seconds * 3 + 120)
        secs = time.monotonic() - t0
        execs = executions(text)
        clean_stale_linux_dirs()
        tally(args.build, t, int(secs), execs, int(rc != 0))
        if rc == 0 and execs > 0:
            print('ok %d - fuzz-%s: %d executions in %.0f s (seed corpus '
                  'replayed), no crash' % (i, t, execs, secs), flush=True)
            continue
        failed += 1
        art, reason = crash_summary(text)
        print('not ok %d - fuzz-%s: exit %d after %d executions: %s' % (
            i, t, rc, execs, reason), flush=True)
        print('# artifact: %s' % art)
        print('# log: %s' % log)
        if art:
            print('# replay: %s %s (FZ_VERBOSE=1 traces every call)' % (
                os.path.join(args.build, 'fuzz-' + t), art))
    return 1 if failed else 0


def progress(target, logs, t0):
    execs = corp = 0
    for log in logs:
        try:
            with open(log, errors='replace') as f:
                f.seek(max(0, os.path.getsize(log) - 20000))
                m = STATUS_RE.findall(f.read())
        except OSError:
            m = []
        if m:
            execs += int(m[-1][0])
            corp = max(corp, int(m[-1][1]))
    print('fuzz-%s: %.0f min, %d executions, corpus %d' % (
        target, (time.monotonic() - t0) / 60, execs, corp), flush=True)


def cmd_fuzz(args):
    """Long runs: J processes per target, one target after the other."""
    total_crashes = 0
    for t in args.targets:
        work, seed = dirs_for(args, t)
        extra = ['-reload=1']
        if args.seconds:
            extra.append('-max_total_time=%d' % args.seconds)
        procs, logs = [], []
        for j in range(args.jobs):
            log = os.path.join(args.build, 'logs', 'fuzz-%s-%d.log' % (t, j))
            f = open(log, 'w')
            procs.append(subprocess.Popen(
                fuzzer_args(args.build, t, [work, seed], extra),
                stdout=f, stderr=subprocess.STDOUT, env=env_for(t),
                cwd=TOP))
            logs.append(log)
        t0 = time.monotonic()
        last = t0
        try:
            while any(p.poll() is None for p in procs):
                time.sleep(2)
                if time.monotonic() - last >= 60:
                    progress(t, logs, t0)
                    last = time.monotonic()
        except KeyboardInterrupt:
            for p in procs:
                if p.poll() is None:
                    p.send_signal(signal.SIGINT)
            for p in procs:
                p.wait()
        execs = crashes = 0
        for p, log in zip(procs, logs):
            with open(log, errors='replace') as f:
                text = f.read()
            execs += executions(text)
            if p.returncode not in (0, -signal.SIGINT, 130, 72):
                crashes += 1
                art, reason = crash_summary(text)
                print('fuzz-%s: CRASH: %s\n  artifact %s\n  log %s' % (
                    t, reason, art, log), flush=True)
        secs = time.monotonic() - t0
        clean_stale_linux_dirs()
        tally(args.build, t, int(secs), execs, crashes)
        total_crashes += crashes
        print('fuzz-%s: %d executions in %.0f s, %d crash%s' % (
            t, execs, secs, crashes, '' if crashes == 1 else 'es'),
            flush=True)
    print_totals(args.build)
    return 1 if total_crashes else 0


def print_totals(build):
    """Executions and crashes per target over every run in execs.tsv."""
    totals = {}
    try:
        with open(os.path.join(build, 'execs.tsv')) as f:
            for line in f:
                fields = line.split('\t')
                if len(fields) == 5:
                    e, c = totals.get(fields[1], (0, 0))
                    totals[fields[1]] = (e + int(fields[3]),
                                         c + int(fields[4]))
    except OSError:
        return
    for t, (e, c) in sorted(totals.items()):
        print('all runs so far: fuzz-%s %d executions, %d crashes' % (
            t, e, c), flush=True)


def cmd_replay(args):
    """Every seed, every working-corpus input and every kept crash."""
    tests = []
    for t in args.targets:
        work, seed = dirs_for(args, t)
        for d in (seed, work):
            n = len(os.listdir(d))
            if n:
                tests.append((t, '%s (%d inputs)' % (d, n), [d, '-runs=0']))
        for c in sorted(glob.glob(os.path.join(args.build, 'crashes', t,
                                               '*'))):
            tests.append((t, c, [c]))
    print('1..%d' % len(tests), flush=True)
    failed = 0
    for i, (t, name, what) in enumerate(tests, 1):
        log = os.path.join(args.build, 'logs', 'replay.log')
        binary = os.path.join(args.build, 'fuzz-' + t)
        rc, text = run_logged([binary, '-timeout=%d' % TARGETS[t].timeout,
                               '-rss_limit_mb=2048'] + what, log, t,
                              timeout=600)
        clean_stale_linux_dirs()
        if rc == 0:
            print('ok %d - fuzz-%s: %s' % (i, t, name), flush=True)
        else:
            failed += 1
            print('not ok %d - fuzz-%s: %s: %s' % (
                i, t, name, crash_summary(text)[1]), flush=True)
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='\n'.join(__doc__.splitlines()[2:]))
    ap.add_argument('mode', choices=('check', 'fuzz', 'replay', 'totals'))
    ap.add_argument('targets', nargs='*', default=list(TARGETS))
    ap.add_argument('--build', default=os.path.join(TOP, 'build', 'fuzz'))
    ap.add_argument('--corpus', default=os.path.join(TOP, 'tests', 'fuzz',
                                                     'corpus'),
                    help='the seed corpus in the tree (one directory per '
                         'target)')
    ap.add_argument('--seconds', type=int, default=30)
    ap.add_argument('--jobs', type=int, default=1)
    args = ap.parse_intermixed_args()
    for t in args.targets:
        if t not in TARGETS:
            ap.error('unknown target %s (known: %s)' % (t,
                                                        ', '.join(TARGETS)))
    args.build = os.path.abspath(args.build)
    args.corpus = os.path.abspath(args.corpus)
    return {'check': cmd_check, 'fuzz': cmd_fuzz, 'replay': cmd_replay,
            'totals': lambda a: print_totals(a.build)}[args.mode](args)


if __name__ == '__main__':
    sys.exit(main())
