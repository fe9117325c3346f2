# SPDX-License-Identifier: BSD-2-Clause
# `make demo`, inside the VM: load the hypervisor, run the conformance
# guest, unload.  tests/vm/vm.py demo-report tells what happened.

mkdir -p /tmp/rv
rv_part hypervisor
rv_step load-hypervisor insmod /rv/rumpvisor.ko files=/tmp/rv
rv_part guest
rv_step load-guest insmod /rv/rumpvisor_ct.ko
rv_part unload
rv_step unload-guest rmmod rumpvisor_ct
rv_step unload-hypervisor rmmod rumpvisor
rv_part end
