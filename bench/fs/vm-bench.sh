# SPDX-License-Identifier: BSD-2-Clause
# Runs inside the VM (busybox sh, sourced by the harness's init): the
# file-system benchmarks with the guest in the kernel, the guest in a
# process and Linux's tmpfs (/tmp), alternating, three rounds in one boot.
# Emulation speed drifts with the host's load, so bench/fs/report.py keeps
# each case's best round.  Then, per round, the small-file case once with
# one guest (host=solo) and with two guests at once (twin-a, twin-b, both
# booted first, then started together through their go= parameters): the
# report adds the two up over the time they took together.
TWIN_FILES=20000
for round in 1 2 3; do
	rv_part "round-$round"
	rv_step load-hypervisor insmod /rv/rumpvisor.ko
	rv_step kernel insmod /rv/rumpvisor_fsbench.ko
	rv_step unload rmmod rumpvisor_fsbench
	rv_step solo insmod /rv/rumpvisor_fsbench.ko mib=0 nfiles=$TWIN_FILES \
		instance=solo host=solo
	rv_step unload-solo rmmod rumpvisor_fsbench
	dmesg -c > /dev/null
	rv_step twin-a insmod /rv/rumpvisor_fsbench.ko mib=0 nfiles=$TWIN_FILES \
		async=1 instance=twina host=twin-a
	rv_step twin-b insmod /rv/rumpvisor_fsbench2.ko mib=0 nfiles=$TWIN_FILES \
		async=1 instance=twinb host=twin-b
	# Both guests up: start their cases together.
	n=0
	while [ $n -lt 600 ] && ! { dmesg | grep -q 'twina: ready' &&
				    dmesg | grep -q 'twinb: ready'; }; do
		sleep 0.1; n=$((n + 1))
	done
	echo 1 > /sys/module/rumpvisor_fsbench/parameters/go
	echo 1 > /sys/module/rumpvisor_fsbench2/parameters/go
	n=0
	while [ $n -lt 600 ] && ! { dmesg | grep -q 'twina: done' &&
				    dmesg | grep -q 'twinb: done'; }; do
		sleep 0.5; n=$((n + 1))
	done
	rv_step unload-twins sh -c 'rmmod rumpvisor_fsbench && rmmod rumpvisor_fsbench2'
	rv_step unload-hypervisor rmmod rumpvisor
	rv_step user /rv/fsbench-user-static --host user
	rv_step linux /rv/fsbench-linux-static --host linux --dir /tmp
done
