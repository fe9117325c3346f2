# SPDX-License-Identifier: BSD-2-Clause
# rumpvisor_faultprobe.ko: each hypercall's result when a host call behind
# it is made to fail (tests/vm/check-faults.sh, on the debug kernel).
obj-m += rumpvisor_faultprobe.o
rumpvisor_faultprobe-y := tests/faults/linux/probe.o tests/noguest/noguest.o
