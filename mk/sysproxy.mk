# SPDX-License-Identifier: BSD-2-Clause
# The syscall proxy's programs and tests (tools/rump_server.c,
# tests/sysproxy/, tests/vfs/remote/).  Included by the top Makefile after
# guest.mk, guest-tests.mk and client.mk.
#
#   make rump_server        build/user/rump_server
#   make check-sysproxy     against the userspace guest server: the VFS
#                           suite as a remote client, protocol robustness,
#                           fork/exec, server lifecycle
# The engine's fuzz target is one of mk/fuzz.mk's (make fuzz
# FUZZ_TARGETS=sysproxy; check-fuzz runs it).

.PHONY: rump_server check-sysproxy

SP_DIR        := $(BUILD)/user
RUMP_SERVER   := $(SP_DIR)/rump_server

all: rump_server
rump_server: $(RUMP_SERVER)

# The server's guest has the TCP/IP stack (loopback; clients create
# interfaces): the core refers to it weakly, so it is asked for by name.
$(RUMP_SERVER): tools/rump_server.c $(RUMP_A) $(RUMPUSER_A)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) -pthread -o $@ $< \
		-Wl,--undefined=rk_net_init $(RUMP_A) $(RUMPUSER_A) -lpthread

# The VFS suite (tests/vfs, unchanged) as a remote client.
VT_REMOTE      := $(SP_DIR)/vfs-remote
VT_REMOTE_GLUE := $(SP_DIR)/obj/vt/tests/vfs/remote/main.o
VT_USER_HOST   := $(SP_DIR)/obj/vt/tests/vfs/user/host.o

$(VT_REMOTE_GLUE): tests/vfs/remote/main.c
	@mkdir -p $(dir $@)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) -pthread -MMD -MP -c $< -o $@

$(VT_REMOTE): $(VT_SUITE_OBJS) $(VT_REMOTE_GLUE) $(VT_USER_HOST) $(RUMPCLIENT_A)
	$(CC) -pthread -o $@ $(VT_SUITE_OBJS) $(VT_REMOTE_GLUE) \
		$(VT_USER_HOST) $(RUMPCLIENT_A) -lpthread

# Protocol robustness (raw frames) and fork/exec through librumpclient.
SP_TEST_DIR   := $(SP_DIR)/tests
SP_PROTO      := $(SP_TEST_DIR)/sp-proto
SP_FORKEXEC   := $(SP_TEST_DIR)/sp-forkexec
SP_TEST_CFLAGS = $(USER_CPPFLAGS) $(USER_CFLAGS) -D_GNU_SOURCE -pthread
SP_TEST_COMMON := tests/sysproxy/tap.c tests/sysproxy/tap.h

$(SP_PROTO): tests/sysproxy/proto.c tests/sysproxy/raw.c tests/sysproxy/raw.h \
		$(SP_TEST_COMMON) $(RUMPCLIENT_A)
	@mkdir -p $(@D)
	$(CC) $(SP_TEST_CFLAGS) -o $@ tests/sysproxy/proto.c \
		tests/sysproxy/raw.c tests/sysproxy/tap.c $(RUMPCLIENT_A) \
		-lpthread

$(SP_FORKEXEC): tests/sysproxy/forkexec.c $(SP_TEST_COMMON) $(RUMPCLIENT_A)
	@mkdir -p $(@D)
	$(CC) $(SP_TEST_CFLAGS) -o $@ $< tests/sysproxy/tap.c \
		$(RUMPCLIENT_A) -lpthread

all: $(VT_REMOTE) $(SP_PROTO) $(SP_FORKEXEC)

check-sysproxy: $(RUMP_SERVER) $(VT_USER) $(VT_REMOTE) $(SP_PROTO) \
		$(SP_FORKEXEC) rumpclient
	$(PYTHON) tests/sysproxy/check.py --build $(BUILD)
	$(PYTHON) -m unittest discover -s bench/sysproxy -p 'test_*.py'

-include $(VT_REMOTE_GLUE:.o=.d)

# ---- The syscall proxy of rumpvisor.ko, in the VM (issue 7, kernel) ----
#
#   make check-sysproxy-kernel  one VM boot (tests/vm/check-sysproxy.sh):
#                      the resident guest rumpvisor_rk.ko serving a unix
#                      socket, TCP and /dev/rumpvisor/rk; the VFS suite as
#                      a remote client over the socket and the device
#                      (same ok count as locally), protocol robustness,
#                      fork/exec, the device's semantics and signals,
#                      rumpctl's file commands, permissions (root, the
#                      server group), rmmod with clients connected and
#                      calls blocked.  TAP: build/vm/sysproxy-*.tap.
#
# Everything runs in the VM's busybox system, so the programs are static.
.PHONY: check-sysproxy-kernel sysproxy-vm-progs

SPK_VFS_REMOTE := $(BUILD)/vm/vfs-remote-static
SPK_PROTO      := $(BUILD)/vm/sp-proto-static
SPK_FORKEXEC   := $(BUILD)/vm/sp-forkexec-static
SPK_KDEV       := $(BUILD)/vm/sp-kdev-static
SPK_SERVER     := $(BUILD)/vm/rump_server-static
SPK_PROGS      := $(SPK_VFS_REMOTE) $(SPK_PROTO) $(SPK_FORKEXEC) $(SPK_KDEV) \
		  $(SPK_SERVER)

$(SPK_VFS_REMOTE): $(VT_SUITE_OBJS) $(VT_REMOTE_GLUE) $(VT_USER_HOST) \
		$(RUMPCLIENT_A)
	@mkdir -p $(@D)
	$(CC) -static -pthread -o $@ $(VT_SUITE_OBJS) $(VT_REMOTE_GLUE) \
		$(VT_USER_HOST) $(RUMPCLIENT_A) -lpthread

$(SPK_PROTO): tests/sysproxy/proto.c tests/sysproxy/raw.c \
		tests/sysproxy/raw.h $(SP_TEST_COMMON) $(RUMPCLIENT_A)
	@mkdir -p $(@D)
	$(CC) $(SP_TEST_CFLAGS) -static -o $@ tests/sysproxy/proto.c \
		tests/sysproxy/raw.c tests/sysproxy/tap.c $(RUMPCLIENT_A) \
		-lpthread

$(SPK_FORKEXEC): tests/sysproxy/forkexec.c $(SP_TEST_COMMON) $(RUMPCLIENT_A)
	@mkdir -p $(@D)
	$(CC) $(SP_TEST_CFLAGS) -static -o $@ $< tests/sysproxy/tap.c \
		$(RUMPCLIENT_A) -lpthread

$(SPK_KDEV): tests/sysproxy/kdev.c $(SP_TEST_COMMON) $(RUMPCLIENT_A)
	@mkdir -p $(@D)
	$(CC) $(SP_TEST_CFLAGS) -static -o $@ $< tests/sysproxy/tap.c \
		$(RUMPCLIENT_A) -lpthread

$(SPK_SERVER): tools/rump_server.c $(RUMP_A) $(RUMPUSER_A)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) -static -pthread -o $@ $< \
		$(RUMP_A) $(RUMPUSER_A) -lpthread

sysproxy-vm-progs: $(SPK_PROGS)

# The VFS suite over the socket needs cross-CPU wake-ups, which a loaded
# host makes slow under TCG: about 6 minutes alone, far more when shared.
SPK_VM_TIMEOUT ?= 1800
SPK_VM_FILES = $(BUILD)/kernel/rumpvisor.ko $(BUILD)/kernel/rumpvisor_rk.ko \
	$(SPK_PROGS) $(VT_USER_STATIC) $(RUMPCTL_STATIC)

# How check-sysproxy.sh's console is judged (also on the debug kernel).
SPK_TAP_REPORT = tap-report --need setup vfs-local vfs-sock vfs-dev \
	compare proto forkexec-sock forkexec-dev kdev rumpctl tcp perms \
	lifecycle --prefix 'sk: ' --name sysproxy

check-sysproxy-kernel: modules $(SPK_PROGS) $(VT_USER_STATIC) \
		$(RUMPCTL_STATIC) vm-kernel
	@rm -f $(VM_DIR)/sysproxy-*.tap
	@rc=0; \
	$(VM) run --files $(SPK_VM_FILES) --script tests/vm/check-sysproxy.sh \
		--timeout $(SPK_VM_TIMEOUT) --log $(VM_DIR)/check-sysproxy.log || rc=1; \
	$(VM) $(SPK_TAP_REPORT) $(VM_DIR)/check-sysproxy.log \
		--out $(VM_DIR) || rc=1; \
	exit $$rc

# ---- Benchmarks (make bench): bench/sysproxy ----
.PHONY: bench-sysproxy
SPBENCH_STATIC := $(BUILD)/vm/spbench-static
SPBENCH_DIR    := $(BUILD)/bench/sysproxy

$(SPBENCH_STATIC): bench/sysproxy/spbench.c $(RUMPCLIENT_A)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) -D_GNU_SOURCE -static -pthread \
		-o $@ $< $(RUMPCLIENT_A) -lpthread

# Parallel scaling is measured: a host thread per vCPU (tests use one
# thread for all, see qemu_command in tests/vm/harness/boot.py).
bench-sysproxy: deps-check modules vm-kernel $(SPBENCH_STATIC) $(SPK_SERVER)
	@mkdir -p $(SPBENCH_DIR)
	$(VM) run --tcg-threads multi --timeout 3000 --log $(SPBENCH_DIR)/vm.log \
		--files $(BUILD)/kernel/rumpvisor.ko \
			$(BUILD)/kernel/rumpvisor_rk.ko $(SPBENCH_STATIC) \
			$(SPK_SERVER) \
		--script bench/sysproxy/vm-bench.sh
	$(VM) run --icount --smp 1 --timeout 900 \
		--log $(SPBENCH_DIR)/icount.log \
		--files $(BUILD)/kernel/rumpvisor.ko \
			$(BUILD)/kernel/rumpvisor_rk.ko $(SPBENCH_STATIC) \
		--script bench/sysproxy/vm-icount.sh
	$(PYTHON) bench/sysproxy/report.py --out $(SPBENCH_DIR) \
		--icount $(SPBENCH_DIR)/icount.log $(SPBENCH_DIR)/vm.log

bench: bench-sysproxy

# `make demo` (mk/vm.mk, tests/vm/demo.sh) also shows the syscall proxy:
# the resident guest rumpvisor_rk.ko and a user-space rump_server.
demo: VM_FILES += $(BUILD)/kernel/rumpvisor_rk.ko $(SPK_SERVER)
demo: $(SPK_SERVER)
# The demo's run in make check-debug (mk/debug.mk) needs the same.
check-debug: $(SPK_SERVER)
