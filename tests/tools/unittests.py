#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Run the unit tests of small Python programs of the tree, one directory
at a time in its own interpreter (their modules may share names), as TAP:
one line per directory with the number of tests run.

usage: unittests.py DIR..."""

import re
import subprocess
import sys


def main(argv):
    if not argv or argv[0] in ('-h', '--help'):
        print(__doc__)
        return 0 if argv else 2
    failed = 0
    for i, d in enumerate(argv, 1):
        p = subprocess.run([sys.executable, '-m', 'unittest', 'discover',
                            '-s', d, '-p', 'test_*.py'],
                           capture_output=True, text=True)
        m = re.search(r'Ran (\d+) test', p.stderr)
        n = int(m.group(1)) if m else 0
        ok = p.returncode == 0 and n > 0
        failed += not ok
        print('%sok %d - %s: %d unit tests' % ('' if ok else 'not ', i, d, n))
        if not ok:
            for line in p.stderr.splitlines()[-30:]:
                print('#   ' + line)
    print('1..%d' % len(argv))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
