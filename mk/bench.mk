# Benchmarks (make bench): not part of the tests.  One VM boot measures the
# kernel hypervisor and the userspace one side by side, and the kernel
# hypervisor of BENCH_BASELINE (a commit; default: the last one before
# per-instance memory ownership) beside today's, so that "no slower than
# before" is measured in the same run; a native run measures the userspace
# hypervisor on this machine.  BENCH_BASELINE= (empty) leaves it out.
.PHONY: bench bench-user bench-baseline
BENCH_SRCS = bench/cases.c bench/user/main.c $(wildcard tests/guest/*.c)
BENCH_DEPS = $(BENCH_SRCS) bench/bench.h $(wildcard tests/guest/*.h) $(RUMPUSER_A)
BENCH_BASELINE ?= e6eeea1
# The VM counts instructions (qemu -icount: the guest clock advances 1 ns
# per instruction executed, one vCPU), so the VM's columns are the same
# whatever load the host is under.  BENCH_VM_OPTS= measures wall time.
BENCH_VM_OPTS ?= --icount --smp 1
BASELINE_DIR := $(BUILD)/baseline
BASELINE_KOS := $(BASELINE_DIR)/kernel/rumpvisor.ko \
		$(BASELINE_DIR)/kernel/rumpvisor_bench.ko
BENCH_PUT := $(if $(BENCH_BASELINE),$(foreach k,$(BASELINE_KOS),--put $(k):/rv/base/$(notdir $(k))))

bench-user: $(BUILD)/user/bench-user $(BUILD)/vm/bench-user-static

$(BUILD)/user/bench-user: $(BENCH_DEPS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) $(USER_CPPFLAGS) -o $@ $(BENCH_SRCS) $(RUMPUSER_A) -lpthread

$(BUILD)/vm/bench-user-static: $(BENCH_DEPS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) $(USER_CPPFLAGS) -static -o $@ $(BENCH_SRCS) $(RUMPUSER_A) -lpthread

# The baseline's own tree, from git, built with its own make.
bench-baseline: $(if $(BENCH_BASELINE),$(BASELINE_DIR)/kernel/$(BENCH_BASELINE).stamp)

$(BASELINE_DIR)/kernel/$(BENCH_BASELINE).stamp:
	@git rev-parse -q --verify '$(BENCH_BASELINE)^{commit}' >/dev/null || \
	  { echo "bench: baseline $(BENCH_BASELINE) is not in this clone's history (make bench BENCH_BASELINE= leaves it out)" >&2; exit 1; }
	@echo "bench: building the kernel hypervisor of $(BENCH_BASELINE) for comparison"
	rm -rf $(BASELINE_DIR) && mkdir -p $(BASELINE_DIR)/src $(BASELINE_DIR)/kernel
	git archive $(BENCH_BASELINE) | tar -x -C $(BASELINE_DIR)/src
	$(MAKE) -C $(BASELINE_DIR)/src modules BUILD=$(BASELINE_DIR)/build >/dev/null
	cp $(addprefix $(BASELINE_DIR)/build/kernel/,$(notdir $(BASELINE_KOS))) $(BASELINE_DIR)/kernel/
	touch $@

bench: deps-check modules bench-user bench-baseline
	@mkdir -p $(BUILD)/bench
	for i in 1 2 3; do $(BUILD)/user/bench-user --host native; done \
		> $(BUILD)/bench/native.txt 2>&1
	python3 tests/vm/vm.py run $(BENCH_VM_OPTS) --timeout 1800 \
		--log $(BUILD)/bench/vm.log \
		--files $(BUILD)/kernel/rumpvisor.ko $(BUILD)/kernel/rumpvisor_bench.ko \
			$(BUILD)/vm/bench-user-static $(BENCH_PUT) \
		--script bench/vm-bench.sh
	python3 bench/report.py --out $(BUILD)/bench \
		$(if $(findstring icount,$(BENCH_VM_OPTS)),--vm-instructions) \
		$(BUILD)/bench/vm.log $(BUILD)/bench/native.txt
