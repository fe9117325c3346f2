# SPDX-License-Identifier: BSD-2-Clause
# `make demo`, inside the VM: load the hypervisor, run the conformance
# guest (quick); then resident guests: rumpvisor_fsdemo.ko boots the
# reference guest inside Linux (kernfs, tmpfs), runs the file-system demo
# and stays up; rumpctl shows it; a second guest starts beside it; rumpctl
# halts one, rmmod unloads the other, and all their memory comes back;
# the same demo as a static program on the userspace hypervisor; unload.
# tests/vm/vm.py demo-report tells what happened.

mkdir -p /tmp/rv
rv_part hypervisor
rv_step load-hypervisor insmod /rv/rumpvisor.ko files=/tmp/rv
rv_stats
rv_part guest
rv_step load-guest insmod /rv/rumpvisor_ct.ko quick=1 outside=/rv/rumpvisor.ko
rv_step unload-guest rmmod rumpvisor_ct
rv_part fsdemo
rv_step load-fsdemo insmod /rv/rumpvisor_fsdemo.ko
rv_part resident
sleep 1
rv_step rumpctl-list sh -c '/rv/rumpctl list > /tmp/out 2>&1'
rv_pipe 'rumpctl list: ' < /tmp/out
rv_step rumpctl-status sh -c '/rv/rumpctl status fsdemo > /tmp/out 2>&1'
rv_pipe 'rumpctl status: ' < /tmp/out
rv_part second
rv_step load-second insmod /rv/rumpvisor_stress.ko instance=second mode=serve
sleep 2
rv_step rumpctl-list2 sh -c '/rv/rumpctl list > /tmp/out 2>&1'
rv_pipe 'rumpctl list: ' < /tmp/out
rv_stats
rv_part halt
rv_step rumpctl-halt sh -c '/rv/rumpctl halt second > /tmp/out 2>&1'
rv_pipe 'rumpctl halt: ' < /tmp/out
rv_step unload-second rmmod rumpvisor_stress
rv_step unload-fsdemo rmmod rumpvisor_fsdemo
rv_step rumpctl-list3 sh -c '/rv/rumpctl list > /tmp/out 2>&1'
rv_pipe 'rumpctl list: ' < /tmp/out
rv_stats
rv_part fsdemo-user
rv_step user-fsdemo sh -c '/rv/fsdemo-static > /tmp/fsdemo.out 2>&1'
rv_pipe 'user: ' < /tmp/fsdemo.out
rv_part unload
rv_step unload-hypervisor rmmod rumpvisor
rv_part end
