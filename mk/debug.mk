# The debug kernel (tests/vm/debug/, tests/vm/harness/debugkernel.py):
# Debian's linux-source-6.1 with KASAN, UBSAN, lockdep, kmemleak,
# DEBUG_OBJECTS, SLUB debugging and fault injection, built once and cached
# outside the clone (/var/cache/rumpvisor or ~/.cache/rumpvisor).
#
#   make debug-kernel    build it (7 to 15 minutes once; a second when cached)
#   make debug-modules   our modules against its tree, in $(BUILD)/debug/
#   make check-debug     every kernel test of `make check` and the demo on
#                        the debug kernel, then a kmemleak scan; fails on
#                        any detector report and names the test that ran
#
# Included by the top Makefile after mk/vm.mk, mk/guest-tests.mk and
# mk/demo.mk (it reuses their programs).

.PHONY: debug-kernel debug-modules check-debug

DEBUG_DIR := $(BUILD)/debug
DEBUG_VM_DIR := $(DEBUG_DIR)/vm
DEBUG_KO := $(DEBUG_DIR)/kernel
# One boot of a test script on the debug kernel: KASAN, lockdep and the
# rest make it three to five times slower than the stock kernel under TCG
# (check-kernel.sh with 20 cycles: about 13 minutes).
DEBUG_TIMEOUT ?= 2400
# Load/unload cycles per script (the stock runs have 20): the detectors
# judge every cycle as it happens, so more cycles mostly cost time (about
# 25 s each).  make check-debug DEBUG_CYCLES=20 for the full count.
DEBUG_CYCLES ?= 5
DEBUG_RUN = $(VM) run --kernel debug --timeout $(DEBUG_TIMEOUT)

debug-kernel:
	@$(VM) debug-kernel

# Our modules against the debug kernel's tree: a build directory of their
# own, so the stock and debug objects never mix.
debug-modules: debug-kernel
	+@kdir=$$($(VM) debug-kernel --print kdir) && \
	$(MAKE) --no-print-directory modules KDIR=$$kdir BUILD=$(DEBUG_DIR)

# $(call debug-vm,NAME,SCRIPT,FILES,REPORT): boot SCRIPT with FILES on the
# debug kernel (console in DEBUG_VM_DIR/NAME.log), then `vm.py REPORT`.
define debug-vm
	$(DEBUG_RUN) --script $(2) --files $(3) --cycles $(DEBUG_CYCLES) \
		--log $(DEBUG_VM_DIR)/$(1).log || rc=1; \
	$(VM) $(4) $(DEBUG_VM_DIR)/$(1).log --out $(DEBUG_VM_DIR) || rc=1;
endef

# The static fs demo links through rump.pc, which needs rumpuser.pc.
$(FSDEMO_STATIC): | $(RUMPUSER_PC)

check-debug: debug-modules $(CT_USER_STATIC) $(VT_USER_STATIC) $(FSDEMO_STATIC)
	@rm -rf $(DEBUG_VM_DIR) && mkdir -p $(DEBUG_VM_DIR)
	@rc=0; t0=$$(date +%s); \
	$(call debug-vm,check-kernel,tests/vm/check-kernel.sh,\
		$(DEBUG_KO)/rumpvisor.ko $(DEBUG_KO)/rumpvisor_ct.ko \
		$(CT_USER_STATIC),kernel-report --cycles $(DEBUG_CYCLES)) \
	$(call debug-vm,check-guest,tests/vm/check-guest.sh,\
		$(DEBUG_KO)/rumpvisor.ko $(DEBUG_KO)/rumpvisor_vfstest.ko \
		$(VT_USER_STATIC),guest-report --cycles $(DEBUG_CYCLES)) \
	$(call debug-vm,demo,tests/vm/demo.sh,\
		$(DEBUG_KO)/rumpvisor.ko $(DEBUG_KO)/rumpvisor_ct.ko \
		$(DEBUG_KO)/rumpvisor_fsdemo.ko $(FSDEMO_STATIC),demo-report) \
	$(VM) debug-report $(DEBUG_VM_DIR)/check-kernel.log \
		$(DEBUG_VM_DIR)/check-guest.log $(DEBUG_VM_DIR)/demo.log \
		--ko $(DEBUG_KO)/*.ko --out $(DEBUG_VM_DIR) || rc=1; \
	echo "check-debug: $$(( $$(date +%s) - t0 )) s of VM runs"; \
	$(PYTHON) tests/tap.py $(DEBUG_VM_DIR)/*.tap || rc=1; \
	exit $$rc
