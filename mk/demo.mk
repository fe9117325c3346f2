# The file-system demo (demo/): one portable source, two glues.
#
#   make fsdemo        build/user/fsdemo, linked like any client:
#                      cc fsdemo.c main.c $(pkg-config --cflags --libs rump)
#   make demo-user     run it here, on the userspace hypervisor
#   make demo          (mk/vm.mk) also runs it, then boots the VM: the
#                      conformance guest briefly, rumpvisor_fsdemo.ko (from
#                      demo/linux/kbuild.mk) and the static fsdemo
#
# Needs librump and rump.pc from mk/guest.mk.

.PHONY: fsdemo demo-user

FSDEMO_SRCS   := demo/fsdemo.c demo/user/main.c
FSDEMO_DEPS   := $(FSDEMO_SRCS) demo/fsdemo.h $(RUMP_CLIENT_DEPS)
FSDEMO_USER   := $(BUILD)/user/fsdemo
FSDEMO_STATIC := $(BUILD)/vm/fsdemo-static

all: fsdemo
fsdemo: $(FSDEMO_USER)

$(FSDEMO_USER): $(FSDEMO_DEPS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -o $@ $(FSDEMO_SRCS) \
		$$($(RUMP_PKGCONFIG) --cflags --libs rump)

$(FSDEMO_STATIC): $(FSDEMO_DEPS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -static -o $@ $(FSDEMO_SRCS) \
		$$($(RUMP_PKGCONFIG) --static --cflags --libs rump)

demo-user: $(FSDEMO_USER)
	@echo "demo: the file-system demo as a program on the userspace hypervisor:"
	@echo "  cc fsdemo.c main.c \$$(pkg-config --cflags --libs rump); ./fsdemo"
	@$(FSDEMO_USER)
	@echo

# The VM part of `make demo` (its recipe is in mk/vm.mk) also gets the fs
# demo module and the static program; the native run comes first.
demo: VM_FILES += $(BUILD)/kernel/rumpvisor_fsdemo.ko \
	$(BUILD)/kernel/rumpvisor_stress.ko $(FSDEMO_STATIC) $(RUMPCTL_STATIC)
demo: demo-user $(FSDEMO_STATIC) $(RUMPCTL_STATIC)
