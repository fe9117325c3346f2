# SPDX-License-Identifier: BSD-2-Clause
# Runs inside the VM (busybox sh, sourced by the harness's init): the
# file-system benchmarks with the guest in the kernel, the guest in a
# process and Linux's tmpfs (/tmp), alternating, three rounds in one boot.
# Emulation speed drifts with the host's load, so bench/fs/report.py keeps
# each case's best round.
for round in 1 2 3; do
	rv_part "round-$round"
	rv_step load-hypervisor insmod /rv/rumpvisor.ko
	rv_step kernel insmod /rv/rumpvisor_fsbench.ko
	rv_step unload rmmod rumpvisor_fsbench
	rv_step unload-hypervisor rmmod rumpvisor
	rv_step user /rv/fsbench-user-static --host user
	rv_step linux /rv/fsbench-linux-static --host linux --dir /tmp
done
