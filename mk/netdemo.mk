# The network demo (demo/net/): one portable source, two glues, and the
# tool that hands tap devices to rumpvisor.ko.
#
#   make netdemo       build/user/netdemo (and build/vm/netdemo-static),
#                      linked like any client:
#                      cc netdemo.c main.c $(pkg-config --cflags --libs rump)
#   make rumptap       build/user/rumptap (and build/vm/rumptap, static)
#   make demo          (mk/vm.mk) also runs tests/vm/demo-net.sh in the VM:
#                      rumpvisor_netdemo.ko on a native device and on tap,
#                      the program over tap and over pair
#
# rumpvisor_netdemo.ko comes from demo/net/linux/kbuild.mk.

.PHONY: netdemo rumptap

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
