# The network stack in the kernel, tested in the VM against Linux's own
# stack (tests/vm/check-net.sh; docs/ARCHITECTURE.md, "virtif in the
# kernel").
#
#   make check-net     one VM boot: rumpvisor_nettest.ko on the native
#                      device and on tap against Linux (busybox, lxnet),
#                      two guests over the pair backend, malformed
#                      frames, rmmod under traffic; TAP in build/vm/net-*.tap
#                      (scripts/check's stage check-net)
#   make lxnet         build/vm/lxnet: Linux's side (tests/net/lxnet)

.PHONY: check-net lxnet

LXNET        := $(BUILD)/vm/lxnet
LXNET_SRCS   := $(sort $(wildcard tests/net/lxnet/*.c)) tests/net/stream.c
NET_VM_FILES  = $(addprefix $(BUILD)/kernel/,rumpvisor.ko \
	rumpvisor_nettest.ko rumpvisor_nettest2.ko rumpvisor_nethostile.ko) \
	$(LXNET) $(RUMPTAP_STATIC)
NET_VM_KMODS := tun veth sch_netem

all: lxnet
lxnet: $(LXNET)

$(LXNET): $(LXNET_SRCS) $(wildcard tests/net/lxnet/*.h) tests/net/stream.h
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -D_GNU_SOURCE -static -o $@ $(LXNET_SRCS)

# How check-net.sh's console is judged (also on the debug kernel).
NET_TAP_REPORT = tap-report --need setup link bulk connections icmp \
	impaired hostile unload-bulk tap pair end --prefix 'net: ' --name net

check-net: modules $(LXNET) $(RUMPTAP_STATIC) vm-kernel
	@rm -f $(VM_DIR)/net-*.tap
	@rc=0; \
	$(VM) run --kmod $(NET_VM_KMODS) --files $(NET_VM_FILES) $(IPROUTE_PUT) $(ETHTOOL_PUT) \
		--script tests/vm/check-net.sh --timeout $(VM_TIMEOUT) \
		--log $(VM_DIR)/check-net.log || rc=1; \
	$(VM) $(NET_TAP_REPORT) $(VM_DIR)/check-net.log --out $(VM_DIR) || rc=1; \
	exit $$rc
