# The reference guest's objects for Kbuild: a guest kernel module (demo,
# test suites) lists $(RK_GUEST_OBJS) after its own glue, e.g.
#   obj-m += rumpvisor_fsdemo.o
#   rumpvisor_fsdemo-y := demo/linux/module.o demo/fsdemo.o $(RK_GUEST_OBJS)
# Include this file from the top Kbuild before the modules that use it.
# Paths are relative to the top of the tree.
RK_GUEST_SRCS := $(sort $(wildcard $(src)/guest/kern/*.c \
		   $(src)/guest/vfs/*.c $(src)/guest/fs/*/*.c))
RK_GUEST_OBJS := $(patsubst $(src)/%.c,%.o,$(RK_GUEST_SRCS))

# The network stack and the guest halves of the components (the virtif
# driver), for guest modules that want networking: they list
# $(RK_NET_OBJS) beside $(RK_GUEST_OBJS).  The core refers to the stack
# weakly, so the others leave it out and answer socket calls with ENOSYS.
RK_NET_SRCS := $(sort $(wildcard $(src)/guest/net/*.c \
		 $(src)/components/*/guest/*.c))
RK_NET_OBJS := $(patsubst $(src)/%.c,%.o,$(RK_NET_SRCS))

# The guest's headers (rk/...) for the guest's own objects only, as
# per-object flags: the hypervisor, the carriers and the test suites
# linked beside the guest cannot include them (make check-build checks
# the compile commands).  The kernel's own flags already make the build
# freestanding.
$(foreach o,$(RK_GUEST_OBJS) $(RK_NET_OBJS),$(eval CFLAGS_$(o) += -I$(src)/guest/include))
# The same for the twin copy (mk/kernel.mk) that second guest modules of
# the same kind are built from.
$(foreach o,$(RK_GUEST_OBJS) $(RK_NET_OBJS),$(eval CFLAGS_twin/$(o) += -I$(src)/twin/guest/include))
