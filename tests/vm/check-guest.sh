# SPDX-License-Identifier: BSD-2-Clause
# The reference guest's part of `make check`, run inside the VM (sourced by
# the VM's init; rv_part, rv_step, rv_sample, rv_pipe, rv_stats and
# rv_cycles come from tests/vm/harness/helpers.sh); tests/vm/vm.py
# guest-report judges it.

mkdir -p /tmp/rv

# The whole VFS suite in the kernel; rmmod halts the guest.
rv_part vfs-full
rv_step insmod-rumpvisor insmod /rv/rumpvisor.ko files=/tmp/rv
rv_step insmod-vfstest insmod /rv/rumpvisor_vfstest.ko
rv_step rmmod-vfstest rmmod rumpvisor_vfstest
rv_stats
rv_step rmmod-rumpvisor rmmod rumpvisor

# 20 boot/halt/unload cycles: each boots the guest, runs the quick suite
# (files, directories, mounts, kernfs, threads), halts the guest with
# rump_sys_reboot at rmmod and unloads both modules.
cycle() {
	rv_part cycle-$1
	rv_step insmod-rumpvisor insmod /rv/rumpvisor.ko files=/tmp/rv
	rv_step insmod-vfstest insmod /rv/rumpvisor_vfstest.ko quick=1
	rv_step rmmod-vfstest rmmod rumpvisor_vfstest
	rv_stats
	rv_step rmmod-rumpvisor rmmod rumpvisor
}
rv_cycles 20 cycle

# The same suite on the userspace hypervisor, in the same VM.
rv_part vfs-user
rv_step vfs-user-static sh -c '/rv/vfs-user-static --quick > /tmp/vtu.out 2>&1'
rv_pipe "vtuser: " < /tmp/vtu.out
rv_part end
