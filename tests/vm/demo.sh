# SPDX-License-Identifier: BSD-2-Clause
# `make demo`, inside the VM: load the hypervisor, run the conformance
# guest (quick), then the file-system demo: rumpvisor_fsdemo.ko boots the
# reference guest inside Linux (kernfs, tmpfs) and halts it at load; the
# same demo as a static program on the userspace hypervisor; unload.
# tests/vm/vm.py demo-report tells what happened.

mkdir -p /tmp/rv
rv_part hypervisor
rv_step load-hypervisor insmod /rv/rumpvisor.ko files=/tmp/rv
rv_part guest
rv_step load-guest insmod /rv/rumpvisor_ct.ko quick=1 outside=/rv/rumpvisor.ko
rv_step unload-guest rmmod rumpvisor_ct
rv_part fsdemo
rv_step load-fsdemo insmod /rv/rumpvisor_fsdemo.ko
rv_part fsdemo-unload
rv_step unload-fsdemo rmmod rumpvisor_fsdemo
rv_part fsdemo-user
rv_step user-fsdemo sh -c '/rv/fsdemo-static > /tmp/fsdemo.out 2>&1'
rv_pipe 'user: ' < /tmp/fsdemo.out
rv_part unload
rv_step unload-hypervisor rmmod rumpvisor
rv_part end
