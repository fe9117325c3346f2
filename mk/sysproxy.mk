# SPDX-License-Identifier: BSD-2-Clause
# The syscall proxy's programs and tests (tools/rump_server.c,
# tests/sysproxy/).  Included by the top Makefile after guest.mk and
# client.mk.
#
#   make rump_server        build/user/rump_server
#   make check-sysproxy     the VFS suite as a remote client, protocol
#                           robustness, fork/exec, a short fuzz run
#   make fuzz-sysproxy      the fuzzer for longer (FUZZ_SECONDS=600)

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
VT_REMOTE     := $(SP_DIR)/vfs-remote
VT_REMOTE_GLUE := $(SP_DIR)/obj/vt/tests/vfs/remote/main.o

$(VT_REMOTE_GLUE): tests/vfs/remote/main.c
	@mkdir -p $(dir $@)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) -pthread -MMD -MP -c $< -o $@

VT_USER_HOST  := $(BUILD)/user/obj/vt/tests/vfs/user/host.o

$(VT_REMOTE): $(VT_SUITE_OBJS) $(VT_REMOTE_GLUE) $(VT_USER_HOST) $(RUMPCLIENT_A)
	$(CC) -pthread -o $@ $(VT_SUITE_OBJS) $(VT_REMOTE_GLUE) \
		$(VT_USER_HOST) $(RUMPCLIENT_A) -lpthread

all: $(VT_REMOTE)
-include $(VT_REMOTE_GLUE:.o=.d)
