# rumpvisor_bench.ko: the benchmark cases on the test guest, in the kernel.
obj-m += rumpvisor_bench.o
rumpvisor_bench-y := bench/linux/module.o bench/cases.o \
	$(patsubst $(src)/%.c,%.o,$(wildcard $(src)/tests/guest/*.c))
