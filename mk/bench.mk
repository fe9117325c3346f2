# Benchmarks (make bench): not part of the tests.  One VM boot measures the
# kernel hypervisor and the userspace one side by side; a native run
# measures the userspace hypervisor on this machine.
.PHONY: bench bench-user
BENCH_SRCS = bench/cases.c bench/user/main.c $(wildcard tests/guest/*.c)
BENCH_DEPS = $(BENCH_SRCS) bench/bench.h $(wildcard tests/guest/*.h) $(RUMPUSER_A)

bench-user: $(BUILD)/user/bench-user $(BUILD)/vm/bench-user-static

$(BUILD)/user/bench-user: $(BENCH_DEPS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) $(USER_CPPFLAGS) -o $@ $(BENCH_SRCS) $(RUMPUSER_A) -lpthread

$(BUILD)/vm/bench-user-static: $(BENCH_DEPS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) $(USER_CPPFLAGS) -static -o $@ $(BENCH_SRCS) $(RUMPUSER_A) -lpthread

bench: deps-check modules bench-user
	@mkdir -p $(BUILD)/bench
	for i in 1 2 3; do $(BUILD)/user/bench-user --host native; done \
		> $(BUILD)/bench/native.txt 2>&1
	python3 tests/vm/vm.py run --timeout 1200 --log $(BUILD)/bench/vm.log \
		--files $(BUILD)/kernel/rumpvisor.ko $(BUILD)/kernel/rumpvisor_bench.ko \
			$(BUILD)/vm/bench-user-static \
		--script bench/vm-bench.sh
	python3 bench/report.py --out $(BUILD)/bench $(BUILD)/bench/vm.log $(BUILD)/bench/native.txt
