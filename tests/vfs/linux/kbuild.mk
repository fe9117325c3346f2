# rumpvisor_vfstest.ko: the VFS suite and the reference guest, compiled with
# the kernel's flags.  Needs guest/linux/kbuild.mk (RK_GUEST_OBJS) included
# before this file.  Paths are relative to the top of the tree.
# rumpvisor_vfstest2.ko is the same module built from the twin copy of the
# tree (mk/kernel.mk): two reference guests can then run side by side.
obj-m += rumpvisor_vfstest.o rumpvisor_vfstest2.o
rumpvisor_vfstest-y := tests/vfs/linux/module.o \
	$(patsubst $(src)/%.c,%.o,$(sort $(wildcard $(src)/tests/vfs/*.c))) \
	$(RK_GUEST_OBJS)
rumpvisor_vfstest2-y := $(addprefix twin/,$(rumpvisor_vfstest-y))
