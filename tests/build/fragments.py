# SPDX-License-Identifier: BSD-2-Clause
"""The top Makefile and Kbuild include every fragment, with plain include.

`-include` hides a fragment that is missing or misspelt: the build then
silently lacks a part.  Only generated dependency files (.d) may be
optional.  Every mk/*.mk must be included by the Makefile and every
kbuild.mk of the tree by Kbuild, so that no part is left out.
"""

import glob
import os
import re

INCLUDE_RE = re.compile(r'^\s*(-?include|sinclude)\s+(.+?)\s*$')


def includes(path):
    """(optional?, argument) for each include line of a makefile."""
    out = []
    with open(path) as f:
        for line in f:
            m = INCLUDE_RE.match(line)
            if m:
                out.append((m.group(1) != 'include', m.group(2)))
    return out


def optional_fragments(top):
    """Optional includes of anything but dependency (.d) files."""
    files = [os.path.join(top, 'Makefile'), os.path.join(top, 'Kbuild')] + \
        glob.glob(os.path.join(top, 'mk', '*.mk')) + \
        glob.glob(os.path.join(top, '**', 'kbuild.mk'), recursive=True)
    bad = []
    for path in sorted(files):
        if os.path.relpath(path, top).startswith('build/'):
            continue
        for optional, arg in includes(path):
            if optional and not re.search(r'\.d\)?\s*$', arg):
                bad.append('%s: -include %s' % (os.path.relpath(path, top),
                                                arg))
    return bad


def missing_fragments(top):
    """Fragments of the tree the Makefile or Kbuild does not include."""
    made = {arg for _, arg in includes(os.path.join(top, 'Makefile'))}
    kbuild = {arg.replace('$(src)/', '')
              for _, arg in includes(os.path.join(top, 'Kbuild'))}
    bad = ['Makefile does not include %s' % os.path.relpath(p, top)
           for p in sorted(glob.glob(os.path.join(top, 'mk', '*.mk')))
           if os.path.relpath(p, top) not in made]
    for p in sorted(glob.glob(os.path.join(top, '**', 'kbuild.mk'),
                              recursive=True)):
        rel = os.path.relpath(p, top)
        if not rel.startswith('build/') and rel not in kbuild:
            bad.append('Kbuild does not include %s' % rel)
    return bad
