# SPDX-License-Identifier: BSD-2-Clause
"""What the reports share: load/unload cycles against their baseline,
rumpvisor's live-guest counters, per-part steps, the console, the
harness's own TAP file and the printed summary."""

import os
import re
import sys

from .. import TESTS, judge, log

sys.path.insert(0, TESTS)
import tap as tapmod  # noqa: E402  (tests/tap.py)

SAMPLE_KEYS = ('slab', 'sunreclaim', 'vmalloc', 'kthreads', 'kworkers')

# Tolerances for the load/unload cycles.  Measured with do-nothing modules
# (load, start and stop 4 kthreads, unload; no leak) on this kernel under
# TCG, one warm-up cycle, drop_caches before every sample, three runs:
#   baseline -> after 20 cycles:  Slab +150..+276 kB, SUnreclaim +116..+140 kB
#   cycle 10 -> after 20 cycles:  SUnreclaim +8..+40 kB
# and with the real rumpvisor.ko + quick conformance suite (dozens of
# guest threads per cycle): Slab +412 kB, SUnreclaim +260 kB, cycle 10 ->
# final SUnreclaim +4 kB.
# The growth is slab pages filling up (task_struct, kernfs nodes, proc
# inodes from the sampling itself) and it flattens out; a deliberate leak
# of 1 KiB per cycle was lost in it.  So the bounds are about twice the
# noise: baseline->final coarse (catches large leaks), the second half
# tighter (catches a steady leak of ~10 kB or more per cycle).  Small leaks
# of guest memory are caught exactly by rumpvisor's counters (RV-STATS).
SLAB_TOTAL_TOL_KB = 1024
SUNRECLAIM_TOTAL_TOL_KB = 512
# Slope limit: a steady leak of 8 kB per cycle (160 kB over the run) fails.
# Since samples also shrink every slab cache (per-CPU partial slabs came
# and went in whole slabs), SUnreclaim stays within +-60 kB over 20 cycles
# and its slope is about 0.
SUNRECLAIM_SLOPE_TOL_KB = 8
TREND_FIRST_CYCLE = 3
# vmalloc: kernel stacks are vmalloc'd and up to two per CPU are cached on
# free, so a few 16 KiB stacks may stay counted; measured noise +-16 kB.
VMALLOC_TOL_KB = 64
STATS_RE = re.compile(r'threads=(-?\d+) allocs=(-?\d+) bytes=(-?\d+)')
# The debug kernel's release (tests/vm/debug/kernel.config LOCALVERSION).
DEBUG_RELEASE_RE = re.compile(r'-rvdebug\b')
# On the debug kernel, freed objects wait in KASAN's quarantine and every
# object carries SLUB and kmemleak metadata: slab and vmalloc numbers say
# nothing about leaks there (kmemleak does), so they are shown, not judged.
DEBUG_MEMORY_SKIP = 'debug kernel: KASAN quarantine and debug metadata; ' \
    'leaks are kmemleak\'s job there'


def log_and_out_arguments(p, build):
    """A report's usual arguments: the log, where its TAP files go, how
    many load/unload cycles the script ran."""
    p.add_argument('log')
    p.add_argument('--out', default=os.path.join(build, 'vm'),
                   help='where the TAP files go (default: %(default)s)')
    p.add_argument('--cycles', type=int, default=20, metavar='N',
                   help='the cycles the run had (vm.py run --cycles; '
                   'default %(default)s)')


def start(args):
    """(console lines, part names) of args.log; args.out exists."""
    lines = log.read_lines(args.log)
    os.makedirs(args.out, exist_ok=True)
    return lines, log.part_names(lines)


def debug_kernel(lines):
    """Whether the log is from the debug kernel (its RV-BOOT release)."""
    release = log.boot_release(lines)
    return bool(release and DEBUG_RELEASE_RE.search(release))


def lsq_slope(pts):
    """Least-squares slope of y over x for [(x, y), ...]."""
    n = len(pts)
    mx = sum(x for x, _ in pts) / n
    my = sum(y for _, y in pts) / n
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx if sxx else 0.0


def judge_cycles(samples, memory=True):
    """Compare the baseline with the final sample; list of (ok, text).

    ok is None (a skip) for the memory checks when memory is False."""
    d = dict(samples)
    base, final = d.get('base'), d.get('final')
    if not base or not final:
        return [(False, 'load/unload cycles: baseline or final sample '
                 'missing')]
    for k in SAMPLE_KEYS:
        if k not in base or k not in final:
            return [(False, 'load/unload cycles: sample lacks %s' % k)]
    ncycles = sum(1 for tag, _ in samples if tag.startswith('cycle-'))
    out = []
    dk = final['kthreads'] - base['kthreads']
    out.append((dk == 0, 'kernel threads back to baseline (%d -> %d)' %
                (base['kthreads'], final['kthreads'])))
    mem = []
    dv = final['vmalloc'] - base['vmalloc']
    mem.append((abs(dv) <= VMALLOC_TOL_KB,
                'vmalloc back to baseline within %d kB (%+d kB)' %
                (VMALLOC_TOL_KB, dv)))
    ds = final['slab'] - base['slab']
    du = final['sunreclaim'] - base['sunreclaim']
    mem.append((ds <= SLAB_TOTAL_TOL_KB and du <= SUNRECLAIM_TOTAL_TOL_KB,
                'slab after %d cycles: Slab %+d kB (<= %d), SUnreclaim '
                '%+d kB (<= %d)' % (ncycles, ds, SLAB_TOTAL_TOL_KB, du,
                                    SUNRECLAIM_TOTAL_TOL_KB)))
    # A leak grows every cycle; noise does not.  The least-squares slope of
    # SUnreclaim over the cycles after the warm-up separates the two far
    # better than any two single readings (noise is about +-60 kB a
    # reading, which two readings turn into false alarms).
    pts = [(int(tag[6:]), v['sunreclaim']) for tag, v in samples
           if tag.startswith('cycle-') and tag[6:].isdigit() and
           int(tag[6:]) >= TREND_FIRST_CYCLE and 'sunreclaim' in v]
    if len(pts) >= 8:
        slope = lsq_slope(pts)
        mem.append((slope <= SUNRECLAIM_SLOPE_TOL_KB,
                    'no steady slab growth: SUnreclaim slope over cycles '
                    '%d-%d %+.1f kB/cycle (<= %d)' %
                    (pts[0][0], pts[-1][0], slope, SUNRECLAIM_SLOPE_TOL_KB)))
    else:
        mem.append((False, 'load/unload cycles: too few cycle samples for '
                    'a trend (%d)' % len(pts)))
    if not memory:
        mem = [(None, '%s (%s)' % (text, DEBUG_MEMORY_SKIP))
               for _, text in mem]
    return out + mem


def judge_stats(lines):
    """rumpvisor's live thread/allocation counters after each guest."""
    part, out = None, []
    for _, mark, rest in log.markers(lines):
        if mark == 'RV-PART':
            part = rest
        elif mark == 'RV-STATS':
            m = STATS_RE.search(rest)
            if not m:
                out.append((None, '%s: rumpvisor stats parameter missing'
                            % part))
                continue
            t, a, b = (int(x) for x in m.groups())
            out.append((t == 0 and a == 0 and b == 0,
                        '%s: no guest threads or memory left after unload '
                        '(threads=%d allocs=%d bytes=%d)' % (part, t, a, b)))
    return out


def sample_table(samples):
    rows = ['%-10s %8s %11s %8s %9s %9s' %
            ('sample', 'Slab kB', 'SUnreclaim', 'Vmalloc', 'kthreads',
             'kworkers')]
    for tag, v in samples:
        rows.append('%-10s %8s %11s %8s %9s %9s' % (
            tag, v.get('slab', '?'), v.get('sunreclaim', '?'),
            v.get('vmalloc', '?'), v.get('kthreads', '?'),
            v.get('kworkers', '?')))
    return rows


def judge_parts(lines, parts, prefix, nsteps,
                cycle_text='load, quick suite, unload'):
    """One harness test per step of the plain parts and per cycle part.

    A cycle part (cycle-N) passes when its nsteps steps all succeeded and
    its TAP (lines with prefix) has no failure; the quick suite's tests are
    not counted one by one, so the total does not count them 20 times."""
    by_part = {}
    for part, name, rc in log.parse_steps(lines):
        by_part.setdefault(part, []).append((name, rc))
    out = []
    for part in parts:
        if not part.startswith('cycle-'):
            for name, rc in by_part.get(part, []):
                out.append((rc == 0, '%s: %s (rc=%d)' % (part, name, rc)))
            continue
        st = by_part.get(part, [])
        bad = ['%s rc=%d' % (n, rc) for n, rc in st if rc != 0]
        streams = tapmod.parse(log.extract_tap(lines, prefix, part), part)
        npass = sum(s.passed for s in streams)
        nfail = sum(s.failed for s in streams)
        ok = not bad and nfail == 0 and npass > 0 and len(st) == nsteps
        text = '%s: %s (%d passed, %d failed%s)' % (
            part, cycle_text, npass, nfail,
            '; ' + ', '.join(bad) if bad else '')
        out.append((ok, text))
    return out


def judge_machine(lines, samples, cycles=True, stats_needed=True):
    """Cycles against their baseline, rumpvisor's counters, the console."""
    out = judge_cycles(samples, memory=not debug_kernel(lines)) \
        if cycles else []
    stats = judge_stats(lines)
    if not stats:
        if stats_needed:
            out.append((False, 'rumpvisor stats were sampled'))
    elif all(ok is None for ok, _ in stats):
        # The hypervisor has no stats parameter: say so, do not pretend.
        out.append((None, 'rumpvisor stats (parameter missing)'))
    else:
        out += [(ok, t) for ok, t in stats if ok is not None]
    findings = judge.check_console(lines)
    out.append((not findings, 'console clean (%d findings)' %
                len(findings)))
    rc = log.done_status(lines)
    out.append((rc is not None, 'VM ran to the end (RV-DONE)'))
    return out, findings


def harness_tap(harness):
    tap_out = ['1..%d' % len(harness)]
    for i, (ok, text) in enumerate(harness, 1):
        if ok is None:
            tap_out.append('ok %d - %s # SKIP' % (i, text))
        else:
            tap_out.append('%s %d - %s' % ('ok' if ok else 'not ok', i,
                                            text))
    return tap_out


def finish_report(name, title, args, lines, harness, tapname, cycles=True,
                  stats_needed=True):
    """Judge memory, threads and the console; write the harness TAP and
    print the cycle table and every failure.  The report's exit status.

    cycles: the script ran rv_cycles (its samples are judged);
    stats_needed: it printed rumpvisor's counters (rv_stats)."""
    samples = log.parse_samples(lines)
    machine, findings = judge_machine(lines, samples, cycles, stats_needed)
    harness += machine
    log.write_lines(os.path.join(args.out, tapname), harness_tap(harness))
    print('%s: %s' % (name, title))
    if debug_kernel(lines):
        print('  (debug kernel: memory numbers shown, not judged)')
    for row in sample_table(samples) if samples else []:
        print('  ' + row)
    for n, what, line in findings:
        print('%s: %s:%d: %s: %s' % (name, args.log, n, what, line))
    for ok, text in harness:
        if ok is False:
            print('%s: FAILED: %s' % (name, text))
    return 0 if all(ok is not False for ok, _ in harness) else 1


def need_parts(parts, names):
    """(False, 'part X ran') for each part in names that did not run."""
    return [(False, 'part %s ran' % n) for n in names if n not in parts]
