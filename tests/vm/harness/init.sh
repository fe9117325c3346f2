#!/bin/busybox sh
# SPDX-License-Identifier: BSD-2-Clause
# The VM's init and whole userspace (tests/vm/harness/initramfs.py puts it
# into the initramfs as /init, helpers.sh as /lib/rv/helpers.sh).  It
# mounts the usual file systems, sources the helpers, the hooks and the
# test script (/rv/script.sh, in /rv), reports taint and the script's
# status, and powers off.
/bin/busybox --install -s /bin
export PATH=/bin HOME=/root TERM=dumb LANG=C TZ=UTC
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
[ -d /sys/kernel/debug ] && mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
exec </dev/console >/dev/console 2>&1

# The rv_* helpers the test scripts use (sourced, so they see them).
. /lib/rv/helpers.sh

rv_log "RV-BOOT $(uname -r)"
cd /rv
rv_hooks pre
( . /rv/script.sh; exit $rv_failures )
rc=$?
rv_hooks post
rv_log "RV-TAINT $(cat /proc/sys/kernel/tainted)"
rv_log "RV-DONE rc=$rc"
poweroff -f
