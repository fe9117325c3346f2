# SPDX-License-Identifier: BSD-2-Clause
"""Report commands: each module here that sets COMMAND is one subcommand
of vm.py.  A module provides

  COMMAND = 'name-report'      the subcommand
  HELP = '...'                 one line for --help
  def arguments(p, build)      its options (argparse parser, BUILD dir)
  def run(args)                the report; its exit status

so a new report is a new file here, nothing else.  common.py has what
reports share (cycles, counters, steps, console, TAP output); tap.py is
the generic report for a script whose parts print TAP with a prefix.
"""

import argparse
import importlib
import pkgutil


def modules():
    """The report modules, in name order."""
    out = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        mod = importlib.import_module('%s.%s' % (__name__, info.name))
        if getattr(mod, 'COMMAND', None):
            out.append(mod)
    return out


def add_commands(sub, build):
    for mod in modules():
        p = sub.add_parser(
            mod.COMMAND, help=mod.HELP,
            description=(mod.__doc__ or mod.HELP).strip(),
            formatter_class=argparse.RawDescriptionHelpFormatter)
        mod.arguments(p, build)
        p.set_defaults(fn=mod.run)
