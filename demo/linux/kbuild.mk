# rumpvisor_fsdemo.ko: the file-system demo (demo/fsdemo.c) and the
# reference guest, on top of rumpvisor.ko.  Needs guest/linux/kbuild.mk
# (RK_GUEST_OBJS) included before this file.
obj-m += rumpvisor_fsdemo.o
rumpvisor_fsdemo-y := demo/linux/module.o demo/fsdemo.o $(RK_GUEST_OBJS)
