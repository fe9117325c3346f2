# The VM harness and the top-level test flow (tests/vm/, scripts/check).
#
#   make check          every test: native suite, userspace-only tests, the
#                       harness's unit tests, then one VM boot for the kernel
#   make check-kernel   only the VM part (modules + ct-user-static in qemu)
#   make check-harness  only the harness's own unit tests
#   make demo           boot a VM, run a guest in the kernel, explain it
#   make vm-kernel      fetch the Debian kernel image the VM boots (cached)
#
# The VM boots the same Debian kernel the modules are built against
# (KVER), under qemu TCG; see tests/vm/vm.py --help.

.PHONY: check check-kernel check-harness demo vm-kernel deps-check

PYTHON ?= python3
VM := $(PYTHON) tests/vm/vm.py
VM_DIR := $(BUILD)/vm
# Bounds a hung kernel test; a good run takes about a minute under TCG.
VM_TIMEOUT ?= 900
VM_FILES = $(BUILD)/kernel/rumpvisor.ko $(BUILD)/kernel/rumpvisor_ct.ko

# Only `make deps` installs packages; the others verify and stop with a
# message that says to run it.
deps-check:
	@scripts/deps --check

check: deps-check
	+@$(PYTHON) scripts/check --build $(BUILD) --make "$(MAKE)"

vm-kernel:
	@$(VM) kernel --kver $(KVER) --out $(VM_DIR)

check-harness:
	@$(VM) selftest

check-kernel: modules $(VM_DIR)/ct-user-static vm-kernel
	@rm -f $(VM_DIR)/*.tap
	@rc=0; \
	$(VM) run --files $(VM_FILES) $(VM_DIR)/ct-user-static \
		--script tests/vm/check-kernel.sh --timeout $(VM_TIMEOUT) \
		--log $(VM_DIR)/check-kernel.log || rc=1; \
	$(VM) kernel-report $(VM_DIR)/check-kernel.log --out $(VM_DIR) || rc=1; \
	exit $$rc

# From a fresh clone: everything it runs is a prerequisite (mk/demo.mk
# adds the userspace part); deps-check comes first, so that missing
# packages are reported before anything is compiled.
demo: deps-check modules vm-kernel
	@echo "demo: booting a VM (qemu, software emulation; about 15 s)..."
	@$(VM) run --files $(VM_FILES) --script tests/vm/demo.sh \
		--timeout $(VM_TIMEOUT) --log $(VM_DIR)/demo.log >/dev/null; \
	$(VM) demo-report $(VM_DIR)/demo.log

# Resident guests, several at once (tests/vm/check-instances.sh): one boot.
INST_VM_FILES = $(addprefix $(BUILD)/kernel/,rumpvisor.ko rumpvisor_fsdemo.ko rumpvisor_ct.ko \
	rumpvisor_stress.ko rumpvisor_stress2.ko rumpvisor_vfstest.ko \
	rumpvisor_vfstest2.ko) $(RUMPCTL_STATIC)

.PHONY: check-instances
check-instances: modules $(RUMPCTL_STATIC) vm-kernel
	@rm -f $(VM_DIR)/instances*.tap
	@rc=0; \
	$(VM) run --files $(INST_VM_FILES) --script tests/vm/check-instances.sh \
		--timeout $(VM_TIMEOUT) --log $(VM_DIR)/check-instances.log || rc=1; \
	$(VM) instances-report $(VM_DIR)/check-instances.log --out $(VM_DIR) || rc=1; \
	exit $$rc
