# SPDX-License-Identifier: BSD-2-Clause
"""Console judgement: what in a VM's console makes a run fail.

check_console() lists every finding (kernel warnings, BUG, oopses, panics,
hung tasks, lockdep, the debug kernel's KASAN, UBSAN, kmemleak and
DEBUG_OBJECTS reports, unexpected taint).  reports() groups the findings
of one multi-line kernel report (headline, call trace, the WARNING line a
detector prints with it) and names the test (RV-PART/RV-STEP) that was
running when it appeared; kmemleak leaks are named by the time of the
allocation, not of the scan.
"""

import re

from . import log

# Messages that are guest console output, not the kernel's own voice: a
# guest may print anything, so they are not scanned for kernel failures.
# rump-NAME: is a guest's console (per instance); the others are guests'
# and test programs' output that the test scripts pipe into the log.
GUEST_PREFIXES = ('rump: ', 'rump-', 'ctuser: ', 'vfstest: ', 'vfstest2: ',
                  'vtuser: ', 'stress: ', 'stress2: ', 'ti: ', 'rumpctl ', 'rumpctl: ')

# Taint bits allowed after a run: O (out-of-tree module) and E (unsigned
# module), both caused by loading our own modules.  Anything else (W after
# a warning, D after an oops, ...) is a failure.
TAINT_OK = (1 << 12) | (1 << 13)
TAINT_LETTERS = 'PFSRMBUDAWCIOELKXT'
TAINT_RE = re.compile(r'RV-TAINT (\d+)')

LOCKDEP_RE = (r'possible recursive locking|circular locking|'
              r'inconsistent lock state|possible irq lock inversion|'
              r'lock order detected|suspicious RCU usage|'
              r'bad unlock balance|held lock freed|'
              r'lock held when returning|Nested lock was not taken|'
              r'too low!|DEBUG_LOCKS_WARN_ON|non-static key|'
              r'lock held at task exit|releasing a pinned lock')

# (pattern, kind), case-sensitive, matched against kernel messages; the
# first match names the finding, so the detectors come before the generic
# WARNING/BUG patterns their reports also carry.
FAILURES = [
    (re.compile(r'KASAN'), 'KASAN'),
    (re.compile(r'UBSAN'), 'UBSAN'),
    (re.compile(LOCKDEP_RE), 'lockdep'),
    (re.compile(r'sleeping function called from invalid context'),
     'sleep in atomic context'),
    (re.compile(r'scheduling while atomic'), 'scheduling while atomic'),
    (re.compile(r'suspected memory leak|unreferenced object 0x'),
     'kmemleak'),
    (re.compile(r'kmemleak: .*(?:disabled|[Cc]annot)'), 'kmemleak disabled'),
    (re.compile(r'ODEBUG:'), 'DEBUG_OBJECTS'),
    (re.compile(r'hung_task|blocked for more than'), 'hung task'),
    (re.compile(r'^BUG \S+ \((?:Not tainted|Tainted: [^)]*)\): |'
                r'^INFO: Slab 0x|Redzone overwritten|Poison overwritten|'
                r'Object padding overwritten'), 'SLUB corruption'),
    (re.compile(r'soft lockup|hard LOCKUP'), 'lockup'),
    (re.compile(r'rcu_(?:sched|preempt)? ?(?:self-)?detected stall|'
                r'rcu: INFO: .*stall'), 'RCU stall'),
    (re.compile(r'list_(?:add|del) corruption|list corruption'),
     'list corruption'),
    (re.compile(r'WARNING:'), 'kernel warning'),
    (re.compile(r'\bBUG:|kernel BUG at'), 'kernel BUG'),
    (re.compile(r'\bOops\b'), 'oops'),
    (re.compile(r'general protection'), 'general protection fault'),
    (re.compile(r'Kernel panic'), 'kernel panic'),
]
CALL_TRACE_RE = re.compile(r'Call Trace')
# rumpvisor prints this right before the dump_stack() of an intentional
# guest panic (rumpuser_exit(RUMPUSER_PANIC)); that one trace is expected.
ALLOWED_PANIC_RE = re.compile(r'guest panicked')
ALLOWED_PANIC_WINDOW = 12   # lines between the panic line and its trace

# Which detector a finding belongs to (the debug report's categories).
DETECTORS = {
    'KASAN': 'KASAN',
    'UBSAN': 'UBSAN',
    'lockdep': 'lockdep',
    'sleep in atomic context': 'lockdep',
    'scheduling while atomic': 'lockdep',
    'kmemleak': 'kmemleak',
    'kmemleak disabled': 'kmemleak',
    'DEBUG_OBJECTS': 'DEBUG_OBJECTS',
    'hung task': 'hung task',
}
DETECTOR_ORDER = ('KASAN', 'UBSAN', 'lockdep', 'kmemleak', 'DEBUG_OBJECTS',
                  'hung task', 'other')
# A generic WARNING names the detector by the file that warned.
WARN_SOURCES = ((re.compile(r' at lib/debugobjects\.c'), 'DEBUG_OBJECTS'),
                (re.compile(r' at kernel/locking/'), 'lockdep'),
                (re.compile(r' at mm/kasan/'), 'KASAN'),
                (re.compile(r' at mm/kmemleak\.c'), 'kmemleak'))
GENERIC = ('kernel warning', 'kernel BUG', 'call trace')
FOLD_WINDOW = 120   # lines one kernel report may span

# kmemleak's report of one object, as the debug hook pipes it.  Its
# allocation time is "(age N.Ns)" in some kernels, only jiffies in others.
LEAK_RE = re.compile(r'unreferenced object (0x[0-9a-f]+) \(size (\d+)\)')
LEAK_WHO_RE = re.compile(r'comm "([^"]*)", pid (\d+), jiffies (\d+)'
                         r'(?: \(age (\d+\.\d+)s\))?')
JIFFIES_RE = re.compile(r'jiffies=(\d+)')


def taint_letters(value):
    return ''.join(c for b, c in enumerate(TAINT_LETTERS) if value >> b & 1)


def classify(msg):
    """The kind of failure a kernel message shows, or None."""
    for rx, what in FAILURES:
        if rx.search(msg):
            if what == 'kernel warning':
                for src, kind in WARN_SOURCES:
                    if src.search(msg):
                        return kind
            return what
    return None


def check_console(lines):
    """Return a list of (line number, finding, line) for a console log."""
    findings = []
    allow_until = -1
    for i, raw in enumerate(lines):
        msg = log.message(raw)
        if msg.startswith(GUEST_PREFIXES):
            continue
        if ALLOWED_PANIC_RE.search(msg):
            allow_until = i + ALLOWED_PANIC_WINDOW
        if CALL_TRACE_RE.search(msg):
            if i <= allow_until:
                allow_until = -1       # one dump per guest panic
            else:
                findings.append((i + 1, 'call trace', msg))
            continue
        what = classify(msg)
        if what:
            findings.append((i + 1, what, msg))
    taint = None
    for i, raw in enumerate(lines):
        m = TAINT_RE.search(log.message(raw))
        if m:
            taint = (i + 1, int(m.group(1)), log.message(raw))
    if taint is None:
        findings.append((0, 'no RV-TAINT line: the VM did not finish', ''))
    elif taint[1] & ~TAINT_OK:
        findings.append((taint[0], 'kernel tainted %d (%s)' %
                         (taint[1], taint_letters(taint[1])), taint[2]))
    return findings


class Report:
    """One kernel report: its findings, kind, detector and test."""

    def __init__(self, n, what, msg):
        self.first = self.last = n
        self.kind = what
        self.lines = [(n, what, msg)]
        self.part = self.step = None
        self.comm = None           # a leaked object's allocating task
        self.when = None           # and when (console seconds)

    @property
    def detector(self):
        return DETECTORS.get(self.kind, 'other')

    @property
    def headline(self):
        for n, what, msg in self.lines:
            if what == self.kind:
                return msg
        return self.lines[0][2]

    @property
    def whole_run(self):
        """A finding about the run as a whole (taint, no end)."""
        return self.first <= 0 or self.kind.startswith('kernel tainted')

    def test(self):
        """'part/step' of the test that was running, as far as known."""
        if self.whole_run:
            return 'the whole run'
        if self.part is None and self.step is None:
            return 'before the first test'
        return '%s/%s' % (self.part or '-', self.step or '-')

    def fold(self, n, what, msg):
        self.lines.append((n, what, msg))
        self.last = n
        if self.kind in GENERIC and what not in GENERIC:
            self.kind = what


def continues(cur, n, what, msg, marks):
    """Whether finding (n, what, msg) belongs to report cur: close to it,
    no marker between, not a leaked object of its own, and either generic
    (a call trace, the WARNING line of a detector) or of cur's kind."""
    return cur is not None and n > 0 and cur.last > 0 and \
        n - cur.last <= FOLD_WINDOW and \
        not any(cur.last < m < n for m in marks) and \
        not LEAK_RE.search(msg) and \
        (what in GENERIC or what == cur.kind or cur.kind in GENERIC)


def reports(lines, findings=None):
    """Group findings into kernel reports, each naming its test."""
    if findings is None:
        findings = check_console(lines)
    marks = sorted(i + 1 for i, _, _ in log.markers(lines))
    out = []
    for n, what, msg in findings:
        if continues(out[-1] if out else None, n, what, msg, marks):
            out[-1].fold(n, what, msg)
        else:
            out.append(Report(n, what, msg))
    if any(LEAK_RE.search(r.headline) for r in out):
        # The scan's "N new suspected memory leaks" line: the objects
        # themselves are the reports.
        out = [r for r in out if r.kind != 'kmemleak' or
               LEAK_RE.search(r.headline)]
    for r in out:
        if not r.whole_run:
            r.part, r.step = log.running_test(lines, r.first - 1)
    attribute_leaks(lines, out)
    return out


def jiffies_clock(lines):
    """A function from jiffies to console time (seconds), fitted on the
    RV-KMEMLEAK markers that carry jiffies, or None."""
    pts = []
    for i, mark, rest in log.markers(lines):
        m = JIFFIES_RE.search(rest)
        t = log.timestamp(lines[i])
        if mark == 'RV-KMEMLEAK' and m and t is not None:
            pts.append((int(m.group(1)), t))
    if len(pts) < 2 or pts[-1][0] == pts[0][0]:
        return None
    (j0, t0), (j1, t1) = pts[0], pts[-1]
    return lambda j: t0 + (j - j0) * (t1 - t0) / (j1 - j0)


def attribute_leaks(lines, out):
    """Name the test that allocated each leaked object: its age before
    the RV-KMEMLEAK read marker, or its jiffies on the markers' clock."""
    read_at = None
    for i, mark, rest in log.markers(lines):
        if mark == 'RV-KMEMLEAK' and rest.startswith('read'):
            read_at = log.timestamp(lines[i])
    clock = jiffies_clock(lines)
    for r in out:
        if r.kind != 'kmemleak' or not LEAK_RE.search(r.headline):
            continue
        for raw in lines[r.first:r.first + 4]:
            m = LEAK_WHO_RE.search(log.message(raw))
            if not m:
                continue
            r.comm = '%s (pid %s)' % (m.group(1), m.group(2))
            if m.group(4) and read_at is not None:
                when = read_at - float(m.group(4))
            elif clock:
                when = clock(int(m.group(3)))
            else:
                r.part = r.step = '?'
                break
            r.when = when
            idx = log.line_at_time(lines, when)
            r.part, r.step = log.running_test(lines, idx + 1)
            break
