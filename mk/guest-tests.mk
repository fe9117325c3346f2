# Tests of the reference guest (tests/vfs, tests/diff, tests/guest-headers,
# tests/vm/check-guest.sh).  Included by the top Makefile after guest.mk.
#
#   make check-vfs-user       the VFS suite natively (librump + librumpuser),
#                             and the coarse clock of file times (guest-clock)
#   make check-diff           the differential test against Linux tmpfs
#   make check-guest-headers  guest sources include no host header
#   make check-guest-kernel   one VM boot: the suite in the kernel, 20
#                             boot/halt/unload cycles, the suite in userspace
# The kernel module rumpvisor_vfstest.ko comes from tests/vfs/linux/kbuild.mk.

.PHONY: vfs-user check-vfs-user check-diff check-guest-headers \
	check-guest-kernel

# librump.a: RUMP_A of mk/guest.mk (included before this file).
LIBRUMP_A = $(RUMP_A)

VT_SUITE_SRCS := $(sort $(wildcard tests/vfs/*.c))
VT_SUITE_OBJS := $(patsubst %.c,$(BUILD)/user/obj/vt/%.o,$(VT_SUITE_SRCS))
VT_GLUE_OBJ   := $(BUILD)/user/obj/vt/tests/vfs/user/main.o \
		 $(BUILD)/user/obj/vt/tests/vfs/user/host.o
VT_USER       := $(BUILD)/user/vfs-user
VT_USER_STATIC := $(BUILD)/vm/vfs-user-static
VT_DIFF       := $(BUILD)/user/vfs-diff
VT_DIFF_STATIC := $(BUILD)/vm/vfs-diff-static
VT_LIBS       := $(LIBRUMP_A) $(RUMPUSER_A) -lpthread

all: vfs-user $(VT_DIFF)
vfs-user: $(VT_USER)

# The suite is a client of the public API only: freestanding, no host
# header, the same flags as any guest source.
$(BUILD)/user/obj/vt/tests/vfs/%.o: tests/vfs/%.c
	@mkdir -p $(dir $@)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) -ffreestanding -fno-builtin \
		-nostdinc -MMD -MP -c $< -o $@

$(VT_GLUE_OBJ): $(BUILD)/user/obj/vt/tests/vfs/user/%.o: tests/vfs/user/%.c
	@mkdir -p $(dir $@)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) -pthread -MMD -MP -c $< -o $@

$(VT_USER): $(VT_SUITE_OBJS) $(VT_GLUE_OBJ) $(LIBRUMP_A) $(RUMPUSER_A)
	$(CC) -pthread -o $@ $(VT_SUITE_OBJS) $(VT_GLUE_OBJ) $(VT_LIBS)

$(VT_USER_STATIC): $(VT_SUITE_OBJS) $(VT_GLUE_OBJ) $(LIBRUMP_A) $(RUMPUSER_A)
	@mkdir -p $(dir $@)
	$(CC) -static -pthread -o $@ $(VT_SUITE_OBJS) $(VT_GLUE_OBJ) $(VT_LIBS)

# The differential test is a host program: libc on one side, the guest
# through the client API on the other.
$(VT_DIFF): tests/diff/diff.c tests/diff/vfsdiff.c tests/diff/vfsdiff.h $(LIBRUMP_A) $(RUMPUSER_A)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CPPFLAGS) -I$(CURDIR) $(USER_CFLAGS) -D_GNU_SOURCE -pthread -o $@ \
		tests/diff/diff.c tests/diff/vfsdiff.c $(VT_LIBS)

$(VT_DIFF_STATIC): tests/diff/diff.c tests/diff/vfsdiff.c tests/diff/vfsdiff.h $(LIBRUMP_A) $(RUMPUSER_A)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CPPFLAGS) -I$(CURDIR) $(USER_CFLAGS) -D_GNU_SOURCE -static -pthread \
		-o $@ tests/diff/diff.c tests/diff/vfsdiff.c $(VT_LIBS)

# The coarse clock file times come from, on a booted guest: the guest's
# own headers too (tests/kern/clock_test.c).
GUEST_CLOCK   := $(BUILD)/user/guest-clock
$(GUEST_CLOCK): tests/kern/clock_test.c tests/net/guest_tap.h $(LIBRUMP_A) $(RUMPUSER_A)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CPPFLAGS) -I guest/include -I tests/net $(USER_CFLAGS) \
		-pthread -o $@ tests/kern/clock_test.c $(VT_LIBS)

check-vfs-user: $(VT_USER) $(GUEST_CLOCK)
	$(VT_USER)
	$(GUEST_CLOCK)

check-diff: $(VT_DIFF)
	$(VT_DIFF)

check-guest-headers:
	@tests/guest-headers

VT_VM_FILES = $(BUILD)/kernel/rumpvisor.ko $(BUILD)/kernel/rumpvisor_vfstest.ko \
	$(VT_USER_STATIC)

check-guest-kernel: modules $(VT_USER_STATIC) vm-kernel
	@rm -f $(VM_DIR)/guest-*.tap
	@rc=0; \
	$(VM) run --files $(VT_VM_FILES) --script tests/vm/check-guest.sh \
		--timeout $(VM_TIMEOUT) --log $(VM_DIR)/check-guest.log || rc=1; \
	$(VM) guest-report $(VM_DIR)/check-guest.log --out $(VM_DIR) || rc=1; \
	exit $$rc

-include $(VT_SUITE_OBJS:.o=.d) $(VT_GLUE_OBJ:.o=.d)
