# SPDX-License-Identifier: BSD-2-Clause
# The syscall proxy's benchmarks, inside the VM (busybox sh, sourced by
# the harness's init; bench/sysproxy/report.py reads the BENCH lines).
# Five rounds, each measuring side by side: Linux's own getpid and
# 64 KiB reads of a tmpfs file; the in-kernel guest (rumpvisor_rk.ko)
# through its device (dev) and its unix socket (ksock); the same guest
# in a process, rump_server (usock); and 1, 2, 8 and 32 processes
# creating small files at once over each path and in Linux's /tmp, each
# run in directories of its own.  Emulation speed drifts with the host's load: the report
# keeps each case's best round.
SPB=/rv/spbench-static
for round in 1 2 3 4 5; do
	rv_part "round-$round"
	rv_step insmod insmod /rv/rumpvisor.ko
	rv_step insmod-rk insmod /rv/rumpvisor_rk.ko instance=rk \
		server=unix:///tmp/rk.sock device=1
	/rv/rump_server-static -s unix:///tmp/u.sock > /tmp/u.log 2>&1 &
	upid=$!
	sleep 1
	$SPB linux linux 2>&1 | rv_pipe "spb: "
	$SPB proxy dev dev://rk 2>&1 | rv_pipe "spb: "
	$SPB info rk 2>&1 | rv_pipe "spb: "
	$SPB proxy ksock unix:///tmp/rk.sock 2>&1 | rv_pipe "spb: "
	$SPB proxy usock unix:///tmp/u.sock 2>&1 | rv_pipe "spb: "
	# The same number of files at every process count (16000 through
	# the device and in Linux's /tmp, 960 through a socket), so that
	# each count is timed over a second or more: with 3200 and 320 the
	# 2/1 ratios of one path ranged from 1.2 to 2.1 between rounds.
	# Linux's own tmpfs says how far this VM's CPUs scale at all.
	for n in 1 2 8 32; do
		$SPB create linux linux $n $((16000 / n)) 2>&1 | rv_pipe "spb: "
		rm -rf /tmp/spb-linux-*
		$SPB create dev dev://rk $n $((16000 / n)) 2>&1 | rv_pipe "spb: "
		$SPB create ksock unix:///tmp/rk.sock $n $((960 / n)) 2>&1 |
			rv_pipe "spb: "
		$SPB create usock unix:///tmp/u.sock $n $((960 / n)) 2>&1 |
			rv_pipe "spb: "
	done
	kill $upid
	wait $upid
	rv_step rmmod-rk rmmod rumpvisor_rk
	rv_step rmmod rmmod rumpvisor
done
