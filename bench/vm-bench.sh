# SPDX-License-Identifier: BSD-2-Clause
# Runs inside the VM (busybox sh, sourced by the harness's init): the
# kernel and the userspace hypervisor benchmarks, alternating, three
# rounds in the same boot, with the baseline commit's kernel hypervisor
# (/rv/base, when make bench put it there) in each round too.  Emulation
# speed drifts with the host's load, so report.py keeps each case's best
# round: noise only ever adds time.  "BENCH-SECTION NAME" lines tell the
# report whose BENCH lines follow.
for round in 1 2 3; do
	if [ -e /rv/base/rumpvisor.ko ]; then
		rv_log "BENCH-SECTION baseline"
		insmod /rv/base/rumpvisor.ko
		insmod /rv/base/rumpvisor_bench.ko
		rmmod rumpvisor_bench
		rmmod rumpvisor
	fi
	rv_log "BENCH-SECTION current"
	insmod /rv/rumpvisor.ko
	insmod /rv/rumpvisor_bench.ko
	rmmod rumpvisor_bench
	rmmod rumpvisor
	/rv/bench-user-static --host user 2>&1
done
