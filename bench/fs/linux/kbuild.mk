# rumpvisor_fsbench.ko: the file-system benchmarks on the reference guest,
# in the kernel.  Needs guest/linux/kbuild.mk (RK_GUEST_OBJS) first.
# rumpvisor_fsbench2.ko is the same module built from the twin copy of the
# tree (mk/kernel.mk), for two guests at once.
obj-m += rumpvisor_fsbench.o rumpvisor_fsbench2.o
rumpvisor_fsbench-y := bench/fs/linux/module.o bench/fs/cases.o \
	$(RK_GUEST_OBJS)
rumpvisor_fsbench2-y := $(addprefix twin/,$(rumpvisor_fsbench-y))
