# Runs inside the VM (busybox sh): the kernel and the userspace hypervisor
# benchmarks, alternating, three rounds in the same boot.  Emulation speed
# drifts with the host's load, so report.py keeps each case's best round:
# noise only ever adds time.
set -e
for round in 1 2 3; do
	insmod /rv/rumpvisor.ko
	insmod /rv/rumpvisor_bench.ko
	rmmod rumpvisor_bench
	rmmod rumpvisor
	/rv/bench-user-static --host user 2>&1
done
