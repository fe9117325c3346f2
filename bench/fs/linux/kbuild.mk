# rumpvisor_fsbench.ko: the file-system benchmarks on the reference guest,
# in the kernel.  Needs guest/linux/kbuild.mk (RK_GUEST_OBJS) first.
obj-m += rumpvisor_fsbench.o
rumpvisor_fsbench-y := bench/fs/linux/module.o bench/fs/cases.o \
	$(RK_GUEST_OBJS)
