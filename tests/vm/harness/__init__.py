# SPDX-License-Identifier: BSD-2-Clause
"""rumpvisor's VM harness, by concern (tests/vm/vm.py is its command line).

  log          reading a console log: messages, RV-* markers, TAP, steps,
               memory samples
  judge        console judgement: warnings, BUG, oopses, lockdep, hung
               tasks, KASAN/UBSAN/kmemleak/DEBUG_OBJECTS reports, taint,
               and which test was running when a report appeared
  kernel       the stock Debian kernel image (download, cache) and modules
               taken from its package
  debugkernel  the debug kernel built from Debian's linux-source (cache
               outside the clone)
  initramfs    the busybox initramfs: cpio writer, init.sh, extra files
  init.sh      the VM's init: mounts, hooks, the script, taint, power off
  helpers.sh   the rv_* helpers the test scripts use
  kmods        the booted kernel's own modules for the initramfs (--kmod)
  symbols      names for code addresses of modules unloaded since
  boot         qemu (TCG) and the `run` command
  reports/     one module per report command (kernel-report, ...); a new
               module there is a new command
  selftest     the harness's unit tests as TAP

The test scripts (tests/vm/*.sh) are sourced by init.sh and talk back
through marker lines written to /dev/kmsg, so they are ordered with the
kernel's own messages and never torn by them:

  RV-BOOT <uname -r>            init is running
  RV-PART <name>                what follows belongs to part <name>
  RV-STEP <name> rc=<n>         a command the script ran and its status
  RV-SAMPLE <tag> k=v ...       memory/thread numbers (load/unload cycles)
  RV-STATS <k=v ...>            rumpvisor's live-guest counters
  RV-KMEMLEAK <state> ...       the debug hooks' kmemleak scan (jiffies=N)
  RV-MODULE <name> .text=0x...  where the debug hook saw a module loaded
  RV-TAINT <n>                  /proc/sys/kernel/tainted at the end
  RV-DONE rc=<n>                the script's exit status; init powers off next
"""

import os

PKG = os.path.dirname(os.path.abspath(__file__))     # tests/vm/harness
VMDIR = os.path.dirname(PKG)                           # tests/vm
TESTS = os.path.dirname(VMDIR)                         # tests
TOP = os.path.dirname(TESTS)
