# SPDX-License-Identifier: BSD-2-Clause
# Administrator tools (tools/): rumpctl, and its tests (check-tools).
#
#   make rumpctl       build/user/rumpctl, and build/vm/rumpctl (static,
#                      for the VM's busybox system)
#   make check-tools   rumpctl against a fake sysfs tree, and the unit
#                      tests of the benchmark reports (TAP)

.PHONY: rumpctl check-tools install-tools

RUMPCTL        := $(BUILD)/user/rumpctl
RUMPCTL_STATIC := $(BUILD)/vm/rumpctl

all: rumpctl
rumpctl: $(RUMPCTL) $(RUMPCTL_STATIC)

$(RUMPCTL): tools/rumpctl/rumpctl.c
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -o $@ $<

$(RUMPCTL_STATIC): tools/rumpctl/rumpctl.c
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -static -o $@ $<

check-tools: $(RUMPCTL)
	@rc=0; $(PYTHON) tests/tools/test_rumpctl.py $(RUMPCTL) || rc=1; \
	$(PYTHON) tests/tools/unittests.py bench bench/fs || rc=1; exit $$rc

install: install-tools
install-tools: $(RUMPCTL)
	$(INSTALL) -d $(DESTDIR)$(PREFIX)/sbin
	$(INSTALL) -m 755 $(RUMPCTL) $(DESTDIR)$(PREFIX)/sbin/rumpctl
