# SPDX-License-Identifier: BSD-2-Clause
# Administrator tools (tools/): rumpctl, and its tests (check-tools).
#
#   make rumpctl       build/user/rumpctl, and build/vm/rumpctl (static,
#                      for the VM's busybox system)
#   make check-tools   rumpctl against a fake sysfs tree and its file
#                      commands against rump_server, and the unit tests
#                      of the benchmark reports (TAP)

.PHONY: rumpctl check-tools install-tools

RUMPCTL        := $(BUILD)/user/rumpctl
RUMPCTL_STATIC := $(BUILD)/vm/rumpctl

all: rumpctl
rumpctl: $(RUMPCTL) $(RUMPCTL_STATIC)

# The file commands speak to a guest through librumpclient (linked in;
# mk/client.mk and mk/sysproxy.mk come later, hence the literal paths).
RUMPCTL_SRCS := tools/rumpctl/rumpctl.c tools/rumpctl/files.c
RUMPCTL_LIB  := $(BUILD)/user/librumpclient.a
RUMPCTL_DEPS := $(RUMPCTL_SRCS) tools/rumpctl/rumpctl.h $(RUMPCTL_LIB)

$(RUMPCTL): $(RUMPCTL_DEPS)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) -pthread -o $@ $(RUMPCTL_SRCS) \
		$(RUMPCTL_LIB) -lpthread

$(RUMPCTL_STATIC): $(RUMPCTL_DEPS)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) -pthread -static -o $@ \
		$(RUMPCTL_SRCS) $(RUMPCTL_LIB) -lpthread

# The file commands against a userspace guest server (rump_server).
check-tools: $(RUMPCTL) $(BUILD)/user/rump_server
	@rc=0; $(PYTHON) tests/tools/test_rumpctl.py $(RUMPCTL) \
		$(BUILD)/user/rump_server || rc=1; \
	$(PYTHON) tests/tools/unittests.py bench bench/fs bench/net || rc=1; exit $$rc

install: install-tools
install-tools: $(RUMPCTL)
	$(INSTALL) -d $(DESTDIR)$(PREFIX)/sbin
	$(INSTALL) -m 755 $(RUMPCTL) $(DESTDIR)$(PREFIX)/sbin/rumpctl
