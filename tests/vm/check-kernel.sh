# SPDX-License-Identifier: BSD-2-Clause
# The kernel part of `make check`, run inside the VM.  Sourced by the VM's
# init (rv_part, rv_step, rv_sample, rv_pipe, rv_stats, rv_cycles come
# from tests/vm/harness/helpers.sh); tests/vm/vm.py kernel-report judges
# what it prints.

mkdir -p /tmp/rv

# The full conformance suite in the kernel.
rv_part full
rv_step insmod-rumpvisor insmod /rv/rumpvisor.ko files=/tmp/rv
rv_step insmod-ct insmod /rv/rumpvisor_ct.ko outside=/rv/rumpvisor.ko
rv_step rmmod-ct rmmod rumpvisor_ct
rv_stats
rv_step rmmod-rumpvisor rmmod rumpvisor

# Load/unload cycles with the quick suite (rv_cycles: warm-up cycle 0,
# baseline, 20 cycles, final sample).
cycle() {
	rv_part cycle-$1
	rv_step insmod-rumpvisor insmod /rv/rumpvisor.ko files=/tmp/rv
	rv_step insmod-ct insmod /rv/rumpvisor_ct.ko outside=/rv/rumpvisor.ko quick=1
	rv_step rmmod-ct rmmod rumpvisor_ct
	rv_stats
	rv_step rmmod-rumpvisor rmmod rumpvisor
	# The suite's scratch files (the interface has no unlink) would
	# otherwise count as growth of tmpfs inodes in the slab samples.
	rm -f /tmp/rv/*
}
rv_cycles 20 cycle

# The guest calls rumpuser_exit(RUMPUSER_PANIC) with threads blocked in
# hypercalls: both modules must still unload.
rv_part exit
rv_step insmod-rumpvisor insmod /rv/rumpvisor.ko files=/tmp/rv
rv_step insmod-ct-exit insmod /rv/rumpvisor_ct.ko outside=/rv/rumpvisor.ko mode=exit
rv_step rmmod-ct rmmod rumpvisor_ct
rv_step rmmod-rumpvisor rmmod rumpvisor

# The userspace hypervisor inside the same VM (static binary, no libc here).
rv_part user
mkdir -p /tmp/ctu
rv_step ct-user-static /rv/ct-user-static --quick --scratch /tmp/ctu > /tmp/ctu.out 2>&1
rv_pipe "ctuser: " < /tmp/ctu.out
rv_part end
