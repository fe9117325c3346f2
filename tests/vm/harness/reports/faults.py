# SPDX-License-Identifier: BSD-2-Clause
"""Judge a check-faults log (tests/vm/check-faults.sh) against the table of
injection points (tests/faults/sites.txt).

faults-probe.tap: per site, a carrier loaded while the site fails for
insmod ends as the table says, and each probed hypercall returns the
table's error (or 0 when the table does not name it).  faults-walk.tap:
per failure point (site, load, N: the Nth call of the site during the
load failed), the load ended cleanly: insmod succeeded or failed with an
error (no hang), the carrier and rumpvisor.ko unloaded, no instance,
thread or byte was left, and the console had no report while it ran.
faults-harness.tap: every step, the console, the end of the run.  The
summary says how many distinct failure points were exercised."""

import os
import re

from .. import TESTS, judge, log
from . import common

COMMAND = 'faults-report'
HELP = 'judge a check-faults log: hypercall errors and clean failures'

ERRNO = {'ENOMEM': 12, 'EIO': 5}
# strerror() of the errors insmod may report, as busybox prints them.
INSMOD_TEXT = {'ENOMEM': 'Cannot allocate memory',
               'EIO': 'Input/output error'}
# The probe's hypercalls, in the order it makes them.
PROBE_CALLS = ('malloc-small', 'malloc-large', 'malloc-aligned', 'anonmmap',
               'thread', 'open', 'fileinfo', 'write', 'read', 'sync', 'bio',
               'sp', 'virtif')
INSMOD_RE = re.compile(r'^insmod (\S+) rc=(-?\d+) msg=(.*)$')
WALK_RE = re.compile(r'^walk site=(\S+) load=(\S+) n=(\d+) fired=([01])$')
LEFT_RE = re.compile(r'^left instances=(\d+)')
CALLS_RE = re.compile(r'^calls site=(\S+) load=(\S+) n=(-?\d+)$')
PROBE_RE = re.compile(r'faultprobe: (\S+) rc=(-?\d+)')
# rumpvisor's line when an instance has ended (instance.c report_end).
END_RE = re.compile(r'rumpvisor: (\S+): (exited -?\d+|panicked|killed); ')
NOBOOT_RE = re.compile(r'rumpvisor: (\S+): the guest did not boot')


def arguments(p, build):
    common.log_and_out_arguments(p, build)
    p.add_argument('--sites', default=os.path.join(TESTS, 'faults',
                                                   'sites.txt'),
                   help='the table of injection points (default: '
                   '%(default)s)')


def read_sites(path):
    """{site: (retval, insmod, {call: errno name})} in table order."""
    sites = {}
    with open(path) as f:
        for line in f:
            fields = line.split()
            if not fields or fields[0].startswith('#'):
                continue
            calls = {}
            for item in fields[3:]:
                if item != '-':
                    call, _, err = item.partition('=')
                    calls[call] = err
            sites[fields[0]] = (fields[1], fields[2], calls)
    return sites


class Part:
    """What one RV-PART of the log said."""

    def __init__(self, name, first):
        self.name = name
        self.first = self.last = first
        self.insmods = []          # (name, rc, msg)
        self.walk = None           # (site, load, n, fired)
        self.left = None           # instances left
        self.calls = {}            # (site, load) -> calls counted
        self.probe = {}            # call -> rc
        self.probe_done = False
        self.ends = []             # how instances ended
        self.noboot = False
        self.steps = []            # (step, rc)
        self.findings = []         # console findings while it ran


def split_parts(lines):
    """[Part, ...] in log order, with everything each one printed."""
    parts, cur = [], None
    for i, raw in enumerate(lines):
        msg = log.message(raw)
        m = log.MARK_RE.search(msg)
        if m and m.group(1) == 'RV-PART':
            cur = Part(m.group(2).strip(), i)
            parts.append(cur)
            continue
        if cur is None:
            continue
        cur.last = i
        if m and m.group(1) == 'RV-FAULT':
            note(cur, m.group(2).strip())
        elif m and m.group(1) == 'RV-STEP':
            s = log.STEP_RE.match(m.group(2).strip())
            if s:
                cur.steps.append((s.group(1), int(s.group(2))))
        else:
            scan_message(cur, msg)
    return parts


def note(part, rest):
    m = INSMOD_RE.match(rest)
    if m:
        part.insmods.append((m.group(1), int(m.group(2)), m.group(3)))
        return
    m = WALK_RE.match(rest)
    if m:
        part.walk = (m.group(1), m.group(2), int(m.group(3)),
                     m.group(4) == '1')
        return
    m = LEFT_RE.match(rest)
    if m:
        part.left = int(m.group(1))
        return
    m = CALLS_RE.match(rest)
    if m:
        part.calls[(m.group(1), m.group(2))] = int(m.group(3))


def scan_message(part, msg):
    m = PROBE_RE.search(msg)
    if m:
        part.probe[m.group(1)] = int(m.group(2))
    elif 'faultprobe: done' in msg:
        part.probe_done = True
    m = END_RE.search(msg)
    if m:
        part.ends.append(m.group(2))
    if NOBOOT_RE.search(msg):
        part.noboot = True


def attach_findings(parts, findings):
    for n, what, msg in findings:
        for p in parts:
            if p.first < n <= p.last + 1:
                p.findings.append('%s: %s' % (what, msg))
                break


# busybox insmod exits with the errno of a failed load; timeout -s KILL
# ends a hung one with 128 + 9.
HUNG_RC = (124, 137)


def insmod_as_expected(want, rc, msg):
    if want == 'ok':
        return rc == 0
    return rc == ERRNO[want] and INSMOD_TEXT[want] in msg


def judge_probe(part, site, spec):
    """(ok, text) for one probe part."""
    _, want_insmod, calls = spec
    problems = []
    ins = {n: (rc, msg) for n, rc, msg in part.insmods}
    rc, msg = ins.get('probe-insmod', (None, ''))
    if rc is None or not insmod_as_expected(want_insmod, rc, msg):
        problems.append('insmod under failure: want %s, got rc=%s %s' %
                        (want_insmod, rc, msg.strip()))
    rc, msg = ins.get('probe-calls', (None, ''))
    if rc != 0 or not part.probe_done:
        problems.append('probe did not run to the end (insmod rc=%s %s)' %
                        (rc, msg.strip()))
    got = []
    for call in PROBE_CALLS:
        want = ERRNO[calls[call]] if call in calls else 0
        have = part.probe.get(call)
        got.append('%s=%s' % (call, have))
        if have != want:
            problems.append('%s returned %s, not %d' % (call, have, want))
    for call in calls:
        if call not in PROBE_CALLS:
            problems.append('the table names %s, which the probe does not '
                            'make' % call)
    problems += clean_problems(part)
    text = '%s: insmod %s, %s' % (site, want_insmod, ' '.join(
        '%s=%s' % (c, e) for c, e in calls.items()) or 'no hypercall fails')
    if problems:
        text += ' -- ' + '; '.join(problems) + ' [' + ' '.join(got) + ']'
    return not problems, text


def clean_problems(part):
    """What a part left behind or broke, whatever it tested."""
    out = ['%s rc=%d' % (s, rc) for s, rc in part.steps if rc != 0]
    if part.left != 0:
        out.append('%s instance(s) left in sysfs' % part.left)
    out += part.findings
    return out


def outcome(part):
    """How the load ended, in words."""
    rc = part.insmods[-1][1] if part.insmods else None
    how = '/'.join(part.ends) or 'no instance end'
    if rc == 0:
        return 'ran, guest %s' % how
    if rc is not None and rc not in HUNG_RC:
        msg = part.insmods[-1][2].rsplit(':', 1)[-1].strip()
        return 'load failed (%s), guest %s' % (msg, how)
    return 'load hung or crashed (insmod rc=%s)' % rc


def judge_walk(part):
    site, load, n, fired = part.walk
    problems = clean_problems(part)
    rc = part.insmods[-1][1] if part.insmods else None
    if rc is None or rc in HUNG_RC:
        problems.append('insmod rc=%s (killed after its deadline?)' % rc)
    text = '%s, call %d during %s: %s' % (site, n, load, outcome(part))
    if problems:
        text += ' -- ' + '; '.join(problems)
    return not problems, text


def summary(walks, calls):
    """Rows: site, load, calls made (count run), calls failed one at a
    time, outcomes."""
    rows = {}
    for key in calls:
        rows.setdefault(key, {'ns': [], 'out': {}, 'beyond': None})
    for part in walks:
        site, load, n, fired = part.walk
        r = rows.setdefault((site, load), {'ns': [], 'out': {},
                                           'beyond': None})
        if fired:
            r['ns'].append(n)
            o = outcome(part).split(',')[0]
            r['out'][o] = r['out'].get(o, 0) + 1
        else:
            r['beyond'] = n
    out = ['%-20s %-5s %6s  %-22s %s' % ('site', 'load', 'calls',
                                          'failed (first..last)',
                                          'outcomes')]
    for (site, load), r in rows.items():
        ns = r['ns']
        if not ns and not calls.get((site, load)) and r['beyond'] is None:
            continue            # the load never calls the site
        span = ('%d (%d..%d)' % (len(ns), ns[0], ns[-1])) if ns else 'not walked'
        if r['beyond'] is not None:
            span += ', <%d calls' % r['beyond']
        out.append('%-20s %-5s %6s  %-22s %s' % (
            site, load, calls.get((site, load), '?'), span, ', '.join('%s %d' % kv
                                        for kv in sorted(r['out'].items()))))
    return out


def run(args):
    lines, _ = common.start(args)
    sites = read_sites(args.sites)
    parts = split_parts(lines)
    attach_findings(parts, judge.check_console(lines))
    probe, walk, harness = [], [], []
    probed = set()
    calls = {}
    for part in parts:
        if part.name.startswith('count-'):
            calls.update(part.calls)
            problems = clean_problems(part)
            harness.append((not problems and bool(part.calls),
                            '%s: the calls of every site counted (%d)%s' % (
                                part.name, sum(part.calls.values()),
                                ' -- ' + '; '.join(problems)
                                if problems else '')))
            continue
        if part.name.startswith('probe-') and part.name[6:] in sites:
            probed.add(part.name[6:])
            probe.append(judge_probe(part, part.name[6:],
                                     sites[part.name[6:]]))
        elif part.walk and part.walk[3]:
            walk.append(judge_walk(part))
        elif part.walk:
            problems = clean_problems(part)
            harness.append((not problems, '%s: %s made fewer than %d calls '
                            'of %s (%s)%s' % (
                                part.name, part.walk[1], part.walk[2],
                                part.walk[0], outcome(part),
                                ' -- ' + '; '.join(problems)
                                if problems else '')))
    for site in sites:
        if site not in probed:
            probe.append((False, '%s: not probed' % site))
    walks = [p for p in parts if p.walk]
    reached = {p.walk[0] for p in walks if p.walk[3]}
    points = {p.walk for p in walks if p.walk[3]}
    for site in sites:
        harness.append((site in reached, '%s: failed at least once during '
                        'a load' % site))
    harness += common.need_parts([p.name for p in parts], ('faults', 'end'))
    log.write_lines(os.path.join(args.out, 'faults-probe.tap'),
                    common.harness_tap(probe))
    log.write_lines(os.path.join(args.out, 'faults-walk.tap'),
                    common.harness_tap(walk))
    rc = common.finish_report('check-faults', 'fault injection: %d sites '
                              'probed, %d distinct failure points walked' %
                              (len(probed), len(points)), args, lines,
                              harness, 'faults-harness.tap', cycles=False)
    for row in summary(walks, calls):
        print('  ' + row)
    for ok, text in probe + walk:
        if not ok:
            print('check-faults: FAILED: %s' % text)
    print('check-faults: %d failure points exercised (%d sites, %d of them '
          'reached by the loads); %d probe sites, %d failed checks' % (
              len(points), len(sites), len(reached), len(probe),
              sum(1 for ok, _ in probe + walk if not ok)))
    return rc if all(ok for ok, _ in probe + walk) else 1
