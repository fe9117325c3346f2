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
#   make check-faults    fault injection on the debug kernel (part of
#                        check-debug): each injection point of rumpvisor
#                        made to fail under a probe and during real loads
#                        (a sample of its calls; check-faults-full: all)
#
# Included by the top Makefile last: it reuses the programs and file
# lists of the other fragments (vm, guest tests, demo, syscall proxy,
# network) in its prerequisites.

.PHONY: debug-kernel debug-modules check-debug check-faults check-faults-full

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
# Bytes each way in check-net's bulk transfers (the stock runs: 50 MiB;
# on the debug kernel 50 MiB take almost four minutes).
DEBUG_NET_BULK ?= 8388608
DEBUG_RUN = $(VM) run --kernel debug --timeout $(DEBUG_TIMEOUT)

debug-kernel:
	@$(VM) debug-kernel

# Our modules against the debug kernel's tree: a build directory of their
# own, so the stock and debug objects never mix.
debug-modules: debug-kernel
	+@kdir=$$($(VM) debug-kernel --print kdir) && \
	$(MAKE) --no-print-directory modules KDIR=$$kdir BUILD=$(DEBUG_DIR)

# $(call debug-vm,NAME,SCRIPT,FILES,REPORT[,RUN OPTIONS]): boot SCRIPT with
# FILES on the debug kernel (console in DEBUG_VM_DIR/NAME.log), then
# `vm.py REPORT`.
define debug-vm
	$(DEBUG_RUN) --script $(2) --files $(3) --cycles $(DEBUG_CYCLES) \
		--log $(DEBUG_VM_DIR)/$(1).log $(5) || rc=1; \
	$(VM) $(4) $(DEBUG_VM_DIR)/$(1).log --out $(DEBUG_VM_DIR) || rc=1;
endef

# The static fs demo links through rump.pc, which needs rumpuser.pc.
$(FSDEMO_STATIC): | $(RUMPUSER_PC)

# Fault injection (tests/vm/check-faults.sh, tests/faults/sites.txt; the
# first VM run of check-debug): a count run finds how many calls of each
# site each load (boot, fs, sp, ct, net) makes; then, per site and load,
# FAULT_SAMPLES_<load> of them are failed one at a time (every k-th call
# from the middle of the first k, k = calls / samples).  FAULT_WALK=full
# fails every call (make check-faults-full: hours).  The default, quick,
# fails two calls per site in the boot, one in the VFS workload, and
# walks the syscall proxy's load, the conformance run (two minutes a
# load on the debug kernel) and the network guest's boot only for the
# sites the loads before them never reach.  none runs the probe only (what each hypercall returns).
FAULT_WALK ?= quick
ifeq ($(FAULT_WALK),full)
FAULT_SAMPLES_boot := 0
FAULT_SAMPLES_fs := 0
FAULT_SAMPLES_sp := 0
FAULT_SAMPLES_ct := 0
FAULT_SAMPLES_net := 0
FAULT_ONLY_NEW_sp := 0
FAULT_ONLY_NEW_ct := 0
FAULT_ONLY_NEW_net := 0
else ifeq ($(FAULT_WALK),none)
else
FAULT_SAMPLES_boot ?= 2
FAULT_SAMPLES_fs ?= 1
FAULT_SAMPLES_sp ?= 2
FAULT_SAMPLES_ct ?= 1
FAULT_SAMPLES_net ?= 1
FAULT_ONLY_NEW_sp ?= 1
FAULT_ONLY_NEW_ct ?= 1
FAULT_ONLY_NEW_net ?= 1
endif
FAULT_INSMOD := $(DEBUG_DIR)/fault-insmod
FAULT_VM_FILES = $(addprefix $(DEBUG_KO)/,rumpvisor.ko rumpvisor_faultprobe.ko \
	rumpvisor_fsdemo.ko rumpvisor_vfstest.ko rumpvisor_rk.ko \
	rumpvisor_ct.ko rumpvisor_nettest.ko) \
	tests/faults/sites.txt $(FAULT_INSMOD)

# insmod without busybox's second try (tests/faults/insmod.c).
$(FAULT_INSMOD): tests/faults/insmod.c
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -static -o $@ $<
define debug-faults
	printf 'RV_FAULT_SAMPLES_%s=%s\n' boot $(FAULT_SAMPLES_boot) \
		fs $(FAULT_SAMPLES_fs) sp $(FAULT_SAMPLES_sp) \
		ct $(FAULT_SAMPLES_ct) net $(FAULT_SAMPLES_net) \
		> $(DEBUG_VM_DIR)/fault-steps.sh; \
	echo RV_FAULT_ONLY_NEW_sp=$(FAULT_ONLY_NEW_sp) \
		RV_FAULT_ONLY_NEW_ct=$(FAULT_ONLY_NEW_ct) \
		RV_FAULT_ONLY_NEW_net=$(FAULT_ONLY_NEW_net) \
		$(if $(filter none,$(FAULT_WALK)),RV_FAULT_LOADS=) \
		>> $(DEBUG_VM_DIR)/fault-steps.sh; \
	$(call debug-vm,check-faults,tests/vm/check-faults.sh,\
		$(FAULT_VM_FILES),faults-report,\
		--pre $(DEBUG_VM_DIR)/fault-steps.sh)
endef

check-faults-full:
	+$(MAKE) --no-print-directory check-faults FAULT_WALK=full

check-faults: debug-modules $(FAULT_INSMOD)
	@mkdir -p $(DEBUG_VM_DIR) && rm -f $(DEBUG_VM_DIR)/faults-*.tap
	@rc=0; $(debug-faults) \
	$(VM) debug-report $(DEBUG_VM_DIR)/check-faults.log \
		--ko $(DEBUG_KO)/*.ko --out $(DEBUG_VM_DIR) || rc=1; \
	exit $$rc

# The kernel modules of a file list, from the debug build.
debug-ko = $(patsubst $(BUILD)/kernel/%,$(DEBUG_KO)/%,$(1))

check-debug: debug-modules $(CT_USER_STATIC) $(VT_USER_STATIC) $(FSDEMO_STATIC) \
		$(RUMPCTL_STATIC) $(FAULT_INSMOD) $(LXNET) $(RUMPTAP_STATIC) \
		$(SPK_PROGS)
	@rm -rf $(DEBUG_VM_DIR) && mkdir -p $(DEBUG_VM_DIR)
	@rc=0; t0=$$(date +%s); \
	$(debug-faults) \
	$(call debug-vm,check-kernel,tests/vm/check-kernel.sh,\
		$(DEBUG_KO)/rumpvisor.ko $(DEBUG_KO)/rumpvisor_ct.ko \
		$(CT_USER_STATIC),kernel-report --cycles $(DEBUG_CYCLES)) \
	$(call debug-vm,check-guest,tests/vm/check-guest.sh,\
		$(DEBUG_KO)/rumpvisor.ko $(DEBUG_KO)/rumpvisor_vfstest.ko \
		$(VT_USER_STATIC),guest-report --cycles $(DEBUG_CYCLES)) \
	$(call debug-vm,demo,tests/vm/demo.sh,\
		$(addprefix $(DEBUG_KO)/,rumpvisor.ko rumpvisor_ct.ko \
		rumpvisor_fsdemo.ko rumpvisor_stress.ko rumpvisor_rk.ko) \
		$(FSDEMO_STATIC) $(RUMPCTL_STATIC) $(SPK_SERVER),demo-report) \
	$(call debug-vm,check-instances,tests/vm/check-instances.sh,\
		$(call debug-ko,$(INST_VM_FILES)),\
		instances-report --cycles $(DEBUG_CYCLES)) \
	echo RV_NET_BULK=$(DEBUG_NET_BULK) > $(DEBUG_VM_DIR)/net-pre.sh; \
	$(call debug-vm,check-net,tests/vm/check-net.sh,\
		$(call debug-ko,$(NET_VM_FILES)),$(NET_TAP_REPORT),\
		--kmod $(NET_VM_KMODS) $(IPROUTE_PUT) $(ETHTOOL_PUT) \
		--pre $(DEBUG_VM_DIR)/net-pre.sh) \
	echo RV_SP_VFS_OPTS=--quick > $(DEBUG_VM_DIR)/sysproxy-pre.sh; \
	$(call debug-vm,check-sysproxy,tests/vm/check-sysproxy.sh,\
		$(call debug-ko,$(SPK_VM_FILES)),$(SPK_TAP_REPORT),\
		--pre $(DEBUG_VM_DIR)/sysproxy-pre.sh) \
	$(VM) debug-report $(DEBUG_VM_DIR)/check-kernel.log \
		$(DEBUG_VM_DIR)/check-guest.log $(DEBUG_VM_DIR)/demo.log \
		$(DEBUG_VM_DIR)/check-instances.log \
		$(DEBUG_VM_DIR)/check-net.log $(DEBUG_VM_DIR)/check-sysproxy.log \
		$(DEBUG_VM_DIR)/check-faults.log \
		--ko $(DEBUG_KO)/*.ko --out $(DEBUG_VM_DIR) || rc=1; \
	echo "check-debug: $$(( $$(date +%s) - t0 )) s of VM runs"; \
	$(PYTHON) tests/tap.py $(DEBUG_VM_DIR)/*.tap || rc=1; \
	exit $$rc
