# SPDX-License-Identifier: BSD-2-Clause
"""Unit tests for `vm.py netdemo-report` (the network part of the demo)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_demo_report import vm_report  # noqa: E402

HEAD = """\
[    1.000000] RV-BOOT 6.1.0-test
[    1.100000] RV-PART hypervisor
[    1.300000] RV-STEP load-hypervisor rc=0
"""
GUEST = """\
[    2.000000] {p}fetching http://10.0.2.2:80/ over the guest's TCP/IP stack
[    2.100000] {p}fetched 2699 bytes ("HTTP/1.1 200 OK"); the last 500:
[    2.100000] {p}| <p>the end: served by Linux at 10.0.2.2, fetched by the guest</p>
[    2.100000] {p}end of the page
"""
CHECKS = """\
[    2.200000] RV-STEP ping rc=0
[    2.200000] ping: 5 packets transmitted, 5 packets received, 0% packet loss
[    2.300000] RV-STEP wget rc=0
[    2.300000] wget: <h1>Hello from a rump kernel</h1>
[    2.300000] wget: <p>Request 1: GET / HTTP/1.1</p>
[    2.400000] ip: 2: {dev}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500
[    2.400000] ip:     RX:  bytes packets errors dropped  missed   mcast
[    2.400000] ip:          4242      31      0       0       0       0
[    2.400000] ip:     TX:  bytes packets errors dropped carrier collsns
[    2.400000] ip:          5151      29      0       0       0       0
"""


def part(name, dev, steps, prefix='netdemo: '):
    out = '[    1.900000] RV-PART %s\n' % name
    out += ''.join('[    1.900000] RV-STEP %s rc=0\n' % s for s in steps[0])
    out += GUEST.format(p=prefix) + CHECKS.format(dev=dev)
    return out + ''.join('[    2.500000] RV-STEP %s rc=0\n' % s
                         for s in steps[1])


LOG = HEAD + part('native', 'netdemo0', (
    ('load-netdemo', 'linux-end', 'fetch'),
    ('unload-netdemo', 'device-gone'))) + part('tap', 'tap0', (
        ('rumptap-add', 'linux-end-tap', 'load-netdemo-tap', 'fetch-tap'),
        ('unload-netdemo-tap', 'rumptap-del'))) + part('user', 'utap0', (
            ('linux-end-user', 'fetch-user'), ('user-netdemo',)),
        'user: netdemo: ') + """\
[    3.000000] RV-PART unload
[    3.100000] RV-STEP unload-hypervisor rc=0
[    3.200000] RV-PART end
[    3.300000] RV-TAINT 12288
[    3.300000] RV-DONE rc=0
"""


class NetdemoReportTest(unittest.TestCase):
    def report(self, text):
        return vm_report('netdemo-report', text)

    def test_ok(self):
        rc, out = self.report(LOG)
        self.assertEqual(rc, 0, out)
        self.assertIn('served by Linux at 10.0.2.2', out)
        self.assertIn('5 sent, 5 answered', out)
        self.assertIn('demo-net: OK', out)

    def test_fetch_failed(self):
        rc, out = self.report(LOG.replace(
            'tap\n', 'tap\n[    1.950000] netdemo: FAILED: connect to '
            '10.0.2.2:80: error 60\n', 1).replace(
                'netdemo: end of the page', 'netdemo: the end', 2))
        self.assertEqual(rc, 1)
        self.assertIn('FAILED: native: the guest fetched', out)

    def test_ping_lost(self):
        rc, out = self.report(LOG.replace('5 packets received',
                                          '3 packets received', 1))
        self.assertEqual(rc, 1)
        self.assertIn('ping answered (3 of 5)', out)

    def test_no_traffic_counted(self):
        rc, _ = self.report(LOG.replace('4242      31', '0      0'))
        self.assertEqual(rc, 1)

    def test_step_failed(self):
        rc, out = self.report(LOG.replace('RV-STEP rumptap-del rc=0',
                                          'RV-STEP rumptap-del rc=1'))
        self.assertEqual(rc, 1)
        self.assertIn('rumptap-del FAILED (exit 1)', out)

    def test_warning(self):
        rc, _ = self.report(LOG.replace(
            '[    3.000000] RV-PART unload',
            '[    2.900000] WARNING: CPU: 0 PID: 1 at net/core/dev.c:1\n'
            '[    3.000000] RV-PART unload'))
        self.assertEqual(rc, 1)


if __name__ == '__main__':
    unittest.main()
