# File-system benchmarks of the reference guest (bench/fs/), part of
# `make bench`.  One VM boot (2 GiB: a 256 MiB file lives in the guest's
# tmpfs and in Linux's at different times, plus the kernel's page cache)
# measures, three rounds each:
#   kernel  rumpvisor_fsbench.ko (bench/fs/linux/kbuild.mk)
#   user    fsbench-user-static, the guest in a process
#   linux   fsbench-linux-static, the same operations on the VM's /tmp tmpfs
# bench/fs/report.py prints the table and targets and writes
# build/bench/fs/results.{json,csv}.

.PHONY: bench-fs fsbench-user

FSBENCH_DIR   := $(BUILD)/bench/fs
FSBENCH_SRCS  := bench/fs/cases.c bench/fs/user/main.c
FSBENCH_DEPS  := $(FSBENCH_SRCS) bench/fs/fsbench.h $(RUMP_CLIENT_DEPS)
FSBENCH_USER  := $(BUILD)/user/fsbench-user
FSBENCH_VM    := $(BUILD)/vm/fsbench-user-static \
		 $(BUILD)/vm/fsbench-linux-static
FSBENCH_MEM   ?= 2048

fsbench-user: $(FSBENCH_USER) $(FSBENCH_VM)

$(FSBENCH_USER): $(FSBENCH_DEPS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -o $@ $(FSBENCH_SRCS) \
		$$($(RUMP_PKGCONFIG) --cflags --libs rump)

$(BUILD)/vm/fsbench-user-static: $(FSBENCH_DEPS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -static -o $@ $(FSBENCH_SRCS) \
		$$($(RUMP_PKGCONFIG) --static --cflags --libs rump)

$(BUILD)/vm/fsbench-linux-static: bench/fs/linux-tmpfs.c bench/fs/fsbench.h
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -static -o $@ bench/fs/linux-tmpfs.c

# Parallel scaling is measured: a host thread per vCPU (tests use one
# thread for all, see qemu_command in tests/vm/harness/boot.py).
bench-fs: deps-check modules vm-kernel fsbench-user
	@mkdir -p $(FSBENCH_DIR)
	python3 tests/vm/vm.py run --tcg-threads multi --mem $(FSBENCH_MEM) --timeout 1800 \
		--log $(FSBENCH_DIR)/vm.log \
		--files $(BUILD)/kernel/rumpvisor.ko \
			$(BUILD)/kernel/rumpvisor_fsbench.ko \
			$(BUILD)/kernel/rumpvisor_fsbench2.ko $(FSBENCH_VM) \
		--script bench/fs/vm-bench.sh
	python3 bench/fs/report.py --out $(FSBENCH_DIR) $(FSBENCH_DIR)/vm.log

bench: bench-fs
