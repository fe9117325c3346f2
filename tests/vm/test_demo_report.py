# SPDX-License-Identifier: BSD-2-Clause
"""Unit tests for `vm.py demo-report` (the file-system demo parts)."""
import contextlib
import io
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vm  # noqa: E402

LOG = """\
[    1.000000] RV-BOOT 6.1.0-test
[    1.100000] RV-PART hypervisor
[    1.200000] rumpvisor: loaded
[    1.300000] RV-STEP load-hypervisor rc=0
[    1.400000] RV-PART guest
[    1.500000] rump-ct: 1..2
[    1.500000] rump-ct: ok 1 - malloc
[    1.500000] rump-ct: ok 2 - threads
[    1.600000] RV-STEP load-guest rc=0
[    1.600000] RV-STEP unload-guest rc=0
[    1.700000] RV-PART fsdemo
[    1.800000] fsdemo: booting the rump kernel (rump_init)
[    1.800000] fsdemo: /kern/version: NetBSD 10.0 (RUMPVISOR)
[    1.800000] fsdemo: done: all steps ok
[    1.900000] RV-STEP load-fsdemo rc=0
[    1.900000] RV-PART resident
[    1.910000] RV-STEP rumpctl-list rc=0
[    1.910000] rumpctl list: fsdemo  running
[    1.920000] RV-STEP rumpctl-status rc=0
[    1.920000] RV-PART second
[    1.930000] RV-STEP load-second rc=0
[    1.930000] RV-STEP rumpctl-list2 rc=0
[    1.940000] RV-STATS threads=5 allocs=9 bytes=99 instances=2 pages=70 idle_workers=0
[    1.950000] RV-PART halt
[    1.950000] RV-STEP rumpctl-halt rc=0
[    1.950000] rumpctl halt: second: exited 0
[    1.960000] RV-STEP unload-second rc=0
[    1.970000] fsdemo: halting the rump kernel (rump_sys_reboot(0))
[    1.970000] fsdemo: halted; the guest returned all its memory
[    1.980000] RV-STEP unload-fsdemo rc=0
[    1.980000] RV-STEP rumpctl-list3 rc=0
[    1.990000] RV-STATS threads=0 allocs=0 bytes=0 instances=0 pages=0 idle_workers=6
[    2.000000] RV-PART fsdemo-user
[    2.000000] RV-STEP user-fsdemo rc=0
[    2.100000] user: fsdemo: /kern/version: NetBSD 10.0 (RUMPVISOR)
[    2.100000] user: fsdemo: done: all steps ok
[    2.110000] RV-PART sysproxy
[    2.120000] RV-STEP sp-load rc=0
[    2.130000] sp socket: NetBSD 10.0 (RUMPVISOR)
[    2.130000] RV-STEP sp-version-socket rc=0
[    2.140000] sp device: NetBSD 10.0 (RUMPVISOR)
[    2.140000] RV-STEP sp-version-device rc=0
[    2.150000] RV-STEP sp-mkdir rc=0
[    2.150000] RV-STEP sp-put-device rc=0
[    2.150000] RV-STEP sp-put-socket rc=0
[    2.160000] sp list: -rw-r--r--  1 0 0  35 Dec  1 10:00 one.txt
[    2.160000] sp list: -rw-r--r--  1 0 0  35 Dec  1 10:00 two.txt
[    2.160000] RV-STEP sp-list rc=0
[    2.170000] sp user: NetBSD 10.0 (RUMPVISOR)
[    2.170000] RV-STEP sp-version-user rc=0
[    2.180000] RV-STEP sp-unload rc=0
[    2.200000] RV-PART unload
[    2.300000] RV-STEP unload-hypervisor rc=0
[    2.300000] RV-PART end
[    2.400000] RV-TAINT 12288
[    2.400000] RV-DONE rc=0
"""


def vm_report(command, text):
    """Run `vm.py COMMAND LOG` on a log holding text: (status, output)."""
    fd, path = tempfile.mkstemp()
    with os.fdopen(fd, 'w') as f:
        f.write(text)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            rc = vm.main([command, path])
    finally:
        os.unlink(path)
    return rc, out.getvalue()


class DemoReportTest(unittest.TestCase):
    def report(self, text):
        return vm_report('demo-report', text)

    def test_ok(self):
        rc, out = self.report(LOG)
        self.assertEqual(rc, 0, out)
        self.assertIn('read from inside the Linux kernel', out)
        self.assertIn('NetBSD 10.0 (RUMPVISOR)', out)
        self.assertIn('demo: OK', out)

    def test_demo_failure(self):
        rc, out = self.report(LOG.replace(
            '[    1.800000] fsdemo: done: all steps ok',
            '[    1.800000] fsdemo: FAILED: mkdir /demo: error 28'))
        self.assertEqual(rc, 1)
        self.assertIn('FAILED: mkdir /demo', out)

    def test_no_halt(self):
        rc, _ = self.report(LOG.replace('halted; the guest', 'gone; the'))
        self.assertEqual(rc, 1)

    def test_memory_not_back(self):
        rc, out = self.report(LOG.replace(
            'threads=0 allocs=0 bytes=0 instances=0 pages=0',
            'threads=0 allocs=0 bytes=0 instances=0 pages=3'))
        self.assertEqual(rc, 1)
        self.assertIn('NOT all back', out)

    def test_user_failure(self):
        rc, _ = self.report(LOG.replace('RV-STEP user-fsdemo rc=0',
                                        'RV-STEP user-fsdemo rc=1'))
        self.assertEqual(rc, 1)

    def test_sysproxy_ok(self):
        rc, out = self.report(LOG)
        self.assertEqual(rc, 0, out)
        self.assertIn('RUMP_SERVER=dev://rk rumpctl cat - /kern/version '
                      '-> ok', out)
        self.assertIn('one.txt', out)

    def test_sysproxy_device_failure(self):
        rc, _ = self.report(LOG.replace('RV-STEP sp-version-device rc=0',
                                        'RV-STEP sp-version-device rc=1'))
        self.assertEqual(rc, 1)

    def test_sysproxy_file_not_listed(self):
        rc, _ = self.report(LOG.replace(' two.txt', ' other.txt'))
        self.assertEqual(rc, 1)

    def test_sysproxy_user_server_silent(self):
        rc, _ = self.report(LOG.replace(
            '[    2.170000] sp user: NetBSD 10.0 (RUMPVISOR)\n', ''))
        self.assertEqual(rc, 1)

    def test_sysproxy_missing(self):
        rc, _ = self.report(LOG.replace('RV-STEP sp-unload rc=0\n', ''))
        self.assertEqual(rc, 1)


if __name__ == '__main__':
    unittest.main()
