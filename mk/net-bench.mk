# Network benchmarks (bench/net/), part of `make bench`.  One VM boot
# (bench/net/vm-bench.sh) measures side by side, three rounds each: TCP
# throughput both ways between Linux and the guest in the kernel
# (rumpvisor_nettest.ko) on its native device and on tap, and between two
# Linux namespaces over veth; ping round trips; HTTP requests/s to the
# guest's server and to busybox httpd.  A second boot runs the same script
# under qemu -icount on one CPU (1 ns = 1 instruction: repeatable numbers
# that host load cannot move).  bench/net/report.py prints the tables and
# targets of both and writes build/bench/net/results.json.

.PHONY: bench-net

NETBENCH_DIR := $(BUILD)/bench/net

# Parallel scaling is measured: a host thread per vCPU (tests use one
# thread for all, see qemu_command in tests/vm/harness/boot.py).
bench-net: deps-check modules vm-kernel $(LXNET) $(RUMPTAP_STATIC)
	@mkdir -p $(NETBENCH_DIR)
	$(VM) run --tcg-threads multi --kmod tun veth --timeout 1800 --log $(NETBENCH_DIR)/vm.log \
		--files $(addprefix $(BUILD)/kernel/,rumpvisor.ko \
			rumpvisor_nettest.ko) $(LXNET) $(RUMPTAP_STATIC) \
		$(IPROUTE_PUT) --script bench/net/vm-bench.sh
	$(VM) run --icount --smp 1 --append netbench.icount --kmod tun veth \
		--timeout 1800 --log $(NETBENCH_DIR)/vm-icount.log \
		--files $(addprefix $(BUILD)/kernel/,rumpvisor.ko \
			rumpvisor_nettest.ko) $(LXNET) $(RUMPTAP_STATIC) \
		$(IPROUTE_PUT) --script bench/net/vm-bench.sh
	$(PYTHON) bench/net/report.py --out $(NETBENCH_DIR) \
		--icount $(NETBENCH_DIR)/vm-icount.log $(NETBENCH_DIR)/vm.log

bench: bench-net
