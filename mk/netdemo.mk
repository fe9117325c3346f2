# The network demo (demo/net/): one portable source, two glues, and the
# tool that hands tap devices to rumpvisor.ko.
#
#   make netdemo       build/user/netdemo (and build/vm/netdemo-static),
#                      linked like any client:
#                      cc netdemo.c main.c $(pkg-config --cflags --libs rump)
#   make rumptap       build/user/rumptap (and build/vm/rumptap, static)
#   make demo-net      one VM boot (tests/vm/demo-net.sh, explained by
#                      vm.py netdemo-report): rumpvisor_netdemo.ko on a
#                      native device and on tap, the program over tap;
#                      `make demo` runs it too (before the fs demo's boot)
#
# rumpvisor_netdemo.ko comes from demo/net/linux/kbuild.mk.

.PHONY: netdemo rumptap demo-net

NETDEMO_SRCS   := demo/net/netdemo.c demo/net/user/main.c
NETDEMO_DEPS   := $(NETDEMO_SRCS) demo/net/netdemo.h $(RUMP_CLIENT_DEPS)
NETDEMO_USER   := $(BUILD)/user/netdemo
NETDEMO_STATIC := $(BUILD)/vm/netdemo-static
RUMPTAP        := $(BUILD)/user/rumptap
RUMPTAP_STATIC := $(BUILD)/vm/rumptap
RUMPTAP_SRCS   := components/virtif/tools/rumptap.c include/rumpvisor/tap.h

all: netdemo rumptap
netdemo: $(NETDEMO_USER) $(NETDEMO_STATIC)
rumptap: $(RUMPTAP) $(RUMPTAP_STATIC)

$(NETDEMO_USER): $(NETDEMO_DEPS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -pthread -o $@ $(NETDEMO_SRCS) \
		$$($(RUMP_PKGCONFIG) --cflags --libs rump)

$(NETDEMO_STATIC): $(NETDEMO_DEPS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -pthread -static -o $@ $(NETDEMO_SRCS) \
		$$($(RUMP_PKGCONFIG) --static --cflags --libs rump)

$(RUMPTAP): $(RUMPTAP_SRCS)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) -o $@ $<

$(RUMPTAP_STATIC): $(RUMPTAP_SRCS)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) -static -o $@ $<

# $(call vm_put_prog,HOSTPROG,VMPATH): vm.py options that put a host
# program and the libraries it links into the VM.
vm_put_prog = $(if $(1),--put $(1):$(2) \
	$(foreach l,$(shell ldd $(1) 2>/dev/null | \
	sed -n 's|.*=> \(/[^ ]*\) .*|\1|p; s|^[[:space:]]*\(/lib[^ ]*\) .*|\1|p'),\
	--put $(l):$(l)))
# iproute2's ip (busybox's ip has no -s) at /opt/iproute2/ip for
# `ip -s link`, and ethtool at /opt/ethtool/ethtool for `ethtool -S`.
IPROUTE_BIN := $(firstword $(wildcard /usr/sbin/ip /sbin/ip /bin/ip))
IPROUTE_PUT  = $(call vm_put_prog,$(IPROUTE_BIN),/opt/iproute2/ip)
ETHTOOL_BIN := $(firstword $(wildcard /usr/sbin/ethtool /sbin/ethtool))
ETHTOOL_PUT  = $(call vm_put_prog,$(ETHTOOL_BIN),/opt/ethtool/ethtool)
NETDEMO_VM_FILES = $(addprefix $(BUILD)/kernel/,rumpvisor.ko \
	rumpvisor_netdemo.ko) $(NETDEMO_STATIC) $(RUMPTAP_STATIC)

demo: demo-net
demo-net: deps-check modules vm-kernel $(NETDEMO_STATIC) $(RUMPTAP_STATIC)
	@echo "demo: the network demo, one VM boot (about a minute)..."
	@$(VM) run --kmod tun --files $(NETDEMO_VM_FILES) $(IPROUTE_PUT) \
		--script tests/vm/demo-net.sh --timeout $(VM_TIMEOUT) \
		--log $(VM_DIR)/demo-net.log >/dev/null; \
	$(VM) netdemo-report $(VM_DIR)/demo-net.log --out $(VM_DIR)
