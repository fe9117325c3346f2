# SPDX-License-Identifier: BSD-2-Clause
# Sourced by the VM's init after the test script on the debug kernel
# (pre.sh, sourced before it, set rv_kl and rv_jiffies):
# a kmemleak scan, whose findings go to the console as
# "kmemleak-report: ..." lines for vm.py debug-report, which names the
# test that allocated each leaked object (its jiffies against the
# jiffies of the RV-KMEMLEAK markers).
if [ -w $rv_kl ]; then
	rv_log "RV-KMEMLEAK scan"
	# kmemleak reports an object only once it is 5 s old and was found
	# unreferenced by a scan: let the last test's objects age, and scan
	# twice (an object seen only in transit is not reported).
	sleep 6
	echo scan > $rv_kl
	echo scan > $rv_kl
	cat $rv_kl > /tmp/rv-kmemleak
	rv_log "RV-KMEMLEAK read jiffies=$(rv_jiffies)"
	rv_pipe "kmemleak-report: " < /tmp/rv-kmemleak
	rv_log "RV-KMEMLEAK done objects=$(grep -c 'unreferenced object' /tmp/rv-kmemleak)"
else
	rv_log "RV-KMEMLEAK unavailable"
fi
