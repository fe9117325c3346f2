#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Mutation testing of the two hypervisors (and the guest's hooks into
them) against the checks that guard them.

Each mutation (tests/mutation/mutations.py) breaks one rule in hyp/linux,
hyp/user, hyp/common or the reference guest and names the check(s) that
must notice (SUITES below):

  user              the conformance suite natively (ct-user --quick)
  kernel            the conformance suite in the kernel: a VM loads
                    rumpvisor.ko and rumpvisor_ct.ko quick=1, unloads both
  kernel-instances  the instance tests in the VM (tests/vm/check-instances.sh
                    and its report, as `make check-instances` runs them)

For every selected mutation this tool applies it to a private copy of the
tree, builds what its checks need, runs them, and reverts:

  killed     the check failed (a test, a timeout, a crash, a kernel
             splat, an instance that keeps its rmmod waiting): it guards
             that rule
  survived   the check passed: a hole in the tests
  build-error  the mutated tree does not compile: fix the table

Before anything is built, every selected mutation must still apply: its
file, its function (or declaration) and, within that, the text it replaces
must each be there exactly once.  Otherwise the tool prints "stale
mutation: ID: ..." for each and exits non-zero; `--check` does only that
(fast, no build, no VM) for the whole table, and `make check` runs it
(check-harness).

The copy holds every file `git ls-files` reports (tracked, and untracked
but not ignored), taken from the work tree, so uncommitted edits are
tested; the source tree is only read.  A VM check stops as soon as its
console shows the verdict (a failed test, a splat, an instance that
cannot end).  Results: a table on stdout and JSON in <out>/mutation.json.
The exit status is 0 only if every selected mutation was killed (and the
unmutated baseline passed).
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import csource  # noqa: E402
import mutations as mtable  # noqa: E402
import suites  # noqa: E402
from suites import SUITES  # noqa: E402,F401


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the copy

def repo_files(src):
    out = subprocess.check_output(
        ['git', '-C', src, 'ls-files', '-z', '--cached', '--others',
         '--exclude-standard'])
    return sorted({f for f in out.decode().split('\0') if f})


def same_file(a, b):
    """True when b exists with a's bytes."""
    if not os.path.isfile(b) or os.path.getsize(a) != os.path.getsize(b):
        return False
    with open(a, 'rb') as fa, open(b, 'rb') as fb:
        return fa.read() == fb.read()


def copy_tree(src, dst, from_head=(), reuse=False):
    """Copy the work tree's files (see repo_files) from src into dst;
    the paths in from_head as committed in HEAD instead.

    reuse: dst is an earlier copy with its build outputs; only files whose
    bytes differ are written, with a fresh time, so that make rebuilds
    exactly what changed (an earlier mutant's objects included: its
    revert wrote the file after them)."""
    n = 0
    for rel in from_head:
        data = subprocess.check_output(['git', '-C', src, 'show',
                                        'HEAD:' + rel])
        d = os.path.join(dst, rel)
        os.makedirs(os.path.dirname(d), exist_ok=True)
        with open(d, 'wb') as f:
            f.write(data)
        n += 1
    for rel in repo_files(src):
        if rel in from_head:
            continue
        s = os.path.join(src, rel)
        if not os.path.isfile(s):      # tracked but deleted in the work tree
            continue
        d = os.path.join(dst, rel)
        if reuse and same_file(s, d):
            continue
        os.makedirs(os.path.dirname(d), exist_ok=True)
        if reuse:
            shutil.copyfile(s, d)
            shutil.copymode(s, d)
        else:
            shutil.copy2(s, d)
        n += 1
    return n


# ---------------------------------------------------------------- mutations

def plan(tree, m):
    """({path: mutated text}, {path: original text}, problems) for m.

    Each edit replaces its text within its function's definition (or
    file-scope declaration), located anew after the edits before it, so
    several edits of one file apply in order.  A problem (the file, the
    function or the text not there exactly once) makes m stale."""
    texts, orig, problems = {}, {}, []
    for e in m['edits']:
        where = '%s: %s %s' % (e.path, e.kind, e.name)
        if e.path not in texts:
            fn = os.path.join(tree, e.path)
            if not os.path.isfile(fn):
                problems.append('%s: no such file' % e.path)
                continue
            with open(fn) as f:
                texts[e.path] = orig[e.path] = f.read()
        text = texts[e.path]
        try:
            start, end = csource.find(text, e.kind, e.name)
        except LookupError as err:
            problems.append('%s: %s' % (e.path, err))
            continue
        n = text.count(e.old, start, end)
        if n != 1:
            problems.append('%s: text found %d times: %r' %
                            (where, n, e.old[:60]))
            continue
        k = text.index(e.old, start, end)
        texts[e.path] = text[:k] + e.new + text[k + len(e.old):]
    if not m['edits']:
        problems.append('no edits')
    return texts, orig, problems


def check_edits(tree, m):
    """Problems that make mutation m stale in tree (empty list: fine)."""
    return plan(tree, m)[2]


def apply_edits(tree, m):
    """Apply m; return {path: original text} for revert()."""
    texts, orig, problems = plan(tree, m)
    if problems:
        raise StaleMutation(m['id'], problems)
    for path, text in texts.items():
        with open(os.path.join(tree, path), 'w') as f:
            f.write(text)
    return orig


def revert(tree, saved):
    for path, text in saved.items():
        with open(os.path.join(tree, path), 'w') as f:
            f.write(text)


class StaleMutation(Exception):
    def __init__(self, mid, problems):
        super().__init__('stale mutation: %s: %s' % (mid, '; '.join(problems)))


def stale(sel, tree):
    """['stale mutation: ID: problem', ...] for the mutations in sel."""
    out = []
    for m in sel:
        for p in check_edits(tree, m):
            out.append('stale mutation: %s: %s' % (m['id'], p))
    return out


def check_all(sel, tree):
    """--check: every selected mutation applies to tree; exit status."""
    nstale = 0
    for m in sel:
        problems = check_edits(tree, m)
        nstale += bool(problems)
        for p in problems:
            print('stale mutation: %s: %s' % (m['id'], p))
    print('mutate: %d of %d mutations apply to %s%s' % (
        len(sel) - nstale, len(sel), tree,
        '; %d STALE' % nstale if nstale else ''))
    return 1 if nstale else 0


# ---------------------------------------------------------------- main

def select(args):
    table = mtable.MUTATIONS
    ids = [m['id'] for m in table]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        sys.exit('mutate: duplicate mutation ids: %s' % ' '.join(sorted(dup)))
    if args.only:
        unknown = [i for i in args.only if i not in ids]
        if unknown:
            sys.exit('mutate: unknown mutation(s): %s (see --list)' %
                     ' '.join(unknown))
        table = [m for m in table if m['id'] in args.only]
    want = set(SUITES) if 'all' in args.suite else set(args.suite)
    out = []
    for m in table:
        run = [s for s in m['suites'] if s in want]
        if run:
            out.append(dict(m, run=run))
    return out


def print_list(sel, src):
    """The table, with each entry checked against the source tree."""
    stale = 0
    for m in sel:
        files = sorted({e.path for e in m['edits']})
        problems = check_edits(src, m)
        stale += bool(problems)
        print('%-24s %-16s %s\n%24s %s%s' % (
            m['id'], '+'.join(m['suites']), m['desc'], '', ', '.join(files),
            '  STALE: ' + '; '.join(problems) if problems else ''))
    return 1 if stale else 0


def fmt_row(mid, suite, status, why, secs):
    return '%-24s %-16s %-11s %6s  %s' % (
        mid, suite, status, '%.0fs' % secs if secs is not None else '-',
        why)


def parser(top):
    ap = argparse.ArgumentParser(
        description='Mutation testing of hyp/linux, hyp/user, hyp/common '
        'and the guest\'s halt\nagainst the checks that guard them (the '
        'table: tests/mutation/mutations.py).\nWorks on a private copy of '
        'the tree.  Suites (a mutation names the ones\nthat must kill it):\n'
        + ''.join('  %-17s %s\n' % (k, v.what) for k, v in SUITES.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='Status per mutation and suite: killed (good), survived '
        '(a hole in the tests), build-error (fix the table).  A stale '
        'mutation (its function or text not found exactly once) stops the '
        'run before anything is built.\n'
        'Exit status: 0 when every selected mutation was killed.')
    ap.add_argument('--list', action='store_true',
                    help='list the mutations and exit')
    ap.add_argument('--check', action='store_true',
                    help='only check that every selected mutation still '
                    'applies to the source tree (its function and text are '
                    'there exactly once); fast, builds nothing, no VM; '
                    'exit status 1 when one is stale')
    ap.add_argument('--only', nargs='+', metavar='ID',
                    help='run only these mutations')
    ap.add_argument('--suite', nargs='+', choices=tuple(SUITES) + ('all',),
                    default=['all'], metavar='SUITE',
                    help='run only these suites (%s; default all): a '
                    'mutation runs those of its suites that are selected' %
                    ', '.join(SUITES))
    ap.add_argument('--src', default=top,
                    help='the tree to copy (default: %(default)s)')
    ap.add_argument('--out', help='where mutation.json and the logs go '
                    '(default: SRC/build/mutation)')
    ap.add_argument('--work', help='scratch directory for the copy '
                    '(default: a new temporary directory, removed after)')
    ap.add_argument('--keep', action='store_true',
                    help='keep the scratch directory')
    ap.add_argument('--reuse', action='store_true',
                    help='with --work: build in the copy an earlier run '
                    'kept there (--keep), refreshing only the files that '
                    'changed, instead of a new copy and a full build')
    ap.add_argument('--from-head', nargs='+', metavar='PATH', default=[],
                    help='take these files as committed in HEAD, not from '
                    'the work tree (a file someone is in the middle of '
                    'editing)')
    ap.add_argument('--no-baseline', action='store_true',
                    help='skip the run of the unmutated copy')
    ap.add_argument('-j', '--jobs', type=int, default=2,
                    help='make -j (default %(default)s)')
    ap.add_argument('--user-timeout', type=int, default=30,
                    help='seconds for one ct-user --quick (default '
                    '%(default)s)')
    ap.add_argument('--kernel-timeout', type=int, default=240,
                    help='seconds for one VM run of the kernel suite '
                    '(default %(default)s)')
    ap.add_argument('--instances-timeout', type=int, default=900,
                    help='seconds for one VM run of the instance tests '
                    '(default %(default)s)')
    ap.add_argument('--build-timeout', type=int, default=900,
                    help='seconds for one build (default %(default)s)')
    ap.add_argument('--vmlinuz', help='kernel image for the VM (default: '
                    'SRC/build/vm/kernel/vmlinuz, else fetched)')
    return ap


class Session:
    """One run over the selected mutations: the copy, logs, the report."""

    def __init__(self, args, sel):
        self.args, self.sel = args, sel
        args.src = os.path.abspath(args.src)
        self.out_dir = os.path.abspath(args.out or os.path.join(
            args.src, 'build', 'mutation'))
        self.made_work = not args.work
        args.work = os.path.abspath(args.work or
                                    tempfile.mkdtemp(prefix='rv-mutate-'))
        self.tree = os.path.join(args.work, 'tree')
        self.logdir = os.path.join(self.out_dir, 'logs')
        self.need = sorted({s for m in sel for s in m['run']})
        self.t_start = time.monotonic()
        self.rows = []
        self.report = {'source': args.src, 'from_head': args.from_head,
                       'started': time.strftime('%Y-%m-%dT%H:%M:%S'),
                       'suites': self.need, 'baseline': {}, 'mutations': []}

    def prepare(self):
        """Copy the tree; exit before any build if a mutation is stale."""
        os.makedirs(self.args.work, exist_ok=True)
        reuse = self.args.reuse and os.path.isdir(self.tree)
        if os.path.exists(self.tree) and not reuse:
            shutil.rmtree(self.tree)
        n = copy_tree(self.args.src, self.tree, self.args.from_head, reuse)
        log('mutate: copied %d files of %s to %s' % (n, self.args.src,
                                                     self.tree))
        bad = stale(self.sel, self.tree)
        if bad:
            for line in bad:
                log(line)
            self.cleanup()
            sys.exit('mutate: %d stale edits: update tests/mutation/'
                     'mutations.py (mutate.py --check)' % len(bad))
        os.makedirs(self.logdir, exist_ok=True)
        if any(SUITES[s].vm for s in self.need):
            self.args.kernel_image = suites.vm_kernel(
                self.tree, self.args, os.path.join(self.logdir,
                                                   'vm-kernel.log'))

    def cleanup(self):
        if self.made_work and not self.args.keep:
            shutil.rmtree(self.args.work, ignore_errors=True)

    def save(self):
        self.report['seconds'] = round(time.monotonic() - self.t_start, 1)
        os.makedirs(self.out_dir, exist_ok=True)
        with open(os.path.join(self.out_dir, 'mutation.json'), 'w') as f:
            json.dump(self.report, f, indent=1)
            f.write('\n')

    def new_log(self, name):
        logf = os.path.join(self.logdir, name + '.log')
        open(logf, 'w').close()
        return logf

    def baseline(self):
        """Build and run the unmutated copy; exit if it fails."""
        base = self.report['baseline']
        logf = self.new_log('baseline')
        log('mutate: baseline: building the unmutated copy')
        ok, bsecs = suites.build(self.tree, self.need, self.args, logf)
        base['build_seconds'] = round(bsecs, 1)
        if not ok:
            self.save()
            sys.exit('mutate: the unmutated tree does not build (%s)' % logf)
        for s in self.need:
            killed, why, secs = SUITES[s].run(self.tree, self.args, logf)
            base[s] = {'passed': not killed, 'why': why,
                       'seconds': round(secs, 1)}
            log('mutate: baseline %s: %s (%.0f s)' %
                (s, 'FAILED: ' + why if killed else 'passed', secs))
            if killed:
                self.save()
                sys.exit('mutate: the unmutated suite fails, nothing can be '
                         'judged (%s)' % logf)

    def mutation(self, i, m):
        """Apply m, build, run its suites, revert."""
        rec = {'id': m['id'], 'desc': m['desc'], 'suites': m['run'],
               'files': sorted({e.path for e in m['edits']}), 'results': {}}
        self.report['mutations'].append(rec)
        logf = self.new_log(m['id'])
        saved = apply_edits(self.tree, m)
        try:
            log('mutate: [%d/%d] %s: %s' % (i, len(self.sel), m['id'],
                                            m['desc']))
            ok, bsecs = suites.build(self.tree, m['run'], self.args, logf)
            rec['build_seconds'] = round(bsecs, 1)
            if not ok:
                for s in m['run']:
                    rec['results'][s] = {'status': 'build-error',
                                         'why': 'see ' + logf}
                    self.rows.append(fmt_row(m['id'], s, 'BUILD-ERROR',
                                             'see ' + logf, bsecs))
                log('mutate:   build error (%s)' % logf)
                return
            for s in m['run']:
                killed, why, secs = SUITES[s].run(self.tree, self.args,
                                                  logf)
                st = 'killed' if killed else 'survived'
                rec['results'][s] = {'status': st, 'why': why,
                                     'seconds': round(secs, 1)}
                self.rows.append(fmt_row(m['id'], s, st, why, secs))
                log('mutate:   %s: %s%s (%.0f s)' %
                    (s, st, ': ' + why if why else '', secs))
        finally:
            revert(self.tree, saved)
            self.save()

    def summary(self):
        """Print the table and the counts; the exit status."""
        print('%-24s %-16s %-11s %6s  %s' % ('mutation', 'suite', 'status',
                                            'time', 'first failing test'))
        for r in self.rows:
            print(r)
        results = [r for m in self.report['mutations']
                   for r in m['results'].values()]
        counts = {}
        for r in results:
            counts[r['status']] = counts.get(r['status'], 0) + 1
        print('mutate: %s; %.0f s; %s' % (
            ', '.join('%d %s' % (v, k) for k, v in sorted(counts.items())),
            time.monotonic() - self.t_start,
            os.path.join(self.out_dir, 'mutation.json')))
        return 0 if all(r['status'] == 'killed' for r in results) else 1


def main(argv=None):
    args = parser(os.path.dirname(os.path.dirname(HERE))).parse_args(argv)
    # Killed (by timeout(1), make, a person): still revert and clean up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit('mutate: terminated'))
    sel = select(args)
    if args.list:
        return print_list(sel, os.path.abspath(args.src))
    if args.check:
        return check_all(sel, os.path.abspath(args.src))
    if not sel:
        sys.exit('mutate: no mutation selected')
    run = Session(args, sel)
    run.prepare()
    try:
        if not args.no_baseline:
            run.baseline()
        for i, m in enumerate(sel, 1):
            run.mutation(i, m)
    finally:
        run.save()
        run.cleanup()
    return run.summary()


if __name__ == '__main__':
    sys.exit(main())
