# SPDX-License-Identifier: BSD-2-Clause
# The kernel part of `make check`, run inside the VM.  Sourced by the init
# that tests/vm/vm.py generates (rv_part, rv_step, rv_sample, rv_pipe come
# from there); tests/vm/vm.py kernel-report judges what it prints.

# rumpvisor's own count of live guest threads and allocations, which must
# be zero once the guest module is gone (an exact leak check, unlike Slab).
rv_stats() {
	if [ -r /sys/module/rumpvisor/parameters/stats ]; then
		rv_log "RV-STATS $(cat /sys/module/rumpvisor/parameters/stats)"
	else
		rv_log "RV-STATS missing"
	fi
}

mkdir -p /tmp/rv

# The full conformance suite in the kernel.
rv_part full
rv_step insmod-rumpvisor insmod /rv/rumpvisor.ko files=/tmp/rv
rv_step insmod-ct insmod /rv/rumpvisor_ct.ko
rv_step rmmod-ct rmmod rumpvisor_ct
rv_stats
rv_step rmmod-rumpvisor rmmod rumpvisor

# Load/unload cycles with the quick suite: cycle 0 warms caches (first-use
# allocations are not leaks), then the baseline, 20 cycles, the final.
cycle() {
	rv_part cycle-$1
	rv_step insmod-rumpvisor insmod /rv/rumpvisor.ko files=/tmp/rv
	rv_step insmod-ct insmod /rv/rumpvisor_ct.ko quick=1
	rv_step rmmod-ct rmmod rumpvisor_ct
	rv_stats
	rv_step rmmod-rumpvisor rmmod rumpvisor
	# The suite's scratch files (the interface has no unlink) would
	# otherwise count as growth of tmpfs inodes in the slab samples.
	rm -f /tmp/rv/*
}
cycle 0
rv_part samples
rv_sample base
i=1
while [ $i -le 20 ]; do
	cycle $i
	rv_sample cycle-$i
	i=$((i + 1))
done
rv_part samples
# Let RCU-deferred frees of the last cycle finish before the final reading.
sleep 1
rv_sample final

# The guest calls rumpuser_exit(RUMPUSER_PANIC) with threads blocked in
# hypercalls: both modules must still unload.
rv_part exit
rv_step insmod-rumpvisor insmod /rv/rumpvisor.ko files=/tmp/rv
rv_step insmod-ct-exit insmod /rv/rumpvisor_ct.ko mode=exit
rv_step rmmod-ct rmmod rumpvisor_ct
rv_step rmmod-rumpvisor rmmod rumpvisor

# The userspace hypervisor inside the same VM (static binary, no libc here).
rv_part user
mkdir -p /tmp/ctu
rv_step ct-user-static /rv/ct-user-static --quick --scratch /tmp/ctu > /tmp/ctu.out 2>&1
rv_pipe "ctuser: " < /tmp/ctu.out
rv_part end
