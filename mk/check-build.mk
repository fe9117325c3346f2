# Checks of the build itself (tests/build/check-build --help): the Kbuild
# mirror, the fragments, the include paths each kernel object may use,
# dkms.conf and a `dkms build` in a temporary DKMS tree (nothing is
# installed or loaded).
#
#   make check-build               TAP on stdout
#   make check-build NO_DKMS=1     without the dkms build

.PHONY: check-build

check-build: modules
	$(PYTHON) tests/build/check-build --build $(BUILD) --kver $(KVER) \
		--kdir $(KDIR) $(if $(NO_DKMS),--no-dkms)
