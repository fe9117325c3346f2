# SPDX-License-Identifier: BSD-2-Clause
"""Unit tests for `vm.py faults-report` (tests/vm/check-faults.sh)."""
import contextlib
import io
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vm  # noqa: E402

SITES = """\
# site        retval  insmod  probe
rv_slab_desc  -       ok      malloc-small=ENOMEM bio=ENOMEM
rv_pcpu_new   -       ENOMEM  -
"""

CALLS = ('malloc-small', 'malloc-large', 'malloc-aligned', 'anonmmap',
         'thread', 'open', 'fileinfo', 'write', 'read', 'sync', 'bio', 'sp',
         'virtif')


def probe(site, insmod, failing):
    """The lines of one probe part."""
    out = ['RV-PART probe-%s' % site, 'RV-STEP insmod-rumpvisor rc=0',
           'RV-FAULT insmod probe-insmod rc=%s msg=%s' % insmod]
    for c in CALLS:
        out.append('faultprobe: %s rc=%d' % (c, failing.get(c, 0)))
    out += ['faultprobe: done', 'RV-FAULT insmod probe-calls rc=0 msg=',
            'RV-STEP rmmod-rumpvisor_faultprobe rc=0',
            'RV-FAULT left instances=0',
            'RV-STATS threads=0 allocs=0 bytes=0 instances=0',
            'RV-STEP rmmod-rumpvisor rc=0']
    return out


def walk(site, load, n, fired, insmod_rc=0, extra=()):
    out = ['RV-PART fault-%s-%s-%d' % (site, load, n),
           'RV-STEP insmod-rumpvisor rc=0']
    out += list(extra)
    out += ['RV-FAULT insmod load rc=%d msg=' % insmod_rc,
            'rumpvisor: fsdemo: exited 0; 0 thread(s) ended by rumpvisor, '
            '0 guest byte(s) in 0 allocation(s) and 18 page(s) reclaimed, '
            '0 file(s) closed']
    if insmod_rc == 0:
        out.append('RV-STEP rmmod-rumpvisor_fsdemo rc=0')
    out += ['RV-FAULT left instances=0',
            'RV-STATS threads=0 allocs=0 bytes=0 instances=0',
            'RV-STEP rmmod-rumpvisor rc=0',
            'RV-FAULT walk site=%s load=%s n=%d fired=%d' % (
                site, load, n, fired)]
    return out


def count(load, calls):
    """The lines of one count part: calls is {site: n}."""
    out = ['RV-PART count-%s' % load, 'RV-STEP insmod-rumpvisor rc=0',
           'RV-FAULT insmod load rc=0 msg=']
    out += ['RV-FAULT calls site=%s load=%s n=%d' % (s, load, n)
            for s, n in calls.items()]
    out += ['RV-FAULT left instances=0',
            'RV-STATS threads=0 allocs=0 bytes=0 instances=0',
            'RV-STEP rmmod-rumpvisor rc=0']
    return out


def good_log():
    lines = ['RV-BOOT 6.1.192-rvdebug', 'RV-PART faults']
    lines += probe('rv_slab_desc', ('0', ''),
                   {'malloc-small': 12, 'bio': 12})
    lines += probe('rv_pcpu_new', ('12', "fault-insmod: x.ko: Cannot "
                                   "allocate memory"), {})
    lines += count('boot', {'rv_slab_desc': 2, 'rv_pcpu_new': 1})
    lines += walk('rv_slab_desc', 'boot', 1, 1)
    lines += walk('rv_slab_desc', 'boot', 2, 0)
    lines += walk('rv_pcpu_new', 'boot', 1, 1, insmod_rc=12)
    lines += walk('rv_pcpu_new', 'boot', 2, 0)
    lines += ['RV-PART end', 'RV-TAINT 12288', 'RV-DONE rc=0']
    return lines


class FaultsReportTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.sites = os.path.join(self.tmp, 'sites.txt')
        with open(self.sites, 'w') as f:
            f.write(SITES)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def report(self, lines):
        path = os.path.join(self.tmp, 'log')
        with open(path, 'w') as f:
            for i, line in enumerate(lines):
                f.write('[%5d.000000] %s\n' % (i, line))
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            rc = vm.main(['faults-report', path, '--sites', self.sites,
                          '--out', self.tmp])
        return rc, out.getvalue()

    def test_ok(self):
        rc, out = self.report(good_log())
        self.assertEqual(rc, 0, out)
        self.assertIn('2 failure points exercised', out)
        # The summary row: the count run's calls, then what failed.
        self.assertRegex(out, r'rv_slab_desc +boot +2 +1 \(1\.\.1\)')

    def test_count_missing(self):
        lines = [l for l in good_log() if 'RV-FAULT calls' not in l]
        rc, out = self.report(lines)
        self.assertEqual(rc, 1)
        self.assertIn('count-boot: the calls of every site counted', out)

    def test_count_leak(self):
        lines = good_log()
        i = lines.index('RV-PART count-boot')
        j = lines.index('RV-FAULT left instances=0', i)
        lines[j] = 'RV-FAULT left instances=1'
        rc, out = self.report(lines)
        self.assertEqual(rc, 1)
        self.assertIn('count-boot', out)

    def test_wrong_errno(self):
        lines = [l.replace('faultprobe: bio rc=12', 'faultprobe: bio rc=5')
                 for l in good_log()]
        rc, out = self.report(lines)
        self.assertEqual(rc, 1)
        self.assertIn('bio returned 5, not 12', out)

    def test_unexpected_failure(self):
        lines = good_log()
        i = lines.index('faultprobe: open rc=0')
        lines[i] = 'faultprobe: open rc=12'
        rc, out = self.report(lines)
        self.assertEqual(rc, 1)
        self.assertIn('open returned 12, not 0', out)

    def test_insmod_result(self):
        lines = [l.replace('RV-FAULT insmod probe-insmod rc=12',
                           'RV-FAULT insmod probe-insmod rc=0')
                 for l in good_log()]
        rc, out = self.report(lines)
        self.assertEqual(rc, 1)
        self.assertIn('want ENOMEM', out)

    def test_hung_load(self):
        lines = good_log()
        i = lines.index('RV-PART fault-rv_slab_desc-boot-1')
        lines[i + 2] = 'RV-FAULT insmod load rc=137 msg=Killed'
        rc, out = self.report(lines)
        self.assertEqual(rc, 1)
        self.assertIn('killed after its deadline', out)

    def test_warning_names_the_point(self):
        lines = good_log()
        i = lines.index('RV-PART fault-rv_slab_desc-boot-1')
        lines.insert(i + 2, 'WARNING: CPU: 0 PID: 1 at mm/slab.c:1 x+0x1')
        rc, out = self.report(lines)
        self.assertEqual(rc, 1)
        self.assertIn('rv_slab_desc, call 1 during boot', out)

    def test_left_instance(self):
        lines = good_log()
        i = lines.index('RV-PART fault-rv_slab_desc-boot-1')
        j = lines.index('RV-FAULT left instances=0', i)
        lines[j] = 'RV-FAULT left instances=1'
        rc, out = self.report(lines)
        self.assertEqual(rc, 1)
        self.assertIn('1 instance(s) left', out)

    def test_site_never_reached(self):
        lines = [l for l in good_log()
                 if 'fault-rv_pcpu_new-boot-1' not in l]
        lines = [l.replace('site=rv_pcpu_new load=boot n=1 fired=1',
                           'site=rv_pcpu_new load=boot n=1 fired=0')
                 for l in lines]
        rc, out = self.report(lines)
        self.assertEqual(rc, 1)
        self.assertIn('rv_pcpu_new: failed at least once', out)


if __name__ == '__main__':
    unittest.main()
