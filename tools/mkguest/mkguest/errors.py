# SPDX-License-Identifier: BSD-2-Clause
"""Errors the tool reports, each with the exit status it ends with."""

# Exit statuses (README: rumpvisor-mkguest, EXIT STATUS).
OK = 0
FAILED = 1      # an input is missing, a tool or Kbuild failed
USAGE = 2       # the command line is wrong
ABI = 3         # an object was not built for the kernel ABI
LINK = 4        # a symbol is missing or defined twice


class MkguestError(Exception):
    """An error for the user: a headline, detail lines and a status."""

    def __init__(self, status, headline, details=()):
        super().__init__(headline)
        self.status = status
        self.headline = headline
        self.details = list(details)

    def lines(self):
        return [self.headline] + ['  ' + d for d in self.details]


def usage(msg, *details):
    return MkguestError(USAGE, msg, details)


def failed(msg, *details):
    return MkguestError(FAILED, msg, details)
