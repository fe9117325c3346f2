# Runs inside the VM (busybox sh): the kernel and the userspace hypervisor
# benchmarks, one after the other, in the same boot.
set -e
insmod /rv/rumpvisor.ko
insmod /rv/rumpvisor_bench.ko
rmmod rumpvisor_bench
rmmod rumpvisor
/rv/bench-user-static --host user 2>&1
