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

$(RUMP_SERVER): tools/rump_server.c $(RUMP_A) $(RUMPUSER_A)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) -pthread -o $@ $< \
		$(RUMP_A) $(RUMPUSER_A) -lpthread

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

-include $(VT_REMOTE_GLUE:.o=.d)
