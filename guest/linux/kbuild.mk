# The reference guest's objects for Kbuild: a guest kernel module (demo,
# test suites) lists $(RK_GUEST_OBJS) after its own glue, e.g.
#   obj-m += rumpvisor_fsdemo.o
#   rumpvisor_fsdemo-y := demo/linux/module.o demo/fsdemo.o $(RK_GUEST_OBJS)
# Include this file from the top Kbuild before the modules that use it.
# Paths are relative to the top of the tree.
RK_GUEST_SRCS := $(sort $(wildcard $(src)/guest/kern/*.c \
		   $(src)/guest/vfs/*.c $(src)/guest/fs/*/*.c))
# rump_init_server needs rumpuser_sp_init, which rumpvisor.ko does not
# provide yet (issue 7, kernel phase): left out until it does.  The copy
# paths of remote clients (kern/sysproxy.c) reference the hypercalls
# weakly and stay in.
RK_GUEST_SRCS := $(filter-out $(src)/guest/kern/rump_server.c,$(RK_GUEST_SRCS))
RK_GUEST_OBJS := $(patsubst $(src)/%.c,%.o,$(RK_GUEST_SRCS))

# The guest's headers (rk/...) for every object of this Kbuild: the
# names are prefixed, so other modules' sources are not affected.  The
# kernel's own flags already make the build freestanding.
ccflags-y += -I$(src)/guest/include
