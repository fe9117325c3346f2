# rumpvisor_stress.ko and its twin rumpvisor_stress2.ko: the reference
# guest for the instance tests (tests/vm/check-instances.sh).  Needs
# guest/linux/kbuild.mk (RK_GUEST_OBJS) first.
obj-m += rumpvisor_stress.o rumpvisor_stress2.o
rumpvisor_stress-y := tests/instances/linux/module.o $(RK_GUEST_OBJS)
rumpvisor_stress2-y := $(addprefix twin/,$(rumpvisor_stress-y))
