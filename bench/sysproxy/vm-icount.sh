# SPDX-License-Identifier: BSD-2-Clause
# The syscall proxy's latency in instructions (bench/sysproxy/report.py
# --icount): the harness boots qemu with -icount shift=0 and one vCPU,
# where one nanosecond of guest time is one instruction, so the same
# spbench runs count instructions per call, repeatably, whatever the
# host's load: Linux's getpid, the device's INFO ioctl (an ioctl that
# does not enter the guest) and getpid through the device.
SPB=/rv/spbench-static
rv_part icount
rv_step insmod insmod /rv/rumpvisor.ko
rv_step insmod-rk insmod /rv/rumpvisor_rk.ko instance=rk device=1
$SPB linux linux 2>&1 | rv_pipe "spb: "
$SPB info rk 2>&1 | rv_pipe "spb: "
$SPB proxy dev dev://rk 2>&1 | rv_pipe "spb: "
rv_step rmmod-rk rmmod rumpvisor_rk
rv_step rmmod rmmod rumpvisor
