# SPDX-License-Identifier: BSD-2-Clause
# rumpvisor-mkguest (tools/mkguest): kernel-mode rump kernel components
# into a carrier module; its tests on synthetic components (tests/mkguest).
#
#   make mkguest-components  the synthetic component archives, built with
#                            the kernel ABI flags (and the error cases'
#                            fixtures, one flag wrong each), build/mkguest/lib
#   make check-mkguest       the tool's unit tests, and the tool end to end
#                            on the synthetic components with every error
#                            case (TAP)
#   make check-mkguest-vm    three carriers it makes, loaded in the VM
#
# The carriers are built by the tests, not by `make modules` (nor DKMS).

.PHONY: mkguest-components check-mkguest check-mkguest-vm install-mkguest

MKGUEST     := $(PYTHON) tools/mkguest/rumpvisor-mkguest
MKG_DIR     := $(BUILD)/mkguest
MKG_SYMVERS := $(BUILD)/kbuild/Module.symvers
MKG_ARGS     = -L $(MKG_DIR)/lib --kdir $(KDIR) --symvers $(MKG_SYMVERS)

mkguest-components:
	@$(PYTHON) tests/mkguest/build_components.py --out $(MKG_DIR) --cc $(CC)

check-mkguest: modules mkguest-components
	@$(PYTHON) tests/mkguest/run_tests.py --build $(BUILD) --kdir $(KDIR)

MKG_VM_MODS := $(MKG_DIR)/vm/sk.ko $(MKG_DIR)/vm/skrec.ko $(MKG_DIR)/vm/sknet.ko

check-mkguest-vm: modules mkguest-components $(RUMPCTL_STATIC) vm-kernel
	$(MKGUEST) $(MKG_ARGS) -n sk -o $(MKG_DIR)/vm/sk.ko \
		--files /tmp/rv --ncpu 2 --hostname skhost \
		--glue tests/mkguest/glue/hello.c sk sk_vfs sk_memfs
	$(MKGUEST) $(MKG_ARGS) -n skrec -o $(MKG_DIR)/vm/skrec.ko \
		--server unix:///tmp/rv/skrec.sock \
		--if virt0=pair:sklink --addr virt0=10.0.2.17/24 \
		--if virt1 --addr virt1=dhcp --gw 10.0.2.1 \
		sk sk_vfs sk_memfs sk_rec
	$(MKGUEST) $(MKG_ARGS) -n sknet -o $(MKG_DIR)/vm/sknet.ko \
		--server unix:///tmp/rv/sknet.sock \
		--if virt0 --addr virt0=10.0.3.2/24 \
		sk sk_vfs sk_memfs sk_net sk_sysproxy
	@rm -f $(VM_DIR)/mkguest*.tap
	@rc=0; \
	$(VM) run --files $(BUILD)/kernel/rumpvisor.ko $(MKG_VM_MODS) \
		$(RUMPCTL_STATIC) --script tests/vm/check-mkguest.sh \
		--timeout $(VM_TIMEOUT) --log $(VM_DIR)/check-mkguest.log || rc=1; \
	$(VM) tap-report $(VM_DIR)/check-mkguest.log --prefix 'mkguest: ' \
		--name mkguest --need boot resident reboot rbhalt none rec serve \
		--out $(VM_DIR) || rc=1; \
	exit $$rc

# Installed: the command, its package and carrier source, and the headers
# a carrier is compiled with, under $(PREFIX)/share/rumpvisor/mkguest.
MKG_SHARE = $(DESTDIR)$(PREFIX)/share/rumpvisor/mkguest
install: install-mkguest
install-mkguest:
	$(INSTALL) -d $(MKG_SHARE)/mkguest $(MKG_SHARE)/carrier \
		$(MKG_SHARE)/include/rump $(MKG_SHARE)/include/rumpvisor \
		$(DESTDIR)$(PREFIX)/bin
	$(INSTALL) -m 755 tools/mkguest/rumpvisor-mkguest $(MKG_SHARE)/
	$(INSTALL) -m 644 tools/mkguest/mkguest/*.py $(MKG_SHARE)/mkguest/
	$(INSTALL) -m 644 tools/mkguest/carrier/mkguest_carrier.c $(MKG_SHARE)/carrier/
	$(INSTALL) -m 644 include/rump/*.h $(MKG_SHARE)/include/rump/
	$(INSTALL) -m 644 include/rumpvisor/*.h $(MKG_SHARE)/include/rumpvisor/
	ln -sf ../share/rumpvisor/mkguest/rumpvisor-mkguest \
		$(DESTDIR)$(PREFIX)/bin/rumpvisor-mkguest
