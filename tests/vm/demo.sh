# SPDX-License-Identifier: BSD-2-Clause
# `make demo`, inside the VM: load the hypervisor, run the conformance
# guest (quick); then resident guests: rumpvisor_fsdemo.ko boots the
# reference guest inside Linux (kernfs, tmpfs), runs the file-system demo
# and stays up; rumpctl shows it; a second guest starts beside it; rumpctl
# halts one, rmmod unloads the other, and all their memory comes back;
# the same demo as a static program on the userspace hypervisor; the
# syscall proxy: rumpctl (a Linux process) reads and writes files in the
# resident guest rumpvisor_rk.ko over its socket and its device, and the
# same binary in a user-space rump_server; unload.
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
rv_part sysproxy
# The syscall proxy: Linux processes use a resident in-kernel guest
# through its socket and its device, then a user-space guest server.
rv_step sp-load insmod /rv/rumpvisor_rk.ko instance=rk \
	server=unix:///tmp/rk.sock device=1
rv_step sp-version-socket sh -c \
	'RUMP_SERVER=unix:///tmp/rk.sock /rv/rumpctl cat - /kern/version > /tmp/out 2>&1'
rv_pipe 'sp socket: ' < /tmp/out
rv_step sp-version-device sh -c \
	'RUMP_SERVER=dev://rk /rv/rumpctl cat - /kern/version > /tmp/out 2>&1'
rv_pipe 'sp device: ' < /tmp/out
echo "written from Linux with rumpctl put" > /tmp/note
rv_step sp-mkdir /rv/rumpctl mkdir rk /notes
rv_step sp-put-device /rv/rumpctl put rk /tmp/note /notes/one.txt
rv_step sp-put-socket /rv/rumpctl put unix:///tmp/rk.sock /tmp/note /notes/two.txt
rv_step sp-list sh -c '/rv/rumpctl ls -l rk /notes > /tmp/out 2>&1'
rv_pipe 'sp list: ' < /tmp/out
/rv/rump_server-static -s unix:///tmp/user.sock > /tmp/server.out 2>&1 &
sp_server=$!
sp_t=0
while [ ! -S /tmp/user.sock ] && [ $sp_t -lt 100 ]; do
	sleep 0.1; sp_t=$((sp_t + 1))
done
rv_step sp-version-user sh -c \
	'RUMP_SERVER=unix:///tmp/user.sock /rv/rumpctl cat - /kern/version > /tmp/out 2>&1'
rv_pipe 'sp user: ' < /tmp/out
kill $sp_server; wait $sp_server
rv_step sp-unload rmmod rumpvisor_rk
rv_part unload
rv_step unload-hypervisor rmmod rumpvisor
rv_part end
